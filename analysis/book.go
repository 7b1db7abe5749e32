package analysis

import (
	"iter"
	"slices"
	"strings"
)

// SourceFile is one file of a run, already scanned.
type SourceFile struct {
	Path   string // slash-separated, relative to the book root
	Syntax *FileSyntax
}

// LinkInput is what Link needs: the run (files in the tool's order), the
// profile and the bookmark file the profile's tool reads.
type LinkInput struct {
	Profile Profile
	// ChapterLevel is the number of '+' of a chapter header: 1 for books of
	// era D/E, 2 for `++` books. Zero means the profile's default.
	ChapterLevel int
	Files        []SourceFile
	// Bookmarks is the profile's bookmark file as on disk, nil when absent.
	Bookmarks *BookmarkFile
	// Fresh simulates a run with no bookmark file (a fresh checkout).
	Fresh bool
	// Outside is the main run of the folder, for a file built alone: its
	// anchors reach this file only through the bookmark file.
	Outside *Book
	// Symbols are defined before the run starts (zguide.book's NAME=VALUE
	// lines for mkmarkdown).
	Symbols map[string]string
	// Prev is an earlier link of the same run, or nil. When only one file's
	// scan differs and its anchors and exit state come out the same, Link
	// reruns that file alone and shares the rest with Prev (relink.go).
	Prev *Book
	// ReadExtra reads another file of the book folder that the tool opens
	// during the run (z2w's .prelude), false when it cannot be read.
	ReadExtra func(name string) ([]byte, bool)
}

// AnchorKind tells an automatic anchor from a `.bookmark` name.
type AnchorKind uint8

const (
	AutoAnchor  AnchorKind = iota // derived from a header's effective text
	NamedAnchor                   // declared by `.bookmark NAME`
)

// Anchor is one anchor registration of the run.
type Anchor struct {
	Name   string
	Kind   AnchorKind
	Title  string // the title the profile's tool stores for it
	File   int    // index into Book.Files of the header
	Header int    // index into that file's Syntax.Headers
	// bm is the `.bookmark` line of a named anchor (see Book.BookmarkLoc):
	// positions are kept as indices, so that an anchor is shared by the
	// relinks of a book whose lines move.
	bm bookmarkAt
	// doc is the document the tool stores with it (mkmarkdown).
	doc string
	// Seq is the registration's position in the run.
	Seq int
	// Stored is false when the tool does not write it to its bookmark file
	// (mkdocbook section bookmarks, parts; era-B anchors the off-by-one
	// drops), though the anchor exists in the output.
	Stored bool
	// NextTitle is, in era B, the title stored by the off-by-one.
	NextTitle string
	// next is the following registration of the same name; last is kept
	// on the first registration only.
	next, last *Anchor
}

// HeaderInfo is what the run made of one header.
type HeaderInfo struct {
	Chapter   int    // chapter number, 0 when not a chapter
	Effective string // `Chapter N - Title` or the raw title
	Auto      string // automatic anchor (valid when HasAuto)
	HasAuto   bool
	Named     string // the attached `.bookmark` name, "" when none
	Document  string // mkmarkdown: the document it lands in (chapterN)
	Processed bool   // false when the tool never reached it (.end, swallowed)
}

// BookFile is one file of a linked book.
type BookFile struct {
	SourceFile
	Headers []HeaderInfo // parallel to Syntax.Headers
	// RefInfo is parallel to Syntax.Refs.
	RefInfo []RefInfo
}

// BuildStatus is how the build resolves a reference.
type BuildStatus uint8

const (
	BuildResolved  BuildStatus = iota // defined earlier in the run
	BuildFromFile                     // only through the bookmark file
	BuildUndefined                    // the tool prints Undefined bookmark
	BuildNotSeen                      // the tool never processes the line
)

