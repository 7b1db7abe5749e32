package analysis

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// render.go turns guide text into Markdown for an editor's hover: what a
// reader of the built page sees, not the source's markup. A reference
// shows the title the build renders for it, `//x//` is italic, `{{x}}`
// monospace, `[url text]` a link, `zmq_x[n]` the function name.

// mdWriter collects the Markdown of rendered text up to about max bytes
// of reading text. Plain words are cut between, markup is kept whole: the
// first piece that would pass max is dropped with everything after it,
// and the text ends in "…". Its generators stop offering pieces once what
// they offered passes their budget: a paragraph may be a megabyte long.
type mdWriter struct {
	buf     []byte // the caller's bytes, then from base on the Markdown
	base    int
	max     int
	width   int  // bytes of reading text written
	offered int  // bytes of reading text offered, written or not
	pieces  int  // pieces offered
	cut     bool // a piece did not fit: nothing more is written
}

// admit offers a piece of width bytes of reading text and reports whether
// to write it.
func (w *mdWriter) admit(width int) bool {
	w.offered += width
	w.pieces++
	if w.cut || w.width+width > w.max && w.width > 0 {
		w.cut = true
		return false
	}
	w.width += width
	return true
}

// piece offers Markdown that stands for width bytes of reading text.
func (w *mdWriter) piece(md string, width int) {
	if w.admit(width) {
		w.buf = append(w.buf, md...)
	}
}

// escaped offers text, escaped for Markdown.
func (w *mdWriter) escaped(s string) {
	if w.admit(len(s)) {
		w.buf = appendEscaped(w.buf, s)
	}
}

// finish trims the Markdown written (a cut text ends in "…") and returns
// the caller's bytes followed by it.
func (w *mdWriter) finish() []byte {
	md := w.buf[w.base:]
	if w.cut {
		md = bytes.TrimRight(md, " ")
		return append(w.buf[:w.base+len(md)], "…"...)
	}
	n := copy(md, bytes.TrimSpace(md)) // copy moves the bytes left
	return w.buf[:w.base+n]
}

// inlineMarkupExpr is the inline constructs a hover renders, leftmost
// first. Symbols and references are handled before, by position.
// findInlineMarkup matches it by hand (TestFindInlineMarkup and
// FuzzFindInlineMarkup hold it to the expression).
const inlineMarkupExpr = `\*\*[^*]+\*\*|//[^/]+//|\{\{[^{}]+\}\}|@<//>@|\[(?:https?://|/)[^\s\]]+ [^\]]+\]|zmq_[\w_]+\[.\]|\[figure\]`

// findInlineMarkup is regexp.MustCompile(inlineMarkupExpr).FindStringIndex(s)
// without the regexp, as two indexes (-1, -1 for none): the backtracker
// clears a bitmap as long as the rest of the paragraph on every call, and
// a hover called it once per markup, half of the hover's time. Every
// alternative starts with a literal and holds no choice that backtracking
// could revisit, so the leftmost position whose literal starts a whole
// match is the regexp's match.
func findInlineMarkup(s string) (start, end int) {
	for i := 0; i < len(s); i++ {
		j := strings.IndexAny(s[i:], "*/{@[z")
		if j < 0 {
			break
		}
		i += j
		if n := inlineMarkupLen(s[i:]); n > 0 {
			return i, i + n
		}
	}
	return -1, -1
}

// inlineMarkupLen is the length of the inline construct t starts with, or 0.
func inlineMarkupLen(t string) int {
	switch t[0] {
	case '*':
		return delimitedLen(t, "**", "*")
	case '/':
		return delimitedLen(t, "//", "/")
	case '{':
		return delimitedLen(t, "{{", "{}")
	case '@':
		if strings.HasPrefix(t, "@<//>@") {
			return len("@<//>@")
		}
	case '[':
		if strings.HasPrefix(t, "[figure]") {
			return len("[figure]")
		}
		return linkLen(t)
	case 'z':
		return manPageCallLen(t)
	}
	return 0
}

// delimitedLen matches OPEN [^STOP]+ CLOSE at the start of t, where CLOSE is
// OPEN's reverse twin ("**", "//", "}}") and STOP the bytes the inside
// cannot hold: the length of the match, or 0.
func delimitedLen(t, open, stop string) int {
	if !strings.HasPrefix(t, open) {
		return 0
	}
	k := strings.IndexAny(t[2:], stop)
	closing := open
	if open == "{{" {
		closing = "}}"
	}
	if k <= 0 || !strings.HasPrefix(t[2+k:], closing) {
		return 0
	}
	return 2 + k + 2
}

