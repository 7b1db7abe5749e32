package analysis

// table.go holds the tool's anchor table as a run sees it. One run reads
// the files (link.go); where its registrations go depends on the mode:
// a full link builds the book's own tables (bookTable), a relink reruns
// one file against an earlier link's tables and keeps what it registers
// apart (overlayTable), so that the earlier book stays untouched.

// table is the tool's in-memory anchor table during a run.
type table interface {
	// count is the number of registrations so far.
	count() int
	// add registers a (its Seq already set); stored, when store is set,
	// enters the table under a.Name.
	add(a *Anchor, stored Stored, store bool)
	// store sets the entry of name without a registration (era B's
	// off-by-one).
	store(name string, stored Stored)
	// lookup is the entry of name at this point of the run: found, and
	// whether the run stored it (rather than the loaded bookmark file).
	lookup(name string) (s Stored, found, storedByRun bool)
}

// bookTable is the table of a full link: the book's registrations, name
// chains and stored entries.
type bookTable struct{ b *Book }

func (t bookTable) count() int { return len(t.b.Registrations) }

func (t bookTable) add(a *Anchor, stored Stored, store bool) {
	b := t.b
	b.Registrations = append(b.Registrations, a)
	if first := b.first[a.Name]; first != nil {
		first.last.next = a
		first.last = a
	} else {
		a.last = a
		b.first[a.Name] = a
	}
	if store {
		b.stored[a.Name] = stored
	}
}

func (t bookTable) store(name string, stored Stored) { t.b.stored[name] = stored }

func (t bookTable) lookup(name string) (Stored, bool, bool) { return t.b.lookup(name) }

// overlayTable is the table of a relink of one file: the earlier link
// prior's first base registrations, overlaid by the rerun file's own
// (fresh) and what it stored (overlay).
type overlayTable struct {
	prior   *Book
	base    int
	fresh   []*Anchor
	overlay map[string]Stored
}

func (t *overlayTable) count() int { return t.base + len(t.fresh) }

func (t *overlayTable) add(a *Anchor, stored Stored, store bool) {
	t.fresh = append(t.fresh, a)
	if store {
		t.store(a.Name, stored)
	}
}

func (t *overlayTable) store(name string, stored Stored) {
	if t.overlay == nil {
		t.overlay = map[string]Stored{}
	}
	t.overlay[name] = stored
}

func (t *overlayTable) lookup(name string) (Stored, bool, bool) {
	if s, ok := t.overlay[name]; ok {
		return s, true, true
	}
	var last *Anchor
	for a := t.prior.first[name]; a != nil && a.Seq < t.base; a = a.next {
		if a.Stored {
			last = a
		}
	}
	if last != nil {
		return Stored{last.Title, last.doc}, true, true
	}
	return t.prior.loaded(name)
}
