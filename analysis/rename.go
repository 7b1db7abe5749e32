package analysis

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// CheckAnchorName tells whether the tools can reference a new anchor name,
// and why not (spaces, `--` under mkwikidot, …).
func (p *Project) CheckAnchorName(name string) error {
	if err := checkNameForm(name); err != nil {
		return err
	}
	return p.checkNameLookups(name)
}

// checkNameForm refuses the names that no tool can reference or store.
func checkNameForm(name string) error {
	q := "`" + name + "`"
	switch {
	case name == "":
		return errors.New("an anchor name cannot be empty")
	case strings.ContainsAny(name, " \t\r\n\v\f"):
		return errors.New(q + " contains a blank: [#…] ends at the first blank, and .bookmarks would read the name back split")
	case !isWord(name[0]):
		return errors.New(q + " must start with a letter, a digit or _: .bookmark takes only such names")
	case strings.ContainsAny(name, "[]"):
		return errors.New(q + " contains a bracket: the tools read [#…] up to the last ] of the word, so the reference would not end where it seems to")
	case strings.Contains(name, "$(") || strings.Contains(name, "%("):
		return errors.New(q + " contains $( or %(: the tools expand $(…) and %(…) in a text line before they read its references, so [#" + name + "] would look up another name")
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x80 && isLetter(byte(r)) }) < 0:
		return errors.New(q + " has no ASCII letter: mkmarkdown keeps only the letters and dashes of a bookmark name, so site/.bookmarks would store it as an empty name")
	}
	return nil
}

// checkNameLookups refuses a name that a run's rewrites of text lines
// change before the lookup, or that mkmarkdown stores under another name.
func (p *Project) checkNameLookups(name string) error {
	for _, b := range []*Book{p.Main, p.Companion, p.Site} {
		if b == nil {
			continue
		}
		if lk := b.Profile.lookupName(name); lk != name {
			return errors.New("`" + name + "` cannot be referenced under " + b.Profile.String() + ": it rewrites text lines first and would look up `" + lk + "`")
		}
		if st := DeriveAnchor(name); b.Profile == Mkmarkdown && st != name {
			return errors.New("`" + name + "` cannot be referenced under mkmarkdown: it stores the name as `" + st + "` (ASCII letters and single dashes), where [#" + name + "] finds nothing")
		}
	}
	return nil
}

// collision tells what already holds name in a run or a bookmark file of
// the folder, as the end of a sentence about name ("" when nothing does).
// old is the name being replaced: a run or file that stores both under
// one name sees no change. own tells the anchors of the header being
// renamed, which cannot collide with it.
func (p *Project) collision(b *Book, old, name string, own func(*Book, *Anchor) bool) string {
	for _, bk := range p.runsWith(b) {
		n, via := name, ""
		if bk.Profile == Mkmarkdown {
			if n = DeriveAnchor(name); n == DeriveAnchor(old) {
				continue
			}
			if n != name {
				via = ", which mkmarkdown stores as `" + n + "`,"
			}
		}
		if a := bk.FirstAnchor(n); a != nil && (own == nil || !own(bk, a)) {
			h, _ := bk.Header(a)
			title := bk.Files[a.File].Syntax.Text(h.Title)
			return via + " is already the anchor of “" + title + "” (" + bk.anchorPlace(a) + ")"
		}
	}
	for bf := range p.bookmarkFiles() {
		n, via := storedName(bf, name), ""
		if n == storedName(bf, old) {
			continue
		}
		if n != name {
			via = ", which " + bf.Path + " stores as `" + n + "`,"
		}
		if e, ok := bf.Lookup(n); ok {
			return via + " is a stale entry of " + bf.Path + " (line " + strconv.Itoa(e.Line+1) + ", “" + e.Title + "”): no header produces it, yet references to it resolve to that title; remove the entry first"
		}
	}
	return ""
}

// runsWith is b and the folder's runs, each once.
func (p *Project) runsWith(b *Book) []*Book {
	var out []*Book
	for _, bk := range []*Book{b, p.Main, p.Companion, p.Site} {
		if bk != nil && !containsBook(out, bk) {
			out = append(out, bk)
		}
	}
	return out
}

func containsBook(bs []*Book, b *Book) bool {
	for _, x := range bs {
		if x == b {
			return true
		}
	}
	return false
}

// storedName is the name under which a bookmark file stores an anchor:
// mkmarkdown sanitises names like automatic anchors.
func storedName(bf *BookmarkFile, name string) string {
	if bf.Site {
		return DeriveAnchor(name)
	}
	return name
}

