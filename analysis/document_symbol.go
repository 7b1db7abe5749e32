package analysis

// document_symbol.go builds the section tree of a file
// (textDocument/documentSymbol).

// Section is a header and the lines it governs: from its header to the
// line before the next header of the same or a higher level (fewer '+'),
// or to the end of the file. Deeper headers nest inside as children.
type Section struct {
	Header   int // index into FileSyntax.Headers
	Last     int // last line of the section
	Children []Section
}

// Sections returns the header tree of a file.
func (f *FileSyntax) Sections() []Section {
	hs := f.Headers
	last := f.sectionEnds()
	var build func(k, stop int) ([]Section, int)
	build = func(k, stop int) ([]Section, int) {
		var out []Section
		for k < len(hs) && hs[k].Level > stop {
			s := Section{Header: k, Last: last[k]}
			s.Children, k = build(k+1, hs[k].Level)
			out = append(out, s)
		}
		return out, k
	}
	out, _ := build(0, 0)
	return out
}

// sectionEnds gives each header's last section line.
func (f *FileSyntax) sectionEnds() []int {
	hs := f.Headers
	last := make([]int, len(hs))
	var open []int
	for j, h := range hs {
		for len(open) > 0 && hs[open[len(open)-1]].Level >= h.Level {
			last[open[len(open)-1]] = h.Line - 1
			open = open[:len(open)-1]
		}
		open = append(open, j)
	}
	for _, i := range open {
		last[i] = len(f.Lines) - 1
	}
	return last
}

// linesLocation covers lines first..last, from column 0 to the end of the
// last line's trimmed text.
func (f *FileSyntax) linesLocation(path string, first, last int) Location {
	l := f.Lines[last]
	return Location{Path: path, Line: first, EndLine: last, EndCol: int(l.End - l.Start)}
}