// linkLen matches \[(?:https?://|/)[^\s\]]+ [^\]]+\] at the start of t.
func linkLen(t string) int {
	n := 0
	switch {
	case strings.HasPrefix(t, "[http://"):
		n = len("[http://")
	case strings.HasPrefix(t, "[https://"):
		n = len("[https://")
	case strings.HasPrefix(t, "[/"):
		n = len("[/")
	default:
		return 0
	}
	url := n
	for n < len(t) && !isRE2Space(t[n]) && t[n] != ']' {
		n++
	}
	if n == url || n == len(t) || t[n] != ' ' {
		return 0
	}
	k := strings.IndexByte(t[n+1:], ']')
	if k <= 0 {
		return 0
	}
	return n + 1 + k + 1
}

// manPageCallLen matches zmq_[\w_]+\[.\] at the start of t.
func manPageCallLen(t string) int {
	if !strings.HasPrefix(t, "zmq_") {
		return 0
	}
	n := len("zmq_")
	for n < len(t) && isWordByte(t[n]) {
		n++
	}
	if n == len("zmq_") || n == len(t) || t[n] != '[' {
		return 0
	}
	n++
	if n == len(t) || t[n] == '\n' {
		return 0
	}
	_, size := utf8.DecodeRuneInString(t[n:]) // . is a rune, any but \n
	n += size
	if n == len(t) || t[n] != ']' {
		return 0
	}
	return n + 1
}

// isRE2Space is \s in Go's regexp: [\t\n\f\r ].
func isRE2Space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// isWordByte is \w in Go's regexp: [0-9A-Za-z_].
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// manPageCall is zmq_name[n] inside rendered text.
var manPageCall = regexp.MustCompile(`zmq_([\w_]+)\[.\]`)

// renderLine offers line li of file fi of the book to w, until what it
// offered passes budget.
func (b *Book) renderLine(w *mdWriter, fi, li, budget int) {
	f := b.Files[fi]
	syn := f.Syntax
	l := syn.Lines[li]
	start := w.offered
	at := int(l.Start)
	text := func(end int) {
		if at < end {
			b.renderMarkup(w, string(syn.Src[at:end]), budget-(w.offered-start))
		}
	}
	k := firstOnLine(len(syn.Refs), func(i int) int { return syn.Refs[i].Line }, li)
	for ; k < len(syn.Refs) && syn.Refs[k].Line == li && w.offered-start <= budget; k++ {
		r := syn.Refs[k]
		text(r.Span.Start)
		writeRef(w, syn.Text(r.Name), f.RefInfo[k].Title)
		at = r.Span.End
	}
	if w.offered-start <= budget {
		text(int(l.End))
	}
}

// writeRef offers what a reference shows: its rendered title, or its
// name when the build renders none.
func writeRef(w *mdWriter, name, title string) {
	if title == "" {
		if w.admit(len(name) + 3) {
			w.buf = appendCodeSpan(w.buf, "[#"+name+"]")
		}
		return
	}
	if w.admit(len(title)) {
		w.buf = append(appendEscaped(append(w.buf, '*'), title), '*')
	}
}

// renderMarkup offers a stretch of text without references, until what
// it offered passes budget.
func (b *Book) renderMarkup(w *mdWriter, s string, budget int) {
	start := w.offered
	for s != "" && w.offered-start <= budget {
		i, j := findInlineMarkup(s)
		if i < 0 {
			b.plainPieces(w, s, budget-(w.offered-start))
			return
		}
		b.plainPieces(w, s[:i], budget-(w.offered-start))
		b.markupPiece(w, s[i:j])
		s = s[j:]
	}
}

