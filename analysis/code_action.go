package analysis

import (
	"strconv"
	"strings"
)

// code_action.go holds the mechanical fixes of the diagnostics and the
// bookmark-file actions (textDocument/codeAction).

// Fix is a mechanical change that resolves a diagnostic (Code, at At) or
// refactors; its edits may touch several files.
type Fix struct {
	Title     string
	Code      string // the diagnostic code it resolves, "" for refactorings
	At        Location
	Edits     []Edit
	Preferred bool
}

// ReferenceFixes returns the quick fixes for the references of a guide file
// that lie on lines first..last: for an undefined one, the closest existing
// anchors (by edit distance and shared words of names and titles) and a
// `.bookmark` before the headers whose titles best match the name; for
// adjacent references, a blank between them.
func (p *Project) ReferenceFixes(path string, first, last int) []Fix {
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	syn := f.Syntax
	var out []Fix
	for k, r := range syn.Refs {
		if r.Line < first || r.Line > last {
			continue
		}
		info := f.RefInfo[k]
		at := b.loc(fi, r.Line, r.Name)
		name := syn.Text(r.Name)
		if info.Adjacent {
			fix := Fix{Title: "Insert a blank between the references", Code: DiagAdjacentReferences, At: b.loc(fi, r.Line, r.Span), Preferred: true}
			text := syn.Text(r.Span)
			for j := 3; j+1 < len(text); j++ {
				if text[j] == '[' && text[j+1] == '#' && strings.Contains(text[2:j], "]") {
					fix.Edits = append(fix.Edits, Edit{b.loc(fi, r.Line, Span{r.Span.Start + j, r.Span.Start + j}), " "})
				}
			}
			out = append(out, fix)
			continue
		}
		if info.Target != nil || info.Build == BuildNotSeen || info.Title != "" {
			continue
		}
		tb := b
		if b.Outside != nil {
			tb = b.Outside
		}
		for _, a := range tb.closestAnchors(name, 3) {
			out = append(out, Fix{Title: "Replace with closest anchor `" + a.Name + "` (" + a.Title + ")", Code: DiagUndefinedBookmark, At: at,
				Edits: []Edit{{at, a.Name}}})
		}
		if p.CheckAnchorName(name) != nil {
			continue
		}
		for _, a := range tb.matchingHeaders(name, 3) {
			h, _ := tb.Header(a)
			hf := tb.Files[a.File]
			out = append(out, Fix{Title: "Add `.bookmark " + name + "` before the header `" + hf.Syntax.Text(h.Title) + "` (" + tb.anchorPlace(a) + ")", Code: DiagUndefinedBookmark, At: at,
				Edits: []Edit{{LineStart(hf.Path, h.Line), ".bookmark " + name + "\n"}}})
		}
	}
	return out
}

// EntryFixes returns the quick fixes for the bookmark-file entries on
// lines first..last: remove a stale entry; store the title the profile's
// tool stores.
func (p *Project) EntryFixes(path string, first, last int) []Fix {
	bf := p.BookmarkFileAt(path)
	if bf == nil {
		return nil
	}
	var out []Fix
	for _, au := range p.AuditOf(path) {
		e := au.Entry
		if e.Line < first || e.Line > last {
			continue
		}
		at := entryLineLoc(bf, e)
		switch {
		case au.Status == EntryStale:
			out = append(out, Fix{Title: "Remove stale entry `" + e.Anchor + "`", Code: DiagStaleEntry, At: at, Preferred: true,
				Edits: []Edit{{deleteLine(bf, e.Line), ""}}})
		case au.Expected != "" && (au.Status == EntryMismatch || au.Status == EntryOtherTool):
			ls := e.Span.Start
			text := au.Expected
			if e.LostByte {
				text += "\n"
			}
			end := e.Span.End
			if end > e.Span.Start && bf.Src[end-1] == '\r' {
				end-- // the line ending stays as it is (crlf-line is its own fix)
			}
			r := Location{Path: bf.Path, Line: e.Line, Col: e.TitleAt.Start - ls, EndLine: e.Line, EndCol: end - ls}
			out = append(out, Fix{Title: "Update stored title to \"" + au.Expected + "\"", Code: DiagTitleMismatch, At: at, Preferred: true,
				Edits: []Edit{{r, text}}})
		}
	}
	return out
}

// deleteLine is the location of a bookmark-file line with its line break.
func deleteLine(bf *BookmarkFile, line int) Location {
	e := bf.Entries[line]
	if e.Span.End < len(bf.Src) {
		return Location{Path: bf.Path, Line: line, EndLine: line + 1}
	}
	if line == 0 {
		return Location{Path: bf.Path, EndCol: e.Span.End - e.Span.Start}
	}
	prev := bf.Entries[line-1]
	return Location{Path: bf.Path, Line: line - 1, Col: prev.Span.End - prev.Span.Start, EndLine: line, EndCol: e.Span.End - e.Span.Start}
}

// RemoveStaleEntries deletes every stale entry of a bookmark file.
func (p *Project) RemoveStaleEntries(path string) (Fix, bool) {
	bf := p.BookmarkFileAt(path)
	if bf == nil {
		return Fix{}, false
	}
	fix := Fix{Title: "Remove all stale entries of " + path}
	n := 0
	for _, au := range p.AuditOf(path) {
		if au.Status == EntryStale {
			fix.Edits = append(fix.Edits, Edit{deleteLine(bf, au.Entry.Line), ""})
			n++
		}
	}
	if n == 0 {
		return Fix{}, false
	}
	fix.Title += " (" + strconv.Itoa(n) + ")"
	return fix, true
}

// BookmarkWriters maps each bookmark file of the folder that exists to the
// run whose tool writes it: `.bookmarks` to the main run (unless that is
// mkmarkdown), `site/.bookmarks` to the mkmarkdown run.
func (p *Project) BookmarkWriters() map[string]*Book {
	out := map[string]*Book{}
	for _, b := range []*Book{p.Main, p.Site} {
		if b != nil && b.Bookmarks != nil {
			if _, ok := out[b.Bookmarks.Path]; !ok {
				out[b.Bookmarks.Path] = b
			}
		}
	}
	return out
}

// PinFix pins a header's referenced automatic anchor with a `.bookmark`
// line, so that later title edits keep its references valid.
func (p *Project) PinFix(s Subject) (Fix, bool) {
	e, ok := p.PinEdit(s)
	if !ok || p.ReferenceCount(s.Book, s.Name) == 0 {
		return Fix{}, false
	}
	return Fix{Title: "Pin anchor `" + s.Name + "` with .bookmark (keeps its references valid when the title changes)", At: s.Location, Edits: []Edit{e}}, true
}
