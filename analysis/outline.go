package analysis

// outline.go answers the editor's structural questions about a file: its
// section tree, foldable regions, links, highlighted occurrences, nested
// selections, reference titles, classified spans and mechanical fixes.
// Everything is in (line, byte column) terms; lsp converts.

import (
	"sort"
	"strconv"
	"strings"
)

// Region is a byte range that may span lines: from (Line, Col) to
// (EndLine, EndCol), columns in bytes, LF lines.
type Region struct {
	Path            string
	Line, Col       int
	EndLine, EndCol int
}

// RegionOf widens a one-line Location to a Region.
func RegionOf(l Location) Region {
	return Region{Path: l.Path, Line: l.Line, Col: l.Start, EndLine: l.Line, EndCol: l.End}
}

// contains tells whether r contains o.
func (r Region) contains(o Region) bool {
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || (l1 == l2 && c1 <= c2) }
	return before(r.Line, r.Col, o.Line, o.Col) && before(o.EndLine, o.EndCol, r.EndLine, r.EndCol)
}

// RegionEdit replaces a Region with new text.
type RegionEdit struct {
	Region
	NewText string
}

// Section is a header and the lines it governs: from its header to the
// line before the next header of the same or a higher level (fewer '+'),
// or to the end of the file. Deeper headers nest inside as children.
type Section struct {
	Header   int // index into FileSyntax.Headers
	Last     int // last line of the section
	Children []Section
}

// Sections returns the header tree of a file.
func (f *FileSyntax) Sections() []Section {
	hs := f.Headers
	last := f.sectionEnds()
	var build func(k, stop int) ([]Section, int)
	build = func(k, stop int) ([]Section, int) {
		var out []Section
		for k < len(hs) && hs[k].Level > stop {
			s := Section{Header: k, Last: last[k]}
			s.Children, k = build(k+1, hs[k].Level)
			out = append(out, s)
		}
		return out, k
	}
	out, _ := build(0, 0)
	return out
}

// sectionEnds gives each header's last section line.
func (f *FileSyntax) sectionEnds() []int {
	hs := f.Headers
	last := make([]int, len(hs))
	var open []int
	for j, h := range hs {
		for len(open) > 0 && hs[open[len(open)-1]].Level >= h.Level {
			last[open[len(open)-1]] = h.Line - 1
			open = open[:len(open)-1]
		}
		open = append(open, j)
	}
	for _, i := range open {
		last[i] = len(f.Lines) - 1
	}
	return last
}

// lineRegion covers lines first..last, from column 0 to the end of the
// last line's trimmed text.
func (f *FileSyntax) lineRegion(path string, first, last int) Region {
	l := f.Lines[last]
	return Region{Path: path, Line: first, EndLine: last, EndCol: l.End - l.Start}
}

// FoldKind is what a Fold hides.
type FoldKind uint8

const (
	FoldSection FoldKind = iota // a header's section
	FoldCode                    // a code block, opener to closer
	FoldComment                 // a run of `.-` comment lines
)

// Fold is a foldable run of lines.
type Fold struct {
	Start, End int
	Kind       FoldKind
}

// Folds lists the foldable regions of a file, by start line: sections
// (trailing blank lines left outside, so the blank before the next header
// stays visible), code blocks (a block still open at the end of the file
// folds to its end; one continued from the previous file folds from line
// 0), and runs of two or more `.-` lines.
func (f *FileSyntax) Folds() []Fold {
	var out []Fold
	last := f.sectionEnds()
	for i, h := range f.Headers {
		end := last[i]
		for end > h.Line && f.Lines[end].Kind == LineBlank {
			end--
		}
		if end > h.Line {
			out = append(out, Fold{h.Line, end, FoldSection})
		}
	}
	for _, b := range f.Blocks {
		start, end := b.Open, b.Close
		if start < 0 {
			start = 0
		}
		if end < 0 {
			end = len(f.Lines) - 1
		}
		if end > start {
			out = append(out, Fold{start, end, FoldCode})
		}
	}
	run := -1
	flush := func(end int) {
		if run >= 0 && end > run {
			out = append(out, Fold{run, end, FoldComment})
		}
		run = -1
	}
	prev := -2
	for _, d := range f.Directives {
		if d.Kind != DirComment {
			continue
		}
		if d.Line != prev+1 {
			flush(prev)
		}
		if run < 0 {
			run = d.Line
		}
		prev = d.Line
	}
	flush(prev)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}

