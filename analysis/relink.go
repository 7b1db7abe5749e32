// relink.go links a run again after one file changed, in time that does
// not grow with the files the change does not touch: a keystroke in a
// 700-file book costs what it costs in a 10-file one.
//
// The run is sequential, but nearly every edit leaves a file's anchors,
// symbols and exit state as they were: the rest of the run then reads
// exactly what it read before. Link keeps a trace of the run (the state at
// each file boundary and everything it produced, per file); relink reruns
// the changed file from its entry state against the earlier link's table
// (an overlayTable, table.go), checks that it converges, and shares the
// rest. The result equals what a full Link of the same input gives; any
// edit it cannot prove harmless falls back to the full Link.

package analysis

import (
	"maps"
	"slices"
)

// linkTrace is what a run produced, file by file.
type linkTrace struct {
	// entry, regs and tool have one more element than the run has files:
	// the run's state, registration count and message count before each
	// file, and at the end.
	entry []runState
	regs  []int
	tool  []int
	// Diagnostics by the file being read when they were found (run), and
	// by the file they are about: references, duplicate and empty anchors.
	run, refs, dups, empty [][]Diagnostic
	finish                 []Diagnostic
	// What each file adds to the run's state besides anchors.
	undef    [][]string    // symbols first reported undefined there
	sets     [][]setLine   // .set lines
	swallow  [][]swallowed // .bookmark lines inside code blocks
	numbered []bool        // a message holds the run's cumulative line number
	// swallowed is the run's swallowed bookmarks by name, the last one winning.
	swallowed map[string]Location
	// targets lists, per file, the files its reference diagnostics name;
	// deps is the reverse: the files whose diagnostics name this file.
	targets, deps [][]int
}

// runState is the run's state at a file boundary, as far as relink needs:
// the .bookmark still waiting for its header and the opener of a code
// block left open (both immutable) are kept, so that a file they cross
// into or out of can be rerun too.
type runState struct {
	lineNo, chapter int
	pending         *pendingBookmark
	unclosed        *Location
	ended, stopped  bool
	carry           carriedState
}

type setLine struct {
	name, value string
	at          Location
}

type swallowed struct {
	name string
	at   Location
}

func newTrace(n int) *linkTrace {
	return &linkTrace{
		entry: make([]runState, n+1), regs: make([]int, n+1), tool: make([]int, n+1),
		run: make([][]Diagnostic, n), refs: make([][]Diagnostic, n), dups: make([][]Diagnostic, n), empty: make([][]Diagnostic, n),
		undef: make([][]string, n), sets: make([][]setLine, n), swallow: make([][]swallowed, n), numbered: make([]bool, n),
		targets: make([][]int, n),
	}
}

// flatten lists the diagnostics in Link's order:
// the run's, the end of the run's, then references, duplicates and empty
// anchors, each file by file.
func (t *linkTrace) flatten() []Diagnostic {
	n := len(t.finish)
	for _, parts := range [][][]Diagnostic{t.run, t.refs, t.dups, t.empty} {
		for _, ds := range parts {
			n += len(ds)
		}
	}
	out := make([]Diagnostic, 0, n)
	for _, ds := range t.run {
		out = append(out, ds...)
	}
	out = append(out, t.finish...)
	for _, parts := range [][][]Diagnostic{t.refs, t.dups, t.empty} {
		for _, ds := range parts {
			out = append(out, ds...)
		}
	}
	return out
}

func (t *linkTrace) swallowedMap() map[string]Location {
	var m map[string]Location
	for _, sw := range t.swallow {
		for _, s := range sw {
			if m == nil {
				m = map[string]Location{}
			}
			m[s.name] = s.at
		}
	}
	return m
}

// dependents reverses targets: for each file, the files naming it.
func dependents(targets [][]int) [][]int {
	deps := make([][]int, len(targets))
	for fi, ts := range targets {
		for _, t := range ts {
			if t != fi {
				deps[t] = append(deps[t], fi)
			}
		}
	}
	return deps
}

