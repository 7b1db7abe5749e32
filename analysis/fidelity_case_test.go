package analysis

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/bookmarks-ls/bookmarks-ls/internal/oracle"
)

// fidelityCase is one run of a real tool on a small book, with what the
// tool printed and the bookmark file it left: the differential test writes
// one for every divergence it minimises, and TestDifferentialCases checks
// the model against each of them without Perl.
type fidelityCase struct {
	Name  string
	Tool  string
	Note  string   // what diverged, for the reader
	Order []string // the run's file arguments
	// Files are the book's files before the run, bookmark files included.
	Files    map[string]string
	Messages string
	// Bookmarks is the tool's bookmark file after the run, lines sorted;
	// HasBookmarks is false when none exists.
	Bookmarks    string
	HasBookmarks bool
	// Hangs: the tool never ends on this book (then nothing else is compared).
	Hangs bool
}

const caseDir = "testdata/differential"

// format writes a case as quoted lines: exact bytes (CR, invalid UTF-8,
// a missing final newline) survive, and a diff of a case stays readable.
func (c *fidelityCase) format() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# A run of the real %s, recorded by TestDifferential (see analysis/FIDELITY.md).\n", c.Tool)
	if c.Note != "" {
		for _, l := range strings.Split(c.Note, "\n") {
			fmt.Fprintf(&b, "# %s\n", l)
		}
	}
	fmt.Fprintf(&b, "tool %s\n", c.Tool)
	b.WriteString("order")
	for _, o := range c.Order {
		b.WriteString(" " + strconv.Quote(o))
	}
	b.WriteString("\n")
	var names []string
	for n := range c.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "file %s %s\n", strconv.Quote(n), strconv.Quote(c.Files[n]))
	}
	if c.Hangs {
		b.WriteString("hangs\n")
		return b.Bytes()
	}
	fmt.Fprintf(&b, "messages %s\n", strconv.Quote(c.Messages))
	if c.HasBookmarks {
		fmt.Fprintf(&b, "bookmarks %s\n", strconv.Quote(c.Bookmarks))
	} else {
		b.WriteString("bookmarks none\n")
	}
	return b.Bytes()
}

func parseCase(name string, data []byte) (*fidelityCase, error) {
	c := &fidelityCase{Name: name, Files: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			if note, ok := strings.CutPrefix(line, "# "); ok && ln > 1 {
				if c.Note != "" {
					c.Note += "\n"
				}
				c.Note += note
			}
			continue
		}
		key, rest, _ := strings.Cut(line, " ")
		words, err := quotedWords(rest)
		bad := func(what string) error { return fmt.Errorf("%s:%d: %s", name, ln, what) }
		switch {
		case key == "tool":
			c.Tool = rest
		case key == "hangs":
			c.Hangs = true
		case err != nil:
			return nil, bad(err.Error())
		case key == "order":
			c.Order = words
		case key == "file" && len(words) == 2:
			c.Files[words[0]] = words[1]
		case key == "messages" && len(words) == 1:
			c.Messages = words[0]
		case key == "bookmarks" && rest == "none":
		case key == "bookmarks" && len(words) == 1:
			c.Bookmarks, c.HasBookmarks = words[0], true
		default:
			return nil, bad("unknown line")
		}
	}
	if c.Tool == "" || len(c.Order) == 0 {
		return nil, fmt.Errorf("%s: no tool or no order", name)
	}
	return c, sc.Err()
}

// quotedWords splits `"a" "b"` into its unquoted strings.
func quotedWords(s string) ([]string, error) {
	var out []string
	for s = strings.TrimLeft(s, " "); s != ""; s = strings.TrimLeft(s, " ") {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return out, nil // not a quoted list (tool NAME)
		}
		u, err := strconv.Unquote(q)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
		s = s[len(q):]
	}
	return out, nil
}

// toolProfile maps a tool of shared/oracle to the profile and chapter level
// that model it.
func toolProfile(tool string) (Profile, int) {
	switch tool {
	case "mkwikidot":
		return Mkwikidot, 1
	case "mkdocbook":
		return Mkdocbook, 1
	case "mkmarkdown":
		return Mkmarkdown, 1
	case "z2w-2012-12":
		return Z2W, 2
	case "z2w-2012-11":
		return Z2W201211, 2
	case "mkbook-2012-12":
		return Mkbook, 2
	case "mkbook-2012-11":
		return Mkbook201211, 2
	}
	panic("unknown tool " + tool)
}