// BookmarkFileAt returns the bookmark file at path, or nil.
func (p *Project) BookmarkFileAt(path string) *BookmarkFile {
	bf, _ := p.bookmarkFile(path)
	return bf
}

// AuditOf returns the audit of the bookmark file at path.
func (p *Project) AuditOf(path string) []EntryAudit {
	bf, _ := p.bookmarkFile(path)
	if bf == nil {
		return nil
	}
	if bf.Site {
		return p.SiteAudit
	}
	return p.BookmarksAudit
}

// fileOf returns the book that shows a guide file and the file itself.
func (p *Project) fileOf(path string) (*Book, int, *BookFile) {
	b, fi, ok := p.bookOf(path)
	if !ok {
		return nil, 0, nil
	}
	return b, fi, b.Files[fi]
}

// HeaderAnchors lists the anchor names a header produces: its `.bookmark`
// name (sanitised under mkmarkdown) and its automatic anchor, when not
// empty.
func (b *Book) HeaderAnchors(f *BookFile, header int) []string {
	info := f.Headers[header]
	var out []string
	if info.Named != "" {
		n := info.Named
		if b.Profile == Mkmarkdown {
			n = DeriveAnchor(n)
		}
		out = append(out, n)
	}
	if info.HasAuto && info.Auto != "" && (len(out) == 0 || out[0] != info.Auto) {
		out = append(out, info.Auto)
	}
	return out
}

// DocLink is a span of a file that points somewhere: a web address (URL) or
// a file of the book (Path).
type DocLink struct {
	Location
	URL     string
	Path    string
	Tooltip string
}

// Links lists the links of a guide file in order: `[http(s)://url text]`
// and `[/page:path text]` links (§8.5), man pages (§8.4), example blocks
// to their example files (§7.1), and the FILE of `.output`, `.inbook` and
// `.prelude` when that file exists.
func (p *Project) Links(path string) []DocLink {
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	syn := f.Syntax
	exists := func(name string) bool {
		i := sort.SearchStrings(p.Layout.All, name)
		if i < len(p.Layout.All) && p.Layout.All[i] == name {
			return true
		}
		for _, a := range p.Layout.All { // in case the listing is not sorted
			if a == name {
				return true
			}
		}
		return false
	}
	var out []DocLink
	for _, m := range syn.Markup() {
		if m.Kind != MarkURLLink && m.Kind != MarkSiteLink {
			continue
		}
		s, e := m.Span.Start+1, m.Span.Start+1
		for e < m.Span.End-1 && !isSpace(syn.Src[e]) {
			e++
		}
		target := string(syn.Src[s:e])
		if m.Kind == MarkSiteLink {
			target = "http://zguide.zeromq.org" + target
		}
		out = append(out, DocLink{Location: b.loc(fi, m.Line, Span{s, e}), URL: target, Tooltip: target})
	}
	for _, m := range syn.ManPages {
		name := syn.Text(m.Name)
		out = append(out, DocLink{Location: b.loc(fi, m.Line, m.Span), URL: "http://api.zeromq.org/master:" + name, Tooltip: name + " man page"})
	}
	for _, blk := range syn.Blocks {
		if blk.Kind != CodeExample || blk.Open < 0 {
			continue
		}
		for _, ef := range p.ExampleFiles(syn.Text(blk.Name)) {
			out = append(out, DocLink{Location: b.loc(fi, blk.Open, blk.Name), Path: ef.Path, Tooltip: ef.Path})
		}
	}
	for _, d := range syn.Directives {
		arg := syn.Text(d.Arg)
		var target string
		switch d.Kind {
		case DirOutput:
			target = arg
			if b.Profile == Mkmarkdown {
				if dot := strings.LastIndexByte(arg, '.'); dot > 0 {
					target = "site/content/docs/" + arg[:dot] + ".md"
				}
			}
		case DirInbook:
			target = "book/" + arg
		case DirPrelude:
			target = arg
		default:
			continue
		}
		if arg != "" && exists(target) {
			out = append(out, DocLink{Location: b.loc(fi, d.Line, d.Arg), Path: target, Tooltip: target})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Start < out[j].Start
	})
	return out
}

