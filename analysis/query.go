package analysis

import (
	"iter"
	"slices"
	"sort"
	"strings"
)

// SubjectKind is what a position in a file names.
type SubjectKind uint8

const (
	SubjectNone      SubjectKind = iota
	SubjectReference             // [#name]
	SubjectBookmark              // the NAME of `.bookmark NAME`
	SubjectHeader                // a header's title
	SubjectEntry                 // a bookmark-file line
	SubjectSymbol                // $(X), %(X), or the NAME of `.set NAME=`
	SubjectManPage               // zmq_name[n]
	SubjectExample               // the name="…" of an example code block
	SubjectDirective             // a directive word
)

// Subject is what sits at a position: the span that names it and what it
// names.
type Subject struct {
	Kind SubjectKind
	// Location is the span that names the subject (the NAME of a
	// reference, the title of a header, the anchor of an entry).
	Location
	Name string // anchor, symbol, man page or example name
	// Book resolves the subject: the run that owns the file (for a file
	// built alone whose reference names the main run's anchor, the main run).
	Book *Book
	// Anchor is the last registration of Name (Book.LastAnchor), when there
	// is one.
	Anchor *Anchor
	// File and Index locate the item in Book: a file index and the index of
	// the header, reference, directive or symbol in its syntax; for an
	// entry, File is -1 and Index is the entry's line.
	File, Index int
}

// bookOf returns the book that shows a guide file, and the file's index.
func (p *Project) bookOf(path string) (*Book, int, bool) {
	b := p.Owner[path]
	if b == nil {
		return nil, 0, false
	}
	i, ok := b.byPath[path]
	return b, i, ok
}

// At returns what the position (0-based line, byte column) of a file names.
func (p *Project) At(path string, line, col int) Subject {
	if bf, b := p.bookmarkFile(path); bf != nil {
		return p.entryAt(bf, b, line)
	}
	b, fi, ok := p.bookOf(path)
	if !ok {
		return Subject{}
	}
	syn := b.Files[fi].Syntax
	if line < 0 || line >= len(syn.Lines) {
		return Subject{}
	}
	c := cursor{b: b, fi: fi, line: line, off: int(syn.Lines[line].Start) + col}
	if s, ok := c.inlineItem(); ok {
		return s
	}
	return c.lineItem()
}

// cursor is a position in file fi of book b: line, and off its byte offset.
type cursor struct {
	b        *Book
	fi, line int
	off      int
}

// in tells whether the cursor is on a non-empty span (its end included).
func (c cursor) in(s Span) bool { return c.off >= s.Start && c.off <= s.End && s.End > s.Start }

// subject is a subject of the cursor's line.
func (c cursor) subject(kind SubjectKind, s Span, name string, idx int) Subject {
	return Subject{Kind: kind, Location: c.b.loc(c.fi, c.line, s), Name: name, Book: c.b, File: c.fi, Index: idx}
}

// inlineItem is the reference, symbol or man page under the cursor.
func (c cursor) inlineItem() (Subject, bool) {
	b, line := c.b, c.line
	f := b.Files[c.fi]
	syn := f.Syntax
	for i := firstOnLine(len(syn.Refs), func(i int) int { return syn.Refs[i].Line }, line); i < len(syn.Refs) && syn.Refs[i].Line == line; i++ {
		r := syn.Refs[i]
		if c.in(r.Span) {
			info := f.RefInfo[i]
			s := c.subject(SubjectReference, r.Name, info.Lookup, i)
			if s.Name == "" {
				s.Name = syn.Text(r.Name)
			}
			s.Anchor = info.Target
			s.Book = b.TargetBook(info)
			return s, true
		}
	}
	for i := firstOnLine(len(syn.Symbols), func(i int) int { return syn.Symbols[i].Line }, line); i < len(syn.Symbols) && syn.Symbols[i].Line == line; i++ {
		if u := syn.Symbols[i]; c.in(u.Span) {
			return c.subject(SubjectSymbol, u.Name, syn.Text(u.Name), i), true
		}
	}
	for i := firstOnLine(len(syn.ManPages), func(i int) int { return syn.ManPages[i].Line }, line); i < len(syn.ManPages) && syn.ManPages[i].Line == line; i++ {
		if m := syn.ManPages[i]; c.in(m.Span) {
			return c.subject(SubjectManPage, m.Span, syn.Text(m.Name), i), true
		}
	}
	return Subject{}, false
}

