package analysis

import (
	"errors"
	"sort"
	"strings"
)

// Edit replaces a byte range on one line of a file with new text. An
// insertion has Start == End; an edit at Line == the file's line count
// appends.
type Edit struct {
	Location
	NewText string
}

// CheckAnchorName tells whether the tools can reference a new anchor name,
// and why not (design §6: spaces, `--` under mkwikidot, …).
func (p *Project) CheckAnchorName(name string) error {
	switch {
	case name == "":
		return errors.New("an anchor name cannot be empty")
	case strings.ContainsAny(name, " \t\r\n\v\f"):
		return errors.New("\"" + name + "\" contains a blank: [#…] ends at the first blank, and .bookmarks would read the name back split")
	case !isWord(name[0]):
		return errors.New("\"" + name + "\" must start with a letter, a digit or _: .bookmark takes only such names")
	case strings.ContainsAny(name, "[]"):
		return errors.New("\"" + name + "\" contains a bracket: the tools read [#…] up to the last ] of the word, so the reference would not end where it seems to")
	}
	for _, b := range []*Book{p.Main, p.Companion} {
		if b == nil {
			continue
		}
		if lk := b.Profile.lookupName(name); lk != name {
			return errors.New("\"" + name + "\" cannot be referenced under " + b.Profile.String() + ": it rewrites text lines first and would look up \"" + lk + "\"")
		}
	}
	return nil
}

// PrepareRename returns the span a rename at s replaces and its current
// text, or why nothing there can be renamed.
func (p *Project) PrepareRename(s Subject) (Location, string, error) {
	switch s.Kind {
	case SubjectReference, SubjectBookmark, SubjectEntry, SubjectSymbol:
		return s.Location, s.Name, nil
	case SubjectHeader:
		return s.Location, s.Book.Files[s.File].Syntax.Text(s.Book.Files[s.File].Syntax.Headers[s.Index].Title), nil
	}
	return Location{}, "", errors.New("nothing to rename here: place the cursor on a [#reference], a .bookmark name, a header, a bookmark-file line or a symbol")
}

// Rename computes the edits of a rename at s. For anchors (from a
// reference, a `.bookmark` line or a bookmark-file line) it renames the
// `.bookmark`, every reference and the bookmark-file entries; an automatic
// anchor is pinned under the new name with a `.bookmark` line before its
// header. For a header it changes the title and rewrites the references to
// the automatic anchor that changes with it. For a symbol it renames the
// `.set` lines and every use.
func (p *Project) Rename(s Subject, newName string) ([]Edit, error) {
	switch s.Kind {
	case SubjectReference, SubjectBookmark, SubjectEntry:
		return p.renameAnchor(s.Book, s.Name, newName)
	case SubjectHeader:
		return p.renameHeader(s, newName)
	case SubjectSymbol:
		return p.renameSymbol(s.Book, s.Name, newName)
	}
	_, _, err := p.PrepareRename(s)
	return nil, err
}

func (p *Project) renameAnchor(b *Book, old, name string) ([]Edit, error) {
	if name == old {
		return nil, nil
	}
	if err := p.CheckAnchorName(name); err != nil {
		return nil, err
	}
	if a := b.Definition(name); a != nil {
		return nil, errors.New("\"" + name + "\" already names the header at " + b.anchorPlace(a))
	}
	var edits []Edit
	defs := b.Definitions(old)
	pinned := false
	for _, a := range defs {
		bm, named := b.BookmarkLoc(a)
		switch {
		case named:
			edits = append(edits, Edit{bm, name})
		case !pinned:
			// An automatic anchor cannot change without its title: pin the
			// new name on the header that links reach (the first).
			_, info := b.Header(a)
			if info.Named != "" {
				return nil, errors.New("\"" + old + "\" is the automatic anchor of the header at " + b.anchorPlace(a) + ", which already has .bookmark " + info.Named + ": reference that name, or rename the header's title")
			}
			h, _ := b.Header(a)
			edits = append(edits, Edit{Location{Path: b.Files[a.File].Path, Line: h.Line}, ".bookmark " + name + "\n"})
			pinned = true
		}
	}
	for _, loc := range p.References(b, old, false) {
		edits = append(edits, Edit{loc, name})
	}
	edits = append(edits, p.entryRenames(b, old, name, "", pinned)...)
	return sortEdits(edits), nil
}

