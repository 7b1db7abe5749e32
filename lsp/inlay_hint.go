// inlay_hint.go answers textDocument/inlayHint (LSP 3.17): after each
// reference, the title the build renders for it.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

func (s *Server) inlayHint(ctx context.Context, p *protocol.InlayHintParams) ([]protocol.InlayHint, error) {
	out := []protocol.InlayHint{}
	padding := true
	sn, path, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	for _, rt := range sn.Project.ReferenceTitles(path) {
		pos := sn.Range(rt.At).Start
		if !before(p.Range.Start, pos) || !before(pos, p.Range.End) {
			continue
		}
		hint := protocol.InlayHint{Position: pos, Label: protocol.String(rt.Label), PaddingLeft: &padding}
		if rt.Tooltip != "" {
			hint.Tooltip = protocol.String(rt.Tooltip)
		}
		out = append(out, hint)
	}
	return out, nil
}
