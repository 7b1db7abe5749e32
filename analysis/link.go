package analysis

import (
	"maps"
	"strconv"
	"strings"
)

// Link runs the book as the profile's tool would (one pass over the files
// in run order) and builds the snapshot: chapter numbers, anchors,
// bookmark attachment, reference resolution in both views, the tool's
// messages and the bookmark table it leaves behind.
//
// With in.Prev, only the file that changed is read again when that is
// provably enough (relink.go), and the result is the same. Both modes read
// files through the same run; they differ only in the table it registers
// anchors in (table.go).
func Link(in LinkInput) *Book {
	level := in.chapterLevel()
	if in.Prev != nil {
		if b := relink(in.Prev, in, level); b != nil {
			return b
		}
	}
	b := newBook(in, level)
	r := newRun(b, newTrace(len(in.Files)), bookTable{b}, maps.Clone(in.Symbols))
	r.readExtra = in.ReadExtra
	for fi := range b.Files {
		r.enter(fi)
		if r.stopped {
			for k := range b.Files[fi].RefInfo {
				b.Files[fi].RefInfo[k].Build = BuildNotSeen
			}
			continue
		}
		r.file(fi)
	}
	r.enter(len(b.Files))
	r.finish()
	b.Died, b.Hangs = r.died, r.hangs
	b.Tool = r.out
	b.trace = r.t
	b.Symbols = symbolDefs(r.t.sets, nil)
	b.Diagnostics = r.t.flatten()
	return b
}

// newBook is the empty book a full link of in fills.
func newBook(in LinkInput, level int) *Book {
	headers := 0
	for _, sf := range in.Files {
		headers += len(sf.Syntax.Headers)
	}
	b := &Book{
		Profile: in.Profile, ChapterLevel: level, Bookmarks: in.Bookmarks, Fresh: in.Fresh, Outside: in.Outside,
		first: make(map[string]*Anchor, headers+headers/4), stored: make(map[string]Stored, headers+headers/4),
		Registrations: make([]*Anchor, 0, headers+headers/4),
		byPath:        make(map[string]int, len(in.Files)), symbolsIn: in.Symbols,
		anchors: new(epoch), places: new(epoch), moved: -1,
	}
	for i, sf := range in.Files {
		b.byPath[sf.Path] = i
		b.Files = append(b.Files, newBookFile(sf))
	}
	return b
}

// newRun starts a run over b that records into t and registers in tab;
// symbols is the symbol table as the run starts (nil: empty).
func newRun(b *Book, t *linkTrace, tab table, symbols map[string]string) *run {
	if symbols == nil {
		symbols = map[string]string{}
	}
	return &run{b: b, t: t, tab: tab, symbols: symbols, undefReported: map[string]bool{}}
}

// symbolDefs lists the definitions of the .set lines of sets (per file, in
// run order), of the names in only (every name when nil).
func symbolDefs(sets [][]setLine, only map[string]bool) map[string][]SymbolDef {
	defs := map[string][]SymbolDef{}
	for _, ss := range sets {
		for _, s := range ss {
			if only == nil || only[s.name] {
				defs[s.name] = append(defs[s.name], SymbolDef{Location: s.at, Value: s.value})
			}
		}
	}
	return defs
}

func (in LinkInput) chapterLevel() int {
	if in.ChapterLevel != 0 {
		return in.ChapterLevel
	}
	if in.Profile.era2012() {
		return 2
	}
	return 1
}

func newBookFile(sf SourceFile) *BookFile {
	return &BookFile{
		SourceFile: sf,
		Headers:    make([]HeaderInfo, len(sf.Syntax.Headers)),
		RefInfo:    make([]RefInfo, len(sf.Syntax.Refs)),
	}
}

// enter records the run's state as it reaches file fi (len(Files): the end).
func (r *run) enter(fi int) {
	r.cur = fi
	r.t.entry[fi] = r.state()
	r.t.regs[fi] = r.tab.count()
	r.t.tool[fi] = len(r.out)
}

// state is the run's state at a file boundary.
func (r *run) state() runState {
	return runState{lineNo: r.lineNo, chapter: r.chapter, pending: r.pending, ended: r.ended, stopped: r.stopped, unclosed: r.unclosed, carry: r.carry}
}

