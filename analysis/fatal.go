package analysis

import (
	"bytes"
	"path"
	"strconv"
	"strings"
)

// Some books make the tools die half-way: Perl stops with an error on
// stderr, the messages printed so far stay, and the bookmark file is not
// written (FIDELITY.md). The run simulates the three ways the generated
// and real books have shown:
//   - a text diagram whose body lines are all empty: the scale of the
//     picture is 60 (mkbook: 40) divided by the longest line (every tool
//     but mkmarkdown);
//   - a z2w run with no example block: the translation scoreboard divides
//     by the number of examples;
//   - a mkmarkdown chapter, Preface or Postface header before any
//     `.output`: the front matter is prepended to a file never opened;
//   - z2w, a `.output` after a `.prelude` of a file that does not exist.

// carriedState is what the run tracks to know when the tool dies.
type carriedState struct {
	output   bool // mkmarkdown: a `.output` was read
	examples int  // z2w: example blocks without language=
	diagram  bool // inside a text diagram
	// The measured diagram's longest body line so far, as the tool
	// measures it, its opener, and its title, written after its body;
	// diagramEnds clears them.
	longest   int
	diagAt    Location
	diagTitle string
	// mdAnchor is mkmarkdown's current anchor: the last header's, or a
	// .bookmark's name as written (a + Appendix: header takes it).
	mdAnchor string
	// prelude is z2w's .prelude file, copied into every later .output.
	prelude string
}

// diagramDivides reports whether the profile's tool scales text diagrams.
func (p Profile) diagramDivides() bool {
	return p != Mkmarkdown // 60 (40 in mkbook) divided by the longest line
}

// die stops the run: the tool exits here and writes no bookmark file.
func (r *run) die(at Location, why string) {
	r.died = why
	r.stopped = true
	r.diag(at, SevError, DiagToolDies, r.b.Profile.String()+" dies here ("+why+"), so it writes no "+r.b.Profile.BookmarkFile())
}

// diagramOpened starts measuring a text diagram's body.
func (r *run) diagramOpened(fi, li int, block *CodeBlock) {
	if block.Kind == BlockTextDiagram && r.b.Profile.diagramDivides() {
		r.carry.diagram, r.carry.longest = true, 0
		r.carry.diagAt = r.b.loc(fi, li, block.Opener)
	}
}

// diagramLine measures one body line: its length after Perl's chop (the
// newline, or the last byte of a file without a final newline).
func (r *run) diagramLine(fi, li int) {
	if !r.carry.diagram {
		return
	}
	syn := r.b.Files[fi].Syntax
	end := len(syn.Src)
	if li+1 < len(syn.Lines) {
		end = int(syn.Lines[li+1].Start)
	}
	if n := end - int(syn.Lines[li].Start) - 1; n > r.carry.longest {
		r.carry.longest = n
	}
}

// diagramEnds closes a diagram; it reports whether the tool died on it.
func (r *run) diagramEnds(fi, li int) bool {
	if !r.carry.diagram {
		return false
	}
	r.carry.diagram = false
	if r.carry.longest == 0 {
		r.die(r.carry.diagAt, "text diagram with no body text (Illegal division by zero)")
		return true
	}
	r.figureWritten()
	// What the measure kept is dead now: a file's exit state must not hold
	// the place of its last diagram, or every edit above it would move
	// that state and a relink would fall back to the full Link.
	r.carry.longest, r.carry.diagAt, r.carry.diagTitle = 0, Location{}, ""
	return false
}

// headerDies reports whether mkmarkdown dies on a header: a chapter,
// Preface or Postface needs the file opened by a `.output` before it.
func (r *run) headerDies(fi, hi int) bool {
	b := r.b
	if b.Profile != Mkmarkdown || r.carry.output {
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

// firstLine is the start of the run's first line: in its first file that
// has one (an empty file has no line to point at).
func (r *run) firstLine() Location {
	for _, f := range r.b.Files {
		if len(f.Syntax.Lines) > 0 {
			return LineStart(f.Path, 0)
		}
	}
	return LineStart(r.b.Files[0].Path, 0)
}

// finishDies applies the deaths that happen after the last line.
func (r *run) finishDies() {
	if r.died != "" {
		return
	}
	if r.carry.diagram {
		if r.carry.longest == 0 {
			r.die(r.carry.diagAt, "text diagram never closed and with no body text (Illegal division by zero)")
			return
		}
		r.figureWritten() // the body ran to the end of the run
	}
	if (r.b.Profile == Z2W || r.b.Profile == Z2W201211) && r.carry.examples == 0 && len(r.b.Files) > 0 {
		r.die(r.firstLine(), "no example block in the run (z2w divides by the number of examples: Illegal division by zero)")
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

// writePrelude is z2w's `.output` after a `.prelude`: the prelude's lines
// are written (and expanded) into the new file; a prelude that cannot be
// read kills the tool. It reports whether the tool died.
func (r *run) writePrelude(fi, li int) bool {
	var data []byte
	ok := false
	if r.readExtra != nil {
		data, ok = r.readExtra(r.carry.prelude)
		r.b.readsExtra = true
	}
	if !ok {
		r.die(r.b.lineLoc(fi, li), "the .prelude file "+r.carry.prelude+" cannot be opened (Can't open "+r.carry.prelude+")")
		return true
	}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		r.simulate(string(line[:len(line)-1])) // chop: the newline, or the last byte
	}
	return false
}

// loops marks a line the tool rewrites forever: a reference whose stored
// title holds a reference back to it. Perl never ends there; what it
// printed stays in its buffer.
func (r *run) loops(name string) {
	if r.died != "" {
		return
	}
	r.hangs = true
	r.died = "the title stored for " + strconv.Quote(name) + " holds a reference that leads back to it: the tool rewrites this line forever"
	r.stopped = true
	at := Location{}
	if fi := min(r.cur, len(r.b.Files)-1); fi >= 0 {
		at = LineStart(r.b.Files[fi].Path, max(0, r.lineNo-r.t.entry[fi].lineNo-1))
	}
	r.diag(at, SevError, DiagToolDies, r.died+" ("+r.b.Profile.String()+" never finishes and writes no "+r.b.Profile.BookmarkFile()+")")
}