// modelRun is what bookmarks-ls says one run of tool prints and leaves
// (`check --format tool` and `bookmarks`), on the book's files as given.
func modelRun(tool string, files map[string]string, order []string) (messages, bookmarks string, has bool) {
	b := modelBook(tool, files, order)
	if b == nil {
		return "load failed", "", false
	}
	out, saved := b.BookmarksAfterRun()
	return b.ToolOutput(), oracle.SortedBookmarks(out), saved
}

// modelBook is the model's run of tool on the files.
func modelBook(tool string, files map[string]string, order []string) *Book {
	prof, level := toolProfile(tool)
	opts := Options{Profile: &prof, Order: order, ChapterLevel: level}
	for name := range files {
		if strings.HasPrefix(name, "bin/") {
			opts.Order = nil // a book with a driver script: its run order is the model's to find
		}
	}
	p, err := Load(mapSource(files), opts)
	if err != nil {
		return nil
	}
	return p.Main
}

// check compares the model with the recorded run; "" when they agree.
func (c *fidelityCase) check() string {
	if c.Hangs {
		if b := modelBook(c.Tool, c.Files, c.Order); b == nil || !b.Hangs {
			return "the tool loops forever; the model does not say so"
		}
		return ""
	}
	msgs, bms, has := modelRun(c.Tool, c.Files, c.Order)
	var d []string
	if msgs != c.Messages {
		d = append(d, fmt.Sprintf("messages:\n  tool:  %q\n  model: %q", c.Messages, msgs))
	}
	if has != c.HasBookmarks || bms != c.Bookmarks {
		d = append(d, fmt.Sprintf("%s:\n  tool:  %q (exists %v)\n  model: %q (exists %v)", oracle.BookmarkFile(c.Tool), c.Bookmarks, c.HasBookmarks, bms, has))
	}
	return strings.Join(d, "\n")
}

// TestDifferentialCases replays every recorded divergence: each was a bug
// of the model once, and stays fixed without Perl.
func TestDifferentialCases(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(caseDir, "*.case"))
	if len(paths) == 0 {
		t.Fatalf("no cases in %s", caseDir)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseCase(filepath.Base(p), data)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(c.Name, ".case"), func(t *testing.T) {
			if d := c.check(); d != "" {
				t.Errorf("%s\n%s", p, d)
			}
		})
	}
}

var recordCases = flag.Bool("record-cases", false, "TestDifferentialCasesAreTheTools: rewrite each case's messages and bookmarks with what the real tool prints and leaves")

// TestDifferentialCasesAreTheTools checks, where Perl is, that every
// recorded case is still what the real tool prints and writes.
func TestDifferentialCasesAreTheTools(t *testing.T) {
	dir := requireOracle(t)
	paths, _ := filepath.Glob(filepath.Join(caseDir, "*.case"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseCase(filepath.Base(p), data)
		if err != nil {
			t.Fatal(err)
		}
		folder, err := oracle.NewFolder(dir, c.Files)
		if err != nil {
			t.Fatal(err)
		}
		res, err := folder.Run(c.Tool, runArgs(c.Tool, c.Order))
		folder.Remove()
		if c.Hangs {
			if !errors.Is(err, oracle.ErrHang) {
				t.Errorf("%s: the case says the tool loops forever; it ended (%v)", p, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if *recordCases {
			// Hand-written cases: the tool's outputs are filled in here.
			c.Messages, c.Bookmarks, c.HasBookmarks = res.Messages(), oracle.SortedBookmarks(res.Bookmarks), res.Bookmarks != nil
			if err := os.WriteFile(p, c.format(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got := res.Messages(); got != c.Messages {
			t.Errorf("%s: the tool prints %q, the case says %q", p, got, c.Messages)
		}
		if got := oracle.SortedBookmarks(res.Bookmarks); got != c.Bookmarks || (res.Bookmarks != nil) != c.HasBookmarks {
			t.Errorf("%s: the tool leaves %q (exists %v), the case says %q (exists %v)", p, got, res.Bookmarks != nil, c.Bookmarks, c.HasBookmarks)
		}
	}
}
