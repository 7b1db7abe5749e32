package analysis

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookmarks-ls/bookmarks-ls/internal/bookgen"
)

func TestHeaderTitleAndEntryLocations(t *testing.T) {
	p := smallProject(t)
	f, _ := p.Main.File("chapter1.txt") // ".bookmark basics\n+ Basics\n…\n++ Getting Started\n…"
	if got := fmtLocs([]Location{f.HeaderTitleLocation(0), f.HeaderTitleLocation(1)}); got != "chapter1.txt:1:2-8 chapter1.txt:7:3-18" {
		t.Errorf("header titles %s", got)
	}
	secs := f.Syntax.Sections()
	if line, col := f.SectionEnd(secs[0]); line != 8 || col != 38 {
		t.Errorf("end of the Basics section: %d:%d, want 8:38 (its last line's text)", line, col)
	}
	bf := p.Site.Bookmarks // "sockets Chapter 2 - Sockets|chapter2\n"
	e := &bf.Entries[0]
	if got := fmtLocs([]Location{bf.EntryLineLocation(e), bf.EntryAnchorLocation(e)}); got != "site/.bookmarks:0:0-36 site/.bookmarks:0:0-7" {
		t.Errorf("entry locations %s", got)
	}
}

// TestLocationsGenerated checks the queries on generated books, whose
// headers have odd marks and blanks and whose references odd names: a
// header's title follows its marks and blanks only, and a cursor just
// after a reference's `[#` completes an anchor from there.
func TestLocationsGenerated(t *testing.T) {
	headers, refs := 0, 0
	for seed := int64(1); seed <= 20; seed++ {
		gb := bookgen.Generate(seed, bookgen.Options{ChapterLevel: 1 + int(seed%2)})
		fsys := fstest.MapFS{}
		for path, s := range gb.Files {
			fsys[path] = &fstest.MapFile{Data: []byte(s)}
		}
		p, err := Load(FS(fsys), Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, f := range p.Main.Files {
			text := string(f.Syntax.Src)
			headers += len(f.Syntax.Headers)
			refs += len(f.Syntax.Refs)
			for hi, h := range f.Syntax.Headers {
				l := f.HeaderTitleLocation(hi)
				ls := int(f.Syntax.Lines[h.Line].Start)
				lead := text[ls : ls+l.Col]
				if l.Line != h.Line || strings.Count(lead, "+") != h.Level || strings.Trim(lead, "+ \t") != "" ||
					text[ls+l.Col:ls+l.EndCol] != f.Syntax.Text(h.Title) {
					t.Errorf("seed %d %s:%d: title at %d-%d of %q", seed, f.Path, h.Line, l.Col, l.EndCol, text[ls:f.Syntax.Lines[h.Line].End])
				}
			}
			for _, r := range f.Syntax.Refs {
				c := CompletionContext(text, r.Span.Start+2)
				if c.Kind != CompleteAnchor || c.Start != r.Span.Start+2 || c.Prefix != "" {
					t.Errorf("seed %d %s:%d: after `[#` of %q: %+v", seed, f.Path, r.Line, text[r.Span.Start:r.Span.End], c)
				}
			}
		}
	}
	if headers < 50 || refs < 50 {
		t.Errorf("the books had %d headers and %d references: too few to check", headers, refs)
	}
}