// resume sets the run's state to s, recorded as it reached file fi.
func (r *run) resume(fi int, s runState) {
	r.cur = fi
	r.lineNo, r.chapter, r.pending, r.ended, r.stopped, r.unclosed, r.carry = s.lineNo, s.chapter, s.pending, s.ended, s.stopped, s.unclosed, s.carry
}

// pendingBookmark is a `.bookmark` waiting for its header.
type pendingBookmark struct {
	name string
	at   Location
	file int
	line int
	dir  int // directive index, plus one
}

// run is the profile's tool reading the files in order: it fills b's
// files and records into t; its anchors go to tab.
type run struct {
	b       *Book
	t       *linkTrace
	tab     table
	cur     int // the file being read: diagnostics and messages are filed under it
	out     []ToolLine
	symbols map[string]string
	lineNo  int // the tool's cumulative line counter
	chapter int
	pending *pendingBookmark
	ended   bool // mkwikidot/z2w: output suppressed after .end
	stopped bool // mkdocbook: .end stops reading altogether
	// era B's single "current anchor" variable
	currentName   string
	currentAnchor *Anchor
	undefReported map[string]bool
	figure        int // text diagrams so far (the tools number figures run-wide)
	mdFigure      int // mkmarkdown's figure numbers
	readExtra     func(string) ([]byte, bool)
	carry         carriedState
	// died is why the tool died (fatal.go), "" while it runs; hangs
	// when it never ends.
	died  string
	hangs bool
	// expandWork is what remains of the budget of the line expandZ2W is
	// on, and expandRef the reference it last rewrote (expand.go).
	expandWork int
	expandRef  string
	// unclosed is the opener of a block still open at a file boundary.
	unclosed *Location
}

func (r *run) tool(text string) {
	r.out = append(r.out, ToolLine{Text: text, Newline: true})
}

func (r *run) diag(at Location, sev Severity, code, msg string, rel ...Related) {
	d := Diagnostic{Location: at, Severity: sev, Code: code, Message: msg, Related: rel}
	if r.cur < len(r.t.run) {
		r.t.run[r.cur] = append(r.t.run[r.cur], d)
	} else {
		r.t.finish = append(r.t.finish, d)
	}
}

// lookup is the tool's in-memory table at this point of the run.
func (r *run) lookup(name string) (Stored, bool, bool) { return r.tab.lookup(name) }

func (r *run) file(fi int) {
	b := r.b
	f := b.Files[fi]
	syn := f.Syntax
	for k := range f.RefInfo {
		f.RefInfo[k].Build = BuildNotSeen
	}
	var block *CodeBlock
	bi := 0
	if syn.Entry.Open && len(syn.Blocks) > 0 && syn.Blocks[0].Open < 0 {
		block, bi = &syn.Blocks[0], 1
	}
	hi, di, ri, si := 0, 0, 0, 0
	for li, ln := range syn.Lines {
		if r.stopped {
			break
		}
		r.lineNo++
		ri, rj := onLine(ri, len(syn.Refs), func(k int) int { return syn.Refs[k].Line }, li)
		si, sj := onLine(si, len(syn.Symbols), func(k int) int { return syn.Symbols[k].Line }, li)
		switch ln.Kind {
		case LineDirective:
			d := &syn.Directives[di]
			di++
			if r.directive(fi, li, di, d) {
				return // headers after it stay unprocessed
			}
		case LineHeader:
			if r.headerDies(fi, hi) {
				return
			}
			r.header(fi, hi)
			r.symbolUses(fi, syn.Symbols[si:sj])
			hi++
		case LineText:
			r.text(fi, li, ri, rj, syn.Symbols[si:sj])
		case LineCodeOpen:
			block = &syn.Blocks[bi]
			bi++
			r.codeOpenLine(fi, li, block)
		case LineCodeBody:
			r.codeBodyLine(fi, li, block)
			if syn.Dialect == Markdown {
				r.refsOnly(fi, li, ri, rj)
			}
		case LineFence:
			r.refsOnly(fi, li, ri, rj)
		case LineCodeClose:
			if r.diagramEnds(fi, li) {
				return
			}
			r.codeCloseLine(fi, li, block)
			block = nil
		case LineUnparsedCode:
			text := syn.LineText(li)
			r.tool("E: unparsed code block: " + text)
			r.diag(b.lineLoc(fi, li), SevError, DiagUnparsedCodeBlock,
				"unparsed code block: its body is read as text; "+openerFix(syn.LineText(li)))
		}
	}
	if syn.Dialect == Markdown && block != nil && block.Open >= 0 {
		r.diag(b.loc(fi, block.Open, block.Opener), SevWarning, DiagUnclosedCodeBlock, "code block is not closed, so mkmarkdown ends it at the end of the file; add [[/code]] where it ends")
	}
}

