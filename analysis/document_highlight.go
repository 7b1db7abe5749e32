package analysis

// document_highlight.go lists every place that names what a position
// names (textDocument/documentHighlight; References uses it for symbols).

// Occurrence is one place that names a subject; Def marks the places that
// define it (a header, a `.bookmark` line, a bookmark-file entry, a `.set`).
type Occurrence struct {
	Location
	Def bool
}

// Occurrences lists every place in the book that names what s names: an
// anchor (from a reference, header, `.bookmark` or entry; on a header, each
// anchor it produces) or a symbol.
func (p *Project) Occurrences(s Subject) []Occurrence {
	var out []Occurrence
	switch s.Kind {
	case SubjectReference, SubjectBookmark, SubjectEntry, SubjectHeader:
		names := []string{s.Name}
		if s.Kind == SubjectHeader {
			names = s.Book.HeaderAnchors(s.Book.Files[s.File], s.Index)
		}
		for _, name := range names {
			for _, a := range s.Book.AnchorsNamed(name) {
				if bm, ok := s.Book.BookmarkLoc(a); ok {
					out = append(out, Occurrence{bm, true})
				}
				out = append(out, Occurrence{s.Book.anchorLoc(a), true})
			}
			for _, l := range p.AnchorReferences(s.Book, name, false) {
				out = append(out, Occurrence{l, false})
			}
			for _, l := range p.appendEntryLocations(nil, s.Book, name) {
				out = append(out, Occurrence{l, true})
			}
		}
	case SubjectSymbol:
		env := false
		if s.File >= 0 && s.File < len(s.Book.Files) {
			syn := s.Book.Files[s.File].Syntax
			if syn.Lines[s.Line].Kind != LineDirective && s.Index < len(syn.Symbols) {
				env = syn.Symbols[s.Index].Env
			}
		}
		for fi, f := range s.Book.Files {
			syn := f.Syntax
			if !env {
				for _, d := range syn.Directives {
					if d.Kind == DirSet && syn.Text(d.Arg) == s.Name {
						out = append(out, Occurrence{s.Book.loc(fi, d.Line, d.Arg), true})
					}
				}
			}
			for _, u := range syn.Symbols {
				if u.Env == env && syn.Text(u.Name) == s.Name {
					out = append(out, Occurrence{s.Book.loc(fi, u.Line, u.Name), false})
				}
			}
		}
	}
	return uniq(out)
}
