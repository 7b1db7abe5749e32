package analysis

import "sync"

// Span is a half-open byte range [Start, End) within one file's source.
type Span struct{ Start, End int }

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Dialect selects the line classification rules: Classic for z2w and
// mkwikidot, ClassicPrint for mkbook and mkdocbook, Markdown for
// mkmarkdown. The two classic ones differ only in which blocks
// chop a line before looking for [[/code]] (FIDELITY.md).
type Dialect uint8

const (
	Classic Dialect = iota
	Markdown
	ClassicPrint
)

// chopsCloser reports whether the tool removes a line's last byte (its
// newline, or the last character of a file without a final newline)
// before testing a line of a kind block for [[/code]].
func (d Dialect) chopsCloser(k BlockKind) bool {
	switch d {
	case Classic:
		return k == BlockPlain || k == BlockTextDiagram
	case ClassicPrint:
		return k == BlockPlain || k == BlockTextDiagram || k == BlockListing
	}
	return false
}

// LineKind is what the tools take a line to be.
type LineKind uint8

const (
	LineBlank        LineKind = iota // empty after the right-trim
	LineText                         // passed through inline processing
	LineDirective                    // starts with '.' outside a code block
	LineHeader                       // ^(\++)\s+(.*)$
	LineCodeOpen                     // a recognised [[code …]] opener
	LineCodeBody                     // inside a recognised code block: inert
	LineCodeClose                    // the line containing [[/code]] that closes a block
	LineUnparsedCode                 // contains [[code but no opener matched: dropped
	LineEditorHint                   // mkmarkdown: ^// kate, dropped
	LineFence                        // mkmarkdown: a ``` fence line or its body
)

// Line is one input line as the tools see it: the bytes up to LF, right-
// trimmed of ASCII whitespace.
//
// Offsets are 32-bit: a book holds hundreds of thousands of lines, and
// this halves the largest structure the server keeps besides the bytes
// themselves (files are bounded far below 2 GB: Scan stops at maxScan).
type Line struct {
	Start int32    // offset of the first byte
	End   int32    // offset after the last non-blank byte (Start when blank)
	Kind  LineKind // classification
}

// Span is the line's text (trailing blanks excluded) as a Span.
func (l Line) Span() Span { return Span{int(l.Start), int(l.End)} }

// Header is a `+ Title` line.
type Header struct {
	Line  int  // line index
	Level int  // number of '+'
	Marks Span // the run of '+'
	Title Span // raw title: everything after the whitespace run
}

// DirectiveKind is which directive pattern a '.'-line matched.
type DirectiveKind uint8

const (
	DirIllegal  DirectiveKind = iota // matches no pattern
	DirSet                           // .set NAME=VALUE
	DirComment                       // .-
	DirEnd                           // .end (prefix: .endfor too)
	DirOutput                        // .output FILE
	DirPrelude                       // .prelude FILE
	DirInbook                        // .inbook FILE
	DirBookmark                      // .bookmark NAME
	DirFilter                        // .filter FORMAT
)

var directiveNames = [...]string{"", ".set", ".-", ".end", ".output", ".prelude", ".inbook", ".bookmark", ".filter"}

func (k DirectiveKind) String() string {
	if k == DirIllegal {
		return "illegal"
	}
	return directiveNames[k]
}

// Directive is a '.'-line outside a code block.
type Directive struct {
	Line  int
	Kind  DirectiveKind
	Word  Span // the directive word as written, e.g. ".bookmark" or ".endfor"
	Arg   Span // argument: NAME of .set, FILE/NAME/FORMAT of the others
	Value Span // .set only: VALUE after '='
}

// BlockKind is which `[[code …]]` opener started a block.
type BlockKind uint8

const (
	BlockNone        BlockKind = iota
	BlockListing               // [[code language="X"]]
	BlockFragment              // [[code type="fragment" name="x"
	BlockExample               // [[code type="example" title="t" name="n"]]
	BlockPlain                 // [[code]]
	BlockTextDiagram           // [[code type="textdiagram" title="t"]]
	BlockMarkdown              // mkmarkdown's [[code …]] with free attributes
)

var blockKindNames = [...]string{"none", "listing", "fragment", "example", "plain", "textdiagram", "markdown"}

func (k BlockKind) String() string { return blockKindNames[k] }

