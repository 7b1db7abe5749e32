package analysis

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
		info.seq = r.regCount()
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

// symbolUses reports undefined symbols and the broken %(X?d) form.
func (r *run) symbolUses(fi int, syms []SymbolUse) {
	b := r.b
	syn := b.Files[fi].Syntax
	for _, u := range syms {
		name := syn.Text(u.Name)
		at := b.loc(fi, u.Line, u.Span)
		switch {
		case u.Env && u.HasDefault:
			r.diag(at, SevWarning, CodeBrokenEnvDefault,
				"%(NAME?default) always expands to nothing (a bug of the tools); use $(NAME?default) or %(NAME)")
		case u.Env || u.HasDefault:
		default:
			if _, ok := r.symbols[name]; !ok {
				r.diag(at, SevError, CodeUndefinedSymbol,
					"undefined symbol \""+name+"\": no .set "+name+"= comes before it, so the build prints UNDEF; set it earlier")
			}
		}
	}
}

// simulate runs a text line through the tool's inline processing for its
// messages (§8.1). The result text itself is not kept.
func (r *run) simulate(s string) {
	switch r.b.Profile {
	case Mkwikidot:
		r.writeln(strings.ReplaceAll(s, "--", "\u2014"))
	case Mkdocbook:
		r.writeln(s)
	case Mkbook, Mkbook201211, Z2W, Z2W201211:
		r.writeln(s)
	case Mkmarkdown:
		if strings.Contains(s, "||") { // a table row
			s = strings.ReplaceAll(s, "||", "|")
		}
		r.writeln(s)
	}
}

// indexSymbol finds the first `$(` or `%(`.
func indexSymbol(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '$' || s[i] == '%') && s[i+1] == '(' {
			return i
		}
	}
	return -1
}

// undefinedSymbol prints the tool's message for an undefined symbol, once
// per name and run.
func (r *run) undefinedSymbol(name string) {
	if r.undefReported[name] {
		return
	}
	r.undefReported[name] = true
	r.t.undef[r.cur] = append(r.t.undef[r.cur], name)
	switch r.b.Profile {
	case Z2W, Z2W201211, Mkbook, Mkbook201211: // on stderr, before e7b400a6
		r.out = append(r.out, ToolLine{Text: "E: (" + strconv.Itoa(r.lineNo) + ") undefined symbol \"" + name + "\"", Stderr: true, Newline: true})
		r.t.numbered[r.cur] = true
	default:
		r.out = append(r.out, ToolLine{Text: "E: undefined symbol \"" + name + "\""})
	}
}

// rewriteRefs resolves references leftmost first in the rewritten line,
// as the tools do (§6.2): mkwikidot's `[#a NAME]` output can expose a
// shorter name to the next search, mkdocbook's and mkmarkdown's cannot.
func (r *run) rewriteRefs(s string) string {
	if !strings.Contains(s, "[#") {
		return s
	}
	p := r.b.Profile
	// The rewrite happens in place, and each round searches from the previous match: text
	// before it is unchanged and holds no match (a "[#" there whose blank-free run reached
	// the match would itself have matched first). Re-scanning and copying the whole line on
	// each of the 1000 rounds made a 1 MB line with many references take seconds
	// (lsp/robust_test.go TestRobustBadFiles).
	buf := []byte(s)
	from := 0
	var nest refNest
	for n := 0; n < 1000; n++ {
		m, ok := nextRef(buf, from)
		if !ok {
			break
		}
		name := string(buf[m.Name.Start:m.Name.End])
		if nest.enters(m.Span.Start, name) {
			r.loops(name)
			break
		}
		st, ok, _ := r.lookup(name)
		if !ok && p.warnsUndefined() {
			r.tool("Undefined bookmark: " + name)
		}
		var repl string
		switch p {
		case Mkdocbook, Mkbook, Mkbook201211:
			repl = st.Title + `<xref linkend="` + name + `"/>`
		case Mkmarkdown:
			repl = "[](#" + name + ")"
			if ok {
				repl = "[" + st.Title + "](" + st.Document + "#" + name + ")"
			}
		default:
			repl = "[#" + name + " " + st.Title + "]"
		}
		buf = slices.Replace(buf, m.Span.Start, m.Span.End, []byte(repl)...)
		nest.replaced(m.Span, name, len(repl))
		from = m.Span.Start
	}
	return string(buf)
}

// refNest follows the references found inside the titles written in by
// earlier replacements: a name found again inside its own replacement
// makes the tool rewrite the line forever.
type refNest []struct {
	name string
	end  int // end of its replacement in the line
}

// enters reports whether a reference to name at pos lies inside a
// replacement of the same name.
func (n *refNest) enters(pos int, name string) bool {
	for len(*n) > 0 && (*n)[len(*n)-1].end <= pos {
		*n = (*n)[:len(*n)-1]
	}
	for _, e := range *n {
		if e.name == name {
			return true
		}
	}
	return false
}

