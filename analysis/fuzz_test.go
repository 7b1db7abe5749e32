package analysis

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusSeeds adds the corpus files as seeds when the corpus is present;
// the seeds run as ordinary tests (go test without -fuzz).
func corpusSeeds(f *testing.F, add func(src []byte)) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	matches, _ := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "xl8n", "*", "*.txt"))
	for _, m := range append(matches, more...) {
		if src, err := os.ReadFile(m); err == nil {
			add(src)
		}
	}
	if len(matches) == 0 && os.Getenv("CI") == "true" {
		f.Fatalf("corpus missing at %s (CI=true requires it)", dir)
	}
}

var handSeeds = []string{
	"+ A\n.bookmark a\n++ B [#a][#b]\n[[code]]\n.end\n",
	"[[code type=\"example\" title=\"t\" name=\"n\" language=\"C\"]]\nx\n[[/code]]\n",
	"$(A?$(B)) %(C?d) zmq_socket[3] //it// **b** {{m}} @<//>@ <a@b.c> [http://x y] [figure] 0MQ 0\\MQ --\n",
	"\xff\xfe+ \x00\r\n.set X=\r[#\xc3]\n",
	"++ Chapter\r\n.bookmark x\r\n",
}

// checkSyntax asserts the invariants every consumer of a scan relies on.
func checkSyntax(t *testing.T, f *FileSyntax) {
	n := len(f.Src)
	prevEnd := -1
	for i, line := range f.Lines {
		l := line.Span()
		if l.Start < 0 || l.End < l.Start || l.End > n || l.Start <= prevEnd {
			t.Fatalf("line %d has span [%d,%d) after %d in %d bytes", i, l.Start, l.End, prevEnd, n)
		}
		prevEnd = l.Start
	}
	in := func(what string, line int, s Span) {
		if line < 0 || line >= len(f.Lines) {
			t.Fatalf("%s on line %d of %d", what, line, len(f.Lines))
		}
		l := f.Lines[line].Span()
		if s.Start < l.Start || s.End > l.End || s.Start > s.End {
			t.Fatalf("%s span [%d,%d) outside its line [%d,%d)", what, s.Start, s.End, l.Start, l.End)
		}
	}
	for _, h := range f.Headers {
		in("header", h.Line, h.Title)
	}
	for _, d := range f.Directives {
		in("directive", d.Line, d.Word)
		in("directive arg", d.Line, d.Arg)
	}
	for _, r := range f.Refs {
		in("ref", r.Line, r.Span)
		if r.Name.Start != r.Span.Start+2 || r.Name.End != r.Span.End-1 || r.Name.Len() == 0 {
			t.Fatalf("ref name %v inside %v", r.Name, r.Span)
		}
	}
	for _, s := range f.Symbols {
		in("symbol", s.Line, s.Span)
	}
	for _, m := range f.Markup() {
		in("markup", m.Line, m.Span)
	}
	for _, m := range f.ManPages {
		in("man page", m.Line, m.Span)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range handSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	corpusSeeds(f, func(src []byte) { f.Add(src, false) })
	f.Fuzz(func(t *testing.T, src []byte, markdown bool) {
		d := Classic
		if markdown {
			d = Markdown
		}
		checkSyntax(t, Scan(src, d, BlockState{}))
		checkSyntax(t, Scan(src, d, BlockState{Open: true, Kind: BlockExample, Title: "t", Name: "n"}))
	})
}

func FuzzLink(f *testing.F) {
	for i, s := range handSeeds {
		f.Add([]byte(s), []byte(handSeeds[(i+1)%len(handSeeds)]), []byte("a Title\n"), uint8(i))
	}
	corpusSeeds(f, func(src []byte) {
		if len(src) < 20000 {
			f.Add(src, src, []byte("basics Chapter 1 - Basics\n"), uint8(len(src)))
		}
	})
	f.Fuzz(func(t *testing.T, a, b, bookmarks []byte, profile uint8) {
		p := Profile(profile % 5)
		fa := Scan(a, p.Dialect(), BlockState{})
		fb := Scan(b, p.Dialect(), fa.Exit)
		bk := Link(LinkInput{
			Profile:   p,
			Files:     []SourceFile{{"a.txt", fa}, {"b.txt", fb}},
			Bookmarks: ReadBookmarks(p.BookmarkFile(), bookmarks, p == Mkmarkdown),
		})
		for _, d := range bk.Diagnostics {
			f, ok := bk.File(d.Path)
			if ok && len(f.Syntax.Lines) == 0 && d.Location == LineStart(d.Path, 0) && allEmpty(bk) {
				continue // a run of empty files: its start is all there is to point at
			}
			if !ok || d.Line < 0 || d.Line >= len(f.Syntax.Lines) {
				t.Fatalf("diagnostic %s at %s:%d outside the book: %s", d.Code, d.Path, d.Line, d.Message)
			}
			l := f.Syntax.Lines[d.Line]
			if d.Col < 0 || d.EndCol < d.Col || int(l.Start)+d.EndCol > int(l.End) {
				t.Fatalf("diagnostic %s columns [%d,%d) outside line of %d bytes", d.Code, d.Col, d.EndCol, l.End-l.Start)
			}
		}
		_ = bk.ToolOutput()
		_ = bk.WrittenBookmarks()
		Audit(bk.Bookmarks, bk)
	})
}

func FuzzReadBookmarks(f *testing.F) {
	f.Add([]byte("a Title\n b c\nx\ty|z\r\nlast"), false)
	f.Add([]byte("a T|chapter1\nb  |\n"), true)
	f.Fuzz(func(t *testing.T, src []byte, site bool) {
		bf := ReadBookmarks("x", src, site)
		for _, e := range bf.Entries {
			if e.Span.Start < 0 || e.Span.End > len(src) {
				t.Fatalf("entry span %v outside %d bytes", e.Span, len(src))
			}
			if e.Readable && (e.Anchor == "" || e.Title == "") {
				t.Fatalf("readable entry with empty anchor or title: %+v", e)
			}
		}
	})
}

// allEmpty tells whether every file of a book is empty.
func allEmpty(b *Book) bool {
	for _, f := range b.Files {
		if len(f.Syntax.Lines) > 0 {
			return false
		}
	}
	return true
}
