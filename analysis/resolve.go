package analysis

// resolve.go settles how the build resolves each reference of a run, for
// the editor's view and for the broken references it reports.

import (
	"slices"
	"strconv"
	"strings"
)

// lookupName is the name a tool looks up for `[#NAME]`: the text line has
// already been through its rewrites (§6.2, §8.1).
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
// of the book is known, and reports what is broken (design §3).
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
func (b *Book) refDiagnostics(t *linkTrace, fi int, assign bool) (ds []Diagnostic, targets []int) {
	f := b.Files[fi]
	diag := func(at Location, sev Severity, code, msg string, rel ...Related) {
		ds = append(ds, Diagnostic{Location: at, Severity: sev, Code: code, Message: msg, Related: rel})
	}
	target := func(file int) {
		if !slices.Contains(targets, file) {
			targets = append(targets, file)
		}
	}
	for k := range f.RefInfo {
		info := &f.RefInfo[k]
		if info.Build == BuildNotSeen {
			continue
		}
		ref := f.Syntax.Refs[k]
		at := b.loc(fi, ref.Line, ref.Span)
		if info.Adjacent {
			// The name holds "[#" but not always "]": `[#a[#b]` reads the name
			// "a[#b" (slicing at a missing "]" panicked, killing the server's
			// publisher: found by lsp/differential_test.go).
			first := info.Lookup
			if i := strings.Index(first, "]"); i >= 0 {
				first = first[:i]
			} else if i := strings.Index(first, "[#"); i >= 0 {
				first = first[:i]
			}
			diag(at, SevWarning, DiagAdjacentReferences,
				"adjacent references are read as one name, so none resolves; put a blank after [#"+first+"]")
			continue
		}
		a := b.LastAnchor(info.Lookup)
		if assign {
			info.Target, info.Outside = a, false
		}
		if a != nil {
			target(a.File)
		}
		name := info.Lookup
		if a == nil && b.Outside != nil {
			if oa := b.Outside.LastAnchor(name); oa != nil {
				if assign {
					info.Target, info.Outside = oa, true
				}
				if info.Build == BuildUndefined {
					diag(at, SevWarning, DiagUndefinedBookmark,
						"Undefined bookmark: "+name+" when this file is built alone; keep its "+b.Profile.BookmarkFile()+" entry from the main build",
						Related{b.Outside.anchorLoc(oa), "the main run defines it here"})
				}
				continue
			}
		}
		switch {
		case a == nil && info.Build == BuildFromFile:
			e, _ := b.Bookmarks.Lookup(name)
			diag(at, SevWarning, DiagStaleReference,
				"stale reference: only an old "+b.Bookmarks.Path+" entry defines it, so the build prints its old title; fix the name",
				Related{b.entryLoc(e), "the stale entry: \"" + e.Title + "\""})
		case a == nil:
			if bm, ok := t.swallowed[name]; ok {
				target(b.byPath[bm.Path])
				diag(at, SevError, DiagUndefinedBookmark,
					"Undefined bookmark: "+name+": its .bookmark is inside a code block; close the block before "+bm.Path+":"+strconv.Itoa(bm.Line+1),
					Related{bm, "the swallowed .bookmark"})
				continue
			}
			diag(at, SevError, DiagUndefinedBookmark, "Undefined bookmark: "+name+"; fix the name or add .bookmark "+name+" before its header")
		case info.Build == BuildResolved:
		case a.Seq < info.seq:
			if info.Build == BuildUndefined && b.Profile.warnsUndefined() {
				diag(at, SevWarning, DiagUndefinedBookmark,
					"Undefined bookmark: "+name+": "+b.Profile.String()+" stores no title for it, so the link text is empty; name a chapter's .bookmark",
					Related{b.anchorLoc(a), "the header it names"})
			}
		case info.Build == BuildFromFile:
			diag(at, SevInformation, DiagForwardReference,
				"forward reference: only "+b.Bookmarks.Path+" resolves \""+name+"\" (defined later); keep that file committed",
				Related{b.anchorLoc(a), "defined here"})
		default:
			diag(at, SevWarning, DiagForwardReference,
				"forward reference: \""+name+"\" is defined later and not in "+b.Profile.BookmarkFile()+", so this build prints Undefined; build twice",
				Related{b.anchorLoc(a), "defined here"})
		}
	}
	syn := f.Syntax
	for _, nr := range syn.NotRefs {
		diag(b.loc(fi, nr.Line, nr.Span), SevWarning, DiagNotAReference,
			syn.Text(nr.Span)+" is not a reference: the build prints it as text; write the name without blanks")
	}
	return ds, targets
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