// Occurrence is one place that names a subject; Def marks the places that
// define it (a header, a `.bookmark` line, a bookmark-file entry, a `.set`).
type Occurrence struct {
	Location
	Def bool
}

// Occurrences lists every place in the book that names what s names: an
// anchor (from a reference, header, `.bookmark` or entry; on a header, each
// anchor it produces) or a symbol.
func (p *Project) Occurrences(s Subject) []Occurrence {
	var out []Occurrence
	switch s.Kind {
	case SubjectReference, SubjectBookmark, SubjectEntry, SubjectHeader:
		names := []string{s.Name}
		if s.Kind == SubjectHeader {
			names = s.Book.HeaderAnchors(s.Book.Files[s.File], s.Index)
		}
		for _, name := range names {
			for _, a := range s.Book.Definitions(name) {
				if bm, ok := s.Book.BookmarkLoc(a); ok {
					out = append(out, Occurrence{bm, true})
				}
				out = append(out, Occurrence{s.Book.anchorLoc(a), true})
			}
			for _, l := range p.References(s.Book, name, false) {
				out = append(out, Occurrence{l, false})
			}
			for _, l := range p.entryLocations(s.Book, name) {
				out = append(out, Occurrence{l, true})
			}
		}
	case SubjectSymbol:
		env := false
		if s.File >= 0 && s.File < len(s.Book.Files) {
			syn := s.Book.Files[s.File].Syntax
			if syn.Lines[s.Line].Kind != LineDirective && s.Index < len(syn.Symbols) {
				env = syn.Symbols[s.Index].Env
			}
		}
		for fi, f := range s.Book.Files {
			syn := f.Syntax
			if !env {
				for _, d := range syn.Directives {
					if d.Kind == DirSet && syn.Text(d.Arg) == s.Name {
						out = append(out, Occurrence{s.Book.loc(fi, d.Line, d.Arg), true})
					}
				}
			}
			for _, u := range syn.Symbols {
				if u.Env == env && syn.Text(u.Name) == s.Name {
					out = append(out, Occurrence{s.Book.loc(fi, u.Line, u.Name), false})
				}
			}
		}
	}
	return uniq(out)
}

// Selections returns the nested regions around a position, innermost
// first: the name of a reference, the reference, the line, the paragraph
// (blank-line delimited; the whole block inside a code block), every
// enclosing section, the file. In a bookmark file: the anchor, the line,
// the file.
func (p *Project) Selections(path string, line, col int) []Region {
	var out []Region
	add := func(r Region) {
		if n := len(out); n > 0 && (out[n-1] == r || !r.contains(out[n-1])) {
			return
		}
		out = append(out, r)
	}
	if bf := p.BookmarkFileAt(path); bf != nil {
		if line < 0 || line >= len(bf.Entries) {
			return nil
		}
		e := &bf.Entries[line]
		if e.Readable {
			add(RegionOf(entryLocation(bf, e)))
		}
		add(RegionOf(entryLineLoc(bf, e)))
		add(wholeFile(path, bf.Src))
		return out
	}
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	syn := f.Syntax
	if line < 0 || line >= len(syn.Lines) {
		return nil
	}
	s := p.At(path, line, col)
	if s.Kind != SubjectNone && s.Path == path {
		add(RegionOf(s.Location))
		if s.Kind == SubjectReference {
			add(RegionOf(b.loc(fi, line, syn.Refs[s.Index].Span)))
		}
		if s.Kind == SubjectSymbol && syn.Lines[line].Kind != LineDirective {
			add(RegionOf(b.loc(fi, line, syn.Symbols[s.Index].Span)))
		}
	}
	add(syn.lineRegion(path, line, line))
	switch syn.Lines[line].Kind {
	case LineCodeOpen, LineCodeBody, LineCodeClose:
		for _, blk := range syn.Blocks {
			start, end := blk.Open, blk.Close
			if start < 0 {
				start = 0
			}
			if end < 0 {
				end = len(syn.Lines) - 1
			}
			if start <= line && line <= end {
				add(syn.lineRegion(path, start, end))
			}
		}
	case LineBlank, LineHeader:
	default:
		first, last := line, line
		para := func(k int) bool {
			switch syn.Lines[k].Kind {
			case LineBlank, LineHeader:
				return false
			}
			return true
		}
		for first > 0 && para(first-1) {
			first--
		}
		for last+1 < len(syn.Lines) && para(last+1) {
			last++
		}
		add(syn.lineRegion(path, first, last))
	}
	var enclosing func(ss []Section)
	var chain []Section
	enclosing = func(ss []Section) {
		for _, sec := range ss {
			if syn.Headers[sec.Header].Line <= line && line <= sec.Last {
				chain = append(chain, sec)
				enclosing(sec.Children)
				return
			}
		}
	}
	enclosing(syn.Sections())
	for i := len(chain) - 1; i >= 0; i-- {
		add(syn.lineRegion(path, syn.Headers[chain[i].Header].Line, chain[i].Last))
	}
	add(wholeFile(path, syn.Src))
	return out
}

