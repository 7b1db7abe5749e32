package analysis

// directives.go holds what an editor shows of each directive
// and of the code-block openers: the written form, a snippet to
// insert and a short explanation. Snippets use the common editor syntax
// ($1, ${1:default}, $0 for the final cursor); the explanations are
// Markdown. They live here, next to the patterns they describe, so that
// the explanations change with the rules.

// DirectiveForm describes one directive for completion and hover.
type DirectiveForm struct {
	Kind    DirectiveKind
	Name    string // the directive word, e.g. ".bookmark"
	Syntax  string // the written form, e.g. ".bookmark NAME"
	Snippet string // the form with placeholders, e.g. ".bookmark ${1:name}"
	Doc     string // Markdown explanation
}

var directiveForms = map[DirectiveKind][2]string{
	DirSet:      {".set NAME=VALUE", ".set ${1:NAME}=${2:value}"},
	DirComment:  {".- comment", ".- ${1:comment}"},
	DirEnd:      {".end", ".end"},
	DirOutput:   {".output FILE", ".output ${1:chapter1.wd}"},
	DirPrelude:  {".prelude FILE", ".prelude ${1:prelude.txt}"},
	DirInbook:   {".inbook FILE", ".inbook ${1:file.xml}"},
	DirBookmark: {".bookmark NAME", ".bookmark ${1:name}"},
	DirFilter:   {".filter FORMAT", ".filter ${1:online}"},
}

// directiveDocs explains each directive, by directive word.
var directiveDocs = map[string]string{
	".set":      "`.set NAME=VALUE` defines the symbol `$(NAME)` for the rest of the run (all later files).",
	".-":        "`.-` starts a comment line.",
	".end":      "`.end` (any line starting with `.end`) ends the document: mkwikidot writes no further output of the run, mkdocbook stops reading, mkmarkdown stops this file.",
	".output":   "`.output FILE` sends the following output to FILE (mkmarkdown: `site/content/docs/<FILE without extension>.md`).",
	".prelude":  "`.prelude FILE` copies FILE into every later `.output` (z2w until December 2012).",
	".inbook":   "`.inbook FILE` copies `book/FILE` into the DocBook output (mkdocbook); illegal for mkwikidot.",
	".bookmark": "`.bookmark NAME` names the next header: `[#NAME]` links to it from anywhere in the book.",
	".filter":   "`.filter FORMAT` leaves the following lines out of FORMAT until the next `.filter` (z2w and mkbook of 2012).",
}

// DirectiveDoc explains the directive a word names (".set", ".bookmark",
// …), or returns "" for a word that names none.
func DirectiveDoc(word string) string { return directiveDocs[word] }

// DirectiveForms lists the directives the profile's tool accepts, in the
// order the spec lists them, as completion offers them.
func (p Profile) DirectiveForms() []DirectiveForm {
	var out []DirectiveForm
	for _, k := range p.Directives() {
		f := directiveForms[k]
		out = append(out, DirectiveForm{Kind: k, Name: k.String(), Syntax: f[0], Snippet: f[1], Doc: directiveDocs[k.String()]})
	}
	return out
}

// BlockForm is one way to open a code block, for completion.
type BlockForm struct {
	Label   string // the opener as written, e.g. `[[code language="C"]]`
	Detail  string // what the form is for
	Snippet string // the whole block with placeholders
}

var codeForms = []BlockForm{
	{`[[code]]`, "plain block (Wikidot code, DocBook screen)", "[[code]]\n$0\n[[/code]]"},
	{`[[code language="C"]]`, "listing in a language", "[[code language=\"${1:C}\"]]\n$0\n[[/code]]"},
	{`[[code type="example" title="…" name="…"]]`, "example shown from examples/<language>/<name>.*; keep the body empty", "[[code type=\"example\" title=\"${1:Title}\" name=\"${2:name}\"]]\n[[/code]]"},
	{`[[code type="fragment" name="…"]]`, "fragment written to fragments/C/<name>.c", "[[code type=\"fragment\" name=\"${1:name}\"]]\n$0\n[[/code]]"},
	{`[[code type="textdiagram" title="…"]]`, "text diagram rendered as a figure", "[[code type=\"textdiagram\" title=\"${1:Title}\"]]\n$0\n[[/code]]"},
}

// BlockForms lists the code-block openers completion offers, most common
// first. The slice is shared: callers must not change it.
func BlockForms() []BlockForm { return codeForms }