// lineItem is what the cursor's line names: a header's anchor, a
// directive or its argument, an example block's name.
func (c cursor) lineItem() Subject {
	b, line := c.b, c.line
	f := b.Files[c.fi]
	syn := f.Syntax
	switch syn.Lines[line].Kind {
	case LineHeader:
		hi := firstOnLine(len(syn.Headers), func(i int) int { return syn.Headers[i].Line }, line)
		h, info := syn.Headers[hi], f.Headers[hi]
		name := info.Auto
		if !info.HasAuto {
			if names := b.HeaderAnchors(f, hi); len(names) > 0 {
				name = names[0] // mkmarkdown registers the sanitised name
			}
		}
		s := c.subject(SubjectHeader, h.Title, name, hi)
		s.Anchor = b.LastAnchor(name)
		return s
	case LineDirective:
		di := firstOnLine(len(syn.Directives), func(i int) int { return syn.Directives[i].Line }, line)
		d := syn.Directives[di]
		switch {
		case d.Kind == DirBookmark && c.in(d.Arg):
			name := syn.Text(d.Arg)
			s := c.subject(SubjectBookmark, d.Arg, name, di)
			if b.Profile == Mkmarkdown {
				name = DeriveAnchor(name)
			}
			s.Anchor = b.LastAnchor(name)
			return s
		case d.Kind == DirSet && c.in(d.Arg):
			return c.subject(SubjectSymbol, d.Arg, syn.Text(d.Arg), di)
		case c.in(d.Word):
			return c.subject(SubjectDirective, d.Word, syn.Text(d.Word), di)
		}
	case LineCodeOpen:
		for bi, blk := range syn.Blocks {
			if blk.Open == line && blk.Kind == BlockExample && c.in(blk.Name) {
				return c.subject(SubjectExample, blk.Name, syn.Text(blk.Name), bi)
			}
		}
	}
	return Subject{}
}

// firstOnLine finds the first of n line-sorted items on line, by binary
// search.
func firstOnLine(n int, lineOf func(int) int, line int) int {
	return sort.Search(n, func(i int) bool { return lineOf(i) >= line })
}

// bookmarkFile returns the bookmark file at path and the book whose view
// audits it.
func (p *Project) bookmarkFile(path string) (*BookmarkFile, *Book) {
	for _, b := range []*Book{p.Main, p.Site} {
		if b != nil && b.Bookmarks != nil && b.Bookmarks.Path == path {
			return b.Bookmarks, b
		}
	}
	if p.Companion != nil && p.Companion.Bookmarks != nil && p.Companion.Bookmarks.Path == path {
		return p.Companion.Bookmarks, p.Main
	}
	return nil, nil
}

func (p *Project) entryAt(bf *BookmarkFile, b *Book, line int) Subject {
	if line < 0 || line >= len(bf.Entries) || !bf.Entries[line].Readable {
		return Subject{}
	}
	e := &bf.Entries[line]
	s := Subject{Kind: SubjectEntry, Location: entryLocation(bf, e), Name: e.Anchor, Book: b, File: -1, Index: line}
	s.Anchor = b.LastAnchor(e.Anchor)
	return s
}

// Entry returns the bookmark-file entry a SubjectEntry names.
func (p *Project) Entry(s Subject) *Entry {
	bf, _ := p.bookmarkFile(s.Path)
	if bf == nil || s.Kind != SubjectEntry {
		return nil
	}
	return &bf.Entries[s.Index]
}

// AnchorLocation is where an anchor is defined: its header's title.
func (b *Book) AnchorLocation(a *Anchor) Location { return b.anchorLoc(a) }

// AnchorPlace is "file:line" (1-based) of an anchor's header.
func (b *Book) AnchorPlace(a *Anchor) string { return b.anchorPlace(a) }

// Header returns the syntax and run information of an anchor's header.
func (b *Book) Header(a *Anchor) (*Header, *HeaderInfo) {
	f := b.Files[a.File]
	return &f.Syntax.Headers[a.Header], &f.Headers[a.Header]
}

// Definition returns where a subject is defined: the headers of an anchor
// (all of them when several produce it), the `.set` lines of a symbol, the
// example files of an example block.
func (p *Project) Definition(s Subject) []Location {
	switch s.Kind {
	case SubjectReference, SubjectBookmark, SubjectEntry:
		var out []Location
		for _, a := range s.Book.AnchorsNamed(s.Name) {
			out = append(out, s.Book.anchorLoc(a))
		}
		return out
	case SubjectSymbol:
		var out []Location
		for _, d := range s.Book.Symbols[s.Name] {
			out = append(out, d.Location)
		}
		return out
	case SubjectExample:
		return p.ExampleFiles(s.Name)
	}
	return nil
}

