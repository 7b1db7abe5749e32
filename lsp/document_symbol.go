// document_symbol.go answers textDocument/documentSymbol: the chapter →
// section → subsection tree of a guide file, or one symbol per entry of a
// bookmark file.

package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func (s *Server) documentSymbol(ctx context.Context, p *protocol.DocumentSymbolParams) ([]protocol.DocumentSymbol, error) {
	out := []protocol.DocumentSymbol{}
	sn, path, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	if bf := sn.Project.BookmarkFileAt(path); bf != nil {
		for i := range bf.Entries {
			e := &bf.Entries[i]
			if !e.Readable {
				continue
			}
			detail := e.Title
			if bf.Site {
				detail += " | " + e.Document
			}
			out = append(out, protocol.DocumentSymbol{Name: nonEmpty(e.Anchor), Detail: optPtr(detail), Kind: protocol.SymbolKindKey,
				Range: sn.Range(bf.EntryLineLocation(e)), SelectionRange: sn.Range(bf.EntryAnchorLocation(e))})
		}
		return out, nil
	}
	b := sn.Project.Owner[path]
	if b == nil {
		return out, nil
	}
	f, ok := b.File(path)
	if !ok {
		return out, nil
	}
	syn := f.Syntax
	var conv func(ss []analysis.Section) []protocol.DocumentSymbol
	conv = func(ss []analysis.Section) []protocol.DocumentSymbol {
		out := []protocol.DocumentSymbol{}
		for _, sec := range ss {
			h, info := syn.Headers[sec.Header], f.Headers[sec.Header]
			title := syn.Text(h.Title)
			var detail []string
			if info.Effective != "" && info.Effective != title {
				detail = append(detail, info.Effective)
			}
			for _, a := range b.HeaderAnchors(f, sec.Header) {
				detail = append(detail, "#"+a)
			}
			kind := protocol.SymbolKindNamespace
			switch d := b.HeaderDepth(h.Level); {
			case d == 1:
				kind = protocol.SymbolKindClass
			case d == 2:
				kind = protocol.SymbolKindMethod
			case d > 2:
				kind = protocol.SymbolKindField
			}
			endLine, endCol := f.SectionEnd(sec)
			ds := protocol.DocumentSymbol{
				Name: nonEmpty(title), Detail: optPtr(strings.Join(detail, " · ")), Kind: kind,
				Range:          sn.Range(analysis.Location{Path: path, Line: h.Line, EndLine: endLine, EndCol: endCol}),
				SelectionRange: sn.Range(f.HeaderTitleLocation(sec.Header)),
			}
			if len(sec.Children) > 0 {
				ds.Children = conv(sec.Children)
			}
			out = append(out, ds)
		}
		return out
	}
	return conv(syn.Sections()), nil
}

// nonEmpty keeps a symbol name displayable: LSP forbids empty names.
func nonEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	return s
}
