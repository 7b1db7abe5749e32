package analysis

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir returns ../shared/corpus. Outside CI the corpus tests skip
// when it is absent; in CI (CI=true) its absence fails the run.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "corpus"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "zguide-2025", "chapter1.txt")); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus missing at %s (CI=true requires it): %v", dir, err)
		}
		tb.Skipf("corpus not found at %s: skipping corpus tests (they run in CI)", dir)
	}
	return dir
}

func loadCorpus(tb testing.TB, book string, opts Options) *Project {
	tb.Helper()
	p, err := Load(FS(os.DirFS(filepath.Join(corpusDir(tb), book))), opts)
	if err != nil {
		tb.Fatalf("load %s: %v", book, err)
	}
	return p
}

func expected(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(tb), "expected", "zguide-2025", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// toolLines strips the "stdout: " prefix of an expected diagnostics file.
func toolLines(tb testing.TB, name string) string {
	var out strings.Builder
	for _, l := range strings.SplitAfter(string(expected(tb, name)), "\n") {
		out.WriteString(strings.TrimPrefix(l, "stdout: "))
	}
	return out.String()
}

func profilePtr(p Profile) *Profile { return &p }

func diffLines(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "first difference at line " + strconv.Itoa(i+1) + ":\n got: " + strconv.Quote(x) + "\nwant: " + strconv.Quote(y)
		}
	}
	return ""
}