// onLine moves i, an index into items sorted by line (line(k) is item k's),
// to the first item on line li or after, and returns it with the end of
// the items on line li.
func onLine(i, n int, line func(int) int, li int) (int, int) {
	for i < n && line(i) < li {
		i++
	}
	j := i
	for j < n && line(j) == li {
		j++
	}
	return i, j
}

// codeOpenLine reads the opener of block on line li.
func (r *run) codeOpenLine(fi, li int, block *CodeBlock) {
	r.codeOpened(fi, li, block)
	if block.Kind == BlockExample && block.Close != li+1 {
		r.exampleBlock(fi, li, block)
	}
	if block.Close < 0 && r.b.Files[fi].Syntax.Dialect != Markdown {
		l := r.b.loc(fi, li, block.Opener)
		r.unclosed = &l
	}
}

// codeBodyLine reads line li inside block (nil when it was opened in a
// file the scan did not see): diagram lines, swallowed .bookmark lines,
// the discarded body of an example.
func (r *run) codeBodyLine(fi, li int, block *CodeBlock) {
	b := r.b
	syn := b.Files[fi].Syntax
	ln := syn.Lines[li]
	r.diagramLine(fi, li)
	if syn.Dialect != Markdown && ln.End > ln.Start && syn.Src[ln.Start] == '.' {
		if d := parseDirective(syn.Src, li, int(ln.Start), int(ln.End)); d.Kind == DirBookmark {
			r.t.swallow[fi] = append(r.t.swallow[fi], swallowed{syn.Text(d.Arg), b.loc(fi, li, d.Arg)})
		}
	}
	if block != nil && block.Kind == BlockExample {
		title, name := syn.Text(block.Title), syn.Text(block.Name)
		if block.Open < 0 {
			title, name = block.Continued.Title, block.Continued.Name
		}
		if b.Profile.wikidot() {
			title = TranslateZeroMQ(title)
		}
		r.tool("W: discarding code for " + title + " - " + name)
	}
}

// codeCloseLine reads the closer of block on line li: a block opened in
// an earlier file ends its swallowing here.
func (r *run) codeCloseLine(fi, li int, block *CodeBlock) {
	if block != nil && block.Open < 0 && r.unclosed != nil {
		r.diag(*r.unclosed, SevWarning, DiagUnclosedCodeBlock,
			"code block is not closed in its file and swallows "+r.b.Files[fi].Path+" up to line "+strconv.Itoa(li+1)+"; add [[/code]]",
			Related{r.b.lineLoc(fi, li), "the block ends here"})
		r.unclosed = nil
	}
}

func (r *run) exampleBlock(fi, li int, block *CodeBlock) {
	syn := r.b.Files[fi].Syntax
	r.diag(r.b.loc(fi, li, block.Opener), SevWarning, DiagDiscardedExampleCode,
		"example block has a body, which the build discards; move it to examples/<language>/"+syn.Text(block.Name)+".*")
}

// directive handles a '.'-line; it reports whether the rest of the file
// (mkmarkdown) or the run (mkdocbook) is not read.
func (r *run) directive(fi, li, dir int, d *Directive) bool {
	b := r.b
	syn := b.Files[fi].Syntax
	legal := b.Profile.legal(d.Kind)
	if legal && d.Kind == DirOutput && b.Profile == Mkmarkdown && !strings.Contains(syn.Text(d.Arg), ".") {
		legal = false
	}
	if !legal {
		r.illegalDirective(fi, li, d)
		return false
	}
	switch d.Kind {
	case DirOutput:
		r.carry.output = true
		if r.carry.prelude != "" && (b.Profile == Z2W || b.Profile == Z2W201211) {
			if r.writePrelude(fi, li) {
				return true
			}
		}
	case DirPrelude:
		r.carry.prelude = syn.Text(d.Arg)
	case DirSet:
		name, value := syn.Text(d.Arg), syn.Text(d.Value)
		r.symbols[name] = value
		r.t.sets[fi] = append(r.t.sets[fi], setLine{name, value, b.loc(fi, li, d.Arg)})
	case DirEnd:
		last := fi == len(b.Files)-1
		switch b.Profile {
		case Mkmarkdown:
			return true
		case Mkdocbook, Mkbook, Mkbook201211:
			r.stopped = true
			if !last {
				r.diag(b.lineLoc(fi, li), SevWarning, DiagEndHidesOutput,
					".end stops mkdocbook here, so it never reads the rest of the run; remove it to build the rest")
			}
			return true
		default:
			r.ended = true
			if !last {
				r.diag(b.lineLoc(fi, li), SevWarning, DiagEndHidesOutput,
					".end hides the output of the rest of the run (its headers still count); remove it to build the rest")
			}
		}
	case DirBookmark:
		r.bookmarkDirective(fi, li, dir, d)
	}
	return false
}