// relink returns the link of in, sharing everything but one file with
// prev, or nil when the change may reach beyond that file. Its phases:
// find the one changed file, rerun it (and the files whose messages
// quote a line number it moved), then patch what the rerun changed into
// a copy of prev: line numbers, .set definitions, the tool's messages,
// and the diagnostics that name the changed file's places.
func relink(prev *Book, in LinkInput, level int) *Book {
	if !relinkable(prev, in, level) {
		return nil
	}
	c, ok := changedFile(prev, in)
	switch {
	case !ok:
		return nil
	case c < 0:
		return unchanged(prev, in)
	}
	rl := newRelinker(prev, in, c)
	if !rl.rerun() {
		return nil
	}
	rl.shiftLineNumbers()
	rl.redefineSymbols()
	rl.spliceTool()
	rl.refreshFileDiagnostics()
	rl.refreshMovedPlaces()
	rl.nb.trace = rl.nt
	rl.nb.Diagnostics = rl.nt.flatten()
	return rl.nb
}

// relinkable tells whether in is the run prev linked, up to the files'
// contents, and prev's run is one a relink can reproduce.
func relinkable(prev *Book, in LinkInput, level int) bool {
	return prev.trace != nil && in.Profile == prev.Profile && in.Profile != Z2W201211 && level == prev.ChapterLevel && prev.Died == "" && !prev.readsExtra &&
		in.Bookmarks == prev.Bookmarks && in.Fresh == prev.Fresh && sameOutside(in.Outside, prev.Outside) &&
		len(in.Files) == len(prev.Files) && maps.Equal(in.Symbols, prev.symbolsIn)
}

// changedFile is the index of the one file whose scan differs from prev's,
// -1 when none does; false when the paths differ or several files changed.
func changedFile(prev *Book, in LinkInput) (int, bool) {
	c := -1
	for i, sf := range in.Files {
		old := prev.Files[i]
		if sf.Path != old.Path {
			return -1, false
		}
		if sf.Syntax != old.Syntax {
			if c >= 0 {
				refused("several files")
				return -1, false
			}
			c = i
		}
	}
	return c, true
}

// unchanged is the link of in when no file changed: prev itself, or prev
// with the Outside it sees now (relinked from prev's, its anchors where
// they were).
func unchanged(prev *Book, in LinkInput) *Book {
	if in.Outside == prev.Outside {
		return prev // books are immutable
	}
	nb := *prev
	nb.Outside = in.Outside
	return &nb
}

// relinker carries a relink of file c from prev into nb and nt, which
// share with prev (and its trace t) every slice they do not replace.
type relinker struct {
	prev  *Book
	in    LinkInput
	c     int
	t, nt *linkTrace
	nb    *Book
	// redo lists the rerun files in run order (c first), segs their tool
	// messages; delta is how much c moved the run's line count.
	redo  []int
	segs  [][]ToolLine
	delta int
}

func newRelinker(prev *Book, in LinkInput, c int) *relinker {
	t := prev.trace
	nb := *prev
	nb.Outside = in.Outside
	nb.Files = slices.Clone(prev.Files)
	nt := *t
	nt.run, nt.sets, nt.swallow, nt.undef, nt.numbered = slices.Clone(t.run), slices.Clone(t.sets), slices.Clone(t.swallow), slices.Clone(t.undef), slices.Clone(t.numbered)
	nt.refs, nt.dups, nt.empty = slices.Clone(t.refs), slices.Clone(t.dups), slices.Clone(t.empty)
	return &relinker{prev: prev, in: in, c: c, t: t, nt: &nt, nb: &nb}
}

// rerun reruns file c and, when its line count changed, the later files
// whose messages quote the run's cumulative line number; false
// when one of them does not converge.
func (rl *relinker) rerun() bool {
	rl.redo = []int{rl.c}
	for k := 0; k < len(rl.redo); k++ {
		fi := rl.redo[k]
		seg, d, ok := relinkFile(rl.prev, rl.nb, rl.nt, rl.in.Files[fi], fi, rl.delta)
		if !ok {
			return false
		}
		rl.segs = append(rl.segs, seg)
		if fi == rl.c && d != 0 {
			rl.delta = d
			for x := rl.c + 1; x < len(rl.in.Files); x++ {
				if rl.t.numbered[x] {
					rl.redo = append(rl.redo, x)
				}
			}
		}
	}
	return true
}

// shiftLineNumbers moves the run's line count at the later file
// boundaries by delta.
func (rl *relinker) shiftLineNumbers() {
	if rl.delta == 0 {
		return
	}
	rl.nt.entry = slices.Clone(rl.t.entry)
	for i := rl.c + 1; i < len(rl.nt.entry); i++ {
		rl.nt.entry[i].lineNo += rl.delta
	}
}

