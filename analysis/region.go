package analysis

// region.go holds what the editor features of this package answer in:
// regions that may span lines and edits of them; lsp converts both to
// protocol ranges.

// Region is a byte range that may span lines: from (Line, Col) to
// (EndLine, EndCol), columns in bytes, LF lines.
type Region struct {
	Path            string
	Line, Col       int
	EndLine, EndCol int
}

// RegionOf widens a one-line Location to a Region.
func RegionOf(l Location) Region {
	return Region{Path: l.Path, Line: l.Line, Col: l.Start, EndLine: l.Line, EndCol: l.End}
}

// contains tells whether r contains o.
func (r Region) contains(o Region) bool {
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || (l1 == l2 && c1 <= c2) }
	return before(r.Line, r.Col, o.Line, o.Col) && before(o.EndLine, o.EndCol, r.EndLine, r.EndCol)
}

// RegionEdit replaces a Region with new text.
type RegionEdit struct {
	Region
	NewText string
}
