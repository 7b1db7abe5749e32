package analysis

import (
	"path"
	"strings"
)

// Some books make the tools die half-way: Perl stops with an error on
// stderr, the messages printed so far stay, and the bookmark file is not
// written (FIDELITY.md). The run simulates the three ways the generated
// and real books have shown:
//   - a text diagram whose body lines are all empty: the scale of the
//     picture is 60 divided by the longest line (mkwikidot, mkdocbook, z2w);
//   - a z2w run with no example block: the translation scoreboard divides
//     by the number of examples;
//   - a mkmarkdown chapter, Preface or Postface header before any
//     `.output`: the front matter is prepended to a file never opened.

// fatalState is what the run tracks to know when the tool dies.
type fatalState struct {
	output   bool // mkmarkdown: a `.output` was read
	examples int  // z2w: example blocks without language=
	diagram  bool // inside a text diagram
	longest  int  // its longest body line so far, as the tool measures it
	diagAt   Location
}

// diagramDivides reports whether the profile's tool scales text diagrams.
func (p Profile) diagramDivides() bool {
	return p == Mkwikidot || p == Mkdocbook || p == Z2W || p == Z2W201211
}

// die stops the run: the tool exits here and writes no bookmark file.
func (r *run) die(at Location, why string) {
	r.died = why
	r.stopped = true
	r.diag(at, SevError, CodeToolDies, why+": "+r.b.Profile.String()+" dies here, so the rest of the run is not processed and "+r.b.Profile.BookmarkFile()+" is not written")
}

// diagramOpened starts measuring a text diagram's body.
func (r *run) diagramOpened(fi, li int, block *CodeBlock) {
	if block.Kind == CodeTextDiagram && r.b.Profile.diagramDivides() {
		r.fatal.diagram, r.fatal.longest = true, 0
		r.fatal.diagAt = r.b.loc(fi, li, block.Opener)
	}
}

// diagramLine measures one body line: its length after Perl's chop (the
// newline, or the last byte of a file without a final newline).
func (r *run) diagramLine(fi, li int) {
	if !r.fatal.diagram {
		return
	}
	syn := r.b.Files[fi].Syntax
	end := len(syn.Src)
	if li+1 < len(syn.Lines) {
		end = syn.Lines[li+1].Start
	}
	if n := end - syn.Lines[li].Start - 1; n > r.fatal.longest {
		r.fatal.longest = n
	}
}

// diagramEnds closes a diagram; it reports whether the tool died on it.
func (r *run) diagramEnds(fi, li int) bool {
	if !r.fatal.diagram {
		return false
	}
	r.fatal.diagram = false
	if r.fatal.longest == 0 {
		r.die(r.fatal.diagAt, "text diagram with no body text (Illegal division by zero)")
		return true
	}
	return false
}

// headerDies reports whether mkmarkdown dies on a header: a chapter,
// Preface or Postface needs the file opened by a `.output` before it.
func (r *run) headerDies(fi, hi int) bool {
	b := r.b
	if b.Profile != Mkmarkdown || r.fatal.output {
		return false
	}
	f := b.Files[fi]
	h := &f.Syntax.Headers[hi]
	if h.Level != 1 || strings.HasPrefix(f.Syntax.Text(h.Title), "Appendix: ") {
		return false
	}
	r.die(b.lineLoc(fi, h.Line), "no .output line before this chapter header (add `.output "+strings.TrimSuffix(path.Base(f.Path), ".txt")+".wd` above it: mkmarkdown writes the chapter to the file it names, and without one fails with No such file or directory)")
	return true
}

// finishDies applies the deaths that happen after the last line.
func (r *run) finishDies() {
	if r.died != "" {
		return
	}
	if r.fatal.diagram && r.fatal.longest == 0 {
		r.die(r.fatal.diagAt, "text diagram never closed and with no body text (Illegal division by zero)")
		return
	}
	if (r.b.Profile == Z2W || r.b.Profile == Z2W201211) && r.fatal.examples == 0 && len(r.b.Files) > 0 {
		r.die(Location{Path: r.b.Files[0].Path}, "no example block in the run (z2w divides by the number of examples: Illegal division by zero)")
	}
}

// BookmarksAfterRun is the bookmark file on disk after one run of the
// tool: what it writes, or, when it died, the file it started from.
func (b *Book) BookmarksAfterRun() ([]byte, bool) {
	if b.Died == "" {
		return b.WrittenBookmarks(), true
	}
	if b.Bookmarks == nil || b.Fresh {
		return nil, false
	}
	return b.Bookmarks.Src, true
}