// wholeFile covers every byte of src.
func wholeFile(path string, src []byte) Region {
	line, col := 0, 0
	for _, c := range src {
		if c == '\n' {
			line, col = line+1, 0
			continue
		}
		col++
	}
	return Region{Path: path, EndLine: line, EndCol: col}
}

// RefTitle is what the build renders for one reference: a title to show
// after it.
type RefTitle struct {
	// At is the empty location just after the reference's `]`.
	At      Location
	Label   string
	Tooltip string
	Defined bool
}

// ReferenceTitles lists, for each reference of a guide file the build
// reads, the title it renders (§6.4): `→ Title`, or `→ (undefined)` when
// the build prints Undefined bookmark, with a tooltip saying why.
func (p *Project) ReferenceTitles(path string) []RefTitle {
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	var out []RefTitle
	for k, r := range f.Syntax.Refs {
		info := f.RefInfo[k]
		if info.Build == BuildNotSeen {
			continue
		}
		rt := RefTitle{At: b.loc(fi, r.Line, Span{r.Span.End, r.Span.End})}
		name := info.Lookup
		tb := b.TargetBook(info)
		switch {
		case info.Title != "":
			rt.Label, rt.Defined = "→ "+info.Title, true
			switch {
			case info.Target == nil:
				rt.Tooltip = "rendered from a stale entry of " + b.Profile.BookmarkFile() + ": no header defines \"" + name + "\""
			case info.Build == BuildFromFile:
				rt.Tooltip = "rendered from " + b.Profile.BookmarkFile() + "; defined at " + tb.anchorPlace(info.Target)
			default:
				rt.Tooltip = "defined at " + tb.anchorPlace(info.Target)
			}
		case info.Target != nil:
			rt.Label = "→ (undefined)"
			rt.Tooltip = "a build from scratch prints Undefined bookmark: " + name + " and renders no title: it is defined later (" + tb.anchorPlace(info.Target) + ") and not in " + b.Profile.BookmarkFile()
		default:
			rt.Label = "→ (undefined)"
			rt.Tooltip = "Undefined bookmark: " + name
		}
		out = append(out, rt)
	}
	return out
}

// TokenKind classifies a span for highlighting.
type TokenKind uint8

const (
	TokHeaderMarks        TokenKind = iota // the '+' run of a header
	TokChapterTitle                        // a chapter-level header's title
	TokSectionTitle                        // a deeper header's title
	TokDirective                           // a directive word the tool accepts
	TokIllegalDirective                    // a '.'-line the tool rejects
	TokComment                             // a `.-` line, an mkmarkdown `// kate` hint
	TokArgument                            // FILE/FORMAT of a directive, a `.set` value
	TokSetName                             // NAME of `.set NAME=`
	TokBookmarkName                        // NAME of `.bookmark NAME`
	TokReference                           // `[#name]` that names a header
	TokUndefinedReference                  // `[#name]` that no header defines
	TokSymbol                              // `$(X)`
	TokEnvSymbol                           // `%(X)`
	TokManPage                             // `zmq_x[n]`
	TokCodeDelimiter                       // `[[code …]]`, `[[/code]]`, ``` fences
	TokCode                                // a code body line
	TokItalic                              // `//text//`
	TokBold                                // `**text**`
	TokMono                                // `{{text}}`
	TokLink                                // `[http://… text]`, `[/page text]`, `<a@b>`, footnotes
	TokSpecial                             // `[figure]`, `@<//>@`, `0MQ`, `--`
	TokEntryAnchor                         // a bookmark-file anchor
	TokStaleEntry                          // the anchor of a stale entry
	TokEntryTitle                          // a bookmark-file title
	TokEntryDocument                       // site/.bookmarks: the |document
)