// CodeBlock is a recognised code block within one file. A block left open at
// the end of a file continues into the next file of the run (Classic).
type CodeBlock struct {
	Open      int // opener line, or -1 when the block was opened in an earlier file
	Close     int // closer line, or -1 when it runs past the end of the file
	Kind      BlockKind
	Opener    Span // the matched [[code …]] text on the opener line
	Language  Span // language="…" value, when present
	Title     Span // title="…" value (example, textdiagram)
	Name      Span // name="…" value (fragment, example)
	Continued BlockState
}

// BlockState is the code-block state at a file boundary: what a file starts
// in and leaves behind. It is comparable, so a rescan can tell whether the
// next file needs scanning again.
type BlockState struct {
	Open  bool
	Kind  BlockKind
	Title string // example title, for `W: discarding code for <title> - <name>`
	Name  string
}

// Ref is a cross-reference `[#NAME]` with the tools' greedy \S+ semantics.
type Ref struct {
	Line int
	Span Span // from '[' to the closing ']'
	Name Span // NAME as the tools read it (may contain `][#`)
}

// SymbolUse is `$(NAME)`, `$(NAME?default)`, `%(NAME)` or `%(NAME?default)`.
type SymbolUse struct {
	Line       int
	Span       Span
	Name       Span
	Env        bool // %(…): environment variable
	HasDefault bool
	Default    Span
}

// ManPage is `zmq_name[n]`.
type ManPage struct {
	Line int
	Span Span
	Name Span // "zmq_name"
}

// MarkupKind is an inline construct of a text line (bold, italics, links, …).
type MarkupKind uint8

const (
	MarkItalic    MarkupKind = iota // //text//
	MarkBold                        // **text**
	MarkMono                        // {{text}}
	MarkRawEscape                   // @<//>@
	MarkURLLink                     // [http(s)://url text]
	MarkSiteLink                    // [/page:path text]
	MarkFigure                      // [figure]
	MarkZeroMQ                      // 0MQ or 0\MQ
	MarkEmDash                      // --
	MarkEmail                       // <user@host>
	MarkFootnote                    // [[footnote]]…[[/footnote]]
)

var markupNames = [...]string{"italic", "bold", "mono", "raw-escape", "url-link", "site-link", "figure", "zeromq", "em-dash", "email", "footnote"}

func (k MarkupKind) String() string { return markupNames[k] }

// Markup is one inline construct on a text line.
type Markup struct {
	Line int
	Kind MarkupKind
	Span Span
}

// FileSyntax is the syntax model of one file scanned from an entry state.
// It is immutable after Scan returns.
type FileSyntax struct {
	Src        []byte
	Dialect    Dialect
	Entry      BlockState // state the file was scanned from
	Exit       BlockState // state left for the next file of the run
	Lines      []Line
	Headers    []Header
	Directives []Directive
	Blocks     []CodeBlock
	Refs       []Ref
	// NotRefs are `[#…]` on text lines whose name holds a blank: the tools
	// read no reference there and print them as text.
	NotRefs  []Ref
	Symbols  []SymbolUse
	ManPages []ManPage
	// markup is computed on first use: only highlighting needs it, and it
	// is the costliest pass over the bytes.
	markupOnce sync.Once
	markup     []Markup
	// FinalNewline is false when the last line has no LF.
	FinalNewline bool
}

// Markup returns the inline constructs (MarkupKind) on the text lines, in
// order. It is safe for concurrent use.
func (f *FileSyntax) Markup() []Markup {
	f.markupOnce.Do(func() {
		for i, l := range f.Lines {
			if l.Kind == LineText {
				f.markup = appendMarkup(f.markup, f.Src[:l.End], i, int(l.Start))
			}
		}
	})
	return f.markup
}

// Text returns the bytes of a span as a string.
func (f *FileSyntax) Text(s Span) string { return string(f.Src[s.Start:s.End]) }

// LineText returns the right-trimmed text of line i.
func (f *FileSyntax) LineText(i int) string {
	l := f.Lines[i]
	return string(f.Src[l.Start:l.End])
}

// LineOf returns the index of the line holding byte offset off (the last
// line for offsets at or past the end).
func (f *FileSyntax) LineOf(off int) int {
	lo, hi := 0, len(f.Lines)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(f.Lines[m].Start) <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return 0
	}
	return lo - 1
}
