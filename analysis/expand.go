package analysis

import (
	"strconv"
	"strings"
)

// The tools of today (mkwikidot, mkdocbook) run every line they write
// through one expander: 0MQ→ØMQ, symbols, then references. Messages come
// out of it wherever the line came from: text, but also the header line
// mkwikidot writes (`++ [#ANCHOR TITLE]`), a `.bookmark`'s `[[# NAME]]`,
// a figure's title, an example's title, mkdocbook's `id="NAME"`. writeln
// is that expander, for the messages only (FIDELITY.md).

// writeln runs one output line of mkwikidot or mkdocbook through the
// tool's expander for its messages.
func (r *run) writeln(s string) {
	if r.b.Profile.Print() {
		s = strings.ReplaceAll(s, "&", "&amp;")
	}
	if !strings.Contains(s, "[#") && indexSymbol(s) < 0 && indexIntrinsic(s) < 0 {
		return // nothing to expand, nothing to print
	}
	switch r.b.Profile {
	case Mkmarkdown:
		// Symbols first, references after, over the whole line.
		r.rewriteRefs(r.expandLine(s, 0, false))
	case Z2W, Z2W201211, Mkbook, Mkbook201211:
		r.expandWork, r.expandRef = maxExpandWork(len(s)), ""
		r.expandZ2W(s, 0)
	default:
		r.expandLine(s, 0, true)
	}
}

// expandLine is the expander proper; mkmarkdown's resolves references
// later, over the whole line (refs false). An empty line (or "0", which Perl
// reads as false) comes back empty. The part after the first `$(`/`%(`
// (or, without one, after the first `!name(`) is expanded first, so its
// references are reported before the head's; then the leftmost symbol
// is replaced, and the loop starts again.
func (r *run) expandLine(s string, depth int, refs bool) string {
	if s == "" || s == "0" {
		return ""
	}
	s = TranslateZeroMQ(s)
	for n := 0; n < 1000 && depth < 200; n++ {
		if end := splitAt(s); end >= 0 {
			s = s[:end] + r.expandLine(s[end:], depth+1, refs)
		}
		var ok bool
		if s, ok = r.replaceSymbol(s); !ok {
			break
		}
	}
	if !refs {
		return s
	}
	return r.rewriteRefs(s)
}

// replaceSymbol applies the first of the expander's four rules that
// matches anywhere in s: $(NAME), $(NAME?default), %(TEXT), %(TEXT?d).
func (r *run) replaceSymbol(s string) (string, bool) {
	// $(NAME)
	for i := strings.Index(s, "$("); i >= 0; i = nextIndex(s, i+1, "$(") {
		k := i + 2
		for k < len(s) && isSymbolName(s[k]) {
			k++
		}
		if k > i+2 && k < len(s) && s[k] == ')' {
			return s[:i] + r.valueOf(s[i+2:k], "", false) + s[k+1:], true
		}
	}
	// $(NAME?default), default without ')' or '$'
	for i := strings.Index(s, "$("); i >= 0; i = nextIndex(s, i+1, "$(") {
		k := i + 2
		for k < len(s) && isSymbolName(s[k]) {
			k++
		}
		if k == i+2 || k >= len(s) || s[k] != '?' {
			continue
		}
		e := strings.IndexAny(s[k+1:], ")$")
		if e >= 0 && s[k+1+e] == ')' {
			return s[:i] + r.valueOf(s[i+2:k], s[k+1:k+1+e], true) + s[k+1+e+1:], true
		}
	}
	// %(TEXT): the environment, which the build's tools see empty here
	// (the default form never applies: this rule matches first).
	for i := strings.Index(s, "%("); i >= 0; i = nextIndex(s, i+1, "%(") {
		if e := strings.IndexByte(s[i+2:], ')'); e > 0 {
			return s[:i] + s[i+2+e+1:], true
		}
	}
	return s, false
}

func nextIndex(s string, from int, sub string) int {
	if from >= len(s) {
		return -1
	}
	if j := strings.Index(s[from:], sub); j >= 0 {
		return from + j
	}
	return -1
}

