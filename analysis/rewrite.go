package analysis

// rewrite.go rewrites a bookmark file in place for the editor: the lines
// that stay keep their order, the others are removed, new entries go at the
// end in book order. The tools write hash order, so writing their file
// sorted would move every line; edits here touch only the lines that change.

import (
	"sort"
	"strconv"
	"strings"
)

// Regenerate rewrites a bookmark file to hold exactly the entries its tool
// writes after one run, keeping the order of the lines that stay;
// false when the file does not exist or already holds them so.
func (p *Project) Regenerate(path string) (Fix, bool) {
	b := p.BookmarkWriters()[path]
	if b == nil {
		return Fix{}, false
	}
	rw := regenerated(b.Bookmarks, b)
	if rw.changed() == 0 {
		return Fix{}, false
	}
	return Fix{Title: "Regenerate " + path + " as " + b.Profile.String() + " would write it", Edits: rw.edits()}, true
}

// Repair rewrites a bookmark file as a fixed tool would write it: stale
// entries removed, every title the one the book derives now, missing
// entries added, the order of the lines that stay kept; false when the
// file does not exist or needs no repair.
func (p *Project) Repair(path string) (Fix, bool) {
	rw, st, ok := p.repair(path)
	if !ok || rw.changed() == 0 {
		return Fix{}, false
	}
	return Fix{Title: st.title(path), Edits: rw.edits()}, true
}

// RepairedBookmarks is the text Repair leaves in the bookmark file at path.
func (p *Project) RepairedBookmarks(path string) ([]byte, bool) {
	rw, _, ok := p.repair(path)
	if !ok {
		return nil, false
	}
	return rw.Bytes(), true
}

func (p *Project) repair(path string) (*lineRewrite, repairStats, bool) {
	b, audits := p.BookmarkWriters()[path], p.AuditOf(path)
	if b == nil || p.BookmarkFileAt(path) != b.Bookmarks || len(audits) != len(b.Bookmarks.Entries) {
		return nil, repairStats{}, false
	}
	rw, st := repaired(b.Bookmarks, audits, b)
	return rw, st, true
}

// lineRewrite is a bookmark file rewritten line by line.
type lineRewrite struct {
	bf    *BookmarkFile
	lines []string // per line of bf: its new text with LF, "" when removed
	added []string // lines appended at the end, each with LF
}

func newRewrite(bf *BookmarkFile) *lineRewrite {
	return &lineRewrite{bf: bf, lines: make([]string, len(bf.Entries))}
}

// old is line i of the file as it is, with its LF when it has one.
func (rw *lineRewrite) old(i int) []byte {
	e := rw.bf.Entries[i]
	end := e.Span.End
	if end < len(rw.bf.Src) {
		end++
	}
	return rw.bf.Src[e.Span.Start:end]
}

// same tells whether line i stays as it is.
func (rw *lineRewrite) same(i int) bool { return rw.lines[i] == string(rw.old(i)) }

// Bytes is the rewritten file.
func (rw *lineRewrite) Bytes() []byte {
	var b strings.Builder
	for _, l := range rw.lines {
		b.WriteString(l)
	}
	for _, l := range rw.added {
		b.WriteString(l)
	}
	return []byte(b.String())
}

// edits replaces each run of changed lines with its new text; the added
// lines join a run that reaches the end of the file, or are inserted there.
func (rw *lineRewrite) edits() []Edit {
	var out []Edit
	n := len(rw.lines)
	tail := strings.Join(rw.added, "")
	for i := 0; i < n; {
		if rw.same(i) {
			i++
			continue
		}
		var text strings.Builder
		j := i
		for ; j < n && !rw.same(j); j++ {
			text.WriteString(rw.lines[j])
		}
		if j == n {
			text.WriteString(tail)
			tail = ""
		}
		out = append(out, Edit{rw.lineRange(i, j), text.String()})
		i = j
	}
	if tail != "" {
		out = append(out, Edit{rw.lineRange(n, n), tail})
	}
	return out
}

// lineRange covers lines i to j-1 with their line breaks.
func (rw *lineRewrite) lineRange(i, j int) Location {
	l1, c1 := rw.lineStart(i)
	l2, c2 := rw.lineStart(j)
	return Location{Path: rw.bf.Path, Line: l1, Col: c1, EndLine: l2, EndCol: c2}
}

// lineStart is where line i starts; for i past the last line, the end of
// the file (after the last line's text when it has no LF).
func (rw *lineRewrite) lineStart(i int) (int, int) {
	es := rw.bf.Entries
	if i < len(es) {
		return i, 0
	}
	if n := len(es); n > 0 && es[n-1].Span.End == len(rw.bf.Src) {
		return n - 1, es[n-1].Span.End - es[n-1].Span.Start
	}
	return len(es), 0
}