// illegalDirective drops a directive the profile does not accept.
func (r *run) illegalDirective(fi, li int, d *Directive) {
	b := r.b
	text := b.Files[fi].Syntax.LineText(li)
	r.tool("Illegal directive " + text + " at line " + strconv.Itoa(r.lineNo))
	r.t.numbered[fi] = true
	why := "illegal directive: " + b.Profile.String() + " knows no such directive and drops the line; fix or remove it"
	switch {
	case d.Kind == DirOutput:
		why = "illegal directive: mkmarkdown drops a .output without a file extension; name a file like chapter1.md"
	case d.Kind != DirIllegal:
		why = "illegal directive: " + b.Profile.String() + " does not accept " + d.Kind.String() + " and drops the line; remove it"
	case len(text) > 1 && (text[1] == ' ' || text[1] == '.'):
		why = "a text line cannot start with '.': the build drops it as a directive; reword its start"
	}
	r.diag(b.lineLoc(fi, li), SevError, DiagIllegalDirective, why)
}

// bookmarkDirective reads `.bookmark NAME` (directive index dir, plus
// one): the name waits for the next header.
func (r *run) bookmarkDirective(fi, li, dir int, d *Directive) {
	b := r.b
	name := b.Files[fi].Syntax.Text(d.Arg)
	at := b.loc(fi, li, d.Arg)
	if strings.ContainsAny(name, " \t\v\f\r") {
		r.diag(at, SevWarning, DiagBookmarkNameHasSpace,
			"bookmark name has a blank, so no [#…] can reach it; write - instead of the blank")
	}
	if strings.Contains(name, "--") && b.Profile == Mkwikidot {
		r.diag(at, SevWarning, DiagDashDashInBookmark,
			"bookmark name has '--', which mkwikidot makes an em dash, so no [#…] can reach it; write one -")
	}
	if r.pending != nil {
		r.diag(r.pending.at, SevWarning, DiagBookmarkOverridden,
			"bookmark "+strconv.Quote(r.pending.name)+" is replaced by the next .bookmark before any header; delete one of them",
			Related{at, "the .bookmark that replaces it"})
	}
	r.pending = &pendingBookmark{name: name, at: at, file: fi, line: li, dir: dir}
	r.carry.mdAnchor = name
	if b.Profile.wikidot() {
		r.writeln("[[# " + name + "]]")
	}
	if b.Profile == Z2W201211 {
		r.currentName, r.currentAnchor = name, nil
	}
}

// restOfRun describes what follows file fi in the run.
func (r *run) restOfRun(fi int) string {
	files := r.b.Files
	n := len(files) - fi - 1
	if n == 1 {
		return "the rest of " + files[fi].Path + " and " + files[fi+1].Path
	}
	return "the rest of " + files[fi].Path + " and the " + strconv.Itoa(n) + " files after it (" + files[fi+1].Path + " … " + files[len(files)-1].Path + ")"
}

// register records an anchor; stored ones enter the tool's table.
func (r *run) register(a *Anchor, stored Stored, store bool) *Anchor {
	a.Seq = r.tab.count()
	a.Stored = store
	a.doc = stored.Document
	r.tab.add(a, stored, store)
	return a
}

func (p *pendingBookmark) place() bookmarkAt { return bookmarkAt{p.file, p.dir} }

func (r *run) takePending() *pendingBookmark {
	p := r.pending
	r.pending = nil
	return p
}