// ExampleFiles lists examples/<Language>/<name>.*.
func (p *Project) ExampleFiles(name string) []Location {
	var out []Location
	for _, f := range p.Layout.All {
		if !strings.HasPrefix(f, "examples/") {
			continue
		}
		rest := f[len("examples/"):]
		slash := strings.IndexByte(rest, '/')
		if slash < 0 {
			continue
		}
		base := rest[slash+1:]
		if dot := strings.LastIndexByte(base, '.'); dot > 0 && base[:dot] == name {
			out = append(out, Location{Path: f})
		}
	}
	return out
}

// AnchorReferences lists the references that name an anchor in book b (and in
// the files built alone that rely on b), in run order; with decl, also the
// headers, `.bookmark` lines and bookmark-file entries that define it.
func (p *Project) AnchorReferences(b *Book, name string, decl bool) []Location {
	refs := p.refIndex()
	n := 0
	for rb := range p.refBooks(b) {
		n += len(refs[rb][name])
	}
	if decl {
		for range b.anchorsNamed(name) {
			n += 2 // a header and its .bookmark line
		}
		n += 2 // an entry per bookmark file
	}
	out := make([]Location, 0, n)
	if decl {
		for a := range b.anchorsNamed(name) {
			if bm, ok := b.BookmarkLoc(a); ok {
				out = append(out, bm)
			}
			out = append(out, b.anchorLoc(a))
		}
	}
	for rb := range p.refBooks(b) {
		out = append(out, refs[rb][name]...)
	}
	if decl {
		out = p.appendEntryLocations(out, b, name)
	}
	return out
}

// refIndex maps each book to its references by the name they look up, in
// run order: those the run reaches, in the files whose diagnostics the
// book shows. It is built on the first query of the project: a snapshot
// is asked many times (a code lens per header, a hover per move), and a
// scan of every reference each time would cost more than the rest of the
// query.
func (p *Project) refIndex() map[*Book]map[string][]Location {
	p.refs.once.Do(func() {
		p.refs.byBook = map[*Book]map[string][]Location{}
		for _, b := range p.books() {
			if p.refs.byBook[b] != nil {
				continue
			}
			named := map[string][]Location{}
			indexed := map[string]bool{} // a run may read a file twice: its references are in the text once
			for fi, f := range b.Files {
				if p.Owner[f.Path] != b {
					continue
				}
				again := indexed[f.Path]
				indexed[f.Path] = true
				for k := range f.RefInfo {
					if info := &f.RefInfo[k]; info.Build != BuildNotSeen {
						r := f.Syntax.Refs[k]
						l := b.loc(fi, r.Line, r.Name)
						if again && slices.Contains(named[info.Lookup], l) {
							continue
						}
						named[info.Lookup] = append(named[info.Lookup], l)
					}
				}
			}
			p.refs.byBook[b] = named
		}
	})
	return p.refs.byBook
}

// refBooks yields b and the books whose references may name b's anchors.
func (p *Project) refBooks(b *Book) iter.Seq[*Book] {
	return func(yield func(*Book) bool) {
		if !yield(b) {
			return
		}
		for _, s := range p.Singles {
			if reliesOn(s, b) && !yield(s) {
				return
			}
		}
	}
}

// appendEntryLocations appends the bookmark-file lines that store an
// anchor of the main run: `.bookmarks` as is, site/.bookmarks under its
// sanitised name.
func (p *Project) appendEntryLocations(dst []Location, b *Book, name string) []Location {
	if b != p.Main && b != p.Companion {
		return dst
	}
	for bf := range p.bookmarkFiles() {
		n := name
		if bf.Site && p.Main.Profile != Mkmarkdown {
			n = DeriveAnchor(name)
		}
		dst = bf.appendEntries(dst, n)
	}
	return dst
}

// bookmarkFiles yields the bookmark files of the folder, each once.
func (p *Project) bookmarkFiles() iter.Seq[*BookmarkFile] {
	return func(yield func(*BookmarkFile) bool) {
		var seen [3]*BookmarkFile
		n := 0
		for _, b := range [...]*Book{p.Main, p.Companion, p.Site} {
			if b == nil || b.Bookmarks == nil || slices.Contains(seen[:n], b.Bookmarks) {
				continue
			}
			seen[n], n = b.Bookmarks, n+1
			if !yield(b.Bookmarks) {
				return
			}
		}
	}
}

// AnchorNames lists the anchor names a subject stands for. A header may
// produce two, its pinned `.bookmark` name and its automatic anchor, and
// references to either lead to it; other subjects stand for their Name.
func (s Subject) AnchorNames() []string {
	if s.Kind == SubjectHeader && s.Book != nil && s.File >= 0 && s.File < len(s.Book.Files) {
		if names := s.Book.HeaderAnchors(s.Book.Files[s.File], s.Index); len(names) > 0 {
			return names
		}
	}
	return []string{s.Name}
}

