package analysis

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// Each test here is one pitfall of the format, on a small handwritten book.

// book links files given as name, text pairs in that run order.
func book(t *testing.T, p Profile, fresh bool, bookmarks string, files ...string) *Book {
	t.Helper()
	var in LinkInput
	in.Profile, in.Fresh = p, fresh
	var state BlockState
	for i := 0; i+1 < len(files); i += 2 {
		f := Scan([]byte(files[i+1]), p.Dialect(), state)
		state = f.Exit
		in.Files = append(in.Files, SourceFile{Path: files[i], Syntax: f})
	}
	if bookmarks != "" {
		in.Bookmarks = ReadBookmarks(p.BookmarkFile(), []byte(bookmarks), p == Mkmarkdown)
	}
	return Link(in)
}

func codes(b *Book) []string {
	var out []string
	for _, d := range b.Diagnostics {
		out = append(out, d.Path+":"+strconv.Itoa(d.Line+1)+":"+d.Code)
	}
	return out
}

func headerTitles(b *Book) []string {
	var out []string
	for _, f := range b.Files {
		for i, h := range f.Syntax.Headers {
			out = append(out, f.Headers[i].Effective+"|"+f.Syntax.Text(h.Title))
		}
	}
	return out
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// `.`-lines and `+ ` lines inside a code block are inert.
func TestPitfallInertCodeBodies(t *testing.T) {
	b := book(t, Mkwikidot, true, "", "c.txt", `+ One
[[code language="GSL"]]
.for class
.endfor
.output "$(class.name).md"
+ Not a header
[[/code]]
++ After
`)
	if got := headerTitles(b); !equal(got, []string{"Chapter 1 - One|One", "After|After"}) {
		t.Errorf("headers %q: the code body must not yield headers", got)
	}
	if len(b.Files[0].Syntax.Directives) != 0 || b.ToolOutput() != "" || len(b.Diagnostics) != 0 {
		t.Errorf("directives %v, tool output %q, diagnostics %v: a code body is inert", b.Files[0].Syntax.Directives, b.ToolOutput(), codes(b))
	}
}

// An unparsed [[code …]] is not a block: its body is read as lines.
func TestPitfallUnparsedCodeBody(t *testing.T) {
	b := book(t, Mkwikidot, true, "", "c.txt", `+ One
[[code type="example" name="hello" title="Hello"]]
.------.
.bogus
+ Inside
[[/code]]
`)
	want := "E: unparsed code block: [[code type=\"example\" name=\"hello\" title=\"Hello\"]]\nIllegal directive .bogus at line 4\n"
	if got := b.ToolOutput(); got != want {
		t.Errorf("tool output %q, want %q", got, want)
	}
	if b.LastAnchor("Chapter-Inside") == nil {
		t.Errorf("`+ Inside` in the unparsed body is a chapter header for the tools; anchors: %v", b.AnchorNames())
	}
	if got := b.Files[0].Syntax.Lines[2].Kind; got != LineDirective {
		t.Errorf(".------. is a .- comment outside a block, got kind %d", got)
	}
}

// Openers and closers anywhere in the line; a block left open runs
// into the next file and swallows its header and .bookmark.
func TestPitfallCodeBlocksAnywhereAndAcrossFiles(t *testing.T) {
	b := book(t, Mkwikidot, true, "",
		"a.txt", "+ One\nSee this: [[code]]x[[/code]]\n+ Still code\nend [[/code]] here\n++ Two\n[[code]]\ntext\n",
		"b.txt", ".bookmark lost\n+ Swallowed\n[[/code]]\n+ Three\n")
	if got := headerTitles(b); !equal(got, []string{"Chapter 1 - One|One", "Two|Two", "Chapter 2 - Three|Three"}) {
		t.Errorf("headers %q", got)
	}
	if b.Files[1].Syntax.Entry != (BlockState{Open: true, Kind: BlockPlain}) {
		t.Errorf("b.txt must start inside the block, entry %+v", b.Files[1].Syntax.Entry)
	}
	var unclosed *Diagnostic
	for i, d := range b.Diagnostics {
		if d.Code == DiagUnclosedCodeBlock {
			unclosed = &b.Diagnostics[i]
		}
	}
	if unclosed == nil || unclosed.Path != "a.txt" || unclosed.Line != 5 || len(unclosed.Related) != 1 || unclosed.Related[0].Path != "b.txt" || unclosed.Related[0].Line != 2 {
		t.Fatalf("want unclosed-code-block at a.txt:6 ending at b.txt:3, got %+v", unclosed)
	}
}

// Anchors are derived per byte, digits vanish, a leading '-'
// stays, an anchor can be empty, case is kept, nothing is de-duplicated.
func TestPitfallAnchorDerivation(t *testing.T) {
	for in, want := range map[string]string{
		"ØMQ in a Hundred Words":                       "-MQ-in-a-Hundred-Words",
		"0MQ is Not a Neutral Carrier":                 "-MQ-is-Not-a-Neutral-Carrier",
		"Step 1: Internalize the Semantics":            "Step-Internalize-the-Semantics",
		"Upgrading from ZeroMQ v2.2 to ZeroMQ v3.2":    "Upgrading-from-ZeroMQ-v-to-ZeroMQ-v",
		"A Self-Healing P2P Network in 30 Seconds":     "A-Self-Healing-P-P-Network-in-Seconds",
		`What is "Reliability"?`:                       "What-is-Reliability",
		"세상을 구원하다":                                     "",
		"왜 ZeroMQ가 필요한가":                               "-ZeroMQ",
		"Chapter 2 - 기초":                               "Chapter",
		"snake_case and UPPER":                         "snake-case-and-UPPER",
		"Why use the GPLv3 for Public Specifications?": "Why-use-the-GPLv-for-Public-Specifications",
	} {
		if got := DeriveAnchor(in); got != want {
			t.Errorf("DeriveAnchor(%q) = %q, want %q", in, got, want)
		}
	}
	b := book(t, Mkwikidot, true, "", "c.txt", "++ Step 1: Go\n++ Step 2: Go\n")
	if d := b.AnchorsNamed("Step-Go"); len(d) != 2 || b.LastAnchor("Step-Go") != d[1] {
		t.Errorf("two headers must share one anchor (the last one's title is stored), got %d definitions", len(d))
	}
}

// Chapters are numbered by run order (not file names), Preface and
// Postface are not counted, and `++` is the chapter marker of z2w books.
func TestPitfallChapterNumbering(t *testing.T) {
	b := book(t, Mkwikidot, true, "",
		"preface.txt", "+ Preface\n++ Why\n",
		"chapter9.txt", "+ Basics\n++ Intro\n",
		"chapter2.txt", "+ Sockets\n",
		"postface.txt", "+ Postface\n")
	want := []string{"Preface|Preface", "Why|Why", "Chapter 1 - Basics|Basics", "Intro|Intro", "Chapter 2 - Sockets|Sockets", "Postface|Postface"}
	if got := headerTitles(b); !equal(got, want) {
		t.Errorf("headers %q, want %q", got, want)
	}
	if b.LastAnchor("Chapter-Basics") == nil {
		t.Error("a chapter's anchor is Chapter-Basics, not Basics")
	}
	z := book(t, Z2W, true, "", "chapter1.txt", "++ Basics\n+++ Intro\n")
	if got := headerTitles(z); !equal(got, []string{"Chapter 1 - Basics|Basics", "Intro|Intro"}) {
		t.Errorf("z2w numbers `++` chapters: %q", got)
	}
}

// `[#a][#b]` is one name; `[#name text]` is no reference at all.
func TestPitfallAdjacentReferences(t *testing.T) {
	src := "+ A\n.bookmark a\n++ Sec\nSee [#a][#b] and [#a text].\n"
	f := Scan([]byte(src), Classic, BlockState{})
	if len(f.Refs) != 1 || f.Text(f.Refs[0].Name) != "a][#b" {
		t.Fatalf("refs %+v, want the single name a][#b", f.Refs)
	}
	w := book(t, Mkwikidot, true, "", "c.txt", src)
	if got := w.ToolOutput(); got != "Undefined bookmark: a][#b\n" {
		t.Errorf("mkwikidot prints %q; it reports a][#b, then resolves a in the rewritten line", got)
	}
	d := book(t, Mkdocbook, true, "", "c.txt", "+ A\n.bookmark b\n++ Sec\nSee [#x][#y].\n")
	if got := d.ToolOutput(); got != "Undefined bookmark: x][#y\n" {
		t.Errorf("mkdocbook prints %q, want the run once", got)
	}
	if got := codes(w); !equal(got, []string{"c.txt:4:adjacent-references", "c.txt:4:not-a-reference"}) {
		t.Errorf("diagnostics %q", got)
	}
}

// The build resolves against .bookmarks plus the headers so far.
func TestPitfallBuildView(t *testing.T) {
	files := []string{"a.txt", "+ One\nSee [#later] and [#gone].\n", "b.txt", ".bookmark later\n+ Two\n"}
	fresh := book(t, Mkwikidot, true, "", files...)
	if got := fresh.ToolOutput(); got != "Undefined bookmark: later\nUndefined bookmark: gone\n" {
		t.Errorf("fresh build prints %q", got)
	}
	if got := codes(fresh); !equal(got, []string{"a.txt:2:forward-reference", "a.txt:2:undefined-bookmark"}) {
		t.Errorf("fresh diagnostics %q", got)
	}
	cached := book(t, Mkwikidot, false, "later Chapter 2 - Two\ngone Old Title\n", files...)
	if got := cached.ToolOutput(); got != "" {
		t.Errorf("with .bookmarks the build prints %q, want nothing", got)
	}
	if got := codes(cached); !equal(got, []string{"a.txt:2:forward-reference", "a.txt:2:stale-reference"}) {
		t.Errorf("diagnostics %q: the stale entry silently satisfies [#gone]", got)
	}
	if got := cached.Diagnostics[0].Severity; got != SevInformation {
		t.Errorf("a forward reference covered by .bookmarks is information, got %s", got)
	}
}

// .bookmarks is read with the tools' quirks.
func TestPitfallReadingBookmarks(t *testing.T) {
	bf := ReadBookmarks(".bookmarks", []byte("b Second Title\na\tTabbed  title\n Chapter 2 - X\ncr Title\r\nalone\nb Override\nlast Last Title"), false)
	want := map[string]string{"b": "Override", "a": "Tabbed  title", "Chapter": "2 - X", "cr": "Title\r", "last": "Last Titl"}
	if len(bf.Table) != len(want) {
		t.Errorf("table has %d anchors, want %d", len(bf.Table), len(want))
	}
	for a, title := range want {
		if e, ok := bf.Lookup(a); !ok || e.Title != title {
			t.Errorf("anchor %q: got %+v, want title %q", a, e, title)
		}
	}
	if bf.Entries[4].Readable {
		t.Error("a line without a title is ignored")
	}
	if e := bf.Entries[6]; !e.LostByte {
		t.Error("the last line without LF loses its last byte")
	}
}

// site/.bookmarks needs |document; a header's bookmark replaces its
// automatic anchor; Preface and Postface do not consume a bookmark.
func TestPitfallSiteBookmarks(t *testing.T) {
	bf := ReadBookmarks("site/.bookmarks", []byte("old Old Title\nx A|B|chapter2\n"), true)
	if _, ok := bf.Table["old"]; ok {
		t.Error("a site/.bookmarks line without | is ignored")
	}
	if e, _ := bf.Lookup("x"); e == nil || e.Title != "A|B" || e.Document != "chapter2" {
		t.Errorf("title runs to the last |: %+v", e)
	}
	b := book(t, Mkmarkdown, true, "",
		"preface.txt", ".output preface.wd\n+ Preface\n++ Hello\n",
		"chapter1.txt", ".output chapter1.wd\n.bookmark the-0MQ-way\n+ Basics\n++ Intro\n",
		"postface.txt", ".output postface.wd\n.bookmark postface\n+ Postface\n++ Tales\n")
	want := "Hello Hello|chapter\nIntro Intro|chapter1\npostface Tales|chapter1\nthe-MQ-way Chapter 1 - Basics|chapter1\n"
	if got := string(b.WrittenBookmarks()); got != want {
		t.Errorf("site/.bookmarks:\n%s\nwant:\n%s", got, want)
	}
}

// Directives match by prefix.
func TestPitfallDirectivePrefixes(t *testing.T) {
	b := book(t, Mkwikidot, true, "",
		"a.txt", "+ One\n.-------.\n.set A = B\n.setx A=B\n.bookmarks x\n.set A=\n.endfor\n+ Two\n",
		"b.txt", "+ Three\n")
	if got := b.ToolOutput(); got != "Illegal directive .set A = B at line 3\nIllegal directive .setx A=B at line 4\nIllegal directive .bookmarks x at line 5\n" {
		t.Errorf("tool output %q", got)
	}
	if got := headerTitles(b); !equal(got, []string{"Chapter 1 - One|One", "Chapter 2 - Two|Two", "Chapter 3 - Three|Three"}) {
		t.Errorf("after .endfor (= .end) mkwikidot still counts headers: %q", got)
	}
	found := false
	for _, d := range b.Diagnostics {
		found = found || (d.Code == DiagEndHidesOutput && d.Line == 6)
	}
	if !found || b.Symbols["A"][0].Value != "" {
		t.Errorf("want end-hides-output on .endfor and A set to empty: %q", codes(b))
	}
}

// Line numbers in messages are cumulative over the run.
func TestPitfallCumulativeLineNumbers(t *testing.T) {
	b := book(t, Mkwikidot, true, "", "a.txt", "+ One\n\ntext\nmore\n\n", "b.txt", "++ Two\n\n. a list item\n")
	if got := b.ToolOutput(); got != "Illegal directive . a list item at line 8\n" {
		t.Errorf("tool output %q, want line 8 (5 + 3)", got)
	}
	d := b.Diagnostics[0]
	if d.Path != "b.txt" || d.Line != 2 || d.Col != 0 || d.EndCol != 13 {
		t.Errorf("the diagnostic covers b.txt line 3 itself: %+v", d.Location)
	}
}

// gitdown files and notes are not guide files.
func TestPitfallNonGuideFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"chapter1.txt":         {Data: []byte("+ Basics\n")},
		"chapter10.txt":        {Data: []byte("+ Ten\n")},
		"chapter2.txt":         {Data: []byte("+ Two\n")},
		"preface.txt":          {Data: []byte("+ Preface\n")},
		"postface.txt":         {Data: []byte("+ Postface\n")},
		"README.txt":           {Data: []byte(".sub x\n")},
		"notes.txt":            {Data: []byte("+ not a chapter\n")},
		"styles.txt":           {Data: []byte(".x\n")},
		"prelude.txt":          {Data: []byte("[[module]]\n")},
		"articles/one.txt":     {Data: []byte(".sub y\n")},
		"xl8n/kr/chapter1.txt": {Data: []byte("+ 기초\n")},
		"xl8n/chapter1.txt":    {Data: []byte("++ Chapter One\n")},
		"site/content/x.md":    {Data: []byte("# x\n")},
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Layout.Wikidot, " "); got != "preface.txt chapter1.txt chapter2.txt chapter10.txt postface.txt" {
		t.Errorf("run order %q", got)
	}
	if got := strings.Join(p.Layout.Guide, " "); got != "chapter1.txt chapter10.txt chapter2.txt postface.txt preface.txt xl8n/chapter1.txt xl8n/kr/chapter1.txt" {
		t.Errorf("guide files %q", got)
	}
	if len(p.Singles) != 2 {
		t.Errorf("the two translations are built alone, got %d single books", len(p.Singles))
	}
}