func (r *run) header(fi, hi int) {
	b := r.b
	f := b.Files[fi]
	h := &f.Syntax.Headers[hi]
	info := &f.Headers[hi]
	info.Processed = true
	raw := f.Syntax.Text(h.Title)
	named := func(p *pendingBookmark, title string, store bool, doc string) {
		info.Named = p.name
		r.register(&Anchor{Name: p.name, Kind: NamedAnchor, Title: title, File: fi, Header: hi, bm: p.place()}, Stored{title, doc}, store)
	}
	switch b.Profile {
	case Mkwikidot, Z2W, Z2W201211:
		info.Effective = raw
		if h.Level == b.ChapterLevel && raw != "Preface" && raw != "Postface" {
			r.chapter++
			info.Chapter = r.chapter
			info.Effective = chapterText(r.chapter, raw)
		}
		info.Auto, info.HasAuto = DeriveAnchor(info.Effective), true
		if b.Profile == Z2W201211 {
			r.headerEraB(fi, hi, info, raw, named)
			r.simulate(strings.Repeat("+", h.Level) + " [#" + info.Auto + " " + info.Effective + "]")
			return
		}
		r.register(&Anchor{Name: info.Auto, Kind: AutoAnchor, Title: info.Effective, File: fi, Header: hi}, Stored{Title: info.Effective}, true)
		if p := r.takePending(); p != nil {
			named(p, info.Effective, true, "")
		}
		switch b.Profile {
		case Mkwikidot:
			r.writeln("+" + strings.Repeat("+", h.Level) + " [#" + info.Auto + " " + info.Effective + "]")
		case Z2W:
			r.simulate(strings.Repeat("+", h.Level) + " [#" + info.Auto + " " + info.Effective + "]")
		}
	case Mkdocbook, Mkbook, Mkbook201211:
		info.Effective = raw
		title := TranslateZeroMQ(raw)
		// block is the DocBook element the header opens, shown is the
		// title written for it: both go through the expander (mkdocbook).
		block, shown := "", raw
		switch L := b.ChapterLevel; {
		case h.Level == 1 && isPartTitle(raw) && b.Profile != Mkbook201211:
			// `+ Part N - …` at the first level, in `++` books too
			// (mkbook of December 2012), where `++ Part …` is a chapter.
			block, shown = "part", partTitle(raw)
			if p := r.takePending(); p != nil {
				named(p, title, false, "")
			}
		case h.Level == L && strings.HasPrefix(raw, "Preface"):
			block, shown = "preface", "Preface"
			if p := r.takePending(); p != nil {
				named(p, "Preface", true, "")
			}
		case h.Level == L:
			block = "chapter"
			if p := r.takePending(); p != nil {
				named(p, title, true, "")
			}
		case h.Level == L+1 || h.Level == L+2:
			block = "sect"
			if p := r.takePending(); p != nil {
				named(p, title, false, "")
			}
		default:
			info.Processed = false // a paragraph for mkdocbook
			r.writeln(f.Syntax.LineText(h.Line))
		}
		if block != "" {
			if info.Named != "" {
				r.writeln("<" + block + ` id="` + info.Named + `">`)
			}
			r.writeln("<title>" + shown + "</title>")
		}
	case Mkmarkdown:
		r.headerMarkdown(fi, hi, h, info, raw, named)
	}
}

// headerEraB applies the single "current anchor" of z2w 2012-11:
// the header's title is stored under whatever anchor is current, then the
// header's own automatic anchor becomes current.
func (r *run) headerEraB(fi, hi int, info *HeaderInfo, raw string, named func(*pendingBookmark, string, bool, string)) {
	t := TranslateZeroMQ(raw)
	if r.currentName != "" {
		r.tab.store(r.currentName, Stored{Title: t})
		if a := r.currentAnchor; a != nil {
			a.Stored, a.NextTitle = true, t
		}
	}
	if p := r.takePending(); p != nil {
		named(p, t, true, "")
	}
	a := &Anchor{Name: info.Auto, Kind: AutoAnchor, Title: t, File: fi, Header: hi}
	r.register(a, Stored{}, false)
	r.currentName, r.currentAnchor = info.Auto, a
}