// RefInfo is the resolution of one reference in both views.
type RefInfo struct {
	Lookup string // the name as the tool looks it up (after `--`, 0MQ, & rewrites)
	// Target is the last registration of Lookup (Book.LastAnchor), nil
	// when undefined.
	Target *Anchor
	// Outside tells that Target belongs to the book's Outside run (a file
	// built alone), not to the book itself: see Book.TargetBook. A flag,
	// not a pointer, so that a relink can share the RefInfo of files it
	// did not touch.
	Outside bool
	Build   BuildStatus
	// Title is what the build renders for the reference: the title its
	// table holds at that point of the run ("" when undefined).
	Title    string
	Adjacent bool // `[#a][#b]`: the tool reads one name
	// seq is the number of registrations when the tool reached it.
	seq int
}

// ToolLine is one message the real tool prints, in order. A message
// without Newline is glued to the next one (`E: undefined symbol "X"`).
type ToolLine struct {
	Text    string
	Stderr  bool
	Newline bool
}

// Book is an immutable snapshot of one linked run.
type Book struct {
	Profile      Profile
	ChapterLevel int
	Files        []*BookFile
	Bookmarks    *BookmarkFile
	Fresh        bool
	Outside      *Book
	// Registrations lists every anchor registration in run order.
	Registrations []*Anchor
	// first maps a name to its first registration (the head of a chain).
	first map[string]*Anchor
	// stored holds what the run stored; the table the tool leaves is the
	// loaded bookmark file overridden by it (WrittenTable).
	stored map[string]Stored
	// readsExtra is set when the run read a file through ReadExtra: a
	// relink cannot tell whether that file changed.
	readsExtra bool
	// Died is why the tool dies on this run (fatal.go), "" when it does
	// not: then the bookmark file is left as it was.
	Died string
	// Hangs is set when the tool never ends on this run (Died says where).
	Hangs bool
	// Tool is what the tool prints, in order.
	Tool []ToolLine
	// Diagnostics of the guide files, in run order.
	Diagnostics []Diagnostic
	// Symbols maps `.set` names to their definitions in run order.
	Symbols map[string][]SymbolDef
	byPath  map[string]int
	// symbolsIn are LinkInput.Symbols.
	symbolsIn map[string]string
	// trace is what Link keeps of the run to relink one file (relink.go).
	trace *linkTrace
	// anchors is shared by the books relinked from one another that hold
	// the same registrations; places, by those whose anchors are also at
	// the same places. A relink that moved the places of file moved gets a
	// new places, and keeps the one it came from in prevPlaces. Identities
	// only: unlike a pointer to the earlier book, they keep nothing alive.
	anchors, places, prevPlaces *epoch
	moved                       int
}

// epoch is an identity (see Book.anchors).
type epoch struct{ _ byte }

// SymbolDef is a `.set NAME=VALUE` line.
type SymbolDef struct {
	Location
	Value string
}

// A name can be registered several times (duplicate anchors). The
// registrations disagree on what they decide: a link in the rendered page
// reaches the first (FirstAnchor), while the tool's table keeps the last
// one's title (LastAnchor), which references render. AnchorsNamed lists
// them all.

// FirstAnchor returns the first registration of name, the one a rendered
// link reaches, or nil.
func (b *Book) FirstAnchor(name string) *Anchor { return b.first[name] }

// LastAnchor returns the last registration of name, whose title the
// tool's table keeps, or nil.
func (b *Book) LastAnchor(name string) *Anchor {
	if a := b.first[name]; a != nil {
		return a.last
	}
	return nil
}

// AnchorsNamed returns every registration of name in run order.
func (b *Book) AnchorsNamed(name string) []*Anchor {
	return slices.Collect(b.anchorsNamed(name))
}

// Duplicated reports whether name is registered more than once.
func (b *Book) Duplicated(name string) bool {
	a := b.first[name]
	return a != nil && a.next != nil
}

// anchorsNamed yields what AnchorsNamed lists, with no list.
func (b *Book) anchorsNamed(name string) iter.Seq[*Anchor] {
	return func(yield func(*Anchor) bool) {
		for a := b.first[name]; a != nil && yield(a); a = a.next {
		}
	}
}

