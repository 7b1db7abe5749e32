package analysis

import (
	"sort"
	"testing"
	"testing/fstest"
)

// The anchor diagnostics come with a fix that leaves no diagnostic behind:
// a repeated title gets its section's title, a second `.bookmark NAME` its
// header's anchor, a header without letters a `.bookmark`.
func TestAnchorFixesClearTheirDiagnostics(t *testing.T) {
	src := "+ Launching\n\n++ Summary\n\nText.\n\n+ Wind\n\n++ Summary\n\n.bookmark calm\n++ Calm\n\n.bookmark calm\n++ Calm Water\n\n++ 123\n\nSee [#calm].\n"
	load := func(src string) *Project {
		p, err := Load(FS(fstest.MapFS{"chapter1.txt": {Data: []byte(src)}}), Options{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := load(src)
	var codes []string
	for _, d := range p.Diagnostics["chapter1.txt"] {
		codes = append(codes, d.Code)
	}
	sort.Strings(codes)
	if got := fmtList(codes); got != "duplicate-anchor duplicate-anchor empty-anchor" {
		t.Fatalf("diagnostics before: %s", got)
	}
	fixes := p.AnchorFixes("chapter1.txt", 0, 100)
	want := []string{
		"Retitle as “Summary (Wind)” so its anchor is its own",
		"Remove this .bookmark: the header keeps its own anchor `Calm-Water`",
		"Name this header with `.bookmark Wind-section` so references can reach it",
	}
	if len(fixes) != len(want) {
		t.Fatalf("fixes: %+v", fixes)
	}
	for i, fix := range fixes {
		if fix.Title != want[i] {
			t.Errorf("fix %d: %q, want %q", i, fix.Title, want[i])
		}
		after := applyEdits(t, src, fix.Edits)
		for _, d := range load(after).Diagnostics["chapter1.txt"] {
			if d.Code == fix.Code && d.Line >= fix.At.Line-1 && d.Line <= fix.At.Line+1 {
				t.Errorf("after %q the diagnostic stays: %s\n%s", fix.Title, d.Message, after)
			}
		}
	}
}

func fmtList(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// A `.bookmark` no reference reaches, in the book or in a translation
// built alone, gets a hint; one a translation references does not.
func TestUnreferencedBookmarkHint(t *testing.T) {
	p, err := Load(FS(fstest.MapFS{
		"chapter1.txt":      {Data: []byte(".bookmark basics\n+ Basics\n\n.bookmark unused\n++ Spare Part\n\n.bookmark far\n++ Far Away\n\n.bookmark has space\n++ Spaced\n")},
		"chapter2.txt":      {Data: []byte("+ Two\n\nSee [#basics].\n")},
		"xl8n/chapter1.txt": {Data: []byte("+ Eins\n\nSiehe [#far].\n")},
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range p.AllDiagnostics() {
		if d.Code == DiagUnreferencedBookmark {
			got = append(got, d.Path+":"+d.Severity.String()+":"+d.Message)
			if !d.Unneeded || d.Line != 3 || d.Col != 10 || d.EndCol != 16 {
				t.Errorf("hint at %d:%d-%d unneeded=%v", d.Line, d.Col, d.EndCol, d.Unneeded)
			}
		}
	}
	want := `chapter1.txt:hint:bookmark "unused" is never referenced; reference it with [#unused] or remove it`
	if fmtList(got) != want {
		t.Errorf("hints: %q, want %q", got, want)
	}
}
