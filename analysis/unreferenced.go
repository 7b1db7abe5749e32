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
	for _, rb := range p.books() {
		for _, f := range rb.Files {
			if p.Owner[f.Path] != rb {
				continue // a file counts once, in the run that shows it
			}
			for _, k := range st.reachedBy(f) {
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
	// The files' reached names: base is shared with earlier states and
	// never changed; delta holds what this state read anew (a keystroke:
	// the edited file), until it grows and is merged into a new base.
	base, delta map[string]fileReach
}

// maxDelta is how many files a state reads anew before its successor
// merges them into a base of its own.
const maxDelta = 16

// fileReach is the names one file's references reach (Build seen), as
// numbers of unrefState.names, for the RefInfo it was read from.
type fileReach struct {
	info    *RefInfo
	n       int
	reached []int32
}

// newUnrefState indexes b's named anchors, or takes old's index (and the
// files it read) when b has old's registrations.
func newUnrefState(b *Book, old *unrefState) *unrefState {
	st := &unrefState{regs: b.Registrations}
	if old != nil && sameRegistrations(old.regs, b.Registrations) {
		st.names, st.cands = old.names, old.cands
		if len(old.delta) <= maxDelta {
			st.base = old.base
			st.delta = make(map[string]fileReach, len(old.delta)+1)
			for k, v := range old.delta {
				st.delta[k] = v
			}
		} else {
			st.base = make(map[string]fileReach, len(old.base)+len(old.delta))
			for k, v := range old.base {
				st.base[k] = v
			}
			for k, v := range old.delta {
				st.base[k] = v
			}
			st.delta = map[string]fileReach{}
		}
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
	st.delta = make(map[string]fileReach, len(b.Files))
	return st
}

// reachedBy lists the names f's references reach, as read before when
// f's RefInfo is the one read then.
func (st *unrefState) reachedBy(f *BookFile) []int32 {
	var info *RefInfo
	if len(f.RefInfo) > 0 {
		info = &f.RefInfo[0]
	}
	r, ok := st.delta[f.Path]
	if !ok {
		r, ok = st.base[f.Path]
	}
	if ok && r.info == info && r.n == len(f.RefInfo) {
		return r.reached
	}
	var reached []int32
	for _, ri := range f.RefInfo {
		if k, named := st.names[ri.Lookup]; named && ri.Build != BuildNotSeen {
			reached = append(reached, k)
		}
	}
	st.delta[f.Path] = fileReach{info, len(f.RefInfo), reached}
	return reached
}

// sameRegistrations tells whether a and b are the same slice (not only equal).
func sameRegistrations(a, b []*Anchor) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
