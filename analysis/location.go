package analysis

// location.go holds the one range type of the package and the one edit
// type; lsp converts both to protocol ranges and text edits.

// Location is a byte range of one file of the book: from (Line, Col) to
// (EndLine, EndCol), lines 0-based and LF-terminated, columns in bytes,
// the end exclusive. Most locations lie on one line (EndLine == Line); the
// zero Location with a Path is the start of that file.
type Location struct {
	Path            string // slash-separated, relative to the book root
	Line, Col       int
	EndLine, EndCol int
}

// OnLine is the range [col, endCol) of one line.
func OnLine(path string, line, col, endCol int) Location {
	return Location{Path: path, Line: line, Col: col, EndLine: line, EndCol: endCol}
}

// LineStart is the empty range at the start of a line (where an edit
// inserts whole lines).
func LineStart(path string, line int) Location {
	return Location{Path: path, Line: line, EndLine: line}
}

// contains tells whether l contains o.
func (l Location) contains(o Location) bool {
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || (l1 == l2 && c1 <= c2) }
	return before(l.Line, l.Col, o.Line, o.Col) && before(o.EndLine, o.EndCol, l.EndLine, l.EndCol)
}

// Edit replaces a Location with new text. An insertion has an empty
// Location; an edit at Line == the file's line count appends.
type Edit struct {
	Location
	NewText string
}