// Token is a classified span on one line.
type Token struct {
	Location
	Kind TokenKind
}

// Tokens classifies the spans of a guide or bookmark file for highlighting:
// one line each, sorted, never overlapping (a reference inside `//…//` cuts
// the italic span in two).
func (p *Project) Tokens(path string) []Token {
	if bf := p.BookmarkFileAt(path); bf != nil {
		return p.entryTokens(bf)
	}
	b, _, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	syn := f.Syntax
	type tok struct {
		Span
		kind TokenKind
		prio int
	}
	perLine := make([][]tok, len(syn.Lines))
	add := func(line int, s Span, k TokenKind, prio int) {
		if s.End > s.Start {
			perLine[line] = append(perLine[line], tok{s, k, prio})
		}
	}
	for hi, h := range syn.Headers {
		add(h.Line, h.Marks, TokHeaderMarks, 1)
		k := TokSectionTitle
		if f.Headers[hi].Chapter > 0 || h.Level <= b.ChapterLevel {
			k = TokChapterTitle
		}
		add(h.Line, h.Title, k, 1)
	}
	for _, d := range syn.Directives {
		l := syn.Lines[d.Line]
		switch {
		case d.Kind == DirComment:
			add(d.Line, Span{l.Start, l.End}, TokComment, 1)
			continue
		case d.Kind == DirIllegal || !b.Profile.legal(d.Kind):
			add(d.Line, d.Word, TokIllegalDirective, 1)
			continue
		}
		add(d.Line, d.Word, TokDirective, 1)
		switch d.Kind {
		case DirSet:
			add(d.Line, d.Arg, TokSetName, 1)
			add(d.Line, d.Value, TokArgument, 1)
		case DirBookmark:
			add(d.Line, d.Arg, TokBookmarkName, 1)
		default:
			add(d.Line, d.Arg, TokArgument, 1)
		}
	}
	for li, l := range syn.Lines {
		switch l.Kind {
		case LineCodeBody:
			add(li, Span{l.Start, l.End}, TokCode, 0)
		case LineFence:
			if hasPrefixAt(syn.Src[:l.End], l.Start, "```") {
				add(li, Span{l.Start, l.End}, TokCodeDelimiter, 0)
			} else {
				add(li, Span{l.Start, l.End}, TokCode, 0)
			}
		case LineEditorHint:
			add(li, Span{l.Start, l.End}, TokComment, 0)
		case LineCodeClose:
			if i := indexFrom(syn.Src[:l.End], l.Start, "[[/code]]"); i >= 0 {
				add(li, Span{l.Start, i}, TokCode, 0)
				add(li, Span{i, i + 9}, TokCodeDelimiter, 1)
			}
		}
	}
	for _, blk := range syn.Blocks {
		if blk.Open >= 0 {
			add(blk.Open, blk.Opener, TokCodeDelimiter, 1)
		}
	}
	for k, r := range syn.Refs {
		kind := TokReference
		if info := f.RefInfo[k]; info.Target == nil && info.Build != BuildNotSeen {
			kind = TokUndefinedReference
		}
		add(r.Line, r.Span, kind, 3)
	}
	for _, u := range syn.Symbols {
		kind := TokSymbol
		if u.Env {
			kind = TokEnvSymbol
		}
		add(u.Line, u.Span, kind, 4)
	}
	for _, m := range syn.ManPages {
		add(m.Line, m.Span, TokManPage, 2)
	}
	for _, m := range syn.Markup() {
		kind := TokSpecial
		switch m.Kind {
		case MarkItalic:
			kind = TokItalic
		case MarkBold:
			kind = TokBold
		case MarkMono:
			kind = TokMono
		case MarkURLLink, MarkSiteLink, MarkEmail, MarkFootnote:
			kind = TokLink
		}
		add(m.Line, m.Span, kind, 1)
	}
	var out []Token
	for li, ts := range perLine {
		if len(ts) == 0 {
			continue
		}
		ls := syn.Lines[li].Start
		// Paint the line: each elementary segment takes the kind of the
		// highest-priority token covering it (the first one on a tie).
		// A sweep over the cuts keeps the tokens covering the current
		// segment, so a dense line costs O(tokens · overlap), not O(tokens²).
		var cuts []int
		for _, t := range ts {
			cuts = append(cuts, t.Start, t.End)
		}
		sort.Ints(cuts)
		byStart := make([]int, len(ts))
		for j := range byStart {
			byStart[j] = j
		}
		sort.SliceStable(byStart, func(x, y int) bool { return ts[byStart[x]].Start < ts[byStart[y]].Start })
		var active []int
		next := 0
		prevBest := -1
		for i := 0; i+1 < len(cuts); i++ {
			a, z := cuts[i], cuts[i+1]
			if a == z {
				continue
			}
			for next < len(byStart) && ts[byStart[next]].Start <= a {
				active = append(active, byStart[next])
				next++
			}
			kept := active[:0]
			for _, j := range active {
				if ts[j].End > a {
					kept = append(kept, j)
				}
			}
			active = kept
			best := -1
			for _, j := range active {
				t := ts[j]
				if t.Start <= a && z <= t.End && (best < 0 || t.prio > ts[best].prio || (t.prio == ts[best].prio && j < best)) {
					best = j
				}
			}
			if best < 0 {
				prevBest = -1
				continue
			}
			if n := len(out); best == prevBest && out[n-1].End == a-ls {
				out[n-1].End = z - ls
				continue
			}
			prevBest = best
			out = append(out, Token{Location{Path: path, Line: li, Start: a - ls, End: z - ls}, ts[best].kind})
		}
	}
	return out
}

