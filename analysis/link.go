package analysis

import (
	"strconv"
	"strings"
)

// Link runs the book as the profile's tool would (one pass over the files
// in run order, §1.3) and builds the snapshot: chapter numbers, anchors,
// bookmark attachment, reference resolution in both views, the tool's
// messages and the bookmark table it leaves behind.
func Link(in LinkInput) *Book {
	level := in.ChapterLevel
	if level == 0 {
		level = 1
		if in.Profile == Z2W || in.Profile == Z2W201211 {
			level = 2
		}
	}
	headers := 0
	for _, sf := range in.Files {
		headers += len(sf.Syntax.Headers)
	}
	b := &Book{
		Profile: in.Profile, ChapterLevel: level, Bookmarks: in.Bookmarks, Fresh: in.Fresh, Outside: in.Outside,
		first: make(map[string]*Anchor, headers+headers/4), stored: make(map[string]Stored, headers+headers/4), Symbols: map[string][]SymbolDef{},
		Registrations: make([]*Anchor, 0, headers+headers/4),
		byPath:        make(map[string]int, len(in.Files)),
	}
	r := &run{b: b, symbols: map[string]string{}, undefReported: map[string]bool{}}
	for k, v := range in.Symbols {
		r.symbols[k] = v
	}
	for i, sf := range in.Files {
		b.byPath[sf.Path] = i
		b.Files = append(b.Files, &BookFile{
			SourceFile: sf,
			Headers:    make([]HeaderInfo, len(sf.Syntax.Headers)),
			RefInfo:    make([]RefInfo, len(sf.Syntax.Refs)),
		})
	}
	for fi := range b.Files {
		if r.stopped {
			for k := range b.Files[fi].RefInfo {
				b.Files[fi].RefInfo[k].Build = BuildNotSeen
			}
			continue
		}
		r.file(fi)
	}
	r.finish()
	return b
}

// pendingBookmark is a `.bookmark` waiting for its header (§5.3).
type pendingBookmark struct {
	name string
	at   Location
	file int
	line int
}

type run struct {
	b       *Book
	symbols map[string]string
	lineNo  int // the tool's cumulative line counter (§2.4)
	chapter int
	pending *pendingBookmark
	ended   bool // mkwikidot/z2w: output suppressed after .end
	stopped bool // mkdocbook: .end stops reading altogether
	// era B's single "current anchor" variable (§9.5)
	currentName   string
	currentAnchor *Anchor
	undefReported map[string]bool
	// unclosed is the opener of a block still open at a file boundary.
	unclosed *Location
	// refSeq is the registration count when each reference was seen.
	refSeq [][]int
	// swallowed holds `.bookmark NAME` lines the tools never see because
	// they sit inside a code block (usually one left open), by NAME.
	swallowed map[string]Location
}

func (r *run) tool(text string) {
	r.b.Tool = append(r.b.Tool, ToolLine{Text: text, Newline: true})
}

func (r *run) diag(at Location, sev Severity, code, msg string, rel ...Related) {
	r.b.Diagnostics = append(r.b.Diagnostics, Diagnostic{Location: at, Severity: sev, Code: code, Message: msg, Related: rel})
}

func (r *run) file(fi int) {
	b := r.b
	f := b.Files[fi]
	syn := f.Syntax
	f.LineBase = r.lineNo
	seqs := make([]int, len(syn.Refs))
	r.refSeq = append(r.refSeq, seqs)
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
		for ri < len(syn.Refs) && syn.Refs[ri].Line < li {
			ri++
		}
		rj := ri
		for rj < len(syn.Refs) && syn.Refs[rj].Line == li {
			rj++
		}
		for si < len(syn.Symbols) && syn.Symbols[si].Line < li {
			si++
		}
		sj := si
		for sj < len(syn.Symbols) && syn.Symbols[sj].Line == li {
			sj++
		}
		switch ln.Kind {
		case LineDirective:
			d := &syn.Directives[di]
			di++
			if r.directive(fi, li, d) {
				return // headers after it stay unprocessed
			}
		case LineHeader:
			r.header(fi, hi)
			r.symbolUses(fi, syn.Symbols[si:sj])
			hi++
		case LineText:
			r.text(fi, li, ri, rj, syn.Symbols[si:sj])
		case LineCodeOpen:
			block = &syn.Blocks[bi]
			bi++
			if block.Kind == CodeExample && block.Close != li+1 {
				r.exampleBlock(fi, li, block)
			}
			if block.Close < 0 && syn.Dialect == Classic {
				l := b.loc(fi, li, block.Opener)
				r.unclosed = &l
			}
		case LineCodeBody:
			if syn.Dialect == Classic && ln.End > ln.Start && syn.Src[ln.Start] == '.' {
				if d := parseDirective(syn.Src, li, ln.Start, ln.End); d.Kind == DirBookmark {
					if r.swallowed == nil {
						r.swallowed = map[string]Location{}
					}
					r.swallowed[syn.Text(d.Arg)] = b.loc(fi, li, d.Arg)
				}
			}
			if block != nil && block.Kind == CodeExample {
				title, name := syn.Text(block.Title), syn.Text(block.Name)
				if block.Open < 0 {
					title, name = block.Continued.Title, block.Continued.Name
				}
				r.tool("W: discarding code for " + title + " - " + name)
			}
			if syn.Dialect == Markdown {
				r.refsOnly(fi, li, ri, rj)
			}
		case LineFence:
			r.refsOnly(fi, li, ri, rj)
		case LineCodeClose:
			if block != nil && block.Open < 0 && r.unclosed != nil {
				r.diag(*r.unclosed, SevWarning, CodeUnclosedCodeBlock,
					"code block is not closed in its file: it swallows "+f.Path+" up to line "+strconv.Itoa(li+1)+", hiding any header or .bookmark there",
					Related{b.lineLoc(fi, li), "the block ends here"})
				r.unclosed = nil
			}
			block = nil
		case LineUnparsedCode:
			text := syn.LineText(li)
			r.tool("E: unparsed code block: " + text)
			r.diag(b.lineLoc(fi, li), SevError, CodeUnparsedCodeBlock,
				"E: unparsed code block: no "+b.Profile.String()+" opener matches this [[code line, so the lines after it are read as ordinary text, directives and headers")
		}
	}
	if syn.Dialect == Markdown && block != nil && block.Open >= 0 {
		r.diag(b.loc(fi, block.Open, block.Opener), SevWarning, CodeUnclosedCodeBlock, "code block is not closed: mkmarkdown ends it at the end of the file")
	}
}

