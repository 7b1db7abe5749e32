// hover.go answers textDocument/hover: the rendered title, place and
// preview of a reference's section; a header's anchors and reference
// count; a bookmark-file line's audit; a symbol's value; a man page link.

package lsp

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

const previewBytes = 400

func (s *Server) hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	sn, subj, ok := s.subjectAt(p.TextDocument.URI, p.Position)
	if !ok {
		return nil, nil
	}
	text := hoverText(sn.Project, subj)
	if text == "" {
		return nil, nil
	}
	s.mu.Lock()
	md := s.caps.markdownHover
	s.mu.Unlock()
	kind := protocol.MarkupKindMarkdown
	if !md {
		kind, text = protocol.MarkupKindPlainText, plain(text)
	}
	// The hover and the two values it points to, in one allocation.
	reply := &struct {
		hover    protocol.Hover
		contents protocol.MarkupContent
		rng      protocol.Range
	}{contents: protocol.MarkupContent{Kind: kind, Value: text}, rng: sn.Range(subj.Location)}
	reply.hover = protocol.Hover{Contents: &reply.contents, Range: &reply.rng}
	return &reply.hover, nil
}

// plainReplacer drops the Markdown of a hover for plain-text clients:
// escapes first (an escaped `*` is text), then the markers.
var plainReplacer = strings.NewReplacer(
	`\\`, `\`, "\\`", "`", `\*`, `*`, `\_`, `_`, `\[`, `[`, `\]`, `]`, `\<`, `<`, `\>`, `>`,
	`\#`, `#`, `\|`, `|`, `\~`, `~`,
	"**", "", "*", "", "`", "", "\n\n---\n\n", "\n\n",
)

func plain(s string) string { return plainReplacer.Replace(s) }

// hoverText renders the hover of a subject as Markdown.
func hoverText(p *analysis.Project, subj analysis.Subject) string {
	b := subj.Book
	switch subj.Kind {
	case analysis.SubjectReference, analysis.SubjectBookmark, analysis.SubjectHeader:
		return anchorHover(p, subj)
	case analysis.SubjectEntry:
		return entryHover(p, subj)
	case analysis.SubjectSymbol:
		defs := b.Symbols[subj.Name]
		if len(defs) == 0 {
			return fmt.Sprintf("`$(%s)` is never set: the build prints `UNDEF` (use `$(%s?default)` for a default)", subj.Name, subj.Name)
		}
		var lines []string
		for _, d := range defs {
			lines = append(lines, fmt.Sprintf("`%s` = `%s` (%s:%d)", subj.Name, d.Value, d.Path, d.Line+1))
		}
		return strings.Join(lines, "\n\n")
	case analysis.SubjectManPage:
		return fmt.Sprintf("**%s()** — man page: [%s](http://api.zeromq.org/master:%s)", subj.Name, subj.Name, subj.Name)
	case analysis.SubjectDirective:
		return analysis.DirectiveDoc(subj.Name)
	case analysis.SubjectExample:
		files := p.ExampleFiles(subj.Name)
		if len(files) == 0 {
			return fmt.Sprintf("example `%s`: no `examples/<language>/%s.*` file in this book", subj.Name, subj.Name)
		}
		var names []string
		for _, f := range files {
			names = append(names, "`"+f.Path+"`")
		}
		return fmt.Sprintf("example `%s`: %s", subj.Name, strings.Join(names, ", "))
	}
	return ""
}

// anchorHover is the hover of an anchor: rendered title, where it lives,
// and the first paragraph of its section. On a header the reference count
// covers every anchor the header produces, as its code lens does.
func anchorHover(p *analysis.Project, subj analysis.Subject) string {
	b, name, a := subj.Book, subj.Name, subj.Anchor
	if a == nil {
		if e, ok := b.Bookmarks.Lookup(name); ok && b.Bookmarks != nil {
			return fmt.Sprintf("**%s**\n\n`%s` exists only as a stale entry of `%s` (line %d): no header defines it", e.Title, name, b.Bookmarks.Path, e.Line+1)
		}
		return fmt.Sprintf("Undefined bookmark: `%s`", name)
	}
	_, info := b.Header(a)
	bp := listBuffer(1024) // reused, it stays in the cache: a hover allocates only its text
	buf := *bp
	// The facts, joined by " · ": place, chapter, names, reference count.
	buf = appendAll(buf, "**", b.RenderedTitle(a), "**\n\n`", b.AnchorPlace(a), "`")
	if info.Chapter > 0 {
		buf = strconv.AppendInt(append(buf, " · chapter "...), int64(info.Chapter), 10)
	}
	if info.Named != "" {
		buf = appendAll(buf, " · bookmark `", info.Named, "`")
	}
	if info.HasAuto {
		buf = appendAll(buf, " · anchor `", info.Auto, "`")
	}
	switch n := p.SubjectReferenceCount(subj); n {
	case 1:
		buf = append(buf, " · 1 reference"...)
	default:
		buf = append(strconv.AppendInt(append(buf, " · "...), int64(n), 10), " references"...)
	}
	if b.Duplicated(name) {
		buf = fmt.Appendf(buf, "\n\n%d headers produce `%s`; links reach the first", len(b.AnchorsNamed(name)), name)
	}
	facts := len(buf)
	buf = append(buf, "\n\n---\n\n"...)
	rule := len(buf)
	if buf = b.AppendPreview(buf, a, previewBytes); len(buf) == rule {
		buf = buf[:facts] // no preview, no rule
	}
	text := string(buf)
	*bp = buf
	putListBuffer(bp)
	return text
}

// appendAll appends each string in turn.
func appendAll(dst []byte, parts ...string) []byte {
	for _, s := range parts {
		dst = append(dst, s...)
	}
	return dst
}

func entryHover(p *analysis.Project, subj analysis.Subject) string {
	e := p.Entry(subj)
	if e == nil {
		return ""
	}
	for _, au := range p.AuditOf(subj.Path) {
		if au.Entry.Line != e.Line {
			continue
		}
		var sb strings.Builder
		fmt.Fprintf(&sb, "`%s` → stored title **%s**", e.Anchor, e.Title)
		if e.Document != "" {
			fmt.Fprintf(&sb, " in `%s`", e.Document)
		}
		switch au.Status {
		case analysis.EntryOK:
			sb.WriteString("\n\nstatus: ok")
		case analysis.EntryStale:
			sb.WriteString("\n\nstatus: **stale** — no header of the book produces this anchor")
		case analysis.EntryMismatch:
			fmt.Fprintf(&sb, "\n\nstatus: **title mismatch** — expected **%s**", au.Expected)
			if au.OffByOne {
				sb.WriteString(" (the stored title is the next header's: the 2012-11 converter's off-by-one)")
			}
		case analysis.EntryOtherTool:
			fmt.Fprintf(&sb, "\n\nstatus: written by %s", au.Tool)
		case analysis.EntryOverridden:
			sb.WriteString("\n\nstatus: **duplicate** — a later line for this anchor wins")
		}
		if au.Anchor != nil {
			fmt.Fprintf(&sb, "\n\ndefined at `%s`", subj.Book.AnchorPlace(au.Anchor))
		}
		return sb.String()
	}
	return ""
}