func TestCorpusGeneratedBookmarks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile Profile
		fresh   bool
		want    string
	}{
		{"mkwikidot", Mkwikidot, false, "mkwikidot.bookmarks.sorted"},
		{"mkwikidot fresh", Mkwikidot, true, "mkwikidot.bookmarks.sorted"},
		{"mkdocbook after committed", Mkdocbook, false, "mkdocbook-after-committed.bookmarks.sorted"},
		{"mkmarkdown", Mkmarkdown, false, "mkmarkdown.site-bookmarks.sorted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := loadCorpus(t, "zguide-2025", Options{Profile: profilePtr(tc.profile), Fresh: tc.fresh})
			got, want := p.Main.WrittenBookmarks(), expected(t, tc.want)
			if !bytes.Equal(got, want) {
				t.Errorf("%s would write a different bookmark file than the real tool: %s", tc.profile, diffLines(got, want))
			}
		})
	}
	t.Run("xl8n/kr/chapter1.txt alone", func(t *testing.T) {
		p, err := Load(FS(os.DirFS(filepath.Join(corpusDir(t), "zguide-2025", "xl8n", "kr"))), Options{Single: true, Order: []string{"chapter1.txt"}, Fresh: true, Profile: profilePtr(Mkwikidot)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.Main.WrittenBookmarks(), expected(t, "xl8n-kr-chapter1-alone.bookmarks.sorted"); !bytes.Equal(got, want) {
			t.Errorf("Korean chapter built alone: %s", diffLines(got, want))
		}
	})
}

func TestCorpusToolOutput(t *testing.T) {
	fresh := loadCorpus(t, "zguide-2025", Options{Fresh: true})
	if fresh.Profile != Mkwikidot {
		t.Fatalf("zguide-2025 detected as %s, want mkwikidot", fresh.Profile)
	}
	if got, want := fresh.Main.ToolOutput(), toolLines(t, "mkwikidot-first-run.diagnostics.txt"); got != want {
		t.Errorf("first mkwikidot run without .bookmarks: %s", diffLines([]byte(got), []byte(want)))
	}
	committed := loadCorpus(t, "zguide-2025", Options{})
	if got := committed.Main.ToolOutput(); got != "" {
		t.Errorf("with the committed .bookmarks mkwikidot prints nothing, we print %q", got)
	}
	for _, tc := range []struct{ dir, want string }{
		{"xl8n", "xl8n-chapter1-alone.diagnostics.txt"},
		{"xl8n/kr", "xl8n-kr-chapter1-alone.diagnostics.txt"},
	} {
		p, err := Load(FS(os.DirFS(filepath.Join(corpusDir(t), "zguide-2025", tc.dir))), Options{Single: true, Order: []string{"chapter1.txt"}, Profile: profilePtr(Mkwikidot)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.Main.ToolOutput(), toolLines(t, tc.want); got != want {
			t.Errorf("%s/chapter1.txt alone: %s", tc.dir, diffLines([]byte(got), []byte(want)))
		}
	}
}

func TestCorpus2025CommittedAudit(t *testing.T) {
	p := loadCorpus(t, "zguide-2025", Options{})
	byAnchor := map[string]EntryAudit{}
	for _, a := range p.BookmarksAudit {
		byAnchor[a.Entry.Anchor] = a
	}
	sc := bufio.NewScanner(bytes.NewReader(expected(t, "committed-bookmarks-audit.tsv")))
	sc.Scan() // header
	n := 0
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		anchor, stored, status, exp, at := f[0], f[1], f[2], f[3], f[4]
		n++
		a, ok := byAnchor[anchor]
		if !ok {
			t.Errorf("entry %q not audited", anchor)
			continue
		}
		if status != "ok" || a.Status != EntryOK || a.Entry.Title != stored || a.Expected != exp {
			t.Errorf("entry %q: got status %s, stored %q, expected %q; want %s, %q, %q", anchor, a.Status, a.Entry.Title, a.Expected, status, stored, exp)
			continue
		}
		if got := p.Main.anchorPlace(a.Anchor); got != at {
			t.Errorf("entry %q is defined at %s, want %s", anchor, got, at)
		}
	}
	if n != 284 || len(p.BookmarksAudit) != 284 {
		t.Errorf("audited %d entries of %d in the table, want 284", len(p.BookmarksAudit), n)
	}
	for _, d := range p.Diagnostics[".bookmarks"] {
		t.Errorf("committed .bookmarks: unexpected %s: %s", d.Code, d.Message)
	}
}

func TestCorpus2025ForwardReferences(t *testing.T) {
	for _, fresh := range []bool{false, true} {
		p := loadCorpus(t, "zguide-2025", Options{Fresh: fresh})
		forward := 0
		for _, f := range p.Main.Files {
			for _, d := range p.Diagnostics[f.Path] {
				switch d.Code {
				case DiagForwardReference:
					forward++
					want := SevInformation
					if fresh {
						want = SevWarning
					}
					if d.Severity != want {
						t.Errorf("fresh=%v %s:%d: forward reference has severity %s, want %s", fresh, d.Path, d.Line+1, d.Severity, want)
					}
				case DiagUndefinedBookmark, DiagStaleReference:
					t.Errorf("fresh=%v %s:%d: unexpected %s: %s", fresh, d.Path, d.Line+1, d.Code, d.Message)
				}
				if d.Severity == SevError {
					t.Errorf("fresh=%v %s:%d: error in the main run: %s", fresh, d.Path, d.Line+1, d.Message)
				}
			}
		}
		if forward != 17 {
			t.Errorf("fresh=%v: %d forward references, want the 17 the first run warns about", fresh, forward)
		}
	}
}

func TestCorpus2012Audit(t *testing.T) {
	p := loadCorpus(t, "zguide-2012", Options{})
	if p.Profile != Z2W201211 || p.Main.ChapterLevel != 2 {
		t.Fatalf("zguide-2012 detected as %s with chapter level %d, want z2w-2012-11 and 2", p.Profile, p.Main.ChapterLevel)
	}
	if got := p.Main.Files[1].Headers[0]; got.Chapter != 1 || got.Effective != "Chapter 1 - Basics" {
		t.Errorf("chapter1.txt's first header: chapter %d %q, want 1 \"Chapter 1 - Basics\"", got.Chapter, got.Effective)
	}
	if len(p.BookmarksAudit) != 490 {
		t.Fatalf("audited %d entries, want 490", len(p.BookmarksAudit))
	}
	counts := map[EntryStatus]int{}
	offByOne := 0
	diagsByLine := map[int]Diagnostic{}
	for _, d := range p.Diagnostics[".bookmarks"] {
		if d.Code != DiagMissingEntry {
			diagsByLine[d.Line] = d
		}
	}
	for _, a := range p.BookmarksAudit {
		counts[a.Status]++
		d, has := diagsByLine[a.Entry.Line]
		switch a.Status {
		case EntryOK:
			if has {
				t.Errorf("line %d (%s) is fine but has %s", a.Entry.Line+1, a.Entry.Anchor, d.Code)
			}
		case EntryStale:
			if !has || d.Code != DiagStaleEntry {
				t.Errorf("line %d (%s) is stale but reported as %+v", a.Entry.Line+1, a.Entry.Anchor, d)
			}
		case EntryMismatch:
			// The expected title is shown with the header it comes from.
			if !has || d.Code != DiagTitleMismatch || len(d.Related) == 0 || !strings.Contains(d.Related[0].Message, `"`+a.Expected+`"`) {
				t.Errorf("line %d (%s): title mismatch must name the expected title %q, got %+v", a.Entry.Line+1, a.Entry.Anchor, a.Expected, d)
			}
			if a.OffByOne {
				offByOne++
				if !strings.Contains(d.Message, "off-by-one") {
					t.Errorf("line %d: off-by-one not explained: %s", a.Entry.Line+1, d.Message)
				}
			}
		default:
			t.Errorf("line %d (%s): status %s, want ok, stale-entry or title-mismatch", a.Entry.Line+1, a.Entry.Anchor, a.Status)
		}
	}
	// 9 named bookmarks are right; 235 anchors no header produces (216 of
	// them the `Chapter-<section>` entries of 304c1453); the rest carry the
	// next header's title, but for Symbolic-Links, whose stored title is
	// the next header of an older text.
	if counts[EntryOK] != 9 || counts[EntryStale] != 235 || counts[EntryMismatch] != 246 || offByOne != 245 {
		t.Errorf("statuses: %d ok, %d stale, %d mismatched (%d off-by-one); want 9, 235, 246 (245)", counts[EntryOK], counts[EntryStale], counts[EntryMismatch], offByOne)
	}
	for _, a := range p.BookmarksAudit {
		if a.Entry.Anchor == "Binary-Star-Implementation" && (a.Expected != "Binary Star Implementation" || a.Entry.Title != "Binary Star Reactor" || !a.OffByOne) {
			t.Errorf("Binary-Star-Implementation: expected %q, stored %q, off-by-one %v", a.Expected, a.Entry.Title, a.OffByOne)
		}
	}
}

// TestCorpusOtherCommits loads every commit of the corpus without special
// cases: the right era is detected and the main run has no errors.
func TestCorpusOtherCommits(t *testing.T) {
	for _, tc := range []struct {
		book    string
		profile Profile
		level   int
	}{
		{"zguide-2012-12", Z2W, 2},
		{"zguide-2013", Mkwikidot, 1},
		{"zguide-2014", Mkwikidot, 1},
		{"zguide-2021", Mkwikidot, 1},
	} {
		p := loadCorpus(t, tc.book, Options{})
		if p.Profile != tc.profile || p.Main.ChapterLevel != tc.level {
			t.Errorf("%s: detected %s level %d, want %s level %d", tc.book, p.Profile, p.Main.ChapterLevel, tc.profile, tc.level)
		}
		for _, f := range p.Main.Files {
			for _, d := range p.Diagnostics[f.Path] {
				if d.Severity == SevError {
					t.Errorf("%s/%s:%d: %s", tc.book, d.Path, d.Line+1, d.Message)
				}
			}
		}
	}
}