// valueOf is a symbol's value; an undefined one without a default is
// reported once and is UNDEF from then on.
func (r *run) valueOf(name, def string, hasDefault bool) string {
	if v, ok := r.symbols[name]; ok {
		return v
	}
	if hasDefault && !r.undefReported[name] {
		return def
	}
	r.undefinedSymbol(name) // from now on the tool holds UNDEF for it
	return "UNDEF"
}

// indexIntrinsic finds `!name(` (letters and '_', blanks allowed before
// the parenthesis, any case), the 2012 intrinsic-call form the
// expander still splits at.
func indexIntrinsic(s string) int {
	at, _ := intrinsicOpen(s, 0)
	return at
}

// intrinsicOpen finds the first `!name(` at or after from: its start and
// the index after its '(', or -1, -1.
func intrinsicOpen(s string, from int) (int, int) {
	for i := nextIndex(s, from, "!"); i >= 0; i = nextIndex(s, i+1, "!") {
		k := i + 1
		for k < len(s) && (isLetter(s[k]) || s[k] == '_') {
			k++
		}
		if k == i+1 {
			continue
		}
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		if k < len(s) && s[k] == '(' {
			return i, k + 1
		}
	}
	return -1, -1
}

// splitAt is where the expanders recurse: after the first `$(`/`%(`, or,
// without one, after the first `!name(`; -1 when there is neither.
func splitAt(s string) int {
	if at := indexSymbol(s); at >= 0 {
		return at + 2
	}
	_, end := intrinsicOpen(s, 0)
	return end
}

// codeOpened writes what the tool writes for a block's opener line: the
// lines that carry an example's or a figure's title.
func (r *run) codeOpened(fi, li int, block *CodeBlock) {
	p := r.b.Profile
	r.diagramOpened(fi, li, block)
	if block.Kind == BlockExample && block.Language.Len() == 0 {
		r.carry.examples++
	}
	if p == Mkmarkdown {
		r.markdownCodeOpened(fi, block)
		return
	}
	syn := r.b.Files[fi].Syntax
	title, name := syn.Text(block.Title), syn.Text(block.Name)
	if block.Kind == BlockTextDiagram { // every tool but mkmarkdown
		r.figure++
		r.carry.diagTitle = title // written once the body is read (figureWritten)
		return
	}
	if p != Mkwikidot && !p.Print() {
		return // z2w writes an example's lines elsewhere
	}
	switch block.Kind {
	case BlockExample:
		lang := syn.Text(block.Language)
		if p == Mkwikidot {
			// Without language= the title is written only for example
			// files that exist; with it, always.
			if lang != "" {
				r.writeln("//" + name + ".c: " + TranslateZeroMQ(title) + "//")
			}
			return
		}
		if lang == "" {
			lang = "C"
		}
		ext := languageExtension[lang]
		if p == Mkdocbook {
			r.writeln(`<example id="` + name + "-" + ext + "-" + strconv.Itoa(r.lineNo) + `">`)
		} else {
			r.writeln(`<example id="` + name + "-" + ext + `">`)
		}
		r.writeln("<title>" + title + " (" + name + "." + ext + ")</title>")
	}
}

// figureWritten writes a text diagram's figure lines: after its body,
// once the tool has measured it without dying.
func (r *run) figureWritten() {
	title := r.carry.diagTitle
	switch r.b.Profile {
	case Mkwikidot, Z2W, Z2W201211:
		r.writeln("**Figure " + strconv.Itoa(r.figure) + " - " + title + "**")
		r.writeln("[[=image " + r.symbols["GIT"] + "/raw/" + r.symbols["BRANCH"] + "/images/fig" + strconv.Itoa(r.figure) + ".png]]")
	case Mkdocbook, Mkbook, Mkbook201211:
		r.writeln("    <title>" + title + "</title>")
	}
}