// PrepareRename returns the span a rename at s replaces and its current
// text, or why nothing there can be renamed.
func (p *Project) PrepareRename(s Subject) (Location, string, error) {
	if _, err := p.renameTarget(s); err != nil {
		return Location{}, "", err
	}
	if s.Kind == SubjectHeader {
		return s.Location, s.Book.Files[s.File].Syntax.Text(s.Book.Files[s.File].Syntax.Headers[s.Index].Title), nil
	}
	return s.Location, s.Name, nil
}

// renameTarget is what a rename at s renames: a site/.bookmarks line
// stands for the main run's anchor it stores, a `.bookmark` line of a
// mkmarkdown run for the sanitised name it registers.
func (p *Project) renameTarget(s Subject) (Subject, error) {
	switch s.Kind {
	case SubjectReference, SubjectHeader:
		return s, nil
	case SubjectBookmark:
		if s.Book.Profile == Mkmarkdown {
			s.Name = DeriveAnchor(s.Name)
		}
		return s, nil
	case SubjectEntry:
		if s.Book == p.Site && p.Main != nil && p.Main != p.Site {
			name, err := p.storedFor(s.Name)
			if err != nil {
				return s, err
			}
			s.Book, s.Name = p.Main, name
		}
		return s, nil
	case SubjectSymbol:
		syn := s.Book.Files[s.File].Syntax
		if at := int(syn.Lines[s.Line].Start) + s.Col; at >= 2 && syn.Src[at-2] == '%' {
			return s, errors.New("%(" + s.Name + ") reads the environment variable " + s.Name + ": nothing in the book defines it, so there is nothing to rename")
		}
		return s, nil
	}
	return s, errors.New("nothing to rename here: place the cursor on a [#reference], a .bookmark name, a header, a bookmark-file line or a symbol")
}

// storedFor is the main run's anchor that site/.bookmarks stores as
// name: the same name, else the one anchor that sanitises to it; a name
// no anchor produces is renamed as it is (a stale entry).
func (p *Project) storedFor(name string) (string, error) {
	var found []string
	for _, n := range p.Main.AnchorNames() {
		if n == name {
			return n, nil
		}
		if DeriveAnchor(n) == name {
			found = append(found, n)
		}
	}
	switch len(found) {
	case 0:
		return name, nil
	case 1:
		return found[0], nil
	}
	return "", errors.New("site/.bookmarks stores `" + name + "` for `" + strings.Join(found, "` and `") + "`: rename one of them from a reference or its header")
}

// Rename computes the edits of a rename at s. For anchors (from a
// reference, a `.bookmark` line or a line of either bookmark file) it
// renames the `.bookmark`, every reference and the bookmark-file entries;
// an automatic anchor is pinned under the new name with a `.bookmark` line
// before its header. For a header it changes the title and rewrites the
// references to the automatic anchor that changes with it. For a symbol
// it renames the `.set` lines and every use. A new name that another
// anchor or a stale entry already holds is refused, naming it.
func (p *Project) Rename(s Subject, newName string) ([]Edit, error) {
	s, err := p.renameTarget(s)
	if err != nil {
		return nil, err
	}
	switch s.Kind {
	case SubjectReference, SubjectBookmark, SubjectEntry:
		return p.renameAnchor(s.Book, s.Name, newName)
	case SubjectHeader:
		return p.renameHeader(s, newName)
	}
	return p.renameSymbol(s.Book, s.Name, newName)
}

func (p *Project) renameAnchor(b *Book, old, name string) ([]Edit, error) {
	if name == old {
		return nil, nil
	}
	if err := checkNameForm(name); err != nil {
		return nil, err
	}
	if what := p.collision(b, old, name, nil); what != "" {
		return nil, errors.New("`" + name + "`" + what)
	}
	if err := p.checkNameLookups(name); err != nil {
		return nil, err
	}
	var edits []Edit
	defs := b.AnchorsNamed(old)
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
				return nil, errors.New("`" + old + "` is the automatic anchor of the header at " + b.anchorPlace(a) + ", which already has .bookmark " + info.Named + ": reference that name, or rename the header's title")
			}
			h, _ := b.Header(a)
			edits = append(edits, Edit{LineStart(b.Files[a.File].Path, h.Line), ".bookmark " + name + "\n"})
			pinned = true
		}
	}
	for _, loc := range p.AnchorReferences(b, old, false) {
		edits = append(edits, Edit{loc, name})
	}
	edits = append(edits, p.entryRenames(b, old, name, "", pinned)...)
	return sortEdits(edits), nil
}

