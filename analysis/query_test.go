package analysis

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func smallProject(t *testing.T) *Project {
	t.Helper()
	fsys := fstest.MapFS{
		"chapter1.txt":    {Data: []byte(".bookmark basics\n+ Basics\n\nFirst paragraph of\nthe basics.\n\nSecond.\n++ Getting Started\nSee [#sockets] and [#Getting-Started].\n")},
		"chapter2.txt":    {Data: []byte(".set HOST=example.org\n.bookmark sockets\n+ Sockets\nBack to [#basics] on $(HOST).\n")},
		".bookmarks":      {Data: []byte("basics Chapter 1 - Basics\nsockets Chapter 2 - Sockets\nGetting-Started Getting Started\n")},
		"zguide.book":     {Data: []byte("./chapter1.txt\n./chapter2.txt\n")},
		"site/.bookmarks": {Data: []byte("sockets Chapter 2 - Sockets|chapter2\n")},
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fmtLocs(locs []Location) string {
	var out []string
	for _, l := range locs {
		out = append(out, fmt.Sprintf("%s:%d:%d-%d", l.Path, l.Line, l.Col, l.EndCol))
	}
	return strings.Join(out, " ")
}

func fmtEdits(edits []Edit) string {
	var out []string
	for _, e := range edits {
		out = append(out, fmt.Sprintf("%s:%d:%d-%d=%q", e.Path, e.Line, e.Col, e.EndCol, e.NewText))
	}
	return strings.Join(out, " ")
}

func TestAtDefinitionReferences(t *testing.T) {
	p := smallProject(t)
	s := p.At("chapter2.txt", 3, 10) // inside [#basics]
	if s.Kind != SubjectReference || s.Name != "basics" || s.Col != 10 || s.EndCol != 16 || s.Anchor == nil {
		t.Fatalf("At on [#basics]: %+v", s)
	}
	if got := fmtLocs(p.Definition(s)); got != "chapter1.txt:1:2-8" {
		t.Errorf("definition of basics: %s, want the header title chapter1.txt:1:2-8", got)
	}
	if got := fmtLocs(p.AnchorReferences(s.Book, "basics", true)); got != "chapter1.txt:0:10-16 chapter1.txt:1:2-8 chapter2.txt:3:10-16 .bookmarks:0:0-6" {
		t.Errorf("references with declarations: %s", got)
	}
	if got := p.Main.Preview(s.Anchor, 200); got != "First paragraph of the basics." {
		t.Errorf("preview %q", got)
	}
	// Cut between words, never inside one or inside markup.
	if got := p.Main.Preview(s.Anchor, 10); got != "First…" {
		t.Errorf("short preview %q", got)
	}
	sym := p.At("chapter2.txt", 3, 23)
	if sym.Kind != SubjectSymbol || sym.Name != "HOST" || fmtLocs(p.Definition(sym)) != "chapter2.txt:0:5-9" {
		t.Errorf("symbol: %+v → %s", sym, fmtLocs(p.Definition(sym)))
	}
	entry := p.At(".bookmarks", 1, 0)
	if entry.Kind != SubjectEntry || entry.Name != "sockets" || fmtLocs(p.Definition(entry)) != "chapter2.txt:2:2-9" {
		t.Errorf("entry: %+v", entry)
	}
	if s := p.At("chapter1.txt", 2, 0); s.Kind != SubjectNone {
		t.Errorf("blank line names %+v", s)
	}
}

func TestRenameNamedAnchor(t *testing.T) {
	p := smallProject(t)
	edits, err := p.Rename(p.At("chapter1.txt", 8, 6), "sockets-and-patterns")
	if err != nil {
		t.Fatal(err)
	}
	want := `.bookmarks:1:0-7="sockets-and-patterns" chapter1.txt:8:6-13="sockets-and-patterns" chapter2.txt:1:10-17="sockets-and-patterns" site/.bookmarks:0:0-7="sockets-and-patterns"`
	if got := fmtEdits(edits); got != want {
		t.Errorf("rename edits\n got %s\nwant %s", got, want)
	}
	for _, bad := range []string{"has space", "a--b", "[x]", "-lead", "basics", "", "the-0MQ-way"} {
		if _, err := p.Rename(p.At("chapter1.txt", 8, 6), bad); err == nil {
			t.Errorf("rename to %q must be refused", bad)
		}
	}
}

func TestRenameAutoAnchorPins(t *testing.T) {
	p := smallProject(t)
	edits, err := p.Rename(p.At("chapter1.txt", 8, 24), "starting")
	if err != nil {
		t.Fatal(err)
	}
	want := `.bookmarks:3:0-0="starting Getting Started\n" chapter1.txt:7:0-0=".bookmark starting\n" chapter1.txt:8:21-36="starting"`
	if got := fmtEdits(edits); got != want {
		t.Errorf("rename of an automatic anchor\n got %s\nwant %s", got, want)
	}
}

func TestRenameHeaderRewritesAutoReferences(t *testing.T) {
	p := smallProject(t)
	s := p.At("chapter1.txt", 7, 5)
	if s.Kind != SubjectHeader || s.Name != "Getting-Started" {
		t.Fatalf("At on header: %+v", s)
	}
	edits, err := p.Rename(s, "First Steps")
	if err != nil {
		t.Fatal(err)
	}
	want := `.bookmarks:2:0-15="First-Steps" .bookmarks:2:16-31="First Steps" chapter1.txt:7:3-18="First Steps" chapter1.txt:8:21-36="First-Steps"`
	if got := fmtEdits(edits); got != want {
		t.Errorf("header rename\n got %s\nwant %s", got, want)
	}
	pin, ok := p.PinEdit(s)
	if !ok || pin.NewText != ".bookmark Getting-Started\n" || pin.Line != 7 {
		t.Errorf("pin edit %+v %v", pin, ok)
	}
}

func TestAtHeaderUnderMkmarkdownUsesTheSanitisedBookmark(t *testing.T) {
	b := book(t, Mkmarkdown, true, "", "chapter1.txt", ".output chapter1.wd\n.bookmark the-0MQ-way\n+ Basics\nSee [#the-MQ-way].\n")
	p := &Project{Main: b, Owner: map[string]*Book{"chapter1.txt": b}}
	s := p.At("chapter1.txt", 2, 3)
	if s.Kind != SubjectHeader || s.Name != "the-MQ-way" || s.Anchor == nil {
		t.Fatalf("header subject %+v", s)
	}
	if got := fmtLocs(p.AnchorReferences(b, s.Name, false)); got != "chapter1.txt:3:6-16" {
		t.Errorf("references from the header: %s", got)
	}
}

func TestReferencesOfASymbol(t *testing.T) {
	p := smallProject(t)
	sym := p.At("chapter2.txt", 3, 23) // inside $(HOST)
	if got := fmtLocs(p.References(sym, false)); got != "chapter2.txt:3:23-27" {
		t.Errorf("uses of HOST: %s", got)
	}
	if got := fmtLocs(p.References(sym, true)); got != "chapter2.txt:0:5-9 chapter2.txt:3:23-27" {
		t.Errorf("uses and .set lines of HOST: %s", got)
	}
}

// Every readable entry of an anchor is a declaration, in file order, in
// both bookmark files; a line the tools cannot read is not one. The
// references come from the index built on the project's first query, and
// a second query gives the same answer.
func TestAnchorReferencesListEveryEntryOfTheAnchor(t *testing.T) {
	p := loadFS(t, fstest.MapFS{
		"chapter1.txt":    {Data: []byte(".bookmark basics\n+ Basics\n\nSee [#basics].\n")},
		"chapter2.txt":    {Data: []byte("+ Sockets\nBack to [#basics], [#sockets] and [#basics].\n")},
		".bookmarks":      {Data: []byte("basics Chapter 1 - Basics\nsockets Chapter 2 - Sockets\nbasics\nbasics Basics again\n")},
		"zguide.book":     {Data: []byte("./chapter1.txt\n./chapter2.txt\n")},
		"site/.bookmarks": {Data: []byte("basics Basics|chapter1\nsockets Sockets|chapter2\nbasics Basics|chapter1b\n")},
	})
	want := "chapter1.txt:0:10-16 chapter1.txt:1:2-8 chapter1.txt:3:6-12 chapter2.txt:1:10-16 chapter2.txt:1:36-42 .bookmarks:0:0-6 .bookmarks:3:0-6 site/.bookmarks:0:0-6 site/.bookmarks:2:0-6"
	for i := range 2 {
		if got := fmtLocs(p.AnchorReferences(p.Main, "basics", true)); got != want {
			t.Errorf("query %d: references with declarations\n got %s\nwant %s", i+1, got, want)
		}
	}
	if got := fmtLocs(p.AnchorReferences(p.Main, "sockets", false)); got != "chapter2.txt:1:21-28" {
		t.Errorf("references of sockets: %s", got)
	}
}
