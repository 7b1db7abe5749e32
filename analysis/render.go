package analysis

import (
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// render.go turns guide text into Markdown for an editor's hover: what a
// reader of the built page sees, not the source's markup. A reference
// shows the title the build renders for it, `//x//` is italic, `{{x}}`
// monospace, `[url text]` a link, `zmq_x[n]` the function name.

// mdPiece is one unit of rendered text: plain words are cut between
// pieces, markup pieces are kept whole.
type mdPiece struct {
	md    string // the Markdown
	width int    // how many bytes of reading text it stands for
}

// inlineMarkupExpr is the inline constructs a hover renders, leftmost
// first. Symbols and references are handled before, by position.
// findInlineMarkup matches it by hand (TestFindInlineMarkup and
// FuzzFindInlineMarkup hold it to the expression).
const inlineMarkupExpr = `\*\*[^*]+\*\*|//[^/]+//|\{\{[^{}]+\}\}|@<//>@|\[(?:https?://|/)[^\s\]]+ [^\]]+\]|zmq_[\w_]+\[.\]|\[figure\]`

// findInlineMarkup is regexp.MustCompile(inlineMarkupExpr).FindStringIndex(s)
// without the regexp: the backtracker clears a bitmap as long as the rest
// of the paragraph on every call, and a hover called it once per markup,
// half of the hover's time. Every alternative starts with a literal and
// holds no choice that backtracking could revisit, so the leftmost
// position whose literal starts a whole match is the regexp's match.
func findInlineMarkup(s string) []int {
	for i := 0; i < len(s); i++ {
		j := strings.IndexAny(s[i:], "*/{@[z")
		if j < 0 {
			return nil
		}
		i += j
		if n := inlineMarkupLen(s[i:]); n > 0 {
			return []int{i, i + n}
		}
	}
	return nil
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

// renderPieces renders line li of file fi of the book as pieces, until
// their width passes budget: a preview shows a few hundred bytes, and a
// paragraph may be a megabyte long.
func (b *Book) renderPieces(fi, li, budget int) []mdPiece {
	f := b.Files[fi]
	syn := f.Syntax
	l := syn.Lines[li]
	var out []mdPiece
	width := 0
	at := int(l.Start)
	text := func(end int) {
		if at < end {
			rendered := b.renderMarkup(string(syn.Src[at:end]), budget-width)
			out = append(out, rendered...)
			width += piecesWidth(rendered)
		}
	}
	k := firstOnLine(len(syn.Refs), func(i int) int { return syn.Refs[i].Line }, li)
	for ; k < len(syn.Refs) && syn.Refs[k].Line == li && width <= budget; k++ {
		r := syn.Refs[k]
		text(r.Span.Start)
		p := refPiece(syn.Text(r.Name), f.RefInfo[k].Title)
		out = append(out, p)
		width += p.width
		at = r.Span.End
	}
	if width <= budget {
		text(int(l.End))
	}
	return out
}

// piecesWidth is the width of the text of pieces.
func piecesWidth(pieces []mdPiece) int {
	w := 0
	for _, p := range pieces {
		w += p.width
	}
	return w
}

// refPiece is what a reference shows: its rendered title, or its name
// when the build renders none.
func refPiece(name, title string) mdPiece {
	if title == "" {
		return mdPiece{md: codeSpan("[#" + name + "]"), width: len(name) + 3}
	}
	return mdPiece{md: "*" + escapeMarkdown(title) + "*", width: len(title)}
}

// renderMarkup renders a stretch of text without references, until the
// pieces' width passes budget.
func (b *Book) renderMarkup(s string, budget int) []mdPiece {
	var out []mdPiece
	width := 0
	for s != "" && width <= budget {
		m := findInlineMarkup(s)
		if m == nil {
			return append(out, b.plainPieces(s, budget-width)...)
		}
		plain := b.plainPieces(s[:m[0]], budget-width)
		out = append(out, plain...)
		width += piecesWidth(plain)
		if p, ok := b.markupPiece(s[m[0]:m[1]]); ok {
			out = append(out, p)
			width += p.width
		}
		s = s[m[1]:]
	}
	return out
}

// markupPiece renders one construct matched by inlineMarkup.
func (b *Book) markupPiece(m string) (mdPiece, bool) {
	switch {
	case m == "[figure]":
		return mdPiece{}, false // the build removes it
	case m == "@<//>@":
		return mdPiece{md: "//", width: 2}, true
	case strings.HasPrefix(m, "**"):
		inner := b.plainText(m[2 : len(m)-2])
		return mdPiece{md: "**" + escapeMarkdown(inner) + "**", width: len(inner)}, true
	case strings.HasPrefix(m, "//"):
		inner := b.plainText(m[2 : len(m)-2])
		return mdPiece{md: "*" + escapeMarkdown(inner) + "*", width: len(inner)}, true
	case strings.HasPrefix(m, "{{"):
		inner := strings.ReplaceAll(m[2:len(m)-2], "@<//>@", "//")
		inner = manPageCall.ReplaceAllString(inner, "zmq_$1()")
		return mdPiece{md: codeSpan(inner), width: len(inner)}, true
	case strings.HasPrefix(m, "zmq_"):
		name := manPageCall.ReplaceAllString(m, "zmq_$1()")
		return mdPiece{md: codeSpan(name), width: len(name)}, true
	}
	// [url text] or [/page text]
	url, label, _ := strings.Cut(m[1:len(m)-1], " ")
	if strings.HasPrefix(url, "/") {
		url = "http://zguide.zeromq.org" + url
	}
	label = b.plainText(label)
	return mdPiece{md: "[" + escapeMarkdown(label) + "](" + url + ")", width: len(label)}, true
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

// plainPieces splits plain text into words, escaped for Markdown, until
// their width passes budget. Text that fits the budget whole is one piece:
// joinPieces cuts only between the words of the piece that passes it.
func (b *Book) plainPieces(s string, budget int) []mdPiece {
	s = b.plainText(s)
	if len(s) <= budget {
		if s == "" {
			return nil
		}
		return []mdPiece{{md: escapeMarkdown(s), width: len(s)}}
	}
	var out []mdPiece
	width := 0
	for s != "" && width <= budget {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			i = len(s) - 1
		}
		w := s[:i+1]
		out = append(out, mdPiece{md: escapeMarkdown(w), width: len(w)})
		width += len(w)
		s = s[i+1:]
	}
	return out
}

// markdownEscaper backslash-escapes what Markdown would read as markup.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `|`, `\|`, `~`, `\~`,
)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// codeSpan is s in backticks, with enough of them to hold s's own.
func codeSpan(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// joinPieces joins pieces up to about max bytes of reading text, adding
// "…" when it cuts.
func joinPieces(pieces []mdPiece, max int) string {
	var sb strings.Builder
	n := 0
	for _, p := range pieces {
		n += len(p.md)
	}
	sb.Grow(n + len("…"))
	width := 0
	for _, p := range pieces {
		if width+p.width > max && width > 0 {
			return strings.TrimRight(sb.String(), " ") + "…"
		}
		sb.WriteString(p.md)
		width += p.width
	}
	return strings.TrimSpace(sb.String())
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
	return joinPieces(b.renderMarkup(title, math.MaxInt), math.MaxInt)
}

// plainTitle reports whether rendering leaves a title as it is: no byte
// that starts markup or needs a Markdown escape, no symbol, no rewritten
// text (0MQ, mkwikidot's --). Most titles are words and spaces.
func plainTitle(s string) bool {
	return !strings.ContainsAny(s, "*/{@[]\\`_<>#|~$") && !strings.Contains(s, "zmq_") &&
		!strings.Contains(s, "0MQ") && !strings.Contains(s, "--")
}
