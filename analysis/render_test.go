package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookmarks-ls/bookmarks-ls/internal/bookgen"
)

// A hover preview shows the paragraph as the built page reads: references
// by the titles the build renders, markup rendered, plain text escaped.
func TestPreviewRendersTheBuiltText(t *testing.T) {
	fsys := fstest.MapFS{
		"chapter1.txt": {Data: []byte(".set PORT=5555\n" +
			"+ Folding\n\n" +
			"Read [#hulls] first, then //carefully// fold **both** halves with {{fold_edge[3]}}\n" +
			"on port $(PORT) ($(MODE?dry) mode); see [https://example.org/boats the boat site],\n" +
			"[/page:paper paper notes], zmq_socket[3], 0MQ and 0\\MQ, a*b_c <tag>.[figure] [#nowhere]\n\n" +
			"Second paragraph.\n" +
			"+ Hulls\n\nA hull -- the bottom, see [#Chapter-Folding].\n")},
	}
	wikidot := Mkwikidot
	p, err := Load(FS(fsys), Options{Profile: &wikidot})
	if err != nil {
		t.Fatal(err)
	}
	b := p.Main
	folding := b.LastAnchor("Chapter-Folding")
	if folding == nil {
		t.Fatal("no anchor Chapter-Folding")
	}
	want := "Read `[#hulls]` first, then *carefully* fold **both** halves with `fold_edge[3]`" +
		" on port 5555 (dry mode); see [the boat site](https://example.org/boats)," +
		" [paper notes](http://zguide.zeromq.org/page:paper), `zmq_socket()`, ØMQ and 0MQ, a\\*b\\_c \\<tag\\>. `[#nowhere]`"
	if got := b.Preview(folding, 1000); got != want {
		t.Errorf("preview of Folding:\n got %s\nwant %s", got, want)
	}
	// A backward reference shows its title; mkwikidot's -- is an em dash.
	if got := b.Preview(b.LastAnchor("Chapter-Hulls"), 1000); got != "A hull — the bottom, see *Chapter 1 - Folding*." {
		t.Errorf("preview of Hulls: %q", got)
	}
	if got := b.Preview(folding, 40); got != "Read `[#hulls]` first, then *carefully*…" {
		t.Errorf("short preview of Folding: %q", got)
	}
}

// A preview renders only what it shows: a megabyte paragraph (with and
// without references) is cut like a short one, and the work stops near
// the cut instead of splitting the whole paragraph into words.
func TestPreviewOfAHugeParagraphStopsAtTheCut(t *testing.T) {
	plain := strings.Repeat("word **b** ", 100_000)
	refs := strings.Repeat("word é ", 145) + "[#Chapter-Calm] "
	fsys := fstest.MapFS{
		"chapter1.txt": {Data: []byte("+ Calm\n\n" + plain + "\n+ Busy\n\n" + strings.Repeat(refs, 1<<20/len(refs)) + "\n")},
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := p.Main
	for _, c := range []struct{ anchor, want string }{
		{"Chapter-Calm", "word **b** word **b** word **b** word **b** word **b** word…"},
		{"Chapter-Busy", "word é word é word é word é word é…"},
	} {
		a := b.LastAnchor(c.anchor)
		if got := b.Preview(a, 40); got != c.want {
			t.Errorf("preview of %s: %q, want %q", c.anchor, got, c.want)
		}
		// Splitting the paragraph into words would take some 200,000 allocations.
		if n := testing.AllocsPerRun(3, func() { b.Preview(a, 40) }); n > 200 {
			t.Errorf("preview of %s: %.0f allocations for 40 bytes of text", c.anchor, n)
		}
	}
}

// `[#two words]` is no reference to the tools (NAME is blank-free): it is
// reported, and a reference next to it is still read.
func TestNotAReference(t *testing.T) {
	fsys := fstest.MapFS{
		"chapter1.txt": {Data: []byte("+ Calm\n\nSee [#has space], [# lead], [#Chapter-Calm][#b c] and [#] or [#open.\n\n[[code]]\n[#in code]\n[[/code]]\n")},
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range p.AllDiagnostics() {
		if d.Code == DiagNotAReference {
			got = append(got, fmt.Sprintf("%d:%d-%d %s", d.Line, d.Col, d.EndCol, d.Message))
		}
	}
	want := []string{
		"2:4-16 [#has space] is not a reference: the build prints it as text; write the name without blanks",
		"2:18-26 [# lead] is not a reference: the build prints it as text; write the name without blanks",
		"2:43-49 [#b c] is not a reference: the build prints it as text; write the name without blanks",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("not-a-reference diagnostics:\n got %q\nwant %q", got, want)
	}
}

// A title renders whole though rendering lengthens it (0MQ is ØMQ, a
// symbol its value): the width a preview cuts at does not apply to it.
func TestRenderedTitleIsWhole(t *testing.T) {
	b := loadFS(t, fstest.MapFS{
		"chapter1.txt": {Data: []byte(".set WHO=the whole crew\n+ Why 0MQ and 0MQ for $(WHO)\n\nText.\n")},
	}).Main
	names := b.AnchorNames()
	if len(names) != 1 {
		t.Fatalf("anchors %q, want one", names)
	}
	if got, want := b.RenderedTitle(b.LastAnchor(names[0])), "Chapter 1 - Why ØMQ and ØMQ for the whole crew"; got != want {
		t.Errorf("RenderedTitle = %q, want %q", got, want)
	}
}

// RenderedTitle's shortcut for plain titles gives what rendering gives:
// every title of generated books, of the corpus's book when present, and
// titles made to sit on the shortcut's edges.
func TestPlainTitlesRenderAsTheyAre(t *testing.T) {
	titles := []string{"", " ", "Basics", "  Basics  ", "Why 0MQ", "Wind -- and sea", "a_b", "zmq_socket[3]", "zmq socket",
		"$(X)", "1 < 2", "Ünïcödé title", "Tabs\tinside", "//it//", "{{code}}", "[http://x y]", "C# and F|G~"}
	for seed := int64(1); seed <= 40; seed++ {
		p := loadGenerated(t, seed, bookgen.Options{ChapterLevel: 1 + int(seed%2), FreeNames: seed%3 == 0})
		for _, name := range p.Main.AnchorNames() {
			titles = append(titles, p.Main.LastAnchor(name).Title)
		}
	}
	if data, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "zguide-2025", "chapter1.txt")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "+") {
				titles = append(titles, strings.TrimLeft(line, "+ "))
			}
		}
	}
	plain := 0
	for _, profile := range []Profile{Mkwikidot, Mkmarkdown} {
		b := &Book{Profile: profile}
		for _, title := range titles {
			a := &Anchor{Title: title}
			if got, want := b.RenderedTitle(a), b.renderTitle(title); got != want {
				t.Errorf("%v: title %q renders %q, shortcut %q", profile, title, want, got)
			}
			if plainTitle(title) {
				plain++
			}
		}
	}
	if plain < len(titles)/2 {
		t.Errorf("only %d of %d titles took the shortcut", plain, 2*len(titles))
	}
}
