package analysis

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// harbourProject is a two-chapter book built by mkwikidot (.bookmarks) and
// mkmarkdown (zguide.book, site/.bookmarks).
func harbourProject(t *testing.T, bookmarks, site string) *Project {
	t.Helper()
	fsys := fstest.MapFS{
		"chapter1.txt":    {Data: []byte(harbourChapter1)},
		"chapter2.txt":    {Data: []byte(harbourChapter2)},
		".bookmarks":      {Data: []byte(bookmarks)},
		"site/.bookmarks": {Data: []byte(site)},
		"zguide.book":     {Data: []byte("./chapter1.txt\n./chapter2.txt\n")},
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Profile != Mkwikidot || p.Site == nil {
		t.Fatalf("profile %v, site run %v: want mkwikidot with a mkmarkdown run", p.Profile, p.Site != nil)
	}
	return p
}

const (
	harbourChapter1 = ".output chapter1.wd\n.bookmark mooring\n+ Mooring\nSee [#sailing] and [#Knots].\n++ Knots\nTie them.\n"
	harbourChapter2 = ".output chapter2.wd\n.bookmark sailing\n+ Sailing\nBack to [#mooring], then [#Tides].\n++ Tides\nLow and high.\n"
	// Each file holds a stale entry: a section that is gone.
	harbourBookmarks = "mooring Chapter 1 - Mooring\nKnots Knots\nsailing Chapter 2 - Sailing\nTides Tides\nAnchorage Anchorage\n"
	harbourSite      = "Knots Knots|chapter1\nTides Tides|chapter2\nmooring Chapter 1 - Mooring|chapter1\nsailing Chapter 2 - Sailing|chapter2\nwharf Old Wharf|chapter2\n"
)

// renameErr is the refusal of a rename; a rename that succeeds fails the
// test.
func renameErr(t *testing.T, p *Project, path string, line, col int, name string) string {
	t.Helper()
	edits, err := p.Rename(p.At(path, line, col), name)
	if err == nil {
		t.Errorf("rename at %s:%d:%d to %q succeeds with %s; want a refusal", path, line, col, name, fmtEdits(edits))
		return ""
	}
	return err.Error()
}

func TestRenameHeaderRefusesATitleThatDerivesAnExistingAnchor(t *testing.T) {
	p := harbourProject(t, harbourBookmarks, harbourSite)
	for _, c := range []struct{ title, want string }{
		{"Tides", "the title “Tides” derives the anchor `Tides`, which is already the anchor of “Tides” (chapter2.txt:5)"},
		{"Tides?", "the title “Tides?” derives the anchor `Tides`, which is already the anchor of “Tides” (chapter2.txt:5)"},
		{"Anchorage", "the title “Anchorage” derives the anchor `Anchorage`, which is a stale entry of .bookmarks (line 5, “Anchorage”): no header produces it, yet references to it resolve to that title; remove the entry first"},
	} {
		if got := renameErr(t, p, "chapter1.txt", 4, 4, c.title); got != c.want {
			t.Errorf("header “Knots” renamed to “%s”\n got %s\nwant %s", c.title, got, c.want)
		}
	}
	// A title with the same anchor updates the stored titles.
	edits, err := p.Rename(p.At("chapter1.txt", 4, 4), "Knots!")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmtEdits(edits), `.bookmarks:1:6-11="Knots!" chapter1.txt:4:3-8="Knots!" site/.bookmarks:0:6-11="Knots!"`; got != want {
		t.Errorf("header renamed to “Knots!”\n got %s\nwant %s", got, want)
	}
	// A title with a new anchor still rewrites the references and entries.
	edits, err = p.Rename(p.At("chapter1.txt", 4, 4), "Rope Work")
	if err != nil {
		t.Fatal(err)
	}
	want := `.bookmarks:1:0-5="Rope-Work" .bookmarks:1:6-11="Rope Work" chapter1.txt:3:21-26="Rope-Work" chapter1.txt:4:3-8="Rope Work" site/.bookmarks:0:0-5="Rope-Work" site/.bookmarks:0:6-11="Rope Work"`
	if got := fmtEdits(edits); got != want {
		t.Errorf("header renamed to “Rope Work”\n got %s\nwant %s", got, want)
	}
}

func TestRenameHeaderRefusesATitleWithoutALetter(t *testing.T) {
	p := harbourProject(t, harbourBookmarks, harbourSite)
	for _, title := range []string{"1 2 3", "세상"} {
		want := "the title “" + title + "” has no ASCII letter: its automatic anchor would be empty, which no [#…] can name and .bookmarks cannot store; pin `Knots` with a .bookmark line first, or keep a letter in the title"
		if got := renameErr(t, p, "chapter1.txt", 4, 4, title); got != want {
			t.Errorf("header renamed to %q\n got %s\nwant %s", title, got, want)
		}
	}
	// Under mkwikidot a header with a .bookmark keeps its automatic anchor:
	// pinning does not help.
	want := "the title “1 2 3” has no ASCII letter: its automatic anchor would be empty, which no [#…] can name and .bookmarks cannot store; keep a letter in the title"
	b := book(t, Mkwikidot, true, "", "chapter1.txt", "+ Basics\n.bookmark knots\n++ Knots\n")
	hp := &Project{Main: b, Owner: map[string]*Book{"chapter1.txt": b}}
	if _, err := hp.Rename(hp.At("chapter1.txt", 2, 4), "1 2 3"); err == nil || err.Error() != want {
		t.Errorf("bookmarked header renamed to “1 2 3”\n got %v\nwant %s", err, want)
	}
	// A chapter title always keeps the letters of `Chapter N - `.
	if _, err := p.Rename(p.At("chapter2.txt", 2, 3), "2"); err != nil {
		t.Errorf("chapter title without letters: %v", err)
	}
}

func TestRenameRefusesNamesTheToolsCannotStore(t *testing.T) {
	p := harbourProject(t, harbourBookmarks, harbourSite)
	for _, c := range []struct{ name, want string }{
		{"rr$(X)", "`rr$(X)` contains $( or %(: the tools expand $(…) and %(…) in a text line before they read its references, so [#rr$(X)] would look up another name"},
		{"rr%(HOME)", "`rr%(HOME)` contains $( or %(: the tools expand $(…) and %(…) in a text line before they read its references, so [#rr%(HOME)] would look up another name"},
		{"two words", "`two words` contains a blank: [#…] ends at the first blank, and .bookmarks would read the name back split"},
		{"2024", "`2024` has no ASCII letter: mkmarkdown keeps only the letters and dashes of a bookmark name, so site/.bookmarks would store it as an empty name"},
		{"_1", "`_1` has no ASCII letter: mkmarkdown keeps only the letters and dashes of a bookmark name, so site/.bookmarks would store it as an empty name"},
		{"voyage2", "`voyage2` cannot be referenced under mkmarkdown: it stores the name as `voyage` (ASCII letters and single dashes), where [#voyage2] finds nothing"},
	} {
		if got := renameErr(t, p, "chapter1.txt", 3, 6, c.name); got != c.want {
			t.Errorf("rename of sailing to %q\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestRenameRefusesAnExistingOrStaleName(t *testing.T) {
	p := harbourProject(t, harbourBookmarks, harbourSite)
	for _, c := range []struct{ name, want string }{
		{"mooring", "`mooring` is already the anchor of “Mooring” (chapter1.txt:3)"},
		{"Tides", "`Tides` is already the anchor of “Tides” (chapter2.txt:5)"},
		// mkmarkdown sanitises the name into another chapter's anchor:
		// its links would get this chapter's title.
		{"mooring1", "`mooring1`, which mkmarkdown stores as `mooring`, is already the anchor of “Mooring” (chapter1.txt:3)"},
		{"Anchorage", "`Anchorage` is a stale entry of .bookmarks (line 5, “Anchorage”): no header produces it, yet references to it resolve to that title; remove the entry first"},
		{"wharf", "`wharf` is a stale entry of site/.bookmarks (line 5, “Old Wharf”): no header produces it, yet references to it resolve to that title; remove the entry first"},
	} {
		if got := renameErr(t, p, "chapter1.txt", 3, 6, c.name); got != c.want {
			t.Errorf("rename of sailing to %q\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// applyEdits applies single-line edits to a file's text.
func applyLineEdits(t *testing.T, src string, edits []Edit) string {
	t.Helper()
	lines := strings.SplitAfter(src, "\n")
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Line != edits[j].Line {
			return edits[i].Line > edits[j].Line
		}
		return edits[i].Col > edits[j].Col
	})
	for _, e := range edits {
		for len(lines) <= e.Line {
			lines = append(lines, "")
		}
		l := lines[e.Line]
		lines[e.Line] = l[:e.Col] + e.NewText + l[e.EndCol:]
	}
	return strings.Join(lines, "")
}

func editsOn(edits []Edit, path string) []Edit {
	var out []Edit
	for _, e := range edits {
		if e.Path == path {
			out = append(out, e)
		}
	}
	return out
}

func TestRenameWritesNoBookmarkLineTwice(t *testing.T) {
	// The tools can leave two identical lines.
	bookmarks := "Knots Knots\n" + harbourBookmarks
	site := "Knots Knots|chapter1\n" + harbourSite
	p := harbourProject(t, bookmarks, site)
	edits, err := p.Rename(p.At("chapter1.txt", 3, 22), "knots")
	if err != nil {
		t.Fatal(err)
	}
	// .bookmarks keeps the automatic anchor beside the pinned name, as
	// mkwikidot stores both; in site/.bookmarks the pinned name replaces it.
	want := `.bookmarks:6:0-0="knots Knots\n" chapter1.txt:3:21-26="knots" chapter1.txt:4:0-0=".bookmark knots\n" site/.bookmarks:1:0-5="knots"`
	if got := fmtEdits(edits); got != want {
		t.Errorf("pinning rename\n got %s\nwant %s", got, want)
	}
	for path, src := range map[string]string{".bookmarks": bookmarks, "site/.bookmarks": site} {
		after := applyLineEdits(t, src, editsOn(edits, path))
		if n := strings.Count(after, "knots Knots"); n != 1 {
			t.Errorf("%s holds the new entry %d times:\n%s", path, n, after)
		}
	}
	// A name mkmarkdown stores as the automatic anchor it pins would
	// write that line again: refused.
	want = "`Knots2` cannot be referenced under mkmarkdown: it stores the name as `Knots` (ASCII letters and single dashes), where [#Knots2] finds nothing"
	if got := renameErr(t, p, "chapter1.txt", 3, 22, "Knots2"); got != want {
		t.Errorf("rename of Knots to Knots2\n got %s\nwant %s", got, want)
	}
}

func TestRenameFromEitherBookmarkFileIsARenameFromAReference(t *testing.T) {
	p := harbourProject(t, harbourBookmarks, harbourSite)
	for _, c := range []struct {
		anchor string
		ref    Subject
		want   string
	}{
		{"sailing", p.At("chapter1.txt", 3, 6), `.bookmarks:2:0-7="voyage" chapter1.txt:3:6-13="voyage" chapter2.txt:1:10-17="voyage" site/.bookmarks:3:0-7="voyage"`},
		{"Tides", p.At("chapter2.txt", 3, 28), `.bookmarks:5:0-0="voyage Tides\n" chapter2.txt:3:27-32="voyage" chapter2.txt:4:0-0=".bookmark voyage\n" site/.bookmarks:1:0-5="voyage"`},
	} {
		edits, err := p.Rename(c.ref, "voyage")
		if err != nil {
			t.Fatal(err)
		}
		if got := fmtEdits(edits); got != c.want {
			t.Errorf("rename of %s from a reference\n got %s\nwant %s", c.anchor, got, c.want)
		}
		for _, path := range []string{".bookmarks", "site/.bookmarks"} {
			bf := p.BookmarkFileAt(path)
			e, _ := bf.Lookup(c.anchor)
			s := p.At(path, e.Line, 1)
			loc, text, err := p.PrepareRename(s)
			if err != nil || text != c.anchor || loc != entryLocation(bf, e) {
				t.Errorf("prepareRename on %s line %d: %+v %q %v", path, e.Line, loc, text, err)
			}
			edits, err := p.Rename(s, "voyage")
			if got := fmtEdits(edits); err != nil || got != c.want {
				t.Errorf("rename of %s from %s\n got %s %v\nwant %s", c.anchor, path, got, err, c.want)
			}
		}
	}
}

func TestPrepareRenameRefusesEarly(t *testing.T) {
	fsys := fstest.MapFS{
		"chapter1.txt":    {Data: []byte(".output chapter1.wd\n.bookmark step1\n+ Steps\nSee [#step1], [#step-1] on %(HOME).\n.bookmark step-1\n++ Step\n")},
		".bookmarks":      {Data: []byte("step1 Chapter 1 - Steps\nstep-1 Step\n")},
		"site/.bookmarks": {Data: []byte("step Step|chapter1\n")},
		"zguide.book":     {Data: []byte("./chapter1.txt\n")},
	}
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s    Subject
		want string
	}{
		{p.At("chapter1.txt", 3, 30), "%(HOME) reads the environment variable HOME: nothing in the book defines it, so there is nothing to rename"},
		{p.At("site/.bookmarks", 0, 1), "site/.bookmarks stores `step` for `step1` and `step-1`: rename one of them from a reference or its header"},
		{p.At("chapter1.txt", 0, 2), "nothing to rename here: place the cursor on a [#reference], a .bookmark name, a header, a bookmark-file line or a symbol"},
	} {
		_, _, err := p.PrepareRename(c.s)
		if err == nil || err.Error() != c.want {
			t.Errorf("prepareRename on %+v\n got %v\nwant %s", c.s.Location, err, c.want)
		}
		if _, err := p.Rename(c.s, "other"); err == nil || err.Error() != c.want {
			t.Errorf("rename on %+v\n got %v\nwant %s", c.s.Location, err, c.want)
		}
	}
}
