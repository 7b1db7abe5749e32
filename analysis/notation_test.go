package analysis

import (
	"testing"
	"testing/fstest"
)

func TestNotation(t *testing.T) {
	if got := Reference("Chapter-Basics"); got != "[#Chapter-Basics]" {
		t.Errorf("Reference: %s", got)
	}
	p, err := Load(FS(fstest.MapFS{
		"chapter1.txt": {Data: []byte("+ Part\n++ One\n+++ Section\n++++ Sub\n")},
		"zguide.book":  {Data: []byte("./chapter1.txt\n")},
	}), Options{ChapterLevel: 2})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := p.Main.File("chapter1.txt")
	for i, want := range []int{-1, 0, 1, 2} {
		if got := p.Main.HeaderDepth(f.Syntax.Headers[i].Level); got != want {
			t.Errorf("header %d: depth %d, want %d", i, got, want)
		}
	}
}