func (r *run) exampleBlock(fi, li int, block *CodeBlock) {
	syn := r.b.Files[fi].Syntax
	n := 0
	if block.Close > 0 {
		n = block.Close - li - 1
	} else {
		n = len(syn.Lines) - li - 1
	}
	what := "its " + strconv.Itoa(n) + " body lines are"
	if n == 1 {
		what = "its body line is"
	}
	if block.Close < 0 {
		what = "every line up to the next [[/code]] is"
	}
	r.diag(r.b.loc(fi, li, block.Opener), SevWarning, CodeDiscardedExampleCode,
		"example blocks are shown from examples/<language>/"+syn.Text(block.Name)+".*: "+what+
			" discarded (W: discarding code for "+syn.Text(block.Title)+" - "+syn.Text(block.Name)+")")
}

// directive handles a '.'-line; it reports whether the rest of the file
// (mkmarkdown) or the run (mkdocbook) is not read.
func (r *run) directive(fi, li int, d *Directive) bool {
	b := r.b
	syn := b.Files[fi].Syntax
	legal := b.Profile.legal(d.Kind)
	if legal && d.Kind == DirOutput && b.Profile == Mkmarkdown && !strings.Contains(syn.Text(d.Arg), ".") {
		legal = false
	}
	if !legal {
		text := syn.LineText(li)
		msg := "Illegal directive " + text + " at line " + strconv.Itoa(r.lineNo)
		r.tool(msg)
		why := "no directive of " + b.Profile.String() + " matches this line, which is dropped"
		switch {
		case d.Kind == DirOutput:
			why = "mkmarkdown needs a file name with an extension"
		case d.Kind != DirIllegal:
			why = d.Kind.String() + " is not accepted by " + b.Profile.String()
		case len(text) > 1 && (text[1] == ' ' || text[1] == '.'):
			why = "a text line cannot start with '.': every such line is a directive"
		}
		r.diag(b.lineLoc(fi, li), SevError, CodeIllegalDirective, msg+" ("+why+")")
		return false
	}
	switch d.Kind {
	case DirSet:
		name, value := syn.Text(d.Arg), syn.Text(d.Value)
		r.symbols[name] = value
		b.Symbols[name] = append(b.Symbols[name], SymbolDef{Location: b.loc(fi, li, d.Arg), Value: value})
	case DirEnd:
		last := fi == len(b.Files)-1
		switch b.Profile {
		case Mkmarkdown:
			return true
		case Mkdocbook:
			r.stopped = true
			if !last {
				r.diag(b.lineLoc(fi, li), SevWarning, CodeEndHidesOutput,
					".end stops mkdocbook here: the rest of the run ("+r.restOfRun(fi)+") is never read")
			}
			return true
		default:
			r.ended = true
			if !last {
				r.diag(b.lineLoc(fi, li), SevWarning, CodeEndHidesOutput,
					".end suppresses all further output of the run: "+r.restOfRun(fi)+" are processed (headers still count) but not written")
			}
		}
	case DirBookmark:
		name := syn.Text(d.Arg)
		at := b.loc(fi, li, d.Arg)
		if strings.ContainsAny(name, " \t\v\f\r") {
			r.diag(at, SevWarning, CodeBookmarkNameHasSpace,
				"bookmark name "+strconv.Quote(name)+" contains a blank: [#…] cannot reference it and .bookmarks reads it back split at the blank")
		}
		if strings.Contains(name, "--") && b.Profile == Mkwikidot {
			r.diag(at, SevWarning, CodeDashDashInBookmark,
				"bookmark name "+strconv.Quote(name)+" contains '--': mkwikidot turns '--' into an em dash in text before resolving references, so no [#…] can reach it")
		}
		if r.pending != nil {
			r.diag(r.pending.at, SevWarning, CodeBookmarkOverridden,
				"bookmark "+strconv.Quote(r.pending.name)+" is replaced by a later .bookmark before any header, so it names nothing",
				Related{at, "the .bookmark that replaces it"})
		}
		r.pending = &pendingBookmark{name: name, at: at, file: fi, line: li}
		if b.Profile == Z2W201211 {
			r.currentName, r.currentAnchor = name, nil
		}
	}
	return false
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
	b := r.b
	a.Seq = len(b.Registrations)
	a.Stored = store
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
	return a
}

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
		bm := p.at
		r.register(&Anchor{Name: p.name, Kind: NamedAnchor, Title: title, File: fi, Header: hi, Bookmark: &bm}, Stored{title, doc}, store)
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
			return
		}
		r.register(&Anchor{Name: info.Auto, Kind: AutoAnchor, Title: info.Effective, File: fi, Header: hi}, Stored{Title: info.Effective}, true)
		if p := r.takePending(); p != nil {
			named(p, info.Effective, true, "")
		}
	case Mkdocbook:
		info.Effective = raw
		title := TranslateZeroMQ(raw)
		switch L := b.ChapterLevel; {
		case h.Level == L && isPartTitle(raw):
			if p := r.takePending(); p != nil {
				named(p, title, false, "")
			}
		case h.Level == L && strings.HasPrefix(raw, "Preface"):
			if p := r.takePending(); p != nil {
				named(p, "Preface", true, "")
			}
		case h.Level == L:
			if p := r.takePending(); p != nil {
				named(p, title, true, "")
			}
		case h.Level == L+1 || h.Level == L+2:
			if p := r.takePending(); p != nil {
				named(p, title, false, "")
			}
		default:
			info.Processed = false // a paragraph for mkdocbook (§4.2)
		}
	case Mkmarkdown:
		r.headerMarkdown(fi, hi, h, info, raw, named)
	}
}