// languageExtension is the file extension of each example language.
var languageExtension = map[string]string{
	"Ada": "ada", "Basic": "bas", "C": "c", "C++": "cpp", "C#": "cs", "CL": "lisp", "Clojure": "clj",
	"Delphi": "dpr", "Erlang": "es", "Elixir": "exs", "F#": "fsx", "Felix": "flx", "Go": "go",
	"Haskell": "hs", "Haxe": "hx", "Java": "java", "Julia": "jl", "Lua": "lua", "Node.js": "js",
	"Objective-C": "m", "ooc": "ooc", "Perl": "pl", "PHP": "php", "Python": "py", "Q": "q",
	"Racket": "rkt", "Ruby": "rb", "Scala": "scala", "Tcl": "tcl",
}

// markdownCodeOpened writes mkmarkdown's opener: a shortcode written in
// pieces, each expanded on its own, for a block with a type; a fence
// with the language otherwise.
func (r *run) markdownCodeOpened(fi int, block *CodeBlock) {
	syn := r.b.Files[fi].Syntax
	attrs := markdownAttributes(syn.Text(block.Opener))
	typ, ok := attrs["type"]
	if !ok {
		r.writeln("```" + attrs["language"])
		return
	}
	if typ == "textdiagram" {
		r.mdFigure++
		attrs["name"], attrs["figno"] = "fig"+strconv.Itoa(r.mdFigure)+".png", strconv.Itoa(r.mdFigure)
	}
	if _, lang := attrs["language"]; typ == "example" && !lang {
		typ = "examples"
	}
	r.writeln("{{< " + typ)
	for _, k := range []string{"name", "figno", "title", "language"} {
		if v, ok := attrs[k]; ok {
			r.writeln(" " + k + `="` + v + `"`)
		}
	}
}

// markdownAttributes reads (?: ?(\w+)="([^"]*)") over the text between
// [[code and ]], in order: a later attribute of a name wins.
func markdownAttributes(opener string) map[string]string {
	out := map[string]string{}
	s := strings.TrimSuffix(strings.TrimPrefix(opener, "[[code"), "]]")
	for i := 0; i < len(s); {
		j := i
		if s[j] == ' ' {
			j++
		}
		k := j
		for k < len(s) && isWord(s[k]) {
			k++
		}
		if k > j && k+1 < len(s) && s[k] == '=' && s[k+1] == '"' {
			if e := strings.IndexByte(s[k+2:], '"'); e >= 0 {
				out[s[j:k]] = s[k+2 : k+2+e]
				i = k + 2 + e + 1
				continue
			}
		}
		i++
	}
	return out
}

// expandZ2W is z2w's expander (2012), mkbook's too: the same recursion after the first
// `$(`/`%(`/`!name(`, but one rewrite per round over the whole line, in a
// fixed priority: symbols, an intrinsic call, a man page, then the
// leftmost reference. So a line's references are reported from its
// last symbol backwards, and an unknown intrinsic stops the line.
//
// Each round of each level expands the rest of the line again from its
// first `$(`, with a nest check that sees its own level only: a reference
// whose stored title leads back to it, behind a `$(`, is rewritten in every
// round of every level, and the line grows each time. The tool never ends
// there; a budget of bytes rewritten, far above what a finite line takes,
// makes the model say so at once instead of taking time exponential in the
// depth.
func (r *run) expandZ2W(s string, depth int) string {
	if s == "" || s == "0" {
		return ""
	}
	s = TranslateZeroMQ(s)
	var nest refNest
	print := r.b.Profile.Print() // mkbook: [#NAME] with NAME of [\w-]+, written TITLE<xref/>
	ok := false
	for n := 0; n < 1000 && depth < 200; n++ {
		if r.expandWork -= len(s) + 1; r.expandWork < 0 {
			r.loops(r.expandRef)
			return s
		}
		if end := splitAt(s); end >= 0 {
			s = s[:end] + r.expandZ2W(s[end:], depth+1)
		}
		if ns, ok := r.replaceSymbol(s); ok {
			s = ns
			continue
		}
		if i, j, ok := intrinsicCall(s); ok {
			if !knownIntrinsic(s[i:j]) {
				break // "E: … is not a valid intrinsic function" on stderr; the line stops
			}
			s = s[:i] + s[j:] // the values (dates, sizes) hold no references
			continue
		}
		if i, j, ok := manPage(s); ok {
			name := s[i+4 : j-3]
			s = s[:i] + "[http://api.zeromq.org/3-2:zmq_" + name + " zmq_" + name + "()]" + s[j:]
			continue
		}
		var m Ref
		if print {
			m, ok = nextWordRef(s)
		} else {
			m, ok = nextRef([]byte(s), 0)
		}
		if !ok {
			break
		}
		name := s[m.Name.Start:m.Name.End]
		if nest.enters(m.Span.Start, name) {
			r.loops(name)
			break
		}
		r.expandRef = name
		st, found, _ := r.lookup(name)
		if !found && r.b.Profile.warnsUndefined() {
			r.tool("Undefined bookmark: " + name)
		}
		repl := "[#" + name + " " + st.Title + "]"
		if print {
			repl = st.Title + `<xref linkend="` + name + `"/>`
		}
		s = s[:m.Span.Start] + repl + s[m.Span.End:]
		nest.replaced(m.Span, name, len(repl))
	}
	return s
}