// redefineSymbols rebuilds the definitions of the names file c sets when
// its .set lines moved (their names and values are the same: the rerun
// converged).
func (rl *relinker) redefineSymbols() {
	c := rl.c
	if len(rl.t.sets[c]) == 0 || slices.Equal(rl.nt.sets[c], rl.t.sets[c]) {
		return
	}
	names := map[string]bool{}
	for _, s := range rl.nt.sets[c] {
		names[s.name] = true
	}
	rl.nb.Symbols = maps.Clone(rl.prev.Symbols)
	maps.Copy(rl.nb.Symbols, symbolDefs(rl.nt.sets, names))
}

// spliceTool replaces the rerun files' tool messages and moves the later
// files' message offsets.
func (rl *relinker) spliceTool() {
	prev, t, nb := rl.prev, rl.t, rl.nb
	nb.Tool = make([]ToolLine, 0, len(prev.Tool)+8)
	from := 0
	for k, fi := range rl.redo {
		nb.Tool = append(append(nb.Tool, prev.Tool[from:t.tool[fi]]...), rl.segs[k]...)
		from = t.tool[fi+1]
	}
	nb.Tool = append(nb.Tool, prev.Tool[from:]...)
	if len(nb.Tool) == len(prev.Tool) && len(rl.redo) == 1 {
		return
	}
	n := len(rl.in.Files)
	rl.nt.tool = slices.Clone(t.tool)
	shift := 0
	for fi, k := 0, 0; fi < n; fi++ {
		rl.nt.tool[fi] += shift
		if k < len(rl.redo) && rl.redo[k] == fi {
			shift += len(rl.segs[k]) - (t.tool[fi+1] - t.tool[fi])
			k++
		}
	}
	rl.nt.tool[n] += shift
}

// refreshFileDiagnostics recomputes the rerun files' reference, duplicate
// and empty-anchor diagnostics, and the files they name.
func (rl *relinker) refreshFileDiagnostics() {
	nb, nt, t := rl.nb, rl.nt, rl.t
	changedTargets := false
	for _, fi := range rl.redo {
		var targets []int
		nt.refs[fi], targets = nb.refDiagnostics(nt, fi, true)
		nt.dups[fi], nt.empty[fi] = nb.dupDiagnostics(nt, fi), nb.emptyDiagnostics(fi)
		if !slices.Equal(targets, t.targets[fi]) {
			if !changedTargets {
				nt.targets = slices.Clone(t.targets)
				changedTargets = true
			}
			nt.targets[fi] = targets
		}
	}
	if changedTargets {
		nt.deps = dependents(nt.targets) // rare: the file now names other files
	}
}

// refreshMovedPlaces, when places of file c that other files' messages
// quote moved, gives the book new place identity and recomputes those
// files' reference and duplicate diagnostics.
func (rl *relinker) refreshMovedPlaces() {
	prev, nb, nt, t, c := rl.prev, rl.nb, rl.nt, rl.t, rl.c
	if !prev.placesMoved(nb, c) {
		return
	}
	nb.places, nb.prevPlaces, nb.moved = new(epoch), prev.places, c
	for _, fi := range nt.deps[c] {
		nt.refs[fi], _ = nb.refDiagnostics(nt, fi, false)
	}
	for _, a := range prev.Registrations[t.regs[c]:t.regs[c+1]] {
		for d := nb.first[a.Name]; d != nil; d = d.next {
			if d.File != c {
				nt.dups[d.File] = nb.dupDiagnostics(nt, d.File)
			}
		}
	}
}

