// inlay_hint.go answers textDocument/inlayHint (LSP 3.17): after each
// reference, the title the build renders for it.
//
// NOTE: protocol v0.12.0 (LSP 3.16) has no inlay hints; the types below
// follow LSP 3.17 with a plain-string label.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// InlayHintParams is LSP 3.17's textDocument/inlayHint request.
type InlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

// InlayHint is LSP 3.17's InlayHint with a string label.
type InlayHint struct {
	Position     protocol.Position `json:"position"`
	Label        string            `json:"label"`
	Kind         int               `json:"kind,omitempty"`
	Tooltip      string            `json:"tooltip,omitempty"`
	PaddingLeft  bool              `json:"paddingLeft,omitempty"`
	PaddingRight bool              `json:"paddingRight,omitempty"`
}

func (s *Server) inlayHint(ctx context.Context, p *InlayHintParams) ([]InlayHint, error) {
	out := []InlayHint{}
	sn, path, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	for _, rt := range sn.Project.ReferenceTitles(path) {
		pos := sn.Range(rt.At).Start
		if !before(p.Range.Start, pos) || !before(pos, p.Range.End) {
			continue
		}
		out = append(out, InlayHint{Position: pos, Label: rt.Label, Tooltip: rt.Tooltip, PaddingLeft: true})
	}
	return out, nil
}