func (r *run) headerMarkdown(fi, hi int, h *Header, info *HeaderInfo, raw string, named func(*pendingBookmark, string, bool, string)) {
	info.Effective = raw
	if h.Level == 1 {
		switch {
		case strings.HasPrefix(raw, "Preface"), strings.HasPrefix(raw, "Postface"):
			return // `# Preface`: no anchor, pending bookmark kept
		case strings.HasPrefix(raw, "Appendix: "):
			// The appendix takes the tool's current anchor: a pending
			// .bookmark's name as written, or else the last header's anchor,
			// whose entry it rewrites (FIDELITY.md). The pending bookmark
			// stays for the next header.
			title := raw[len("Appendix: "):]
			if name := r.carry.mdAnchor; name != "" {
				doc := r.symbols["TITLE"]
				a := &Anchor{Name: name, Kind: AutoAnchor, Title: title, File: fi, Header: hi}
				if p := r.pending; p != nil && p.name == name {
					a.Kind, a.bm, info.Named = NamedAnchor, p.place(), p.name
				}
				info.Document = doc
				r.register(a, Stored{title, doc}, true)
			}
			r.writeln("# Appendix: " + title)
			return
		}
		r.chapter++
		info.Chapter = r.chapter
		info.Effective = chapterText(r.chapter, raw)
	}
	doc := "chapter"
	if r.chapter > 0 {
		doc += strconv.Itoa(r.chapter)
	}
	info.Document = doc
	var a *Anchor
	if p := r.takePending(); p != nil {
		// The sanitised bookmark name replaces the automatic anchor.
		info.Named = p.name
		a = &Anchor{Name: DeriveAnchor(p.name), Kind: NamedAnchor, Title: info.Effective, File: fi, Header: hi, bm: p.place()}
	} else {
		info.Auto, info.HasAuto = DeriveAnchor(info.Effective), true
		a = &Anchor{Name: info.Auto, Kind: AutoAnchor, Title: info.Effective, File: fi, Header: hi}
	}
	r.carry.mdAnchor = a.Name
	// An empty anchor is not stored; a header deeper than #### is stored
	// but not written.
	r.register(a, Stored{info.Effective, doc}, a.Name != "")
	if h.Level <= 4 {
		r.writeln(strings.Repeat("#", h.Level) + " " + info.Effective + " {#" + a.Name + "}")
	}
}

// partTitle is what follows ^\+\s+Part\s+\w+\s+-\s+ (the title of
// a part); t is the title after the '+' and its blanks.
func partTitle(t string) string {
	s := []byte(t)
	i := skipSpace(s, 4)
	for i < len(s) && isWord(s[i]) {
		i++
	}
	i = skipSpace(s, i)
	return t[skipSpace(s, i+1):]
}

// isPartTitle matches the title part of ^\+\s+Part\s+\w+\s+-\s+.
func isPartTitle(t string) bool {
	s := []byte(t)
	if !hasPrefixAt(s, 0, "Part") {
		return false
	}
	i := skipSpace(s, 4)
	if i == 4 {
		return false
	}
	j := i
	for j < len(s) && isWord(s[j]) {
		j++
	}
	if j == i {
		return false
	}
	k := skipSpace(s, j)
	if k == j || k >= len(s) || s[k] != '-' {
		return false
	}
	return skipSpace(s, k+1) > k+1
}

func (r *run) finish() {
	r.finishDies()
	if p := r.pending; p != nil {
		r.diag(p.at, SevWarning, DiagBookmarkUnattached, "bookmark "+strconv.Quote(p.name)+" names nothing: no header follows it; add a header after it or delete it")
	}
	if r.unclosed != nil {
		r.diag(*r.unclosed, SevWarning, DiagUnclosedCodeBlock, "code block is never closed, so it swallows the rest of the run; add [[/code]] where it ends")
	}
	r.resolveRefs()
	r.anchorDiagnostics()
}

// openerFix says how to write a `[[code` line no opener matches:
// the forms of 2010-2011 and the near misses seen in real books.
func openerFix(line string) string {
	switch {
	case strings.Contains(line, `type="textdiagram"`) && !strings.Contains(line, "title="):
		return `a text diagram needs a title: [[code type="textdiagram" title="…"]]`
	case strings.Contains(line, `type="textdiagram"`):
		return `write it as [[code type="textdiagram" title="…"]], one blank after code`
	case strings.Contains(line, `type="example"`):
		return `write it as [[code type="example" title="…" name="…"]], in this order`
	case strings.Contains(line, `type="fragment"`):
		return `a fragment needs a name: [[code type="fragment" name="…"]]`
	case strings.Contains(line, "language="):
		return `write it as [[code language="…"]]`
	}
	return `use [[code]] or a form completion offers after [[code`
}
