package scale

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func TestScaledBookStaysResolvable(t *testing.T) {
	src, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus", "zguide-2025"))
	if _, err := os.Stat(src); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus missing: %v", err)
		}
		t.Skip("corpus not found")
	}
	for _, dir := range []string{src, filepath.Join("..", "..", "examples")} {
		one, err := Make(dir, 1)
		if err != nil {
			t.Fatal(err)
		}
		four, err := Make(dir, 4)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		if err := four.Write(out); err != nil {
			t.Fatal(err)
		}
		p, err := analysis.Load(analysis.FS(os.DirFS(out)), analysis.Options{Order: four.Order})
		if err != nil {
			t.Fatal(err)
		}
		base, _ := analysis.Load(analysis.FS(os.DirFS(dir)), analysis.Options{})
		count := func(p *analysis.Project, code string) int {
			n := 0
			for _, f := range p.Main.Files {
				for _, d := range p.Diagnostics[f.Path] {
					if d.Code == code {
						n++
					}
				}
			}
			return n
		}
		// Four copies: four times the anchors and the same problems per copy.
		inChapters := 0
		for _, name := range base.Main.AnchorNames() {
			a := base.Main.FirstAnchor(name)
			if f := base.Main.Files[a.File].Path; len(f) > 7 && f[:7] == "chapter" {
				inChapters++
			}
		}
		if got, want := len(p.Main.AnchorNames()), len(base.Main.AnchorNames())+3*inChapters; dir == src && got != want {
			t.Errorf("%s ×4: %d anchors, want %d (chapters copied 4 times, preface and postface once)", dir, got, want)
		}
		if dir == src {
			if got := count(p, analysis.DiagUndefinedBookmark); got != 0 {
				t.Errorf("%s ×4: %d undefined references; every copy must stay resolvable", dir, got)
			}
		}
		if four.Size() < 3*one.Size() {
			t.Errorf("%s ×4 is %d bytes, ×1 %d", dir, four.Size(), one.Size())
		}
	}
}
