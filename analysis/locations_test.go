package analysis

import (
	"slices"
	"strings"
	"testing"

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
		p := loadGenerated(t, seed, bookgen.Options{ChapterLevel: 1 + int(seed%2)})
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

// uniq keeps the first of each item in order, on the short path (up to
// 32 items, no map) and the long one alike.
func TestUniqKeepsFirstOccurrences(t *testing.T) {
	for _, n := range []int{0, 1, 5, 32, 33, 200} {
		var xs, want []Location
		seen := map[Location]bool{}
		for i := range n {
			l := Location{Path: "chapter1.txt", Line: (i * 7) % 11, Col: i % 3}
			xs = append(xs, l)
			if !seen[l] {
				seen[l] = true
				want = append(want, l)
			}
		}
		if got := uniq(xs); !slices.Equal(got, want) {
			t.Errorf("n=%d: uniq = %v, want %v", n, got, want)
		}
	}
}

// A hover's reference count is the length of the references list, on
// generated books: every header (one or two anchor names), in every book
// of the project, and every reference's subject.
func TestSubjectReferenceCountIsTheListsLength(t *testing.T) {
	counted := 0
	for seed := int64(1); seed <= 30; seed++ {
		p := loadGenerated(t, seed, bookgen.Options{ChapterLevel: 1 + int(seed%2), FreeNames: seed%3 == 0})
		for _, b := range p.books() {
			for fi, f := range b.Files {
				var subjects []Subject
				for hi := range f.Syntax.Headers {
					subjects = append(subjects, Subject{Kind: SubjectHeader, Book: b, File: fi, Index: hi})
				}
				for _, r := range f.Syntax.Refs {
					subjects = append(subjects, Subject{Kind: SubjectReference, Book: b, File: fi, Name: f.Syntax.Text(r.Name)})
				}
				for _, s := range subjects {
					if s.Kind == SubjectHeader {
						s.Name = f.Syntax.Text(f.Syntax.Headers[s.Index].Title)
					}
					want := len(p.References(s, false))
					if got := p.SubjectReferenceCount(s); got != want {
						t.Errorf("seed %d %s %v %q: count %d, references %d", seed, f.Path, s.Kind, s.Name, got, want)
					}
					counted += want
				}
			}
		}
	}
	if counted < 100 {
		t.Errorf("only %d references counted: the books are too thin to check", counted)
	}
}
