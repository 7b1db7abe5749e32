package analysis

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// splitCursor splits a text with one '|' into the text without it and the
// cursor's byte offset.
func splitCursor(t *testing.T, s string) (string, int) {
	t.Helper()
	i := strings.IndexByte(s, '|')
	if i < 0 || strings.Count(s, "|") != 1 {
		t.Fatalf("want exactly one '|' in %q", s)
	}
	return s[:i] + s[i+1:], i
}

func TestCompletionContext(t *testing.T) {
	for _, tc := range []struct {
		in         string
		kind       CompletionKind
		start, end int
		prefix     string
		closing    bool
	}{
		{in: "See [#|", kind: CompleteAnchor, start: 6, end: 6},
		{in: "See [#so|", kind: CompleteAnchor, start: 6, end: 8, prefix: "so"},
		// Inside a closed reference the whole name is replaced.
		{in: "See [#so|ckets] now", kind: CompleteAnchor, start: 6, end: 13, prefix: "so", closing: true},
		// A blank before any ']' means the name is not closed: replace the prefix only.
		{in: "See [#so|ck ets]", kind: CompleteAnchor, start: 6, end: 8, prefix: "so"},
		{in: "See [#a] and [#|b]\n", kind: CompleteAnchor, start: 15, end: 16, closing: true},
		{in: "See [#a b|", kind: CompleteNothing},
		{in: "See [#a]|", kind: CompleteNothing},
		{in: "x\n.bo|", kind: CompleteDirective, start: 2, end: 5},
		{in: ".|", kind: CompleteDirective, start: 0, end: 1},
		{in: ".bookmark |", kind: CompleteNothing},
		{in: " .bo|", kind: CompleteNothing},
		{in: "on $(HO|", kind: CompleteSymbol, start: 5, end: 7},
		{in: "on %(|", kind: CompleteSymbol, start: 5, end: 5},
		{in: "on $(HOST) and %(U|", kind: CompleteSymbol, start: 17, end: 18},
		{in: "on $(HOST)|", kind: CompleteNothing},
		{in: "[[code|", kind: CompleteBlockForm, start: 0, end: 6},
		{in: "[[code lang|", kind: CompleteBlockForm, start: 0, end: 11},
		{in: "[[code]]|", kind: CompleteNothing},
		// `[#` wins over the other contexts on the same line.
		{in: ".set X=[#|", kind: CompleteAnchor, start: 9, end: 9},
		{in: "plain text|", kind: CompleteNothing},
	} {
		text, off := splitCursor(t, tc.in)
		c := CompletionContext(text, off)
		got := fmt.Sprintf("%d %d-%d %q %v", c.Kind, c.Start, c.End, c.Prefix, c.Closing)
		want := fmt.Sprintf("%d %d-%d %q %v", tc.kind, tc.start, tc.end, tc.prefix, tc.closing)
		if tc.kind == CompleteNothing {
			got, want = fmt.Sprint(c.Kind), fmt.Sprint(CompleteNothing)
		}
		if got != want {
			t.Errorf("%q: got %s, want %s", tc.in, got, want)
		}
	}
}

func TestProjectCompletionAt(t *testing.T) {
	p := smallProject(t)
	const path = "chapter2.txt" // ".set HOST=example.org\n.bookmark sockets\n+ Sockets\nBack to [#basics] on $(HOST).\n"
	if c := p.CompletionAt("nowhere.txt", "[#", 2); c.Kind != CompleteNothing || c.Book != nil {
		t.Errorf("a file of no book completes %+v", c)
	}
	text := ".set HOST=example.org\n.bo\nBack to [#basics] on $(HO\n[[code\n"
	c := p.CompletionAt(path, text, strings.Index(text, ".bo")+3)
	var names []string
	for _, d := range c.Directives {
		names = append(names, d.Name+"="+d.Syntax)
		if d.Doc == "" || d.Doc != DirectiveDoc(d.Name) || !strings.HasPrefix(d.Snippet, d.Name) {
			t.Errorf("directive %+v: doc or snippet", d)
		}
	}
	if c.Kind != CompleteDirective || c.Start != 22 || c.End != 25 || c.Book != p.Main {
		t.Errorf("directive context %+v", c)
	}
	if got := strings.Join(names, " "); got != ".set=.set NAME=VALUE .-=.- comment .end=.end .output=.output FILE .bookmark=.bookmark NAME" {
		t.Errorf("directives of %v: %s", p.Main.Profile, got)
	}
	c = p.CompletionAt(path, text, strings.Index(text, "$(HO")+4)
	if c.Kind != CompleteSymbol || c.Start != 49 || c.End != 51 || fmt.Sprint(c.Symbols) != "[{HOST example.org}]" {
		t.Errorf("symbol context %+v", c)
	}
	c = p.CompletionAt(path, text, len(text)-1)
	if c.Kind != CompleteBlockForm || c.Start != 52 || c.End != 58 || len(c.BlockForms) != 5 || c.BlockForms[0].Label != "[[code]]" {
		t.Errorf("code context %+v", c)
	}
	c = p.CompletionAt(path, text, strings.Index(text, "[#b")+3)
	if c.Kind != CompleteAnchor || c.Start != 36 || c.End != 42 || c.Prefix != "b" || !c.Closing || c.Directives != nil {
		t.Errorf("anchor context %+v", c)
	}
}

func TestReferableAnchors(t *testing.T) {
	p := smallProject(t)
	var got []string
	for _, a := range p.Main.ReferableAnchors() {
		got = append(got, fmt.Sprintf("%s(%s,%d)", a.Name, a.Title, a.Kind))
	}
	// Named bookmarks first, then automatic anchors, each by name; the
	// titles are the chapter-numbered ones the build renders.
	want := "basics(Chapter 1 - Basics,1) sockets(Chapter 2 - Sockets,1) Chapter-Basics(Chapter 1 - Basics,0) Chapter-Sockets(Chapter 2 - Sockets,0) Getting-Started(Getting Started,0)"
	if strings.Join(got, " ") != want {
		t.Errorf("ReferableAnchors:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestSymbolValuesBookSymbols(t *testing.T) {
	fsys := fstest.MapFS{
		"chapter1.txt": {Data: []byte(".set A=1\n.set A=2\n+ One\n")},
		"zguide.book":  {Data: []byte("A=book\nB=book\n./chapter1.txt\n")},
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The last .set wins; zguide.book's fill in what no .set defines.
	const want = "[{A 2} {B book}]"
	if got := fmt.Sprint(p.SymbolValues(p.Main)); got != want {
		t.Errorf("SymbolValues %s, want %s (book symbols %v)", got, want, p.Layout.BookSymbols)
	}
}