// AnchorNames lists every anchor name of the book, in run order of their
// first registration.
func (b *Book) AnchorNames() []string {
	var out []string
	for _, a := range b.Registrations {
		if b.first[a.Name] == a {
			out = append(out, a.Name)
		}
	}
	return out
}

// Referable reports whether a reference written [#name] reaches the
// anchor name: the tools read a blank-free NAME, and the rewrites of
// a text line (`--` under mkwikidot, 0MQ, `&` under DocBook) must leave it
// unchanged. Completion offers only these names.
func (b *Book) Referable(name string) bool {
	return name != "" && !strings.ContainsAny(name, " \t\v\f\r\n") && b.Profile.lookupName(name) == name
}

// WrittenTable is the table the tool leaves after one run: the bookmark
// file it loaded (none when Fresh) with every stored entry overriding it.
// Entries are never removed.
func (b *Book) WrittenTable() map[string]Stored {
	out := make(map[string]Stored, len(b.stored)+b.loadedLen())
	if b.Bookmarks != nil && !b.Fresh {
		for _, e := range b.Bookmarks.Entries {
			if e.Readable {
				out[e.Anchor] = Stored{e.Title, e.Document}
			}
		}
	}
	for k, v := range b.stored {
		out[k] = v
	}
	return out
}

func (b *Book) loadedLen() int {
	if b.Bookmarks == nil || b.Fresh {
		return 0
	}
	return len(b.Bookmarks.Table)
}

// lookup is the tool's in-memory table at this point of the run: what was
// stored so far, else the loaded file.
func (b *Book) lookup(name string) (Stored, bool, bool) {
	if s, ok := b.stored[name]; ok {
		return s, true, true
	}
	return b.loaded(name)
}

// loaded is the entry of name in the bookmark file the run loaded (none
// when Fresh).
func (b *Book) loaded(name string) (Stored, bool, bool) {
	if b.Bookmarks != nil && !b.Fresh {
		if e, ok := b.Bookmarks.Lookup(name); ok {
			return Stored{e.Title, e.Document}, true, false
		}
	}
	return Stored{}, false, false
}

// File returns the book file with the given path.
func (b *Book) File(path string) (*BookFile, bool) {
	i, ok := b.byPath[path]
	if !ok {
		return nil, false
	}
	return b.Files[i], true
}

// WrittenBookmarks is the bookmark file the profile's tool writes after one
// run, sorted in byte order.
func (b *Book) WrittenBookmarks() []byte {
	return FormatBookmarks(b.WrittenTable(), b.Profile == Mkmarkdown)
}

// ToolOutput renders the tool's messages as it prints them.
func (b *Book) ToolOutput() string {
	var out []byte
	for _, l := range b.Tool {
		if l.Stderr {
			continue // stdout only: what the scripts print as messages
		}
		out = append(out, l.Text...)
		if l.Newline {
			out = append(out, '\n')
		}
	}
	return string(out)
}

// TargetBook is the book a reference's Target belongs to: b, or b.Outside.
func (b *Book) TargetBook(info RefInfo) *Book {
	if info.Outside {
		return b.Outside
	}
	return b
}

// bookmarkAt places a `.bookmark` line: file index and directive index,
// plus one so that the zero value means none.
type bookmarkAt struct{ file, dir int }

// BookmarkLoc is the name on the `.bookmark` line of a named anchor.
func (b *Book) BookmarkLoc(a *Anchor) (Location, bool) {
	if a.bm.dir == 0 {
		return Location{}, false
	}
	syn := b.Files[a.bm.file].Syntax
	d := syn.Directives[a.bm.dir-1]
	return b.loc(a.bm.file, d.Line, d.Arg), true
}

// loc builds a Location on a file of the book.
func (b *Book) loc(file, line int, s Span) Location {
	f := b.Files[file]
	ls := int(f.Syntax.Lines[line].Start)
	return OnLine(f.Path, line, s.Start-ls, s.End-ls)
}

// lineLoc is a Location covering a whole (trimmed) line.
func (b *Book) lineLoc(file, line int) Location {
	l := b.Files[file].Syntax.Lines[line]
	return b.loc(file, line, l.Span())
}