// replaced records that span became a replacement of length size.
func (n *refNest) replaced(span Span, name string, size int) {
	delta := size - span.Len()
	for i := range *n {
		(*n)[i].end += delta
	}
	*n = append(*n, struct {
		name string
		end  int
	}{name, span.Start + size})
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
			diag(at, SevWarning, CodeAdjacentReferences,
				"adjacent references are read as one name, so none resolves; put a blank after [#"+first+"]")
			continue
		}
		a := b.Anchor(info.Lookup)
		if assign {
			info.Target, info.Outside = a, false
		}
		if a != nil {
			target(a.File)
		}
		name := info.Lookup
		if a == nil && b.Outside != nil {
			if oa := b.Outside.Anchor(name); oa != nil {
				if assign {
					info.Target, info.Outside = oa, true
				}
				if info.Build == BuildUndefined {
					diag(at, SevWarning, CodeUndefinedBookmark,
						"Undefined bookmark: "+name+" when this file is built alone; keep its "+b.Profile.BookmarkFile()+" entry from the main build",
						Related{b.Outside.anchorLoc(oa), "the main run defines it here"})
				}
				continue
			}
		}
		switch {
		case a == nil && info.Build == BuildFromFile:
			e, _ := b.Bookmarks.Lookup(name)
			diag(at, SevWarning, CodeStaleReference,
				"stale reference: only an old "+b.Bookmarks.Path+" entry defines it, so the build prints its old title; fix the name",
				Related{b.entryLoc(e), "the stale entry: \"" + e.Title + "\""})
		case a == nil:
			if bm, ok := t.swallowed[name]; ok {
				target(b.byPath[bm.Path])
				diag(at, SevError, CodeUndefinedBookmark,
					"Undefined bookmark: "+name+": its .bookmark is inside a code block; close the block before "+bm.Path+":"+strconv.Itoa(bm.Line+1),
					Related{bm, "the swallowed .bookmark"})
				continue
			}
			diag(at, SevError, CodeUndefinedBookmark, "Undefined bookmark: "+name+"; fix the name or add .bookmark "+name+" before its header")
		case info.Build == BuildResolved:
		case a.Seq < info.seq:
			if info.Build == BuildUndefined && b.Profile.warnsUndefined() {
				diag(at, SevWarning, CodeUndefinedBookmark,
					"Undefined bookmark: "+name+": "+b.Profile.String()+" stores no title for it, so the link text is empty; name a chapter's .bookmark",
					Related{b.anchorLoc(a), "the header it names"})
			}
		case info.Build == BuildFromFile:
			diag(at, SevInformation, CodeForwardReference,
				"forward reference: only "+b.Bookmarks.Path+" resolves \""+name+"\" (defined later); keep that file committed",
				Related{b.anchorLoc(a), "defined here"})
		default:
			diag(at, SevWarning, CodeForwardReference,
				"forward reference: \""+name+"\" is defined later and not in "+b.Profile.BookmarkFile()+", so this build prints Undefined; build twice",
				Related{b.anchorLoc(a), "defined here"})
		}
	}
	syn := f.Syntax
	for _, nr := range syn.NotRefs {
		diag(b.loc(fi, nr.Line, nr.Span), SevWarning, CodeNotAReference,
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
	return Location{Path: bf.Path, Line: e.Line, Start: e.AnchorAt.Start - e.Span.Start, End: e.AnchorAt.End - e.Span.Start}
}

// anchorDiagnostics reports anchors that collide or are empty.
func (r *run) anchorDiagnostics() {
	for fi := range r.b.Files {
		r.t.dups[fi] = r.b.dupDiagnostics(r.t, fi)
		r.t.empty[fi] = r.b.emptyDiagnostics(fi)
	}
}

// dupDiagnostics reports the registrations of file fi whose name an
// earlier header already produced.
func (b *Book) dupDiagnostics(t *linkTrace, fi int) []Diagnostic {
	var ds []Diagnostic
	for _, a := range b.Registrations[t.regs[fi]:t.regs[fi+1]] {
		prev := b.first[a.Name]
		if prev == a || (prev.File == a.File && prev.Header == a.Header) {
			continue
		}
		at, fix := b.anchorLoc(a), "retitle this header"
		if bm, ok := b.BookmarkLoc(a); ok {
			at, fix = bm, "rename this bookmark"
		}
		ds = append(ds, Diagnostic{Location: at, Severity: SevWarning, Code: CodeDuplicateAnchor,
			Message: "duplicate anchor \"" + a.Name + "\": links reach " + b.anchorPlace(prev) + "; " + fix,
			Related: []Related{{b.anchorLoc(prev), "the first header with this anchor"}}})
	}
	return ds
}

// emptyDiagnostics reports the headers of file fi without an automatic
// anchor and without a `.bookmark`: references cannot reach them.
func (b *Book) emptyDiagnostics(fi int) []Diagnostic {
	var ds []Diagnostic
	f := b.Files[fi]
	for hi, h := range f.Headers {
		if h.HasAuto && h.Auto == "" && h.Named == "" {
			hs := f.Syntax.Headers[hi]
			ds = append(ds, Diagnostic{Location: b.loc(fi, hs.Line, hs.Title), Severity: SevWarning, Code: CodeEmptyAnchor,
				Message: "header has no ASCII letter, so its anchor is empty and no reference reaches it; give it a .bookmark"})
		}
	}
	return ds
}
