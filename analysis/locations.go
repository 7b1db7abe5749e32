package analysis

// locations.go places the parts of a line that editors point at — a
// header's title, a bookmark-file entry's anchor — so that no caller
// repeats the column arithmetic of headers and bookmark-file lines.

// HeaderTitleLocation is where the title of header hi of file f is
// written: after the '+' marks and the blanks that follow them.
func (f *SourceFile) HeaderTitleLocation(hi int) Location {
	h := f.Syntax.Headers[hi]
	ls := int(f.Syntax.Lines[h.Line].Start)
	return OnLine(f.Path, h.Line, h.Title.Start-ls, h.Title.End-ls)
}

// SectionEnd is where section sec of file f ends: the end of its last
// line's text (trailing blanks excluded), as (line, byte column).
func (f *SourceFile) SectionEnd(sec Section) (line, col int) {
	l := f.Syntax.Lines[sec.Last]
	return sec.Last, int(l.End - l.Start)
}

// EntryLineLocation covers the whole line of entry e of bf, without its LF.
func (bf *BookmarkFile) EntryLineLocation(e *Entry) Location {
	return OnLine(bf.Path, e.Line, 0, e.Span.End-e.Span.Start)
}

// EntryAnchorLocation is where the anchor of entry e of bf is written.
func (bf *BookmarkFile) EntryAnchorLocation(e *Entry) Location {
	return entryLocation(bf, e)
}
