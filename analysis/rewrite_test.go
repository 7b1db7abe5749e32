package analysis

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookmarks-ls/bookmarks-ls/internal/bookgen"
)

// applyEdits applies region edits to one file's text as an editor does:
// every region is read against the text before any edit.
func applyEdits(t *testing.T, src string, edits []Edit) string {
	t.Helper()
	lineStarts := []int{0}
	for i, c := range src {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	off := func(line, col int) int {
		if line >= len(lineStarts) {
			t.Fatalf("edit at line %d of a %d-line text", line, len(lineStarts))
		}
		return lineStarts[line] + col
	}
	out, at := "", 0
	for _, e := range edits {
		s, z := off(e.Line, e.Col), off(e.EndLine, e.EndCol)
		if s < at || z < s || z > len(src) {
			t.Fatalf("edits overlap or run backwards: %+v", edits)
		}
		out += src[at:s] + e.NewText
		at = z
	}
	return out + src[at:]
}

// bookmarkDiagnostics counts the diagnostics of a bookmark file by code.
func bookmarkDiagnostics(p *Project, path string) map[string]int {
	out := map[string]int{}
	for _, d := range p.Diagnostics[path] {
		out[d.Code]++
	}
	return out
}

func loadFS(t *testing.T, fsys fstest.MapFS) *Project {
	t.Helper()
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// loadGenerated loads the book bookgen generates for seed and opts.
func loadGenerated(t *testing.T, seed int64, opts bookgen.Options) *Project {
	t.Helper()
	fsys := fstest.MapFS{}
	for path, s := range bookgen.Generate(seed, opts).Files {
		fsys[path] = &fstest.MapFile{Data: []byte(s)}
	}
	return loadFS(t, fsys)
}

const smallChapter = ".bookmark intro\n+ Intro\n\n++ Alpha\n\n++ Beta\n"

func TestRegenerateAndRepairSmallBooks(t *testing.T) {
	for _, tc := range []struct {
		name, bookmarks string
		regenerate      []Edit // on .bookmarks
		repairTitle     string
		repair          []Edit
	}{{
		name:      "stale, mistitled and missing",
		bookmarks: "Beta Beta\ngone Old Title\nintro Chapter 1 - Intro\nAlpha Alfa\n",
		// The tool keeps gone, retitles Alpha on its line and appends
		// Chapter-Intro: one edit over the last line and the end.
		regenerate:  []Edit{{Location{".bookmarks", 3, 0, 4, 0}, "Alpha Alpha\nChapter-Intro Chapter 1 - Intro\n"}},
		repairTitle: "Repair .bookmarks: remove 1 stale entry, correct 1 title, add 1 missing entry",
		repair: []Edit{
			{Location{".bookmarks", 1, 0, 2, 0}, ""},
			{Location{".bookmarks", 3, 0, 4, 0}, "Alpha Alpha\nChapter-Intro Chapter 1 - Intro\n"},
		},
	}, {
		name:        "complete but unsorted: nothing to do",
		bookmarks:   "intro Chapter 1 - Intro\nBeta Beta\nChapter-Intro Chapter 1 - Intro\nAlpha Alpha\n",
		regenerate:  nil,
		repairTitle: "",
	}, {
		name:      "duplicate, unreadable line, no final newline",
		bookmarks: "Alpha Old\nintro Chapter 1 - Intro\nBeta\nChapter-Intro Chapter 1 - Intro\nAlpha Alpha\nBeta Beta",
		// The tool drops the first Alpha (the later line wins) and the
		// line without a title, and stores Beta's title again in its run.
		regenerate: []Edit{
			{Location{".bookmarks", 0, 0, 1, 0}, ""},
			{Location{".bookmarks", 2, 0, 3, 0}, ""},
			{Location{".bookmarks", 5, 0, 5, 9}, "Beta Beta\n"},
		},
		repairTitle: "Repair .bookmarks: rewrite 3 other lines",
		repair: []Edit{
			{Location{".bookmarks", 0, 0, 1, 0}, ""},
			{Location{".bookmarks", 2, 0, 3, 0}, ""},
			{Location{".bookmarks", 5, 0, 5, 9}, "Beta Beta\n"},
		},
	}, {
		name:      "CRLF line and a removed last line",
		bookmarks: "intro Chapter 1 - Intro\r\nBeta Beta\nChapter-Intro Chapter 1 - Intro\nAlpha Alpha\ngone Gone",
		// The tool stores intro again (without the CR), keeps gone and
		// reads its title without the last byte.
		regenerate: []Edit{
			{Location{".bookmarks", 0, 0, 1, 0}, "intro Chapter 1 - Intro\n"},
			{Location{".bookmarks", 4, 0, 4, 9}, "gone Gon\n"},
		},
		repairTitle: "Repair .bookmarks: remove 1 stale entry, rewrite 1 other line",
		repair: []Edit{
			{Location{".bookmarks", 0, 0, 1, 0}, "intro Chapter 1 - Intro\n"},
			{Location{".bookmarks", 4, 0, 4, 9}, ""},
		},
	}, {
		name:      "empty file",
		bookmarks: "",
		// In run order: a header registers its own anchor, then the
		// .bookmark before it.
		regenerate:  []Edit{{Location{".bookmarks", 0, 0, 0, 0}, "Chapter-Intro Chapter 1 - Intro\nintro Chapter 1 - Intro\nAlpha Alpha\nBeta Beta\n"}},
		repairTitle: "Repair .bookmarks: add 4 missing entries",
		repair:      []Edit{{Location{".bookmarks", 0, 0, 0, 0}, "Chapter-Intro Chapter 1 - Intro\nintro Chapter 1 - Intro\nAlpha Alpha\nBeta Beta\n"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := mapBook("chapter1.txt", smallChapter, ".bookmarks", tc.bookmarks)
			p := loadFS(t, fsys)
			if p.Profile != Mkwikidot {
				t.Fatalf("profile %s, want mkwikidot", p.Profile)
			}
			fix, ok := p.Regenerate(".bookmarks")
			if ok != (tc.regenerate != nil) || !reflect.DeepEqual(fix.Edits, tc.regenerate) {
				t.Errorf("Regenerate edits (offered %v):\n got %+v\nwant %+v", ok, fix.Edits, tc.regenerate)
			}
			if ok {
				// The same lines as the tool writes, in another order.
				got := strings.Split(applyEdits(t, tc.bookmarks, fix.Edits), "\n")
				want := strings.Split(string(p.Main.WrittenBookmarks()), "\n")
				if !sameLines(got, want) {
					t.Errorf("regenerated file holds %q, the tool writes %q", got, want)
				}
			}
			fix, ok = p.Repair(".bookmarks")
			if ok != (tc.repairTitle != "") || fix.Title != tc.repairTitle || !reflect.DeepEqual(fix.Edits, tc.repair) {
				t.Errorf("Repair (offered %v) %q, edits:\n got %+v\nwant %q, %+v", ok, fix.Title, fix.Edits, tc.repairTitle, tc.repair)
			}
			repaired := applyEdits(t, tc.bookmarks, fix.Edits)
			if text, _ := p.RepairedBookmarks(".bookmarks"); string(text) != repaired {
				t.Errorf("RepairedBookmarks %q, the repair edits give %q", text, repaired)
			}
			fsys[".bookmarks"].Data = []byte(repaired)
			if got := bookmarkDiagnostics(loadFS(t, fsys), ".bookmarks"); len(got) != 0 {
				t.Errorf("after the repair .bookmarks still has %v", got)
			}
		})
	}
}

func sameLines(a, b []string) bool {
	count := map[string]int{}
	for _, l := range a {
		count[l]++
	}
	for _, l := range b {
		count[l]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestRepairEraBAddsWhatTheOffByOneDrops: z2w 2012-11 stores each
// automatic anchor under the next header's title, never stores the anchor
// of a header followed by a `.bookmark`, nor the last header's; a
// fixed tool stores every one under its own title.
func TestRepairEraBAddsWhatTheOffByOneDrops(t *testing.T) {
	z2w := Z2W201211
	fsys := mapBook("chapter1.txt", "++ Basics\n\n+++ One\n.bookmark two\n+++ Two\n\n+++ Three\n",
		".bookmarks", "Chapter-Basics One\nTwo Three\ntwo Two\n")
	p, err := Load(FS(fsys), Options{Profile: &z2w})
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Main.WrittenBookmarks()) != string(fsys[".bookmarks"].Data) {
		t.Fatalf("the era's tool writes %q: this test wants the file to hold exactly that", p.Main.WrittenBookmarks())
	}
	if got := bookmarkDiagnostics(p, ".bookmarks"); !reflect.DeepEqual(got, map[string]int{DiagTitleMismatch: 2}) {
		t.Fatalf(".bookmarks diagnostics %v, want the off-by-one titles of Chapter-Basics and Two", got)
	}
	fix, ok := p.Repair(".bookmarks")
	want := []Edit{{Location{".bookmarks", 0, 0, 2, 0}, "Chapter-Basics Basics\nTwo Two\n"}, {Location{".bookmarks", 3, 0, 3, 0}, "One One\nThree Three\n"}}
	if !ok || !reflect.DeepEqual(fix.Edits, want) {
		t.Errorf("repair edits %+v, want %+v", fix.Edits, want)
	}
	if fix.Title != "Repair .bookmarks: correct 2 titles, add 2 missing entries" {
		t.Errorf("repair title %q", fix.Title)
	}
}

// TestRegenerateOnTheGuideKeepsItsOrder: the committed .bookmarks holds
// what mkwikidot writes, in hash order (site/.bookmarks what mkmarkdown
// writes, sorted); regenerating them must not move a line.
func TestRegenerateOnTheGuideKeepsItsOrder(t *testing.T) {
	p := loadFS(t, memBook(t, "zguide-2025"))
	for _, path := range []string{".bookmarks", "site/.bookmarks"} {
		b := p.BookmarkWriters()[path]
		if b == nil {
			t.Fatalf("no run writes %s", path)
		}
		if sorted := string(p.Sources[path]) == string(b.WrittenBookmarks()); sorted != (path == "site/.bookmarks") {
			t.Fatalf("%s sorted: %v; this test wants .bookmarks in hash order and site/.bookmarks sorted", path, sorted)
		}
		if fix, ok := p.Regenerate(path); ok {
			t.Errorf("Regenerate %s on the unchanged Guide: %d edits, first %+v; want none", path, len(fix.Edits), fix.Edits[0])
		}
		if fix, ok := p.Repair(path); ok {
			t.Errorf("Repair %s on the unchanged Guide: %q", path, fix.Title)
		}
	}
}

// TestRegenerateAfterRenamingAHeader renames chapter 4 in memory: the tool
// retitles its bookmark on its line; mkwikidot also keeps the old
// automatic anchor and appends the new one (mkmarkdown stores no chapter
// anchor).
func TestRegenerateAfterRenamingAHeader(t *testing.T) {
	fsys := memBook(t, "zguide-2025")
	ch4 := string(fsys["chapter4.txt"].Data)
	const old, renamed = "\n+ Reliable Request-Reply Patterns\n", "\n+ Reliable Request-Reply Pattern Language\n"
	if strings.Count(ch4, old) != 1 {
		t.Fatalf("chapter4.txt has %d headers %q", strings.Count(ch4, old), old)
	}
	fsys["chapter4.txt"].Data = []byte(strings.Replace(ch4, old, renamed, 1))
	p := loadFS(t, fsys)
	for _, tc := range []struct{ path, suffix string }{{".bookmarks", ""}, {"site/.bookmarks", "|chapter4"}} {
		src := string(fsys[tc.path].Data)
		lines := strings.Split(src, "\n")
		at := -1
		for i, l := range lines {
			if strings.HasPrefix(l, "reliable-request-reply ") {
				at = i
			}
		}
		if at < 0 {
			t.Fatalf("%s has no reliable-request-reply entry", tc.path)
		}
		n := len(lines) - 1 // the text ends with LF
		title := "Chapter 4 - Reliable Request-Reply Pattern Language"
		want := []Edit{{Location{tc.path, at, 0, at + 1, 0}, "reliable-request-reply " + title + tc.suffix + "\n"}}
		if tc.path == ".bookmarks" {
			want = append(want, Edit{Location{tc.path, n, 0, n, 0}, "Chapter-Reliable-Request-Reply-Pattern-Language " + title + "\n"})
		}
		fix, ok := p.Regenerate(tc.path)
		if !ok || !reflect.DeepEqual(fix.Edits, want) {
			t.Errorf("%s after renaming chapter 4: edits\n got %+v\nwant %+v", tc.path, fix.Edits, want)
		}
	}
}

// TestRepairThe2012Book: regenerating with the era's converter leaves the
// 235 stale entries and mistitles 249; the repair leaves neither, nor a
// missing entry, and keeps the order of the entries it keeps.
func TestRepairThe2012Book(t *testing.T) {
	fsys := memBook(t, "zguide-2012")
	p := loadFS(t, fsys)
	before := bookmarkDiagnostics(p, ".bookmarks")
	if before[DiagStaleEntry] != 235 || before[DiagTitleMismatch] != 246 {
		t.Fatalf("the 2012 .bookmarks has %v, want 235 stale-entry and 246 title-mismatch", before)
	}
	src := string(fsys[".bookmarks"].Data)

	regen, ok := p.Regenerate(".bookmarks")
	if !ok {
		t.Fatal("Regenerate offers nothing on the 2012 book")
	}
	fsys[".bookmarks"].Data = []byte(applyEdits(t, src, regen.Edits))
	if got := bookmarkDiagnostics(loadFS(t, fsys), ".bookmarks"); got[DiagStaleEntry] != 235 || got[DiagTitleMismatch] != 249 {
		t.Errorf("after Regenerate: %v, want the era's 235 stale-entry and 249 title-mismatch", got)
	}

	fix, ok := p.Repair(".bookmarks")
	if !ok || fix.Title != "Repair .bookmarks: remove 235 stale entries, correct 246 titles, add 12 missing entries" {
		t.Fatalf("Repair offered %v: %q", ok, fix.Title)
	}
	repaired := applyEdits(t, src, fix.Edits)
	fsys[".bookmarks"].Data = []byte(repaired)
	after := loadFS(t, fsys)
	if got := bookmarkDiagnostics(after, ".bookmarks"); len(got) != 0 {
		t.Errorf("after Repair .bookmarks has %v, want no diagnostic", got)
	}
	if len(after.BookmarksAudit) != 490-235+12 {
		t.Errorf("the repaired file has %d entries, want 490-235+12", len(after.BookmarksAudit))
	}
	var kept []string
	for _, au := range p.BookmarksAudit {
		if au.Status != EntryStale {
			kept = append(kept, au.Entry.Anchor)
		}
	}
	for i, au := range after.BookmarksAudit[:len(kept)] {
		if au.Entry.Anchor != kept[i] {
			t.Fatalf("repaired line %d is %q, want %q: the kept entries must stay in their order", i+1, au.Entry.Anchor, kept[i])
		}
	}
}

// TestRepairSiteBookmarks: in site/.bookmarks a wrong document is a wrong
// title too; the repair fixes that line and drops a stale one, nothing else.
func TestRepairSiteBookmarks(t *testing.T) {
	fsys := memBook(t, "zguide-2025")
	const right = "reliable-request-reply Chapter 4 - Reliable Request-Reply Patterns|chapter4\n"
	src := string(fsys["site/.bookmarks"].Data)
	if strings.Count(src, right) != 1 {
		t.Fatalf("site/.bookmarks lacks %q", right)
	}
	at := strings.Count(src[:strings.Index(src, right)], "\n")
	n := strings.Count(src, "\n")
	fsys["site/.bookmarks"].Data = []byte(strings.Replace(src, right, strings.Replace(right, "|chapter4", "|chapter9", 1), 1) + "gone Gone|chapter1\n")
	p := loadFS(t, fsys)
	fix, ok := p.Repair("site/.bookmarks")
	want := []Edit{{Location{"site/.bookmarks", at, 0, at + 1, 0}, right}, {Location{"site/.bookmarks", n, 0, n + 1, 0}, ""}}
	if !ok || fix.Title != "Repair site/.bookmarks: remove 1 stale entry, correct 1 title" || !reflect.DeepEqual(fix.Edits, want) {
		t.Errorf("Repair site/.bookmarks (offered %v) %q:\n got %+v\nwant %+v", ok, fix.Title, fix.Edits, want)
	}
}