func (p *Project) entryTokens(bf *BookmarkFile) []Token {
	stale := map[int]bool{}
	for _, au := range p.AuditOf(bf.Path) {
		if au.Status == EntryStale {
			stale[au.Entry.Line] = true
		}
	}
	var out []Token
	for i := range bf.Entries {
		e := &bf.Entries[i]
		if !e.Readable {
			continue
		}
		ls := e.Span.Start
		k := TokEntryAnchor
		if stale[e.Line] {
			k = TokStaleEntry
		}
		out = append(out, Token{Location{bf.Path, e.Line, e.AnchorAt.Start - ls, e.AnchorAt.End - ls}, k})
		if e.TitleAt.End > e.TitleAt.Start {
			out = append(out, Token{Location{bf.Path, e.Line, e.TitleAt.Start - ls, e.TitleAt.End - ls}, TokEntryTitle})
		}
		if bf.Site && e.TitleAt.End < e.Span.End {
			end := trimRight(bf.Src, e.TitleAt.End+1, e.Span.End)
			if end > e.TitleAt.End+1 {
				out = append(out, Token{Location{bf.Path, e.Line, e.TitleAt.End + 1 - ls, end - ls}, TokEntryDocument})
			}
		}
	}
	return out
}

// Fix is a mechanical change that resolves a diagnostic (Code, at At) or
// refactors; its edits may touch several files.
type Fix struct {
	Title     string
	Code      string // the diagnostic code it resolves, "" for refactorings
	At        Location
	Edits     []RegionEdit
	Preferred bool
}

func editsOf(es ...Edit) []RegionEdit {
	out := make([]RegionEdit, 0, len(es))
	for _, e := range es {
		out = append(out, RegionEdit{RegionOf(e.Location), e.NewText})
	}
	return out
}

