package analysis

// resolve.go settles how the build resolves each reference of a run, for
// the editor's view and for the broken references it reports.

import (
	"slices"
	"strconv"
	"strings"
)

// lookupName is the name a tool looks up for `[#NAME]`: the text line has
// already been through its rewrites.
func (p Profile) lookupName(name string) string {
	switch p {
	case Mkwikidot:
		return TranslateZeroMQ(strings.ReplaceAll(name, "--", "\u2014"))
	case Mkdocbook, Mkbook, Mkbook201211:
		return TranslateZeroMQ(strings.ReplaceAll(name, "&", "&amp;"))
	case Z2W, Z2W201211, Mkmarkdown:
		return TranslateZeroMQ(name)
	}
	return name
}

// text handles a text line: both views of its references, its symbols,
// and the tool's messages in the tool's order.
func (r *run) text(fi, li, ri, rj int, syms []SymbolUse) {
	r.symbolUses(fi, syms)
	r.refsOnly(fi, li, ri, rj)
	if len(syms) > 0 || r.mayPrint(fi, ri, rj) {
		f := r.b.Files[fi]
		l := f.Syntax.Lines[li]
		r.simulate(string(f.Syntax.Src[l.Start:l.End]))
	}
}

// mayPrint tells whether resolving a line's references can print a
// message: a line whose names all resolve, none adjacent, prints nothing,
// so the (costlier) simulation of the rewrite is skipped.
func (r *run) mayPrint(fi, ri, rj int) bool {
	for _, info := range r.b.Files[fi].RefInfo[ri:rj] {
		// A title is written into the line: one holding "[#" is searched
		// again, one holding "$(" or "%(" can have its symbols expanded.
		if info.Adjacent || info.Build == BuildUndefined || strings.Contains(info.Title, "[#") || indexSymbol(info.Title) >= 0 {
			return true
		}
	}
	return false
}

// refsOnly records the build view of the references on a line.
func (r *run) refsOnly(fi, li, ri, rj int) {
	f := r.b.Files[fi]
	for k := ri; k < rj; k++ {
		name := f.Syntax.Text(f.Syntax.Refs[k].Name)
		info := &f.RefInfo[k]
		info.Lookup = r.b.Profile.lookupName(name)
		if f.Syntax.Dialect == Markdown && f.Syntax.Lines[li].Kind != LineText {
			info.Lookup = name // code and fence bodies are not expanded: no 0MQ→ØMQ
		}
		info.Adjacent = strings.Contains(name, "[#")
		info.seq = r.tab.count()
		st, inTable, stored := r.lookup(info.Lookup)
		info.Title = st.Title
		switch {
		case stored:
			info.Build = BuildResolved
		case inTable:
			info.Build = BuildFromFile
		default:
			info.Build = BuildUndefined
		}
	}
	if f.Syntax.Dialect == Markdown && f.Syntax.Lines[li].Kind != LineText && ri < rj {
		l := f.Syntax.Lines[li]
		r.rewriteRefs(string(f.Syntax.Src[l.Start:l.End]))
	}
}

// resolveRefs settles the editor view of every reference once every anchor
// of the book is known, and reports what is broken.
func (r *run) resolveRefs() {
	t := r.t
	t.swallowed = t.swallowedMap()
	for fi := range r.b.Files {
		t.refs[fi], t.targets[fi] = r.b.refDiagnostics(t, fi, true)
	}
	t.deps = dependents(t.targets)
}

// refDiagnostics reports the broken references of file fi and lists the
// files whose places its messages name (its targets). With assign, it also
// settles the editor view of the file's references: only a link that owns
// the file's RefInfo may.
func (b *Book) refDiagnostics(t *linkTrace, fi int, assign bool) ([]Diagnostic, []int) {
	f := b.Files[fi]
	rc := &refChecker{b: b, t: t}
	for k := range f.RefInfo {
		info := &f.RefInfo[k]
		if info.Build == BuildNotSeen {
			continue
		}
		ref := f.Syntax.Refs[k]
		at := b.loc(fi, ref.Line, ref.Span)
		if info.Adjacent {
			rc.adjacent(at, info.Lookup)
			continue
		}
		a := b.LastAnchor(info.Lookup)
		if assign {
			info.Target, info.Outside = a, false
		}
		if a != nil {
			rc.target(a.File)
		}
		if a == nil && b.Outside != nil && rc.outside(at, info, assign) {
			continue
		}
		rc.inRun(at, info, a)
	}
	syn := f.Syntax
	for _, nr := range syn.NotRefs {
		rc.diag(b.loc(fi, nr.Line, nr.Span), SevWarning, DiagNotAReference,
			syn.Text(nr.Span)+" is not a reference: the build prints it as text; write the name without blanks")
	}
	return rc.ds, rc.targets
}

// refChecker collects the reference diagnostics of one file and the files
// they name.
type refChecker struct {
	b       *Book
	t       *linkTrace
	ds      []Diagnostic
	targets []int
}

