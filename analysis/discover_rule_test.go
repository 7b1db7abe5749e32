package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// mapBook builds an in-memory folder from name, text pairs.
func mapBook(pairs ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(pairs); i += 2 {
		fsys[pairs[i]] = &fstest.MapFile{Data: []byte(pairs[i+1])}
	}
	return fsys
}

func discoverT(t *testing.T, fsys fstest.MapFS) *Layout {
	t.Helper()
	l, err := Discover(FS(fsys), DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDiscoverFreeNamesFromBookList(t *testing.T) {
	l := discoverT(t, mapBook(
		"zguide.book", "TITLE=Boats\n# content\n./intro.txt\ntools.txt\n",
		"intro.txt", "+ Intro\n",
		"tools.txt", "+ Tools\n",
		"notes.txt", "+ not in the book\n",
	))
	if got := strings.Join(l.Wikidot, " "); got != "intro.txt tools.txt" || l.WikidotFrom != "zguide.book" {
		t.Errorf("Wikidot run %q from %q, want zguide.book's list (no chapterN.txt)", got, l.WikidotFrom)
	}
	if got := strings.Join(l.Markdown, " "); got != "intro.txt tools.txt" {
		t.Errorf("mkmarkdown run %q", got)
	}
	if got := strings.Join(l.Guide, " "); got != "intro.txt tools.txt" {
		t.Errorf("guide files %q: the files of the runs, and notes.txt is none", got)
	}
	p, err := Load(FS(mapBook("zguide.book", "a.txt\nb.txt\n", "a.txt", "+ A\nSee [#B].\n", "b.txt", "+ B\n")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Main.Files) != 2 || p.Profile != Mkmarkdown {
		t.Errorf("a zguide.book-only book: profile %v, %d files in the main run", p.Profile, len(p.Main.Files))
	}
}

func TestDiscoverChaptersBeatBookListForWikidot(t *testing.T) {
	l := discoverT(t, mapBook(
		"zguide.book", "chapter2.txt\nchapter1.txt\n",
		"chapter1.txt", "+ One\n", "chapter2.txt", "+ Two\n",
	))
	if got := strings.Join(l.Wikidot, " "); got != "chapter1.txt chapter2.txt" || l.WikidotFrom != "defaults" {
		t.Errorf("Wikidot run %q from %q, want the §1.3 defaults", got, l.WikidotFrom)
	}
	if got := strings.Join(l.Markdown, " "); got != "chapter2.txt chapter1.txt" {
		t.Errorf("mkmarkdown always follows zguide.book, got %q", got)
	}
}

const buildguide = `#! /bin/bash
#   Builds the book (bin/mkwikidot notes.txt is a comment)
function mkone {
    export Z2W_LANG=$1
    bin/mkwikidot \
        front.txt \
        chapter*.txt \
        -v "$EXTRA" back.txt 2>&1 > log.txt
    echo "[[include $3:front]]" > all.wd
}
mkone C online page
BOOK_FORM=pdf perl bin/mkdocbook 'front.txt' chapter1.txt; bin/mkwikidot other.txt
`

func TestDiscoverDriverScriptGlobsInCLocale(t *testing.T) {
	fsys := mapBook("bin/buildguide", buildguide, "front.txt", "+ Front\n", "back.txt", "+ Back\n",
		"bin/mkwikidot", "#!/usr/bin/perl\n# usage: mkwikidot chapter1.txt\n")
	for _, n := range []string{"1", "2", "10"} {
		fsys["chapter"+n+".txt"] = &fstest.MapFile{Data: []byte("+ C" + n + "\n")}
	}
	l := discoverT(t, fsys)
	if got := strings.Join(l.Wikidot, " "); got != "front.txt chapter1.txt chapter10.txt chapter2.txt back.txt" || l.WikidotFrom != "bin/buildguide" {
		t.Errorf("Wikidot run %q from %q: want the script's arguments, chapter*.txt sorted as bash sorts in the C locale", got, l.WikidotFrom)
	}
	if got := strings.Join(l.Print, " "); got != "front.txt chapter1.txt" || l.PrintFrom != "bin/buildguide" {
		t.Errorf("print run %q from %q", got, l.PrintFrom)
	}
	if !IsBook(FS(mapBook("bin/build.sh", "#!/bin/sh\nz2w a.txt\n")), []string{"bin/build.sh"}) {
		t.Error("a bin/ shell script calling z2w makes its folder a book")
	}
	if IsBook(FS(mapBook("bin/tool", "#!/usr/bin/perl\nmkwikidot a.txt\n")), []string{"bin/tool"}) {
		t.Error("a Perl script naming mkwikidot is no driver script")
	}
}

func TestDiscoverConfigRunsComeFirst(t *testing.T) {
	l := discoverT(t, mapBook(
		ConfigFile, "[[run]]\ntool = \"mkwikidot\"\nfiles = [\"b.txt\", \"parts/*.txt\"]\n\n[[run]]\ntool = \"mkmarkdown\"\nfiles = [\"b.txt\"]\n",
		"bin/buildguide", "bin/mkwikidot chapter1.txt\n",
		"zguide.book", "chapter1.txt\n",
		"chapter1.txt", "+ One\n", "b.txt", "+ B\n", "parts/x.txt", "+ X\n", "parts/a.txt", "+ A\n",
	))
	if got := strings.Join(l.Wikidot, " "); got != "b.txt parts/a.txt parts/x.txt" || l.WikidotFrom != ConfigFile {
		t.Errorf("Wikidot run %q from %q, want the config's", got, l.WikidotFrom)
	}
	if got := strings.Join(l.Markdown, " "); got != "b.txt" || l.MarkdownFrom != ConfigFile {
		t.Errorf("mkmarkdown run %q from %q", got, l.MarkdownFrom)
	}
	if !l.InRun("parts/x.txt") || l.InRun("zzz.txt") {
		t.Error("InRun")
	}
}

func TestBookRule(t *testing.T) {
	for _, tc := range []struct {
		files []string
		book  bool
	}{
		{[]string{"chapter3.txt"}, true},
		{[]string{"zguide.book"}, true},
		{[]string{".bookmarks"}, true},
		{[]string{"site/.bookmarks"}, true},
		{[]string{ConfigFile}, true},
		{[]string{"bin/mkpdfs"}, true},
		{[]string{"notes.txt", "preface.txt", "chapter.txt", "chapterX.txt"}, false},
	} {
		if got := IsBook(FS(mapBook()), tc.files); got != tc.book {
			t.Errorf("IsBook(%q) = %v, want %v", tc.files, got, tc.book)
		}
	}
	fsys := mapBook("a/chapter1.txt", "", "a/xl8n/kr/chapter1.txt", "", "b/site/.bookmarks", "", "c/notes.txt", "", "d/bin/buildguide", "")
	files, _ := FS(fsys).Files()
	if got := strings.Join(BookDirs(FS(fsys), files), " "); got != "a b d" {
		t.Errorf("BookDirs = %q, want a b d (translations and plain folders are no books)", got)
	}
}

func TestConfigErrorsNameFileLineAndKey(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"profile = \"mkwikidot\"\n\n[severity]\nempty-anchr = \"off\"\n", `bookmarks-ls.toml:4: severity.empty-anchr: unknown diagnostic code "empty-anchr"`},
		{"[severity]\nempty-anchor = \"loud\"\n", `bookmarks-ls.toml:2: severity.empty-anchor: severity must be error, warning, information, hint or off, not "loud"`},
		{"profile = 3\n", `bookmarks-ls.toml:1: profile: cannot decode TOML integer, want a string`},
		{"colour = 1\n", `bookmarks-ls.toml:1: colour: unknown key (see README: bookmarks-ls.toml)`},
		{"[[run]]\ntool = \"z2w\"\nfiles = [\"a.txt\"]\n\n[[run]]\ntool = \"mkword\"\nfiles = [\"a.txt\"]\n", `bookmarks-ls.toml:6: run[1].tool: unknown tool "mkword" (want mkwikidot, mkdocbook, mkmarkdown, z2w or mkbook)`},
		{"checkOutsideRuns = \"yes\"\n", `bookmarks-ls.toml:1: checkOutsideRuns: cannot decode TOML string, want true or false`},
		{"forwardReferences = \"error\"\n", `bookmarks-ls.toml:1: forwardReferences: must be warning, information or off, not "error"`},
		{"profile = \n", `bookmarks-ls.toml:1: `},
	} {
		_, err := ParseConfig(ConfigFile, []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("config %q: error %v, want %s", tc.src, err, tc.want)
		}
	}
	l := discoverT(t, mapBook(ConfigFile, "profile = \"mkword\"\n", "chapter1.txt", "+ One\n"))
	if l.ConfigErr == nil || !strings.Contains(l.ConfigErr.Error(), "bookmarks-ls.toml:1: profile:") || l.Config.Profile != nil {
		t.Errorf("a bad config is reported and the defaults used: %v %+v", l.ConfigErr, l.Config)
	}
}

func TestConfigPolicy(t *testing.T) {
	files := []string{
		"chapter1.txt", "+ One\n++ ???\nSee [#nowhere].\n",
		"xl8n/chapter1.txt", "+ Eins\n[[code type=\"textdiagram\"]]\n",
	}
	load := func(cfg string, opts Options) *Project {
		t.Helper()
		fsys := mapBook(files...)
		if cfg != "" {
			fsys[ConfigFile] = &fstest.MapFile{Data: []byte(cfg)}
		}
		p, err := Load(FS(fsys), opts)
		if err != nil {
			t.Fatal(err)
		}
		if p.Layout.ConfigErr != nil {
			t.Fatal(p.Layout.ConfigErr)
		}
		return p
	}
	codes := func(p *Project, path string) string {
		var out []string
		for _, d := range p.Diagnostics[path] {
			out = append(out, d.Code+"="+d.Severity.String())
		}
		return strings.Join(out, " ")
	}
	p := load("", Options{})
	if got := codes(p, "chapter1.txt"); got != "undefined-bookmark=error empty-anchor=warning" {
		t.Errorf("defaults, chapter1.txt: %s", got)
	}
	if got := codes(p, "xl8n/chapter1.txt"); got != "unparsed-code-block=warning" {
		t.Errorf("defaults, a translation outside every run: %s (want its error capped at warning)", got)
	}
	p = load("outsideRunsSeverity = \"error\"\n[severity]\nempty-anchor = \"off\"\nundefined-bookmark = \"information\"\n", Options{})
	if got := codes(p, "chapter1.txt"); got != "undefined-bookmark=information" {
		t.Errorf("severity overrides: %s", got)
	}
	if got := codes(p, "xl8n/chapter1.txt"); got != "unparsed-code-block=error" {
		t.Errorf("outsideRunsSeverity = error: %s", got)
	}
	p = load("checkOutsideRuns = false\n", Options{})
	if len(p.Singles) != 0 || codes(p, "xl8n/chapter1.txt") != "" {
		t.Errorf("checkOutsideRuns = false still analyses the translation: %s", codes(p, "xl8n/chapter1.txt"))
	}
	p = load("exclude = [\"xl8n/**\"]\n", Options{Exclude: []string{"chapter1.txt"}})
	if ds := p.AllDiagnostics(); len(ds) != 0 {
		t.Errorf("excluded files still report: %v", ds)
	}
}

func TestMatchGlob(t *testing.T) {
	for _, tc := range []struct {
		pat, path string
		want      bool
	}{
		{"xl8n/**", "xl8n/kr/chapter1.txt", true},
		{"xl8n/*", "xl8n/kr/chapter1.txt", false},
		{"**/chapter1.txt", "chapter1.txt", true},
		{"chapter1.txt", "xl8n/chapter1.txt", true},
		{"./chapter*.txt", "chapter10.txt", true},
		{"drafts/*.txt", "chapter1.txt", false},
	} {
		if got := MatchGlob(tc.pat, tc.path); got != tc.want {
			t.Errorf("MatchGlob(%q, %q) = %v", tc.pat, tc.path, got)
		}
	}
}

// TestReadmeConfigExample keeps the README's bookmarks-ls.toml example valid.
func TestReadmeConfigExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no ```toml example")
	}
	c, err := ParseConfig(ConfigFile, []byte(example))
	if err != nil {
		t.Fatalf("the README's example config: %v", err)
	}
	if len(c.Runs) != 2 || c.Severity[DiagEmptyAnchor] != SevOff || c.Severity[DiagForwardReference] != SevInformation || !c.CheckOutsideRuns || len(c.Exclude) != 2 {
		t.Errorf("the README's example config reads as %+v", c)
	}
}

// The editor's forwardReferences setting (Options.Severity) wins over the
// book's config, for the editor only; 0 keeps the analysis's own severity.
func TestEditorSeverityOverridesConfig(t *testing.T) {
	fsys := mapBook(
		"chapter1.txt", "+ One\nSee [#two].\n",
		"chapter2.txt", ".bookmark two\n+ Two\n",
		ConfigFile, "forwardReferences = \"off\"\n",
	)
	for _, tc := range []struct {
		editor map[string]Severity
		want   string
	}{
		{nil, ""},
		{map[string]Severity{DiagForwardReference: 0}, "forward-reference=warning"},
		{map[string]Severity{DiagForwardReference: SevInformation}, "forward-reference=information"},
	} {
		p, err := Load(FS(fsys), Options{Severity: tc.editor})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range p.Diagnostics["chapter1.txt"] {
			got = append(got, d.Code+"="+d.Severity.String())
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("editor %v over forwardReferences = off: %q, want %q", tc.editor, got, tc.want)
		}
	}
	c, err := ParseConfig(ConfigFile, []byte("forwardReferences = \"warning\"\n"))
	if err != nil || len(c.Severity) != 0 {
		t.Errorf("forwardReferences = warning is the default, not an override: %+v %v", c.Severity, err)
	}
}
