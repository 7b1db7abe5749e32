package analysis

// selection_range.go nests the regions around a position
// (textDocument/selectionRange).

// Selections returns the nested regions around a position, innermost
// first: the name of a reference, the reference, the line, the paragraph
// (blank-line delimited; the whole block inside a code block), every
// enclosing section, the file. In a bookmark file: the anchor, the line,
// the file.
func (p *Project) Selections(path string, line, col int) []Location {
	var sel selections
	if bf := p.BookmarkFileAt(path); bf != nil {
		if line < 0 || line >= len(bf.Entries) {
			return nil
		}
		e := &bf.Entries[line]
		if e.Readable {
			sel.add(entryLocation(bf, e))
		}
		sel.add(entryLineLoc(bf, e))
		sel.add(wholeFile(path, bf.Src))
		return sel
	}
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	syn := f.Syntax
	if line < 0 || line >= len(syn.Lines) {
		return nil
	}
	s := p.At(path, line, col)
	if s.Kind != SubjectNone && s.Path == path {
		sel.add(s.Location)
		if s.Kind == SubjectReference {
			sel.add(b.loc(fi, line, syn.Refs[s.Index].Span))
		}
		if s.Kind == SubjectSymbol && syn.Lines[line].Kind != LineDirective {
			sel.add(b.loc(fi, line, syn.Symbols[s.Index].Span))
		}
	}
	sel.add(syn.linesLocation(path, line, line))
	for _, r := range syn.blockAround(line) {
		sel.add(syn.linesLocation(path, r[0], r[1]))
	}
	chain := syn.sectionsAround(line)
	for i := len(chain) - 1; i >= 0; i-- {
		sel.add(syn.linesLocation(path, syn.Headers[chain[i].Header].Line, chain[i].Last))
	}
	sel.add(wholeFile(path, syn.Src))
	return sel
}

// selections are nested locations, innermost first.
type selections []Location

// add appends l when it strictly contains the last one.
func (sel *selections) add(l Location) {
	if n := len(*sel); n > 0 && ((*sel)[n-1] == l || !l.contains((*sel)[n-1])) {
		return
	}
	*sel = append(*sel, l)
}

// blockAround lists the line ranges (first and last line) of what
// encloses line: the code blocks around a line of code, the paragraph
// (blank-line and header delimited) around a text line.
func (f *FileSyntax) blockAround(line int) [][2]int {
	var out [][2]int
	switch f.Lines[line].Kind {
	case LineCodeOpen, LineCodeBody, LineCodeClose:
		for _, blk := range f.Blocks {
			start, end := blk.Open, blk.Close
			if start < 0 {
				start = 0
			}
			if end < 0 {
				end = len(f.Lines) - 1
			}
			if start <= line && line <= end {
				out = append(out, [2]int{start, end})
			}
		}
	case LineBlank, LineHeader:
	default:
		first, last := line, line
		para := func(k int) bool {
			switch f.Lines[k].Kind {
			case LineBlank, LineHeader:
				return false
			}
			return true
		}
		for first > 0 && para(first-1) {
			first--
		}
		for last+1 < len(f.Lines) && para(last+1) {
			last++
		}
		out = append(out, [2]int{first, last})
	}
	return out
}

// sectionsAround lists the sections that contain line, outermost first.
func (f *FileSyntax) sectionsAround(line int) []Section {
	var chain []Section
	var enclosing func(ss []Section)
	enclosing = func(ss []Section) {
		for _, sec := range ss {
			if f.Headers[sec.Header].Line <= line && line <= sec.Last {
				chain = append(chain, sec)
				enclosing(sec.Children)
				return
			}
		}
	}
	enclosing(f.Sections())
	return chain
}

// wholeFile covers every byte of src.
func wholeFile(path string, src []byte) Location {
	line, col := 0, 0
	for _, c := range src {
		if c == '\n' {
			line, col = line+1, 0
			continue
		}
		col++
	}
	return Location{Path: path, EndLine: line, EndCol: col}
}