// relinkFile reruns file fi of the run from its entry state (its line
// number moved by delta) against prev's table, into nb and nt. It returns
// the file's tool messages and how much it moved the run's line count, or
// false when the file does not leave the run as it did in prev.
func relinkFile(prev, nb *Book, nt *linkTrace, sf SourceFile, fi, delta int) ([]ToolLine, int, bool) {
	t := prev.trace
	syn, oldSyn := sf.Syntax, prev.Files[fi].Syntax
	entry, exit := t.entry[fi], t.entry[fi+1]
	// The scan's code-block state at the edges must be the same, or the
	// next file was scanned again too; a stopped run never reads the file.
	if syn.Entry != oldSyn.Entry || syn.Exit != oldSyn.Exit || entry.stopped {
		refused("the file's edges")
		return nil, 0, false
	}
	nb.Files[fi] = newBookFile(sf)
	nt.run[fi], nt.sets[fi], nt.swallow[fi], nt.undef[fi], nt.numbered[fi] = nil, nil, nil, nil, false
	tab := &overlayTable{prior: prev, base: t.regs[fi]}
	r := newRun(nb, nt, tab, prev.symbolsAt(fi))
	entry.lineNo += delta
	r.resume(fi, entry)
	for k := 0; k < fi; k++ {
		for _, name := range t.undef[k] {
			r.undefReported[name] = true
		}
	}
	r.file(fi)
	if !r.converged(prev, tab, fi, exit) {
		refused("the file's anchors or exit state")
		return nil, 0, false
	}
	return r.out, r.lineNo - delta - exit.lineNo, true
}

// converged tells whether the rerun of file fi left the same anchors,
// symbols and state as prev's run (whose state after the file is exit).
// A .bookmark or a block open across the edge must not have moved: later
// files' messages quote its place.
func (r *run) converged(prev *Book, tab *overlayTable, fi int, exit runState) bool {
	t, nt := prev.trace, r.t
	return samePtr(r.pending, exit.pending) && samePtr(r.unclosed, exit.unclosed) && r.chapter == exit.chapter && r.ended == exit.ended && r.stopped == exit.stopped &&
		r.died == "" && r.carry == exit.carry && !r.b.readsExtra &&
		sameAnchors(tab.fresh, prev.Registrations[t.regs[fi]:t.regs[fi+1]]) &&
		slices.Equal(nt.undef[fi], t.undef[fi]) &&
		slices.EqualFunc(nt.sets[fi], t.sets[fi], func(a, b setLine) bool { return a.name == b.name && a.value == b.value }) &&
		slices.EqualFunc(nt.swallow[fi], t.swallow[fi], func(a, b swallowed) bool { return a == b })
}

// samePtr tells whether two optional values are equal.
func samePtr[T comparable](a, b *T) bool {
	return a == b || a != nil && b != nil && *a == *b
}

// relinkRefused, when set (by tests), learns why a relink fell back.
var relinkRefused func(reason string)

func refused(reason string) *Book {
	if relinkRefused != nil {
		relinkRefused(reason)
	}
	return nil
}

// sameOutside tells whether a file built alone sees the same main run:
// the same book, or one relinked from it with its anchors at the same
// places, which is all such a file reads of it (through its references).
func sameOutside(a, b *Book) bool {
	return a == b || a != nil && b != nil && a.anchors == b.anchors && a.places == b.places
}

// sameAnchors tells whether a rerun registered what the earlier run did;
// positions are indices, so equal anchors are interchangeable and the
// earlier ones (which the book's tables and references hold) stay.
func sameAnchors(fresh, old []*Anchor) bool {
	return slices.EqualFunc(fresh, old, func(a, b *Anchor) bool {
		return a.Name == b.Name && a.Kind == b.Kind && a.Title == b.Title && a.File == b.File && a.Header == b.Header &&
			a.bm == b.bm && a.Seq == b.Seq && a.Stored == b.Stored && a.NextTitle == b.NextTitle && a.doc == b.doc
	})
}

// placesMoved tells whether a place of file c that other files' messages
// quote (a header with an anchor, a .bookmark line) is not where it was.
func (b *Book) placesMoved(nb *Book, c int) bool {
	t := b.trace
	for _, a := range b.Registrations[t.regs[c]:t.regs[c+1]] {
		if b.anchorLoc(a) != nb.anchorLoc(a) {
			return true
		}
		l1, _ := b.BookmarkLoc(a)
		l2, _ := nb.BookmarkLoc(a)
		if l1 != l2 {
			return true
		}
	}
	return false
}

// symbolsAt is the run's symbol table as it reaches file c.
func (b *Book) symbolsAt(c int) map[string]string {
	m := maps.Clone(b.symbolsIn)
	if m == nil {
		m = map[string]string{}
	}
	for fi := 0; fi < c; fi++ {
		for _, s := range b.trace.sets[fi] {
			m[s.name] = s.value
		}
	}
	return m
}