// deniedSource is a book folder where one file cannot be read, as a file
// with mode 000 is for anyone but root (tests run as root in CI).
type deniedSource struct {
	Source
	denied string
}

func (d deniedSource) ReadFile(name string, limit int64) ([]byte, error) {
	if name == d.denied {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.Source.ReadFile(name, limit)
}

func TestUnreadableFileIsADiagnostic(t *testing.T) {
	fsys := fstest.MapFS{
		"chapter1.txt": {Data: []byte(".bookmark one\n+ One\n")},
		"chapter2.txt": {Data: []byte("+ Two\nSee [#one].\n")},
	}
	p, err := Load(deniedSource{FS(fsys), "chapter1.txt"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds := p.Diagnostics["chapter1.txt"]
	if len(ds) != 1 || ds[0].Code != "unreadable-file" || ds[0].Severity != SevError || !strings.Contains(ds[0].Message, "permission denied") {
		t.Errorf("unreadable chapter1.txt: %+v", ds)
	}
	// The rest of the book is still analysed: chapter2's reference is now undefined.
	if got := p.Diagnostics["chapter2.txt"]; len(got) != 1 || got[0].Code != DiagUndefinedBookmark {
		t.Errorf("chapter2.txt: %+v", got)
	}
}

// A .bookmark swallowed by a code block left open in the previous file is
// named in the undefined-bookmark diagnostic, so the author finds the
// missing [[/code]].
func TestUndefinedBookmarkSwallowedByACodeBlock(t *testing.T) {
	b := book(t, Mkwikidot, true, "", "a.txt", "+ One\nSee [#two].\n[[code]]\nx\n", "b.txt", ".bookmark two\n+ Two\n[[/code]]\n")
	var d *Diagnostic
	for i := range b.Diagnostics {
		if b.Diagnostics[i].Code == DiagUndefinedBookmark {
			d = &b.Diagnostics[i]
		}
	}
	if d == nil || d.Message != "Undefined bookmark: two: its .bookmark is inside a code block; close the block before b.txt:1" || len(d.Related) != 1 || d.Related[0].Path != "b.txt" || d.Related[0].Col != 10 {
		t.Errorf("undefined bookmark diagnostic: %+v", d)
	}
}

// DeriveAnchor returns a name that is already its own anchor without
// deriving it: isDerived must say so exactly when deriving changes nothing,
// here for every string of up to five bytes over letters, dashes, a digit,
// a space and a byte of a UTF-8 character.
func TestIsDerivedIsDerivingsFixedPoint(t *testing.T) {
	alphabet := []string{"a", "Z", "-", "1", " ", "\xc3"}
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		if got, want := isDerived(s), deriveAnchor(s) == s; got != want {
			t.Fatalf("isDerived(%q) = %v, but deriveAnchor gives %q", s, got, deriveAnchor(s))
		}
		if depth == 5 {
			return
		}
		for _, c := range alphabet {
			walk(s+c, depth+1)
		}
	}
	walk("", 0)
}