// headerEraB applies the single "current anchor" of z2w 2012-11 (§9.5):
// the header's title is stored under whatever anchor is current, then the
// header's own automatic anchor becomes current.
func (r *run) headerEraB(fi, hi int, info *HeaderInfo, raw string, named func(*pendingBookmark, string, bool, string)) {
	t := TranslateZeroMQ(raw)
	if r.currentName != "" {
		r.b.stored[r.currentName] = Stored{Title: t}
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
			return // `# Preface`: no anchor, pending bookmark kept (§4.4)
		case strings.HasPrefix(raw, "Appendix: "):
			title := raw[len("Appendix: "):]
			if p := r.pending; p != nil {
				doc := r.symbols["TITLE"]
				info.Named, info.Document = p.name, doc
				bm := p.at
				r.register(&Anchor{Name: DeriveAnchor(p.name), Kind: NamedAnchor, Title: title, File: fi, Header: hi, Bookmark: &bm}, Stored{title, doc}, true)
			}
			return
		}
		r.chapter++
		info.Chapter = r.chapter
		info.Effective = chapterText(r.chapter, raw)
	}
	if h.Level > 4 {
		info.Processed = false // mkmarkdown drops headers deeper than ####
		return
	}
	doc := "chapter"
	if r.chapter > 0 {
		doc += strconv.Itoa(r.chapter)
	}
	info.Document = doc
	if p := r.takePending(); p != nil {
		// The sanitised bookmark name replaces the automatic anchor (§5.1).
		info.Named = p.name
		bm := p.at
		r.register(&Anchor{Name: DeriveAnchor(p.name), Kind: NamedAnchor, Title: info.Effective, File: fi, Header: hi, Bookmark: &bm}, Stored{info.Effective, doc}, true)
		return
	}
	info.Auto, info.HasAuto = DeriveAnchor(info.Effective), true
	r.register(&Anchor{Name: info.Auto, Kind: AutoAnchor, Title: info.Effective, File: fi, Header: hi}, Stored{info.Effective, doc}, true)
}

// isPartTitle matches the title part of ^\+\s+Part\s+\w+\s+-\s+ (§4.3).
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
	if p := r.pending; p != nil {
		r.diag(p.at, SevWarning, CodeBookmarkUnattached, "bookmark "+strconv.Quote(p.name)+" is followed by no header in the run, so it names nothing")
	}
	if r.unclosed != nil {
		r.diag(*r.unclosed, SevWarning, CodeUnclosedCodeBlock, "code block is never closed: it swallows the rest of the run, headers and .bookmark lines included")
	}
	r.resolveRefs()
	r.anchorDiagnostics()
}