// entryRenames renames an anchor in the bookmark files; title, when set,
// replaces the stored title. Only the entry the tools read (the last line
// for the name) changes, so that no line is written twice. A pinned
// automatic anchor keeps its `.bookmarks` entry and gets a new one
// (mkwikidot stores both), while in site/.bookmarks the pinned name
// replaces it (mkmarkdown's bookmark replaces the automatic anchor).
func (p *Project) entryRenames(b *Book, old, name, title string, pinned bool) []Edit {
	var edits []Edit
	if b != p.Main && b != p.Companion {
		return nil
	}
	for bf := range p.bookmarkFiles() {
		o, n := storedName(bf, old), storedName(bf, name)
		e, ok := bf.Lookup(o)
		if !ok {
			continue
		}
		if pinned && !bf.Site {
			line := n + " " + e.Title
			edits = append(edits, appendLine(bf, line))
			continue
		}
		ls := e.Span.Start
		if n != o {
			edits = append(edits, Edit{OnLine(bf.Path, e.Line, e.AnchorAt.Start-ls, e.AnchorAt.End-ls), n})
		}
		if title != "" && title != e.Title {
			edits = append(edits, Edit{OnLine(bf.Path, e.Line, e.TitleAt.Start-ls, e.TitleAt.End-ls), title})
		}
	}
	return edits
}

// appendLine adds a line at the end of a bookmark file.
func appendLine(bf *BookmarkFile, line string) Edit {
	n := len(bf.Entries)
	if len(bf.Src) > 0 && bf.Src[len(bf.Src)-1] != '\n' {
		last := bf.Entries[n-1]
		return Edit{OnLine(bf.Path, n-1, last.Span.End-last.Span.Start, last.Span.End-last.Span.Start), "\n" + line + "\n"}
	}
	return Edit{LineStart(bf.Path, n), line + "\n"}
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
		if err := p.checkNewAuto(s, info, newAuto, title); err != nil {
			return nil, err
		}
		// A duplicated automatic anchor stays with the other headers.
		if b.FirstAnchor(info.Auto) != nil && !b.Duplicated(info.Auto) {
			if newAuto != info.Auto {
				for _, loc := range p.AnchorReferences(b, info.Auto, false) {
					edits = append(edits, Edit{loc, newAuto})
				}
			}
			edits = append(edits, p.entryRenames(b, info.Auto, newAuto, eff, false)...)
		}
	}
	if info.Named != "" {
		edits = append(edits, p.entryRenames(b, info.Named, info.Named, eff, false)...)
	}
	return sortEdits(uniq(edits)), nil
}

// checkNewAuto refuses a title whose automatic anchor would be empty, or
// already held by another header or a stale entry: the references to it
// would silently reach the renamed section.
func (p *Project) checkNewAuto(s Subject, info HeaderInfo, newAuto, title string) error {
	if newAuto == info.Auto {
		return nil
	}
	path, line := s.Path, s.Line
	own := func(bk *Book, a *Anchor) bool {
		hf := bk.Files[a.File]
		return hf.Path == path && hf.Syntax.Headers[a.Header].Line == line
	}
	if newAuto == "" {
		way := "pin `" + info.Auto + "` with a .bookmark line first, or keep a letter in the title"
		if info.Named != "" {
			way = "keep a letter in the title" // the tool registers it beside the .bookmark
		}
		return errors.New("the title “" + title + "” has no ASCII letter: its automatic anchor would be empty, which no [#…] can name and .bookmarks cannot store; " + way)
	}
	if what := p.collision(s.Book, info.Auto, newAuto, own); what != "" {
		return errors.New("the title “" + title + "” derives the anchor `" + newAuto + "`, which" + what)
	}
	return nil
}

// PinEdit is the alternative to rewriting references when a header's title
// changes: a `.bookmark <old automatic anchor>` line before the header keeps
// every reference valid.
func (p *Project) PinEdit(s Subject) (Edit, bool) {
	if s.Kind != SubjectHeader {
		return Edit{}, false
	}
	f := s.Book.Files[s.File]
	info := f.Headers[s.Index]
	if !info.HasAuto || info.Named != "" || info.Auto == "" || p.CheckAnchorName(info.Auto) != nil {
		return Edit{}, false
	}
	return Edit{LineStart(f.Path, f.Syntax.Headers[s.Index].Line), ".bookmark " + info.Auto + "\n"}, true
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
	if len(xs) <= 32 {
		// A hover or code lens asks for a few references: comparing each
		// with those kept costs less than making a map.
		out := xs[:0]
		for _, x := range xs {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
		return out
	}
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
	sort.SliceStable(edits, func(i, j int) bool { return sortsBefore(edits[i].Location, edits[j].Location) })
	return edits
}

// sortLocations sorts locations by path, then start.
func sortLocations(locs []Location) {
	sort.SliceStable(locs, func(i, j int) bool { return sortsBefore(locs[i], locs[j]) })
}

// sortsBefore orders locations by path, then start.
func sortsBefore(a, b Location) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}
