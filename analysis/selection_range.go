package analysis

// selection_range.go nests the regions around a position
// (textDocument/selectionRange).

// Selections returns the nested regions around a position, innermost
// first: the name of a reference, the reference, the line, the paragraph
// (blank-line delimited; the whole block inside a code block), every
// enclosing section, the file. In a bookmark file: the anchor, the line,
// the file.
func (p *Project) Selections(path string, line, col int) []Location {
	var out []Location
	add := func(r Location) {
		if n := len(out); n > 0 && (out[n-1] == r || !r.contains(out[n-1])) {
			return
		}
		out = append(out, r)
	}
	if bf := p.BookmarkFileAt(path); bf != nil {
		if line < 0 || line >= len(bf.Entries) {
			return nil
		}
		e := &bf.Entries[line]
		if e.Readable {
			add(entryLocation(bf, e))
		}
		add(entryLineLoc(bf, e))
		add(wholeFile(path, bf.Src))
		return out
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
		add(s.Location)
		if s.Kind == SubjectReference {
			add(b.loc(fi, line, syn.Refs[s.Index].Span))
		}
		if s.Kind == SubjectSymbol && syn.Lines[line].Kind != LineDirective {
			add(b.loc(fi, line, syn.Symbols[s.Index].Span))
		}
	}
	add(syn.linesLocation(path, line, line))
	switch syn.Lines[line].Kind {
	case LineCodeOpen, LineCodeBody, LineCodeClose:
		for _, blk := range syn.Blocks {
			start, end := blk.Open, blk.Close
			if start < 0 {
				start = 0
			}
			if end < 0 {
				end = len(syn.Lines) - 1
			}
			if start <= line && line <= end {
				add(syn.linesLocation(path, start, end))
			}
		}
	case LineBlank, LineHeader:
	default:
		first, last := line, line
		para := func(k int) bool {
			switch syn.Lines[k].Kind {
			case LineBlank, LineHeader:
				return false
			}
			return true
		}
		for first > 0 && para(first-1) {
			first--
		}
		for last+1 < len(syn.Lines) && para(last+1) {
			last++
		}
		add(syn.linesLocation(path, first, last))
	}
	var enclosing func(ss []Section)
	var chain []Section
	enclosing = func(ss []Section) {
		for _, sec := range ss {
			if syn.Headers[sec.Header].Line <= line && line <= sec.Last {
				chain = append(chain, sec)
				enclosing(sec.Children)
				return
			}
		}
	}
	enclosing(syn.Sections())
	for i := len(chain) - 1; i >= 0; i-- {
		add(syn.linesLocation(path, syn.Headers[chain[i].Header].Line, chain[i].Last))
	}
	add(wholeFile(path, syn.Src))
	return out
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