// entryRenames renames an anchor in the bookmark files (site/.bookmarks
// stores sanitised names); title, when set, replaces the stored title.
// A pinned automatic anchor keeps its entry and gets a new one.
func (p *Project) entryRenames(b *Book, old, name, title string, pinned bool) []Edit {
	var edits []Edit
	if b != p.Main && b != p.Companion {
		return nil
	}
	for _, bf := range p.bookmarkFiles() {
		o, n := old, name
		if bf.Site && p.Main.Profile != Mkmarkdown {
			o, n = DeriveAnchor(old), DeriveAnchor(name)
		}
		for i := range bf.Entries {
			e := &bf.Entries[i]
			if !e.Readable || e.Anchor != o {
				continue
			}
			if pinned {
				line := e.Anchor + " " + e.Title
				if bf.Site {
					line += "|" + e.Document
				}
				edits = append(edits, appendLine(bf, n+line[len(e.Anchor):]))
				continue
			}
			ls := e.Span.Start
			edits = append(edits, Edit{Location{bf.Path, e.Line, e.AnchorAt.Start - ls, e.AnchorAt.End - ls}, n})
			if title != "" {
				edits = append(edits, Edit{Location{bf.Path, e.Line, e.TitleAt.Start - ls, e.TitleAt.End - ls}, title})
			}
		}
	}
	return edits
}

// appendLine adds a line at the end of a bookmark file.
func appendLine(bf *BookmarkFile, line string) Edit {
	n := len(bf.Entries)
	if len(bf.Src) > 0 && bf.Src[len(bf.Src)-1] != '\n' {
		last := bf.Entries[n-1]
		return Edit{Location{bf.Path, n - 1, last.Span.End - last.Span.Start, last.Span.End - last.Span.Start}, "\n" + line + "\n"}
	}
	return Edit{Location{Path: bf.Path, Line: n}, line + "\n"}
}

func (p *Project) renameHeader(s Subject, title string) ([]Edit, error) {
	b := s.Book
	f := b.Files[s.File]
	h, info := f.Syntax.Headers[s.Index], f.Headers[s.Index]
	title = strings.TrimSpace(title)
	if title == "" || strings.ContainsAny(title, "\r\n") {
		return nil, errors.New("a header title must be one non-empty line")
	}
	edits := []Edit{{b.loc(s.File, h.Line, h.Title), title}}
	eff := title
	if info.Chapter > 0 {
		eff = chapterText(info.Chapter, title)
	}
	if info.HasAuto {
		newAuto := DeriveAnchor(eff)
		if newAuto != info.Auto && b.Definition(info.Auto) != nil && len(b.Definitions(info.Auto)) == 1 {
			for _, loc := range p.References(b, info.Auto, false) {
				edits = append(edits, Edit{loc, newAuto})
			}
			edits = append(edits, p.entryRenames(b, info.Auto, newAuto, eff, false)...)
		}
	}
	if info.Named != "" {
		edits = append(edits, p.entryRenames(b, info.Named, info.Named, eff, false)...)
	}
	return sortEdits(uniq(edits)), nil
}

// PinEdit is the alternative to rewriting references when a header's title
// changes: a `.bookmark <old automatic anchor>` line before the header keeps
// every reference valid (design §6).
func (p *Project) PinEdit(s Subject) (Edit, bool) {
	if s.Kind != SubjectHeader {
		return Edit{}, false
	}
	f := s.Book.Files[s.File]
	info := f.Headers[s.Index]
	if !info.HasAuto || info.Named != "" || info.Auto == "" || p.CheckAnchorName(info.Auto) != nil {
		return Edit{}, false
	}
	return Edit{Location{Path: f.Path, Line: f.Syntax.Headers[s.Index].Line}, ".bookmark " + info.Auto + "\n"}, true
}

func (p *Project) renameSymbol(b *Book, old, name string) ([]Edit, error) {
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return r >= 0x80 || !isWord(byte(r)) }) >= 0 {
		return nil, errors.New("a .set name is made of letters, digits and _ only")
	}
	var edits []Edit
	for fi, f := range b.Files {
		syn := f.Syntax
		for _, d := range syn.Directives {
			if d.Kind == DirSet && syn.Text(d.Arg) == old {
				edits = append(edits, Edit{b.loc(fi, d.Line, d.Arg), name})
			}
		}
		for _, u := range syn.Symbols {
			if !u.Env && syn.Text(u.Name) == old {
				edits = append(edits, Edit{b.loc(fi, u.Line, u.Name), name})
			}
		}
	}
	return sortEdits(edits), nil
}

// uniq drops repeated items in place, keeping the first of each.
func uniq[T comparable](xs []T) []T {
	seen := make(map[T]bool, len(xs))
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func sortEdits(edits []Edit) []Edit {
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Start < b.Start
	})
	return edits
}
