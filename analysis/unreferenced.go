package analysis

import "strconv"

// unreferencedBookmarks hints at each `.bookmark` name of the main run
// that no reference of the project reaches: not the main run's, not a
// companion's or the site run's, not a translation's built alone. Such a
// name is dead weight, or a reference to it was misspelt.
//
// A keystroke relinks one file and shares the rest, so the work is kept
// from the previous project (Options.Reuse): the main run's named anchors
// while its registrations are the same slice, and each file's reached
// names while its RefInfo is. What is left per keystroke is a pass over
// the files, not over every reference and registration of the book.
func (p *Project) unreferencedBookmarks(reuse *Project) {
	b := p.Main
	if b == nil {
		return
	}
	var old *unrefState
	if reuse != nil {
		old = reuse.unref
	}
	st := newUnrefState(b, old)
	p.unref = st
	if len(st.names) == 0 {
		return
	}
	reached := make([]bool, len(st.names))
	for _, rb := range append([]*Book{p.Main, p.Companion, p.Site}, p.Singles...) {
		if rb == nil {
			continue
		}
		for _, f := range rb.Files {
			if p.Owner[f.Path] != rb {
				continue // a file counts once, in the run that shows it
			}
			for _, k := range st.reachedBy(f, old) {
				reached[k] = true
			}
		}
	}
	for _, a := range st.cands {
		if reached[st.names[a.Name]] || !b.Referable(a.Name) {
			continue // an unreachable name has a warning of its own
		}
		at, ok := b.BookmarkLoc(a)
		if !ok || p.Owner[at.Path] != b {
			continue
		}
		p.Diagnostics[at.Path] = append(p.Diagnostics[at.Path], Diagnostic{Location: at, Severity: SevHint, Code: DiagUnreferencedBookmark,
			Message: "bookmark " + strconv.Quote(a.Name) + " is never referenced; reference it with [#" + a.Name + "] or remove it", Unneeded: true})
	}
}

// unrefState is what unreferencedBookmarks keeps for the next keystroke.
type unrefState struct {
	regs  []*Anchor        // the main run's registrations it indexes
	names map[string]int32 // each named anchor's name, numbered
	cands []*Anchor        // the first registration of each name, in run order
	files map[string]fileReach
}

// fileReach is the names one file's references reach (Build seen), as
// numbers of unrefState.names, for the RefInfo it was read from.
type fileReach struct {
	info    *RefInfo
	n       int
	reached []int32
}

// newUnrefState indexes b's named anchors, or takes old's index when b
// has old's registrations.
func newUnrefState(b *Book, old *unrefState) *unrefState {
	st := &unrefState{regs: b.Registrations}
	if old != nil && sameRegistrations(old.regs, b.Registrations) {
		st.names, st.cands = old.names, old.cands
		st.files = make(map[string]fileReach, len(old.files))
		return st
	}
	st.names = map[string]int32{}
	for _, a := range b.Registrations {
		if a.Kind != NamedAnchor {
			continue
		}
		if _, ok := st.names[a.Name]; !ok {
			st.names[a.Name] = int32(len(st.names))
		}
		if b.first[a.Name] == a {
			st.cands = append(st.cands, a)
		}
	}
	st.files = make(map[string]fileReach, len(b.Files))
	return st
}

// reachedBy lists the names f's references reach, from old when f's
// RefInfo and the name index are the ones old read.
func (st *unrefState) reachedBy(f *BookFile, old *unrefState) []int32 {
	var info *RefInfo
	if len(f.RefInfo) > 0 {
		info = &f.RefInfo[0]
	}
	if r, ok := st.files[f.Path]; ok && r.info == info && r.n == len(f.RefInfo) {
		return r.reached
	}
	if old != nil && sameIndex(old, st) {
		if r, ok := old.files[f.Path]; ok && r.info == info && r.n == len(f.RefInfo) {
			st.files[f.Path] = r
			return r.reached
		}
	}
	var reached []int32
	for _, ri := range f.RefInfo {
		if k, named := st.names[ri.Lookup]; named && ri.Build != BuildNotSeen {
			reached = append(reached, k)
		}
	}
	st.files[f.Path] = fileReach{info, len(f.RefInfo), reached}
	return reached
}

// sameIndex tells whether two states number the names alike.
func sameIndex(a, b *unrefState) bool {
	return a.names != nil && b.names != nil && sameRegistrations(a.regs, b.regs)
}

// sameRegistrations tells whether a and b are the same slice (not only equal).
func sameRegistrations(a, b []*Anchor) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