// ReferenceFixes returns the quick fixes for the references of a guide file
// that lie on lines first..last: for an undefined one, the closest existing
// anchors (by edit distance and shared words of names and titles) and a
// `.bookmark` before the headers whose titles best match the name; for
// adjacent references, a blank between them.
func (p *Project) ReferenceFixes(path string, first, last int) []Fix {
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	syn := f.Syntax
	var out []Fix
	for k, r := range syn.Refs {
		if r.Line < first || r.Line > last {
			continue
		}
		info := f.RefInfo[k]
		at := b.loc(fi, r.Line, r.Name)
		name := syn.Text(r.Name)
		if info.Adjacent {
			fix := Fix{Title: "Insert a blank between the references", Code: CodeAdjacentReferences, At: b.loc(fi, r.Line, r.Span), Preferred: true}
			text := syn.Text(r.Span)
			for j := 3; j+1 < len(text); j++ {
				if text[j] == '[' && text[j+1] == '#' && strings.Contains(text[2:j], "]") {
					fix.Edits = append(fix.Edits, editsOf(Edit{b.loc(fi, r.Line, Span{r.Span.Start + j, r.Span.Start + j}), " "})...)
				}
			}
			out = append(out, fix)
			continue
		}
		if info.Target != nil || info.Build == BuildNotSeen || info.Title != "" {
			continue
		}
		tb := b
		if b.Outside != nil {
			tb = b.Outside
		}
		for _, a := range tb.closestAnchors(name, 3) {
			out = append(out, Fix{Title: "Replace with closest anchor `" + a.Name + "` (" + a.Title + ")", Code: CodeUndefinedBookmark, At: at,
				Edits: editsOf(Edit{at, a.Name})})
		}
		if p.CheckAnchorName(name) != nil {
			continue
		}
		for _, a := range tb.matchingHeaders(name, 3) {
			h, _ := tb.Header(a)
			hf := tb.Files[a.File]
			out = append(out, Fix{Title: "Add `.bookmark " + name + "` before the header `" + hf.Syntax.Text(h.Title) + "` (" + tb.anchorPlace(a) + ")", Code: CodeUndefinedBookmark, At: at,
				Edits: editsOf(Edit{Location{Path: hf.Path, Line: h.Line}, ".bookmark " + name + "\n"})})
		}
	}
	return out
}

// words splits a name or title into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
	})
}

// wordScore is the share of the words of name found in the words of text.
func wordScore(name, text []string) float64 {
	if len(name) == 0 {
		return 0
	}
	have := map[string]bool{}
	for _, w := range text {
		have[w] = true
	}
	n := 0
	for _, w := range name {
		if have[w] {
			n++
		}
	}
	return float64(n) / float64(len(name))
}

// levenshtein is the edit distance of two byte strings.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// similarity scores how well an anchor matches a name in [0, 1].
func similarity(name string, a *Anchor) float64 {
	ln, la := strings.ToLower(name), strings.ToLower(a.Name)
	d := 1 - float64(levenshtein(ln, la))/float64(max(len(ln), len(la), 1))
	w := wordScore(words(name), append(words(a.Name), words(a.Title)...))
	return max(d, w)
}

type scored struct {
	a *Anchor
	s float64
}

// rank keeps the n best candidates scoring at least 0.4, best first, run
// order on ties.
func rank(cands []scored, n int) []*Anchor {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].s > cands[j].s })
	var out []*Anchor
	for _, c := range cands {
		if c.s < 0.4 || len(out) == n {
			break
		}
		out = append(out, c.a)
	}
	return out
}

// closestAnchors are the anchors whose names or titles best match name.
func (b *Book) closestAnchors(name string, n int) []*Anchor {
	var cands []scored
	for _, an := range b.AnchorNames() {
		a := b.Definition(an)
		cands = append(cands, scored{a, similarity(name, a)})
	}
	return rank(cands, n)
}

// matchingHeaders are the headers without a `.bookmark` whose titles share
// the most words with name.
func (b *Book) matchingHeaders(name string, n int) []*Anchor {
	var cands []scored
	seen := map[[2]int]bool{}
	nw := words(name)
	for _, a := range b.Registrations {
		key := [2]int{a.File, a.Header}
		if seen[key] {
			continue
		}
		seen[key] = true
		if _, info := b.Header(a); info.Named != "" {
			continue
		}
		h, _ := b.Header(a)
		cands = append(cands, scored{a, wordScore(nw, words(b.Files[a.File].Syntax.Text(h.Title)))})
	}
	return rank(cands, n)
}

