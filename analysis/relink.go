// relink.go links a run again after one file changed, in time that does
// not grow with the files the change does not touch (issue: a keystroke
// in a 700-file book must cost what it costs in a 10-file one).
//
// The run is sequential, but nearly every edit leaves a file's anchors,
// symbols and exit state as they were: the rest of the run then reads
// exactly what it read before. Link keeps a trace of the run (the state at
// each file boundary and everything it produced, per file); relink reruns
// the changed file from its entry state against a view of the earlier
// link's table, checks that it converges, and shares the rest. Any edit it
// cannot prove harmless falls back to the full Link.

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

// flatten lists the diagnostics in the order Link has always given them:
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
// prev, or nil when the change may reach beyond that file.
func relink(prev *Book, in LinkInput, level int) *Book {
	t := prev.trace
	if t == nil || in.Profile != prev.Profile || in.Profile == Z2W201211 || level != prev.ChapterLevel || prev.Died != "" || prev.readsExtra ||
		in.Bookmarks != prev.Bookmarks || in.Fresh != prev.Fresh || !sameOutside(in.Outside, prev.Outside) ||
		len(in.Files) != len(prev.Files) || !maps.Equal(in.Symbols, prev.symbolsIn) {
		return nil
	}
	c := -1
	for i, sf := range in.Files {
		old := prev.Files[i]
		if sf.Path != old.Path {
			return nil
		}
		if sf.Syntax != old.Syntax {
			if c >= 0 {
				return refused("several files")
			}
			c = i
		}
	}
	if c < 0 {
		if in.Outside == prev.Outside {
			return prev // nothing changed: books are immutable
		}
		nb := *prev // the main run was relinked, its anchors where they were
		nb.Outside = in.Outside
		return &nb
	}
	nb := *prev
	nb.Outside = in.Outside
	nb.Files = slices.Clone(prev.Files)
	nt := *t
	nt.run, nt.sets, nt.swallow, nt.undef, nt.numbered = slices.Clone(t.run), slices.Clone(t.sets), slices.Clone(t.swallow), slices.Clone(t.undef), slices.Clone(t.numbered)
	nt.refs, nt.dups, nt.empty = slices.Clone(t.refs), slices.Clone(t.dups), slices.Clone(t.empty)

	// Rerun the file; when its line count changed, also the later files
	// whose messages quote the run's cumulative line number (§2.4).
	redo, segs, delta := []int{c}, [][]ToolLine(nil), 0
	for k := 0; k < len(redo); k++ {
		fi := redo[k]
		seg, d, ok := relinkFile(prev, &nb, &nt, in.Files[fi], fi, delta)
		if !ok {
			return nil
		}
		segs = append(segs, seg)
		if fi == c && d != 0 {
			delta = d
			for x := c + 1; x < len(in.Files); x++ {
				if t.numbered[x] {
					redo = append(redo, x)
				}
			}
		}
	}
	if delta != 0 {
		nt.entry = slices.Clone(t.entry)
		for i := c + 1; i < len(nt.entry); i++ {
			nt.entry[i].lineNo += delta
		}
	}
	// The new .set lines may have moved: their definitions are rebuilt.
	if len(t.sets[c]) > 0 && !slices.Equal(nt.sets[c], t.sets[c]) {
		nb.Symbols = maps.Clone(prev.Symbols)
		names := map[string]bool{}
		for _, s := range nt.sets[c] {
			names[s.name] = true
			nb.Symbols[s.name] = nil
		}
		for fi := range nt.sets {
			for _, s := range nt.sets[fi] {
				if names[s.name] {
					nb.Symbols[s.name] = append(nb.Symbols[s.name], SymbolDef{Location: s.at, Value: s.value})
				}
			}
		}
	}

	// The tool's messages: the rerun files' own replace the old ones.
	nb.Tool = make([]ToolLine, 0, len(prev.Tool)+8)
	from := 0
	for k, fi := range redo {
		nb.Tool = append(append(nb.Tool, prev.Tool[from:t.tool[fi]]...), segs[k]...)
		from = t.tool[fi+1]
	}
	nb.Tool = append(nb.Tool, prev.Tool[from:]...)
	if len(nb.Tool) != len(prev.Tool) || len(redo) > 1 {
		nt.tool = slices.Clone(t.tool)
		shift := 0
		for fi, k := 0, 0; fi < len(in.Files); fi++ {
			nt.tool[fi] += shift
			if k < len(redo) && redo[k] == fi {
				shift += len(segs[k]) - (t.tool[fi+1] - t.tool[fi])
				k++
			}
		}
		nt.tool[len(in.Files)] += shift
	}

	// Reference diagnostics: the rerun files' own, and those of the files
	// whose messages name places in the edited file when these moved.
	var changedTargets bool
	for _, fi := range redo {
		var targets []int
		nt.refs[fi], targets = nb.refDiagnostics(&nt, fi, true)
		nt.dups[fi], nt.empty[fi] = nb.dupDiagnostics(&nt, fi), nb.emptyDiagnostics(fi)
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
	if prev.placesMoved(&nb, c) {
		nb.places, nb.prevPlaces, nb.moved = new(epoch), prev.places, c
		for _, fi := range nt.deps[c] {
			nt.refs[fi], _ = nb.refDiagnostics(&nt, fi, false)
		}
		for _, a := range prev.Registrations[t.regs[c]:t.regs[c+1]] {
			for d := nb.first[a.Name]; d != nil; d = d.next {
				if d.File != c {
					nt.dups[d.File] = nb.dupDiagnostics(&nt, d.File)
				}
			}
		}
	}
	nb.trace = &nt
	nb.Diagnostics = nt.flatten()
	return &nb
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
	r := &run{b: nb, t: nt, cur: fi, relink: true, prior: prev, base: t.regs[fi],
		lineNo: entry.lineNo + delta, chapter: entry.chapter, ended: entry.ended, pending: entry.pending, unclosed: entry.unclosed, carry: entry.carry,
		symbols: prev.symbolsAt(fi), undefReported: map[string]bool{}}
	for k := 0; k < fi; k++ {
		for _, name := range t.undef[k] {
			r.undefReported[name] = true
		}
	}
	r.file(fi)
	// Converged: the same anchors, symbols and state leave the file. A
	// .bookmark or a block open across the edge must not have moved: later
	// files' messages quote its place.
	if !samePtr(r.pending, exit.pending) || !samePtr(r.unclosed, exit.unclosed) || r.chapter != exit.chapter || r.ended != exit.ended || r.stopped != exit.stopped ||
		r.died != "" || r.carry != exit.carry || nb.readsExtra ||
		!sameAnchors(r.fresh, prev.Registrations[t.regs[fi]:t.regs[fi+1]]) ||
		!slices.Equal(nt.undef[fi], t.undef[fi]) ||
		!slices.EqualFunc(nt.sets[fi], t.sets[fi], func(a, b setLine) bool { return a.name == b.name && a.value == b.value }) ||
		!slices.EqualFunc(nt.swallow[fi], t.swallow[fi], func(a, b swallowed) bool { return a == b }) {
		refused("the file's anchors or exit state")
		return nil, 0, false
	}
	return r.out, r.lineNo - delta - exit.lineNo, true
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