// References lists the places that refer to what the subject names: for
// an anchor, the references to every anchor the subject stands for (with
// decl, its definitions and bookmark-file entries too), in run order; for
// a symbol, its uses (with decl, its .set lines too), by path and line.
func (p *Project) References(s Subject, decl bool) []Location {
	var out []Location
	switch s.Kind {
	case SubjectReference, SubjectBookmark, SubjectEntry, SubjectHeader:
		for _, name := range s.AnchorNames() {
			if out == nil {
				out = p.AnchorReferences(s.Book, name, decl) // its own list: no copy
				continue
			}
			out = append(out, p.AnchorReferences(s.Book, name, decl)...)
		}
	case SubjectSymbol:
		for _, o := range p.Occurrences(s) {
			if decl || !o.Def {
				out = append(out, o.Location)
			}
		}
		sortLocations(out)
	}
	return uniq(out)
}

// ReferenceCount counts the references to an anchor (for code lenses and
// hovers), without listing them.
func (p *Project) ReferenceCount(b *Book, name string) int {
	refs := p.refIndex()
	n := len(refs[b][name])
	for _, s := range p.Singles {
		if reliesOn(s, b) {
			n += len(refs[s][name])
		}
	}
	return n
}

// reliesOn reports whether the file built alone as s resolves its
// references through b's anchors.
func reliesOn(s, b *Book) bool { return s != b && s.Outside == b }

// SubjectReferenceCount is len(p.References(s, false)) for an anchor
// subject. For one name it lists nothing: the index holds a location once
// per name, under the one book that shows its file. A header's two names
// could share a location (a file read twice, looking up another name the
// second time), so they are listed and merged.
func (p *Project) SubjectReferenceCount(s Subject) int {
	if s.Kind != SubjectHeader { // one name, s.Name: AnchorNames without the list
		return p.ReferenceCount(s.Book, s.Name)
	}
	names := s.AnchorNames()
	if len(names) == 1 {
		return p.ReferenceCount(s.Book, names[0])
	}
	return len(p.References(s, false))
}

// Preview returns the first paragraph of an anchor's section as Markdown,
// rendered as the build shows it (references by their titles, markup
// rendered: see render.go), cut to about max bytes of text between words.
func (b *Book) Preview(a *Anchor, max int) string {
	text := min(max, 4096)
	return string(b.AppendPreview(make([]byte, 0, text+text/2), a, max)) // escapes and markers: grown once
}

// AppendPreview appends Preview's Markdown to dst: a hover writes it
// after its facts, with no string of its own.
func (b *Book) AppendPreview(dst []byte, a *Anchor, max int) []byte {
	syn := b.Files[a.File].Syntax
	w := mdWriter{buf: dst, base: len(dst), max: max}
	for li := syn.Headers[a.Header].Line + 1; li < len(syn.Lines) && w.offered <= max; li++ {
		switch syn.Lines[li].Kind {
		case LineBlank, LineDirective:
			if w.pieces > 0 {
				return w.finish()
			}
			continue
		case LineText:
			if w.pieces > 0 {
				w.piece(" ", 1)
			}
			b.renderLine(&w, a.File, li, max-w.offered)
			continue
		}
		break
	}
	return w.finish()
}

// BookmarkFileAt returns the bookmark file at path, or nil.
func (p *Project) BookmarkFileAt(path string) *BookmarkFile {
	bf, _ := p.bookmarkFile(path)
	return bf
}

// AuditOf returns the audit of the bookmark file at path.
func (p *Project) AuditOf(path string) []EntryAudit {
	bf, _ := p.bookmarkFile(path)
	if bf == nil {
		return nil
	}
	if bf.Site {
		return p.SiteAudit
	}
	return p.BookmarksAudit
}

// fileOf returns the book that shows a guide file and the file itself.
func (p *Project) fileOf(path string) (*Book, int, *BookFile) {
	b, fi, ok := p.bookOf(path)
	if !ok {
		return nil, 0, nil
	}
	return b, fi, b.Files[fi]
}

// HeaderAnchors lists the anchor names a header produces: its `.bookmark`
// name (sanitised under mkmarkdown) and its automatic anchor, when not
// empty.
func (b *Book) HeaderAnchors(f *BookFile, header int) []string {
	info := f.Headers[header]
	var out []string
	if info.Named != "" {
		n := info.Named
		if b.Profile == Mkmarkdown {
			n = DeriveAnchor(n)
		}
		out = append(out, n)
	}
	if info.HasAuto && info.Auto != "" && (len(out) == 0 || out[0] != info.Auto) {
		out = append(out, info.Auto)
	}
	return out
}