// EntryFixes returns the quick fixes for the bookmark-file entries on
// lines first..last: remove a stale entry; store the title the profile's
// tool stores.
func (p *Project) EntryFixes(path string, first, last int) []Fix {
	bf := p.BookmarkFileAt(path)
	if bf == nil {
		return nil
	}
	var out []Fix
	for _, au := range p.AuditOf(path) {
		e := au.Entry
		if e.Line < first || e.Line > last {
			continue
		}
		at := entryLineLoc(bf, e)
		switch {
		case au.Status == EntryStale:
			out = append(out, Fix{Title: "Remove stale entry `" + e.Anchor + "`", Code: CodeStaleEntry, At: at, Preferred: true,
				Edits: []RegionEdit{{deleteLine(bf, e.Line), ""}}})
		case au.Expected != "" && (au.Status == EntryMismatch || au.Status == EntryOtherTool):
			ls := e.Span.Start
			text := au.Expected
			if e.LostByte {
				text += "\n"
			}
			end := e.Span.End
			if end > e.Span.Start && bf.Src[end-1] == '\r' {
				end-- // the line ending stays as it is (crlf-line is its own fix)
			}
			r := Region{Path: bf.Path, Line: e.Line, Col: e.TitleAt.Start - ls, EndLine: e.Line, EndCol: end - ls}
			out = append(out, Fix{Title: "Update stored title to \"" + au.Expected + "\"", Code: CodeTitleMismatch, At: at, Preferred: true,
				Edits: []RegionEdit{{r, text}}})
		}
	}
	return out
}

// deleteLine is the region of a bookmark-file line with its line break.
func deleteLine(bf *BookmarkFile, line int) Region {
	e := bf.Entries[line]
	if e.Span.End < len(bf.Src) {
		return Region{Path: bf.Path, Line: line, EndLine: line + 1}
	}
	if line == 0 {
		return Region{Path: bf.Path, EndCol: e.Span.End - e.Span.Start}
	}
	prev := bf.Entries[line-1]
	return Region{Path: bf.Path, Line: line - 1, Col: prev.Span.End - prev.Span.Start, EndLine: line, EndCol: e.Span.End - e.Span.Start}
}

// RemoveStaleEntries deletes every stale entry of a bookmark file.
func (p *Project) RemoveStaleEntries(path string) (Fix, bool) {
	bf := p.BookmarkFileAt(path)
	if bf == nil {
		return Fix{}, false
	}
	fix := Fix{Title: "Remove all stale entries of " + path}
	n := 0
	for _, au := range p.AuditOf(path) {
		if au.Status == EntryStale {
			fix.Edits = append(fix.Edits, RegionEdit{deleteLine(bf, au.Entry.Line), ""})
			n++
		}
	}
	if n == 0 {
		return Fix{}, false
	}
	fix.Title += " (" + strconv.Itoa(n) + ")"
	return fix, true
}

// BookmarkWriters maps each bookmark file of the folder that exists to the
// run whose tool writes it: `.bookmarks` to the main run (unless that is
// mkmarkdown), `site/.bookmarks` to the mkmarkdown run.
func (p *Project) BookmarkWriters() map[string]*Book {
	out := map[string]*Book{}
	for _, b := range []*Book{p.Main, p.Site} {
		if b != nil && b.Bookmarks != nil {
			if _, ok := out[b.Bookmarks.Path]; !ok {
				out[b.Bookmarks.Path] = b
			}
		}
	}
	return out
}

// PinFix pins a header's referenced automatic anchor with a `.bookmark`
// line, so that later title edits keep its references valid.
func (p *Project) PinFix(s Subject) (Fix, bool) {
	e, ok := p.PinEdit(s)
	if !ok || p.ReferenceCount(s.Book, s.Name) == 0 {
		return Fix{}, false
	}
	return Fix{Title: "Pin anchor `" + s.Name + "` with .bookmark (keeps its references valid when the title changes)", At: s.Location, Edits: editsOf(e)}, true
}
