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
	r.expandLine(s, 0)
}

// expandLine is the expander proper. An empty line (or "0", which Perl
// reads as false) comes back empty. The part after the first `$(`/`%(`
// (or, without one, after the first `!name(`) is expanded first, so its
// references are reported before the head's; then the leftmost symbol
// is replaced, and the loop starts again.
func (r *run) expandLine(s string, depth int) string {
	if s == "" || s == "0" {
		return ""
	}
	s = TranslateZeroMQ(s)
	for n := 0; n < 1000 && depth < 200; n++ {
		at, end := indexSymbol(s), 0
		if at >= 0 {
			end = at + 2
		} else if at, end = indexIntrinsicEnd(s); at < 0 {
			end = -1
		}
		if end >= 0 {
			s = s[:end] + r.expandLine(s[end:], depth+1)
		}
		var ok bool
		if s, ok = r.replaceSymbol(s); !ok {
			break
		}
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
	at, _ := indexIntrinsicEnd(s)
	return at
}

func indexIntrinsicEnd(s string) (int, int) {
	for i := strings.IndexByte(s, '!'); i >= 0; i = nextIndex(s, i+1, "!") {
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

// codeOpened writes what the tool writes for a block's opener line: the
// lines that carry an example's or a figure's title.
func (r *run) codeOpened(fi, li int, block *CodeBlock) {
	p := r.b.Profile
	r.diagramOpened(fi, li, block)
	if block.Kind == CodeExample && block.Language.Len() == 0 {
		r.fatal.examples++
	}
	if p != Mkwikidot && p != Mkdocbook {
		return
	}
	syn := r.b.Files[fi].Syntax
	title, name := syn.Text(block.Title), syn.Text(block.Name)
	switch block.Kind {
	case CodeExample:
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
		r.writeln(`<example id="` + name + "-" + ext + "-" + strconv.Itoa(r.lineNo) + `">`)
		r.writeln("<title>" + title + " (" + name + "." + ext + ")</title>")
	case CodeTextDiagram:
		r.figure++
		if p == Mkwikidot {
			r.writeln("**Figure " + strconv.Itoa(r.figure) + " - " + title + "**")
			r.writeln("[[=image " + r.symbols["GIT"] + "/raw/" + r.symbols["BRANCH"] + "/images/fig" + strconv.Itoa(r.figure) + ".png]]")
			return
		}
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
