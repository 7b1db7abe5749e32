package analysis

import (
	"io/fs"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// mapSource is a book in memory.
type mapSource map[string]string

func (m mapSource) Files() ([]string, error) {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

func (m mapSource) ReadFile(name string, limit int64) ([]byte, error) {
	s, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	if limit > 0 && int64(len(s)) > limit {
		return nil, &ErrTooLarge{Path: name, Size: int64(len(s)), Limit: limit}
	}
	return []byte(s), nil
}

var diffSnippets = []string{
	"\n+ Added\n", "\n++ Sub é\n", "\n.bookmark added\n", "\n[[code]]\n", "\n[[/code]]\n", " [#one] ", "[#two]", "[#a][#b]",
	"[#x[#y]", "é𐐀", "\r\n", "\r", "\n", "\n.set X=1\n", "$(X)", "\n.end\n", "--", "", "\nadded Chapter 1 - Added\n", "[#added]",
}

// TestDifferentialReuseEqualsFresh edits a book at random and loads it twice after each edit:
// reusing the previous project's scans, and from scratch. Both must agree on everything a
// client sees: diagnostics, anchors and the bookmark file the tool would write.
func TestDifferentialReuseEqualsFresh(t *testing.T) {
	for seed := int64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewSource(seed))
		book := mapSource{
			"chapter1.txt": ".bookmark one\n+ One\n\nSee [#two] and [#one].\n\n[[code]]\nx\n[[/code]]\n",
			"chapter2.txt": ".bookmark two\n+ Two\n\n$(X) [#one] [#nowhere]\n",
			".bookmarks":   "one Chapter 1 - One\ntwo Chapter 2 - Two\n",
		}
		if seed%3 == 0 {
			book["chapter1.txt"] = strings.ReplaceAll(book["chapter1.txt"], "+ ", "++ ")
			book["chapter2.txt"] = strings.ReplaceAll(book["chapter2.txt"], "+ ", "++ ")
		}
		names := []string{"chapter1.txt", "chapter2.txt", ".bookmarks"}
		prev, err := Load(book, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 120; i++ {
			n := names[rng.Intn(len(names))]
			text := book[n]
			from := rng.Intn(len(text) + 1)
			to := min(len(text), from+rng.Intn(3)*rng.Intn(12))
			book[n] = text[:from] + diffSnippets[rng.Intn(len(diffSnippets))] + text[to:]
			reused, err := Load(book, Options{Reuse: prev})
			if err != nil {
				t.Fatal(err)
			}
			fresh, _ := Load(book, Options{})
			if !reflect.DeepEqual(reused.Diagnostics, fresh.Diagnostics) {
				t.Fatalf("seed %d edit %d: diagnostics with reuse differ from a fresh load\nbook: %q\nreused: %+v\nfresh:  %+v", seed, i, book, reused.Diagnostics, fresh.Diagnostics)
			}
			if !reflect.DeepEqual(reused.Main.AnchorNames(), fresh.Main.AnchorNames()) || string(reused.Main.WrittenBookmarks()) != string(fresh.Main.WrittenBookmarks()) {
				t.Fatalf("seed %d edit %d: anchors or written bookmarks differ with reuse\nbook: %q", seed, i, book)
			}
			prev = reused
		}
	}
}

// TestAdjacentReferenceWithoutClosingBracket: `[#a[#b]` reads the one name "a[#b". Its
// adjacent-references message sliced the name at a "]" it does not have and panicked, which
// killed the language server from its diagnostics goroutine.
func TestAdjacentReferenceWithoutClosingBracket(t *testing.T) {
	for _, p := range []Profile{Mkwikidot, Mkdocbook, Mkmarkdown, Z2W, Z2W201211} {
		f := Scan([]byte(".output chapter1.wd\n+ A\n\nSee [#a[#b] and [#c][#d] and [#[#e]].\n"), p.Dialect(), BlockState{})
		b := Link(LinkInput{Profile: p, Files: []SourceFile{{"chapter1.txt", f}}})
		n := 0
		for _, d := range b.Diagnostics {
			if d.Code == DiagAdjacentReferences {
				n++
			}
		}
		if n != 3 {
			t.Errorf("%v: %d adjacent-references diagnostics, want 3", p, n)
		}
	}
}

// TestLongLineOfReferencesLinksQuickly: the tool simulation rewrote a line once per reference,
// re-scanning and copying the whole line each time; a 1 MB line of references took seconds.
func TestLongLineOfReferencesLinksQuickly(t *testing.T) {
	line := "+ A\n" + strings.Repeat("x [#nowhere] ", 1<<20/13) + "\n"
	start := time.Now()
	f := Scan([]byte(line), Classic, BlockState{})
	b := Link(LinkInput{Profile: Mkwikidot, Files: []SourceFile{{"chapter1.txt", f}}})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("linking a 1 MB line of %d references took %v", len(f.Refs), d)
	}
	if out := b.ToolOutput(); !strings.Contains(string(out), "Undefined bookmark: nowhere") {
		t.Errorf("the tool output lost its warnings")
	}
}
