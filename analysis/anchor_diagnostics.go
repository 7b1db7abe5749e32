package analysis

// anchor_diagnostics.go reports anchors that collide or are empty.

// anchorDiagnostics reports anchors that collide or are empty.
func (r *run) anchorDiagnostics() {
	for fi := range r.b.Files {
		r.t.dups[fi] = r.b.dupDiagnostics(r.t, fi)
		r.t.empty[fi] = r.b.emptyDiagnostics(fi)
	}
}

// dupDiagnostics reports the registrations of file fi whose name an
// earlier header already produced.
func (b *Book) dupDiagnostics(t *linkTrace, fi int) []Diagnostic {
	var ds []Diagnostic
	for _, a := range b.Registrations[t.regs[fi]:t.regs[fi+1]] {
		prev := b.first[a.Name]
		if prev == a || (prev.File == a.File && prev.Header == a.Header) {
			continue
		}
		at, fix := b.anchorLoc(a), "retitle this header"
		if bm, ok := b.BookmarkLoc(a); ok {
			at, fix = bm, "rename this bookmark"
		}
		ds = append(ds, Diagnostic{Location: at, Severity: SevWarning, Code: DiagDuplicateAnchor,
			Message: "duplicate anchor \"" + a.Name + "\": links reach " + b.anchorPlace(prev) + "; " + fix,
			Related: []Related{{b.anchorLoc(prev), "the first header with this anchor"}}})
	}
	return ds
}

// emptyDiagnostics reports the headers of file fi without an automatic
// anchor and without a `.bookmark`: references cannot reach them.
func (b *Book) emptyDiagnostics(fi int) []Diagnostic {
	var ds []Diagnostic
	f := b.Files[fi]
	for hi, h := range f.Headers {
		if h.HasAuto && h.Auto == "" && h.Named == "" {
			hs := f.Syntax.Headers[hi]
			ds = append(ds, Diagnostic{Location: b.loc(fi, hs.Line, hs.Title), Severity: SevWarning, Code: DiagEmptyAnchor,
				Message: "header has no ASCII letter, so its anchor is empty and no reference reaches it; give it a .bookmark"})
		}
	}
	return ds
}
