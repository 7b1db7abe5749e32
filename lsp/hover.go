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
	r := sn.Range(subj.Location)
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: kind, Value: text}, Range: &r}, nil
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
	var sb strings.Builder
	sb.Grow(1024) // title, facts and preview: grown once
	// The facts, joined by " · ": place, chapter, names, reference count.
	writeAll(&sb, "**", b.RenderedTitle(a), "**\n\n`", b.AnchorPlace(a), "`")
	if info.Chapter > 0 {
		sb.WriteString(" · chapter ")
		sb.WriteString(strconv.Itoa(info.Chapter))
	}
	if info.Named != "" {
		writeAll(&sb, " · bookmark `", info.Named, "`")
	}
	if info.HasAuto {
		writeAll(&sb, " · anchor `", info.Auto, "`")
	}
	switch n := p.SubjectReferenceCount(subj); n {
	case 1:
		sb.WriteString(" · 1 reference")
	default:
		var digits [20]byte
		sb.WriteString(" · ")
		sb.Write(strconv.AppendInt(digits[:0], int64(n), 10))
		sb.WriteString(" references")
	}
	if defs := b.AnchorsNamed(name); len(defs) > 1 {
		fmt.Fprintf(&sb, "\n\n%d headers produce `%s`; links reach the first", len(defs), name)
	}
	if preview := b.Preview(a, previewBytes); preview != "" {
		sb.WriteString("\n\n---\n\n")
		sb.WriteString(preview)
	}
	return sb.String()
}

// writeAll writes each string in turn: no concatenation to allocate.
func writeAll(sb *strings.Builder, parts ...string) {
	for _, s := range parts {
		sb.WriteString(s)
	}
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