// markupPiece offers one construct matched by inlineMarkup.
func (b *Book) markupPiece(w *mdWriter, m string) {
	switch {
	case m == "[figure]":
		// the build removes it
	case m == "@<//>@":
		w.piece("//", 2)
	case strings.HasPrefix(m, "**"), strings.HasPrefix(m, "//"):
		inner := b.plainText(m[2 : len(m)-2])
		if w.admit(len(inner)) {
			mark := "*" // //x// is italic, **x** bold
			if m[0] == '*' {
				mark = "**"
			}
			w.buf = append(appendEscaped(append(w.buf, mark...), inner), mark...)
		}
	case strings.HasPrefix(m, "{{"):
		inner := strings.ReplaceAll(m[2:len(m)-2], "@<//>@", "//")
		if strings.Contains(inner, "zmq_") {
			inner = manPageCall.ReplaceAllString(inner, "zmq_$1()")
		}
		if w.admit(len(inner)) {
			w.buf = appendCodeSpan(w.buf, inner)
		}
	case strings.HasPrefix(m, "zmq_"):
		// m is all of zmq_NAME[n]: the call is zmq_NAME().
		name := m[:strings.IndexByte(m, '[')] + "()"
		if w.admit(len(name)) {
			w.buf = appendCodeSpan(w.buf, name)
		}
	default: // [url text] or [/page text]
		url, label, _ := strings.Cut(m[1:len(m)-1], " ")
		label = b.plainText(label)
		if w.admit(len(label)) {
			w.buf = append(appendEscaped(append(w.buf, '['), label), "]("...)
			if strings.HasPrefix(url, "/") {
				w.buf = append(w.buf, "http://zguide.zeromq.org"...)
			}
			w.buf = append(append(w.buf, url...), ')')
		}
	}
}

// plainText applies the text rewrites that are not markup: 0MQ, `--`
// under mkwikidot, and the values of symbols the book sets.
func (b *Book) plainText(s string) string {
	if b.Profile == Mkwikidot {
		s = strings.ReplaceAll(s, "--", "—")
	}
	s = strings.ReplaceAll(s, "0MQ", "ØMQ")
	s = strings.ReplaceAll(s, `0\MQ`, "0MQ")
	return b.expandSymbols(s)
}

// symbolUse matches $(NAME) and $(NAME?default).
var symbolUse = regexp.MustCompile(`\$\(([A-Za-z0-9\-_.]+)(?:\?([^)$]*))?\)`)

// expandSymbols replaces the symbols of s by the last value the book
// sets, or their default; a symbol never set stays as written.
func (b *Book) expandSymbols(s string) string {
	if !strings.Contains(s, "$(") {
		return s
	}
	return symbolUse.ReplaceAllStringFunc(s, func(u string) string {
		m := symbolUse.FindStringSubmatch(u)
		if defs := b.Symbols[m[1]]; len(defs) > 0 {
			return defs[len(defs)-1].Value
		}
		if strings.Contains(u, "?") {
			return m[2]
		}
		return u
	})
}

// plainPieces offers plain text as words, escaped for Markdown, until
// what it offered passes budget. Text that fits the budget whole is one
// piece: the writer cuts only between the words of the piece that passes.
func (b *Book) plainPieces(w *mdWriter, s string, budget int) {
	s = b.plainText(s)
	if len(s) <= budget {
		if s != "" {
			w.escaped(s)
		}
		return
	}
	start := w.offered
	for s != "" && w.offered-start <= budget {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			i = len(s) - 1
		}
		w.escaped(s[:i+1])
		s = s[i+1:]
	}
}

// markdownSpecial marks the bytes Markdown would read as markup.
var markdownSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\`*_[]<>#|~") {
		t[c] = true
	}
	return t
}()

// appendEscaped appends s with what Markdown would read as markup
// backslash-escaped.
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if markdownSpecial[s[i]] {
			dst = append(append(append(dst, s[:i]...), '\\'), s[i])
			s, i = s[i+1:], -1
		}
	}
	return append(dst, s...)
}

// appendCodeSpan appends s in backticks, with enough of them to hold s's own.
func appendCodeSpan(dst []byte, s string) []byte {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	for _, part := range [...]string{fence, pad, s, pad, fence} {
		dst = append(dst, part...)
	}
	return dst
}

// RenderedTitle is an anchor's title as Markdown: the stored title with
// its inline markup rendered, whole (rendering may lengthen it: 0MQ is
// ØMQ, a symbol its value).
func (b *Book) RenderedTitle(a *Anchor) string {
	if plainTitle(a.Title) {
		return strings.TrimSpace(a.Title) // what rendering gives, without its pieces
	}
	return b.renderTitle(a.Title)
}

func (b *Book) renderTitle(title string) string {
	w := mdWriter{buf: make([]byte, 0, len(title)+16), max: math.MaxInt} // escapes and markers: grown once
	b.renderMarkup(&w, title, math.MaxInt)
	return string(w.finish())
}

// plainTitle reports whether rendering leaves a title as it is: no byte
// that starts markup or needs a Markdown escape, no symbol, no rewritten
// text (0MQ, mkwikidot's --). Most titles are words and spaces.
func plainTitle(s string) bool {
	return !strings.ContainsAny(s, "*/{@[]\\`_<>#|~$") && !strings.Contains(s, "zmq_") &&
		!strings.Contains(s, "0MQ") && !strings.Contains(s, "--")
}
