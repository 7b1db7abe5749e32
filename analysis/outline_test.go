package analysis

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func loadMap(t *testing.T, files map[string]string) *Project {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSectionsNestByLevel(t *testing.T) {
	f := Scan([]byte("+ A\n\n++ B\n+++ C\n\n++ D\n+++ E\n++++ F\n+ G\n"), Classic, BlockState{})
	var out []string
	var walk func(ss []Section, depth int)
	walk = func(ss []Section, depth int) {
		for _, s := range ss {
			out = append(out, fmt.Sprintf("%s%s:%d-%d", strings.Repeat(".", depth), f.Text(f.Headers[s.Header].Title), f.Headers[s.Header].Line, s.Last))
			walk(s.Children, depth+1)
		}
	}
	walk(f.Sections(), 0)
	if got := strings.Join(out, " "); got != "A:0-7 .B:2-4 ..C:3-4 .D:5-7 ..E:6-7 ...F:7-7 G:8-8" {
		t.Errorf("section tree %s", got)
	}
}

func TestFoldsTrimBlanksAndJoinComments(t *testing.T) {
	f := Scan([]byte(".- a\n.- b\n+ A\ntext\n\n\n++ B\n[[code]]\nx\n"), Classic, BlockState{})
	if got := fmt.Sprint(f.Folds()); got != "[{0 1 2} {2 8 0} {6 8 0} {7 8 1}]" {
		t.Errorf("folds %s (comments 0-1, A 2-8, B 6-8, open code block 7-8)", got)
	}
}

func TestTokensCutOuterSpans(t *testing.T) {
	p := loadMap(t, map[string]string{"chapter1.txt": "+ A\n//see [#A] now// $(X)\n"})
	var out []string
	for _, tk := range p.Tokens("chapter1.txt") {
		out = append(out, fmt.Sprintf("%d:%d-%d/%d", tk.Line, tk.Col, tk.EndCol, tk.Kind))
	}
	want := fmt.Sprintf("0:0-1/%d 0:2-3/%d 1:0-6/%d 1:6-10/%d 1:10-16/%d 1:17-21/%d",
		TokHeaderMarks, TokChapterTitle, TokItalic, TokUndefinedReference, TokItalic, TokSymbol)
	if got := strings.Join(out, " "); got != want {
		t.Errorf("tokens %s, want %s (the anchor of `+ A` is Chapter-A, so [#A] is undefined)", got, want)
	}
}

func TestClosestAnchorsAndMatchingHeaders(t *testing.T) {
	// "Sockets" is not the word "socket": the chapter is no candidate.
	p := loadMap(t, map[string]string{"chapter1.txt": "+ Sockets and Patterns\n\n++ The Socket API\n\nSee [#socket-api].\n"})
	fixes := p.ReferenceFixes("chapter1.txt", 4, 4)
	var titles []string
	for _, f := range fixes {
		titles = append(titles, f.Title)
	}
	want := "Replace with closest anchor `The-Socket-API` (The Socket API)|" +
		"Add `.bookmark socket-api` before the header `The Socket API` (chapter1.txt:3)"
	if got := strings.Join(titles, "|"); got != want {
		t.Errorf("fixes:\n%s\nwant\n%s", got, want)
	}
}

func TestEntryFixesKeepLineEndings(t *testing.T) {
	p := loadMap(t, map[string]string{
		"chapter1.txt": "+ Basics\n",
		".bookmarks":   "Chapter-Basics Basics\r\ngone Old\nlast Titlex",
	})
	var out []string
	for line := 0; line < 3; line++ {
		for _, f := range p.EntryFixes(".bookmarks", line, line) {
			e := f.Edits[0]
			out = append(out, fmt.Sprintf("%s: %d:%d-%d:%d=%q", f.Code, e.Line, e.Col, e.EndLine, e.EndCol, e.NewText))
		}
	}
	// The CR stays (crlf-line is its own diagnostic); the stale last line
	// without LF goes with the line break before it.
	want := `title-mismatch: 0:15-0:21="Chapter 1 - Basics" stale-entry: 1:0-2:0="" stale-entry: 1:8-2:11=""`
	if got := strings.Join(out, " "); got != want {
		t.Errorf("entry fixes:\n%s\nwant\n%s", got, want)
	}
}