// maxExpandWork bounds the bytes expandZ2W goes over for one line, across
// its levels and rounds: each rewrite of a finite line goes over it a few
// times at most, and a line has fewer rewrites than bytes.
func maxExpandWork(lineLen int) int { return 4000 * (lineLen + 256) }

// intrinsicCall finds !name(args) (letters and '_', any case, args
// without ')').
func intrinsicCall(s string) (int, int, bool) {
	for i, open := intrinsicOpen(s, 0); i >= 0; i, open = intrinsicOpen(s, i+1) {
		if e := strings.IndexByte(s[open:], ')'); e >= 0 {
			return i, open + e + 1, true
		}
	}
	return -1, -1, false
}

// knownIntrinsic reports whether z2w can evaluate a call: a function it
// has, with arguments Perl parses (none, numbers, or #quoted# strings).
func knownIntrinsic(call string) bool {
	open := strings.IndexByte(call, '(')
	name := strings.ToLower(strings.TrimSpace(call[1:open]))
	switch name {
	case "figref", "date", "time", "lower", "upper", "normalise", "system", "year_week", "week_day",
		"past_date", "future_date", "lillian_date", "julian_date", "image_width", "image_height",
		"file_time", "file_size", "file_date", "days_to_date", "date_to_days", "date_diff":
	default:
		return false
	}
	if name != strings.TrimSpace(call[1:open]) {
		return false // Perl's sub names are case-sensitive
	}
	args := strings.TrimSpace(call[open+1 : len(call)-1])
	for args != "" {
		switch {
		case args[0] == '#':
			e := strings.IndexByte(args[1:], '#')
			if e < 0 {
				return false
			}
			args = args[e+2:]
		case isDigit(args[0]):
			for args != "" && isDigit(args[0]) {
				args = args[1:]
			}
		default:
			return false
		}
		args = strings.TrimSpace(args)
		if args == "" {
			break
		}
		if args[0] != ',' {
			return false
		}
		args = strings.TrimSpace(args[1:])
	}
	return true
}

// manPage finds zmq_NAME[c] (NAME of word characters, any one character
// in the brackets).
func manPage(s string) (int, int, bool) {
	for i := strings.Index(s, "zmq_"); i >= 0; i = nextIndex(s, i+1, "zmq_") {
		k := i + 4
		for k < len(s) && isWord(s[k]) {
			k++
		}
		if k > i+4 && k+2 < len(s) && s[k] == '[' && s[k+2] == ']' {
			return i, k + 3, true
		}
	}
	return -1, -1, false
}

// nextWordRef finds mkbook's reference, \[\#([\w_-]+)\].
func nextWordRef(s string) (Ref, bool) {
	for i := strings.Index(s, "[#"); i >= 0; i = nextIndex(s, i+1, "[#") {
		k := i + 2
		for k < len(s) && (isWord(s[k]) || s[k] == '-') {
			k++
		}
		if k > i+2 && k < len(s) && s[k] == ']' {
			return Ref{Span: Span{i, k + 1}, Name: Span{i + 2, k}}, true
		}
	}
	return Ref{}, false
}