// changed counts the lines that differ and the lines appended.
func (rw *lineRewrite) changed() int {
	n := len(rw.added)
	for i := range rw.lines {
		if !rw.same(i) {
			n++
		}
	}
	return n
}

// entryLine is one line as the tools write it.
func entryLine(anchor string, s Stored, site bool) string {
	l := anchor + " " + s.Title
	if site {
		l += "|" + s.Document
	}
	return l + "\n"
}

// inBookOrder orders anchor names by their first registration in the run;
// names no header registers come last, sorted. It empties names.
func (b *Book) inBookOrder(names map[string]bool) []string {
	out := make([]string, 0, len(names))
	for _, a := range b.Registrations {
		if names[a.Name] {
			out = append(out, a.Name)
			delete(names, a.Name)
		}
	}
	rest := make([]string, 0, len(names))
	for n := range names {
		rest = append(rest, n)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// regenerated is bf holding exactly the entries the tool writes after one
// run of b: each anchor on its line (the last one when the file repeats
// it), the lines the tool drops removed, new anchors appended.
func regenerated(bf *BookmarkFile, b *Book) *lineRewrite {
	want := b.WrittenTable()
	rw := newRewrite(bf)
	for i, e := range bf.Entries {
		if e.Readable && bf.Table[e.Anchor] == i {
			if s, ok := want[e.Anchor]; ok {
				rw.lines[i] = entryLine(e.Anchor, s, bf.Site)
			}
		}
	}
	missing := map[string]bool{}
	for a := range want {
		if _, ok := bf.Table[a]; !ok {
			missing[a] = true
		}
	}
	for _, a := range b.inBookOrder(missing) {
		rw.added = append(rw.added, entryLine(a, want[a], bf.Site))
	}
	return rw
}

// fixedToolAnchors are the registrations a fixed tool stores, one per
// name (its last, see Book.LastAnchor): the stored ones, and in era B also those the
// off-by-one drops. Empty names are left out: their line would be
// read back under the title's first word.
func (b *Book) fixedToolAnchors() []*Anchor {
	var out []*Anchor
	for _, a := range b.Registrations {
		if a.Name == "" || b.LastAnchor(a.Name) != a || !a.Stored && b.Profile != Z2W201211 {
			continue
		}
		out = append(out, a)
	}
	return out
}

// expectedStored is the title (and |document for site/.bookmarks) an
// entry for a holds.
func (b *Book) expectedStored(a *Anchor, site bool) string {
	if site {
		return a.Title + "|" + b.Files[a.File].Headers[a.Header].Document
	}
	return a.Title
}

// repairStats counts what a repair does, for its title.
type repairStats struct{ stale, retitled, other, added int }

// repaired is bf as a fixed tool writes it: stale, duplicate and unreadable
// lines removed, every title the one the book derives now, the anchors
// the file lacks appended; the lines that stay keep their order.
func repaired(bf *BookmarkFile, audits []EntryAudit, b *Book) (*lineRewrite, repairStats) {
	rw := newRewrite(bf)
	var st repairStats
	for _, au := range audits {
		i := au.Entry.Line
		switch au.Status {
		case EntryOK, EntryMismatch, EntryOtherTool:
			rw.lines[i] = string(rw.old(i))
			if au.Expected != "" {
				rw.lines[i] = au.Entry.Anchor + " " + au.Expected + "\n"
			} else if !strings.HasSuffix(rw.lines[i], "\n") {
				rw.lines[i] += "\n"
			}
		}
		switch {
		case rw.same(i):
		case au.Status == EntryStale:
			st.stale++
		case au.Status == EntryMismatch || au.Status == EntryOtherTool && au.Expected != "":
			st.retitled++
		default:
			st.other++
		}
	}
	for _, a := range b.fixedToolAnchors() {
		if _, ok := bf.Table[a.Name]; !ok {
			rw.added = append(rw.added, a.Name+" "+b.expectedStored(a, bf.Site)+"\n")
			st.added++
		}
	}
	return rw, st
}

// title names what a repair changes.
func (st repairStats) title(path string) string {
	var parts []string
	add := func(verb string, n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, verb+" 1 "+one)
		case n > 1:
			parts = append(parts, verb+" "+strconv.Itoa(n)+" "+many)
		}
	}
	add("remove", st.stale, "stale entry", "stale entries")
	add("correct", st.retitled, "title", "titles")
	add("add", st.added, "missing entry", "missing entries")
	add("rewrite", st.other, "other line", "other lines")
	return "Repair " + path + ": " + strings.Join(parts, ", ")
}
