package analysis

import (
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// dumpBook renders everything a link exposes, and the trace the next
// relink starts from, so that two links can be compared as text.
func dumpBook(b *Book) string {
	var w strings.Builder
	fmt.Fprintf(&w, "profile %v level %d\n", b.Profile, b.ChapterLevel)
	for _, d := range b.Diagnostics {
		fmt.Fprintf(&w, "diag %+v\n", d)
	}
	fmt.Fprintf(&w, "tool %q\n", b.ToolOutput())
	fmt.Fprintf(&w, "written %q\n", b.WrittenBookmarks())
	for _, a := range b.Registrations {
		bm, ok := b.BookmarkLoc(a)
		fmt.Fprintf(&w, "anchor %q %v %q file %d header %d seq %d stored %v next %q doc %q at %+v bm %v %+v first %v\n",
			a.Name, a.Kind, a.Title, a.File, a.Header, a.Seq, a.Stored, a.NextTitle, a.doc, b.anchorLoc(a), ok, bm, b.FirstAnchor(a.Name) == a)
	}
	for fi, f := range b.Files {
		fmt.Fprintf(&w, "file %d %s\n", fi, f.Path)
		for hi, h := range f.Headers {
			fmt.Fprintf(&w, "  header %d %+v\n", hi, h)
		}
		for k, info := range f.RefInfo {
			target := "none"
			if a := info.Target; a != nil {
				target = fmt.Sprintf("%q@%d:%d", a.Name, a.File, a.Header)
				if tb := b.TargetBook(info); a.Seq >= len(tb.Registrations) || tb.Registrations[a.Seq] != a {
					target += " (not the book's own registration)"
				}
			}
			book := "self"
			if info.Outside {
				book = "outside"
			}
			fmt.Fprintf(&w, "  ref %d %q build %d title %q adjacent %v seq %d target %s book %s\n", k, info.Lookup, info.Build, info.Title, info.Adjacent, info.seq, target, book)
		}
	}
	fmt.Fprintf(&w, "symbols %+v\n", b.Symbols)
	t := b.trace
	for _, e := range t.entry {
		fmt.Fprintf(&w, "trace entry %d %d %v %v", e.lineNo, e.chapter, e.ended, e.stopped)
		if e.pending != nil {
			fmt.Fprintf(&w, " pending %+v", *e.pending)
		}
		if e.unclosed != nil {
			fmt.Fprintf(&w, " unclosed %+v", *e.unclosed)
		}
		w.WriteString("\n")
	}
	fmt.Fprintf(&w, "trace regs %v tool %v\nundef %q sets %+v swallow %+v numbered %v\nswallowed %+v\ntargets %v deps %v\n",
		t.regs, t.tool, t.undef, t.sets, t.swallow, t.numbered, t.swallowed, t.targets, t.deps)
	return w.String()
}

// relinkBook is a run kept the way Project.sources keeps it: a file is
// rescanned when its bytes or entry state change, else its scan is reused.
type relinkBook struct {
	profile Profile
	level   int
	names   []string
	texts   []string
	files   []SourceFile
	bf      *BookmarkFile
}

func (rb *relinkBook) scan() {
	var state BlockState
	for i, text := range rb.texts {
		if i < len(rb.files) && string(rb.files[i].Syntax.Src) == text && rb.files[i].Syntax.Entry == state {
			state = rb.files[i].Syntax.Exit
			continue
		}
		f := SourceFile{rb.names[i], Scan([]byte(text), rb.profile.Dialect(), state)}
		if i < len(rb.files) {
			rb.files[i] = f
		} else {
			rb.files = append(rb.files, f)
		}
		state = f.Syntax.Exit
	}
}

func (rb *relinkBook) link(prev *Book) *Book {
	return Link(LinkInput{Profile: rb.profile, ChapterLevel: rb.level, Files: append([]SourceFile(nil), rb.files...), Bookmarks: rb.bf, Prev: prev})
}

// relinkEdits are what a user types: mostly text, sometimes a line that
// changes the run (a header, a .bookmark, a code block, a symbol).
var relinkEdits = []string{
	"x", "word ", "\n", "\n\n", "", "", "é𐐀", " [#nowhere] ", "[#", "]", "\r\n", "--", "[#a][#b]",
	"\n+ Added header\n", "\n++ Added section\n", "\n.bookmark added\n", "\n[[code]]\n", "\n[[/code]]\n",
	"\n.set ADDED=1\n", "$(ADDED)", "$(NOPE)", "\n.end\n", "\n.bogus\n", "\n+ Appendix: A\n",
}

// edit changes one file at random; refs names anchors the edit may reference.
func (rb *relinkBook) edit(rng *rand.Rand, refs []string) string {
	i := rng.Intn(len(rb.texts))
	text := rb.texts[i]
	at := rng.Intn(len(text) + 1)
	if rng.Intn(2) == 0 { // at a line start, where headers and directives begin
		at = strings.LastIndexByte(text[:at], '\n') + 1
	}
	end := at
	if rng.Intn(4) == 0 {
		end = min(len(text), at+rng.Intn(40))
	}
	ins := relinkEdits[rng.Intn(len(relinkEdits))]
	if rng.Intn(4) == 0 && len(refs) > 0 {
		ins = " [#" + refs[rng.Intn(len(refs))] + "] "
	}
	rb.texts[i] = text[:at] + ins + text[end:]
	return fmt.Sprintf("%s@%d-%d %q", rb.names[i], at, end, ins)
}

// relinkEqualsLink edits a book at random; after each edit, the link
// relinked from the previous one must equal a full link in everything.
func relinkEqualsLink(t *testing.T, rb *relinkBook, seed int64, steps int) (relinked int) {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	rb.scan()
	prev := rb.link(nil)
	refs := prev.AnchorNames()
	orig := append([]string(nil), rb.texts...)
	for step := 0; step < steps; step++ {
		what := rb.edit(rng, refs)
		if step%20 == 19 { // the author undoes everything now and then
			copy(rb.texts, orig)
			what = "undo"
		}
		rb.scan()
		full := rb.link(nil)
		inc := rb.link(prev)
		if inc != prev && len(inc.Registrations) > 0 && len(prev.Registrations) > 0 && &inc.Registrations[0] == &prev.Registrations[0] {
			relinked++
		}
		if a, b := dumpBook(inc), dumpBook(full); a != b {
			al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
			for k := range min(len(al), len(bl)) {
				if al[k] != bl[k] {
					t.Fatalf("%v seed %d step %d (%s): the relink differs from a full link at line %d:\nrelink: %s\nfull:   %s", rb.profile, seed, step, what, k, al[k], bl[k])
				}
			}
			t.Fatalf("%v seed %d step %d (%s): the relink differs from a full link in length", rb.profile, seed, step, what)
		}
		if !reflect.DeepEqual(inc.Diagnostics, full.Diagnostics) {
			t.Fatalf("%v seed %d step %d (%s): diagnostics differ", rb.profile, seed, step, what)
		}
		prev = inc
	}
	return relinked
}

// TestRelinkEqualsLinkOnCorpus: 400 random edits per profile on the real
// book; most must take the relink path, and every result must equal the
// full link's.
func TestRelinkEqualsLinkOnCorpus(t *testing.T) {
	p := loadCorpus(t, "zguide-2025", Options{})
	for _, b := range []*Book{p.Main, p.Companion, p.Site} {
		rb := &relinkBook{profile: b.Profile, level: b.ChapterLevel, bf: b.Bookmarks}
		for _, f := range b.Files {
			rb.names = append(rb.names, f.Path)
			rb.texts = append(rb.texts, string(f.Syntax.Src))
		}
		steps := 400
		if testing.Short() || raceOn {
			steps = 60
		}
		reasons := map[string]int{}
		relinkRefused = func(why string) { reasons[why]++ }
		n := relinkEqualsLink(t, rb, int64(b.Profile)+1, steps)
		relinkRefused = nil
		t.Logf("%v: %d of %d edits relinked one file; full links: %v", b.Profile, n, steps, reasons)
		if n < steps/3 {
			t.Errorf("%v: only %d of %d edits took the relink path", b.Profile, n, steps)
		}
	}
}

// TestRelinkEqualsLinkSmallBooks covers every profile on a small book
// whose edits often reach the neighbours (pending bookmarks, open blocks,
// duplicates, symbols).
func TestRelinkEqualsLinkSmallBooks(t *testing.T) {
	texts := []string{
		".set TITLE=Boats\n+ Preface\n\nSee [#fold] and $(TITLE).\n.bookmark fold\n",
		"+ Folding\n\nFold it [#fold] [#sail] [#Chapter-2-Sailing].\n\n++ Creases\n\n[[code language=\"C\"]]\n.bookmark hidden\n[[/code]]\n",
		"+ Sailing\n.bookmark sail\n++ Wind\n\n[#creases] [#hidden] [#fold] $(TITLE)\n\n++ Wind\n\n[[code type=\"example\" title=\"Knot\" name=\"knot\"]]\nbody\n[[/code]]\n",
		"+ Appendix: Knots\n\n[#wind] [#sail]\n",
	}
	for _, pr := range []Profile{Mkwikidot, Mkdocbook, Mkmarkdown, Z2W} {
		for seed := int64(1); seed <= 8; seed++ {
			rb := &relinkBook{profile: pr, names: []string{"preface.txt", "chapter1.txt", "chapter2.txt", "appendix.txt"}, texts: append([]string(nil), texts...)}
			if seed%2 == 0 {
				rb.bf = ReadBookmarks(".bookmarks", []byte("fold Chapter 1 - Folding\nsail Chapter 2 - Sailing\nstale Old title\n"), pr == Mkmarkdown)
			}
			if pr == Z2W {
				for i := range rb.texts {
					rb.texts[i] = strings.ReplaceAll(rb.texts[i], "+ ", "++ ")
				}
			}
			steps := 150
			if raceOn {
				steps = 40
			}
			relinkEqualsLink(t, rb, seed, steps)
		}
	}
}

// TestRelinkKeepsTheBook: relinking with nothing changed returns the same
// (immutable) book, and a text edit shares the anchor tables.
func TestRelinkKeepsTheBook(t *testing.T) {
	rb := &relinkBook{profile: Mkwikidot, names: []string{"chapter1.txt", "chapter2.txt"}, texts: []string{".bookmark one\n+ One\n\nText [#two].\n", ".bookmark two\n+ Two\n\nMore [#one].\n"}}
	rb.scan()
	b := rb.link(nil)
	if got := rb.link(b); got != b {
		t.Errorf("relink without a change built a new book")
	}
	rb.texts[0] = ".bookmark one\n+ One\n\nText [#two] and [#nowhere].\n"
	rb.scan()
	got := rb.link(b)
	if &got.Registrations[0] != &b.Registrations[0] || got.first == nil || reflect.ValueOf(got.first).Pointer() != reflect.ValueOf(b.first).Pointer() {
		t.Errorf("a text edit did not share the anchor tables")
	}
	if len(got.Diagnostics) != 2 || got.Diagnostics[1].Message != "Undefined bookmark: nowhere; fix the name or add .bookmark nowhere before its header" {
		t.Errorf("diagnostics after the edit: %+v", got.Diagnostics)
	}
	if want := "Undefined bookmark: two\nUndefined bookmark: nowhere\n"; got.ToolOutput() != want {
		t.Errorf("tool output %q, want %q", got.ToolOutput(), want)
	}
}

// TestReloadEqualsFreshLoadOnCorpus: the server's path, Load reusing the
// previous project (relinked runs, audits redone only where headers
// moved), must equal a fresh Load after every random edit of the corpus.
func TestReloadEqualsFreshLoadOnCorpus(t *testing.T) {
	book := mapSource{}
	root := filepath.Join(corpusDir(t), "zguide-2025")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		book[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := Load(book, Options{})
	if fresh.Companion == nil || fresh.Site == nil {
		t.Fatal("the corpus book lost its companion or site run")
	}
	var guide []string
	for _, f := range fresh.Main.Files {
		guide = append(guide, f.Path)
	}
	rng := rand.New(rand.NewSource(7))
	prev, _ := Load(book, Options{})
	orig := maps.Clone(book)
	steps := 150
	if testing.Short() || raceOn {
		steps = 30
	}
	for step := 0; step < steps; step++ {
		name := guide[rng.Intn(len(guide))]
		rb := &relinkBook{names: []string{name}, texts: []string{book[name]}}
		what := rb.edit(rng, prev.Main.AnchorNames())
		book[name] = rb.texts[0]
		if step%25 == 24 {
			maps.Copy(book, orig)
			what = "undo"
		}
		reused, err := Load(book, Options{Reuse: prev})
		if err != nil {
			t.Fatal(err)
		}
		fresh, _ := Load(book, Options{})
		if !reflect.DeepEqual(reused.Diagnostics, fresh.Diagnostics) {
			for path, ds := range fresh.Diagnostics {
				if !reflect.DeepEqual(reused.Diagnostics[path], ds) {
					t.Fatalf("step %d (%s): diagnostics of %s differ from a fresh load:\nreused: %+v\nfresh:  %+v", step, what, path, reused.Diagnostics[path], ds)
				}
			}
			t.Fatalf("step %d (%s): diagnostics differ from a fresh load", step, what)
		}
		for _, pair := range [][2][]EntryAudit{{reused.BookmarksAudit, fresh.BookmarksAudit}, {reused.SiteAudit, fresh.SiteAudit}} {
			if len(pair[0]) != len(pair[1]) {
				t.Fatalf("step %d (%s): audits have %d and %d entries", step, what, len(pair[0]), len(pair[1]))
			}
			for i := range pair[0] {
				a, b := pair[0][i], pair[1][i]
				if a.Status != b.Status || a.Expected != b.Expected || a.OffByOne != b.OffByOne || a.Tool != b.Tool || *a.Entry != *b.Entry ||
					(a.Anchor == nil) != (b.Anchor == nil) || a.Anchor != nil && (a.Anchor.Name != b.Anchor.Name || a.Anchor.File != b.Anchor.File || a.Anchor.Header != b.Anchor.Header) {
					t.Fatalf("step %d (%s): audit of line %d differs:\nreused: %+v\nfresh:  %+v", step, what, i+1, a, b)
				}
			}
		}
		pairs := [][2]*Book{{reused.Main, fresh.Main}, {reused.Companion, fresh.Companion}, {reused.Site, fresh.Site}}
		if len(reused.Singles) != len(fresh.Singles) || len(fresh.Singles) == 0 {
			t.Fatalf("step %d (%s): %d and %d files built alone", step, what, len(reused.Singles), len(fresh.Singles))
		}
		for i := range fresh.Singles {
			pairs = append(pairs, [2]*Book{reused.Singles[i], fresh.Singles[i]})
			if reused.Singles[i].Outside != reused.Main {
				t.Fatalf("step %d (%s): a file built alone sees an earlier main run", step, what)
			}
		}
		for _, pair := range pairs {
			if a, b := dumpBook(pair[0]), dumpBook(pair[1]); a != b {
				t.Fatalf("step %d (%s): the %v run differs from a fresh load", step, what, pair[1].Profile)
			}
		}
		prev = reused
	}
}

// FuzzRelink: a three-file book, one file edited (replace bytes [at, at+cut)
// with ins); the relink from the first link must equal a full link, in
// every profile.
func FuzzRelink(f *testing.F) {
	f.Add(".set T=x\n+ One\n.bookmark two\n", "+ Two\n\n[#two] [#one] $(T)\n", "+ Three\n[#Chapter-1-One]\n", uint8(1), uint16(3), uint8(0), "word\n")
	f.Add("+ A\n[[code]]\n", "x\n[[/code]]\n+ B\n.bookmark b\n", "+ C [#b]\n.bogus\n", uint8(0), uint16(2), uint8(1), "\n")
	f.Add("+ Preface\n.bookmark p\n", "++ S\n.end\n[#p]\n", ".bookmark q\n", uint8(2), uint16(0), uint8(0), "+ Q\n")
	f.Fuzz(func(t *testing.T, a, b, c string, which uint8, at uint16, cut uint8, ins string) {
		texts := []string{a, b, c}
		for _, s := range texts {
			if len(s) > 4<<10 {
				return
			}
		}
		for _, pr := range []Profile{Mkwikidot, Mkdocbook, Mkmarkdown, Z2W} {
			rb := &relinkBook{profile: pr, names: []string{"preface.txt", "chapter1.txt", "chapter2.txt"}, texts: append([]string(nil), texts...)}
			if which&4 != 0 {
				rb.bf = ReadBookmarks(".bookmarks", []byte("one Chapter 1 - One\ntwo Two\nstale x\n"), pr == Mkmarkdown)
			}
			rb.scan()
			prev := rb.link(nil)
			i := int(which) % 3
			s := rb.texts[i]
			from := int(at) % (len(s) + 1)
			to := min(len(s), from+int(cut)%16)
			rb.texts[i] = s[:from] + ins + s[to:]
			rb.scan()
			if x, y := dumpBook(rb.link(prev)), dumpBook(rb.link(nil)); x != y {
				t.Fatalf("%v: the relink differs from a full link\nrelink:\n%s\nfull:\n%s", pr, x, y)
			}
		}
	})
}
