package analysis

import (
	"path"
	"strings"
)

// anchor_fix.go offers the quick fixes of the anchor diagnostics: a
// duplicate anchor gets a name or a title of its own, a header whose
// automatic anchor is empty gets a `.bookmark` so references can reach it.
// Each new name is checked the way rename checks it, so a fix never makes
// another collision.

// AnchorFixes returns the quick fixes for the duplicate and empty anchors
// of a guide file on lines first..last.
func (p *Project) AnchorFixes(path string, first, last int) []Fix {
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	var out []Fix
	for _, d := range p.Diagnostics[path] {
		if d.Line < first || d.Line > last {
			continue
		}
		switch d.Code {
		case DiagDuplicateAnchor:
			if fix, ok := p.duplicateFix(b, fi, d); ok {
				out = append(out, fix)
			}
		case DiagEmptyAnchor:
			if fix, ok := p.emptyAnchorFix(b, fi, d); ok {
				out = append(out, fix)
			}
		}
	}
	return out
}

// headerAt is the index of the header on line, or -1.
func headerAt(f *BookFile, line int) int {
	hi := firstOnLine(len(f.Syntax.Headers), func(i int) int { return f.Syntax.Headers[i].Line }, line)
	if hi < len(f.Syntax.Headers) && f.Syntax.Headers[hi].Line == line {
		return hi
	}
	return -1
}

// duplicateFix gives the header of a duplicate anchor an anchor of its own:
// a second `.bookmark NAME` is removed when its header has an automatic
// anchor of its own (mkmarkdown, where the bookmark replaces that anchor,
// gets no such fix); a repeated title gets the title of the section it
// sits in, in parentheses, which rename applies (references and bookmark
// files included).
func (p *Project) duplicateFix(b *Book, fi int, d Diagnostic) (Fix, bool) {
	f := b.Files[fi]
	syn := f.Syntax
	if syn.Lines[d.Line].Kind == LineDirective {
		// `.bookmark NAME` whose NAME another header took first.
		s := p.At(d.Path, d.Line, d.Col)
		if s.Kind != SubjectBookmark {
			return Fix{}, false
		}
		hi := p.headerNamedBy(b, fi, d.Line)
		if hi < 0 {
			return Fix{}, false
		}
		// The header keeps its automatic anchor, which is its own: the
		// `.bookmark` only adds a name that leads elsewhere.
		auto := f.Headers[hi].Auto
		if !f.Headers[hi].HasAuto || auto == "" || !b.ownsAnchor(auto, fi, hi) {
			return Fix{}, false
		}
		line := LineStart(d.Path, d.Line)
		end := LineStart(d.Path, d.Line+1)
		return Fix{Title: "Remove this .bookmark: the header keeps its own anchor `" + auto + "`", Code: DiagDuplicateAnchor, At: d.Location,
			Edits: []Edit{{Location{Path: d.Path, Line: line.Line, EndLine: end.Line}, ""}}}, true
	}
	hi := headerAt(f, d.Line)
	if hi < 0 {
		return Fix{}, false
	}
	context := b.enclosingTitle(fi, hi)
	if context == "" {
		return Fix{}, false
	}
	title := syn.Text(syn.Headers[hi].Title) + " (" + context + ")"
	s := p.At(d.Path, d.Line, syn.Headers[hi].Title.Start-int(syn.Lines[d.Line].Start))
	if s.Kind != SubjectHeader {
		return Fix{}, false
	}
	edits, err := p.Rename(s, title)
	if err != nil {
		return Fix{}, false // the new title collides too: no mechanical fix
	}
	return Fix{Title: "Retitle as “" + title + "” so its anchor is its own", Code: DiagDuplicateAnchor, At: d.Location, Edits: edits}, true
}

// emptyAnchorFix pins a header without an automatic anchor with a
// `.bookmark` named after the section it sits in (or its file).
func (p *Project) emptyAnchorFix(b *Book, fi int, d Diagnostic) (Fix, bool) {
	f := b.Files[fi]
	hi := headerAt(f, d.Line)
	if hi < 0 || f.Headers[hi].Named != "" {
		return Fix{}, false
	}
	base := DeriveAnchor(b.enclosingTitle(fi, hi))
	if strings.Trim(base, "-") == "" {
		base = DeriveAnchor(strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path)))
	}
	base = strings.Trim(base, "-")
	if base == "" {
		base = "section"
	}
	name := ""
	for _, suffix := range []string{"section", "section-b", "section-c", "section-d", "section-e", "section-f"} {
		if cand := base + "-" + suffix; p.freeName(b, cand) {
			name = cand
			break
		}
	}
	if name == "" {
		return Fix{}, false
	}
	line := f.Syntax.Headers[hi].Line
	at := LineStart(f.Path, line)
	return Fix{Title: "Name this header with `.bookmark " + name + "` so references can reach it", Code: DiagEmptyAnchor, At: d.Location,
		Edits: []Edit{{at, ".bookmark " + name + "\n"}}}, true
}

// ownsAnchor tells whether links to name reach header hi of file fi.
func (b *Book) ownsAnchor(name string, fi, hi int) bool {
	a := b.LastAnchor(name)
	return a != nil && b.first[name] != nil && b.first[name].File == fi && b.first[name].Header == hi && b.Profile != Mkmarkdown
}

// headerNamedBy is the header the `.bookmark` on line li of file fi names,
// or -1: the first header after it in the file.
func (p *Project) headerNamedBy(b *Book, fi, li int) int {
	f := b.Files[fi]
	for hi, h := range f.Syntax.Headers {
		if h.Line > li {
			if f.Headers[hi].Named == f.Syntax.Text(f.Syntax.Directives[firstOnLine(len(f.Syntax.Directives), func(i int) int { return f.Syntax.Directives[i].Line }, li)].Arg) {
				return hi
			}
			return -1
		}
	}
	return -1
}

// enclosingTitle is the raw title of the nearest header before header hi
// of file fi with fewer '+' (the section it sits in), or "".
func (b *Book) enclosingTitle(fi, hi int) string {
	syn := b.Files[fi].Syntax
	level := syn.Headers[hi].Level
	for j := hi - 1; j >= 0; j-- {
		if syn.Headers[j].Level < level {
			return strings.TrimSpace(syn.Text(syn.Headers[j].Title))
		}
	}
	return ""
}

// freeName tells whether name can be a new anchor of b: referable, and
// neither an anchor of the book nor a stale bookmark-file entry.
func (p *Project) freeName(b *Book, name string) bool {
	if name == "" || p.CheckAnchorName(name) != nil || b.LastAnchor(name) != nil {
		return false
	}
	if b.Bookmarks != nil {
		if _, stale := b.Bookmarks.Lookup(name); stale {
			return false
		}
	}
	return true
}