func (rc *refChecker) diag(at Location, sev Severity, code, msg string, rel ...Related) {
	rc.ds = append(rc.ds, Diagnostic{Location: at, Severity: sev, Code: code, Message: msg, Related: rel})
}

// target records that a message names a place of file.
func (rc *refChecker) target(file int) {
	if !slices.Contains(rc.targets, file) {
		rc.targets = append(rc.targets, file)
	}
}

// adjacent reports `[#a][#b]`, read as the one name lookup. The name
// holds "[#" but not always "]": `[#a[#b]` reads the name "a[#b".
func (rc *refChecker) adjacent(at Location, lookup string) {
	first := lookup
	if i := strings.Index(first, "]"); i >= 0 {
		first = first[:i]
	} else if i := strings.Index(first, "[#"); i >= 0 {
		first = first[:i]
	}
	rc.diag(at, SevWarning, DiagAdjacentReferences,
		"adjacent references are read as one name, so none resolves; put a blank after [#"+first+"]")
}

// outside resolves a reference the run does not define against the main
// run of a file built alone; false when that run does not define it either.
func (rc *refChecker) outside(at Location, info *RefInfo, assign bool) bool {
	b, name := rc.b, info.Lookup
	oa := b.Outside.LastAnchor(name)
	if oa == nil {
		return false
	}
	if assign {
		info.Target, info.Outside = oa, true
	}
	if info.Build == BuildUndefined {
		rc.diag(at, SevWarning, DiagUndefinedBookmark,
			"Undefined bookmark: "+name+" when this file is built alone; keep its "+b.Profile.BookmarkFile()+" entry from the main build",
			Related{b.Outside.anchorLoc(oa), "the main run defines it here"})
	}
	return true
}

// inRun reports a reference whose target a (nil when undefined) the run
// itself holds: stale, undefined, or forward.
func (rc *refChecker) inRun(at Location, info *RefInfo, a *Anchor) {
	b, name := rc.b, info.Lookup
	switch {
	case a == nil && info.Build == BuildFromFile:
		e, _ := b.Bookmarks.Lookup(name)
		rc.diag(at, SevWarning, DiagStaleReference,
			"stale reference: only an old "+b.Bookmarks.Path+" entry defines it, so the build prints its old title; fix the name",
			Related{b.entryLoc(e), "the stale entry: \"" + e.Title + "\""})
	case a == nil:
		if bm, ok := rc.t.swallowed[name]; ok {
			rc.target(b.byPath[bm.Path])
			rc.diag(at, SevError, DiagUndefinedBookmark,
				"Undefined bookmark: "+name+": its .bookmark is inside a code block; close the block before "+bm.Path+":"+strconv.Itoa(bm.Line+1),
				Related{bm, "the swallowed .bookmark"})
			return
		}
		rc.diag(at, SevError, DiagUndefinedBookmark, "Undefined bookmark: "+name+"; fix the name or add .bookmark "+name+" before its header")
	case info.Build == BuildResolved:
	case a.Seq < info.seq:
		if info.Build == BuildUndefined && b.Profile.warnsUndefined() {
			rc.diag(at, SevWarning, DiagUndefinedBookmark,
				"Undefined bookmark: "+name+": "+b.Profile.String()+" stores no title for it, so the link text is empty; name a chapter's .bookmark",
				Related{b.anchorLoc(a), "the header it names"})
		}
	case info.Build == BuildFromFile:
		rc.diag(at, SevInformation, DiagForwardReference,
			"forward reference: only "+b.Bookmarks.Path+" resolves \""+name+"\" (defined later); keep that file committed",
			Related{b.anchorLoc(a), "defined here"})
	default:
		rc.diag(at, SevWarning, DiagForwardReference,
			"forward reference: \""+name+"\" is defined later and not in "+b.Profile.BookmarkFile()+", so this build prints Undefined; build twice",
			Related{b.anchorLoc(a), "defined here"})
	}
}

// anchorLoc is where an anchor is defined: its header line.
func (b *Book) anchorLoc(a *Anchor) Location {
	h := b.Files[a.File].Syntax.Headers[a.Header]
	return b.loc(a.File, h.Line, h.Title)
}

// anchorPlace is "file:line" of an anchor's header, 1-based.
func (b *Book) anchorPlace(a *Anchor) string {
	return b.Files[a.File].Path + ":" + strconv.Itoa(b.Files[a.File].Syntax.Headers[a.Header].Line+1)
}

// entryLoc is the anchor of a bookmark-file entry.
func (b *Book) entryLoc(e *Entry) Location {
	return entryLocation(b.Bookmarks, e)
}

func entryLocation(bf *BookmarkFile, e *Entry) Location {
	return OnLine(bf.Path, e.Line, e.AnchorAt.Start-e.Span.Start, e.AnchorAt.End-e.Span.Start)
}
