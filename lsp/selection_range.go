// selection_range.go answers textDocument/selectionRange: reference name →
// reference → line → paragraph (or code block) → sections → file.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

func (s *Server) selectionRange(ctx context.Context, p *protocol.SelectionRangeParams) ([]protocol.SelectionRange, error) {
	out := []protocol.SelectionRange{}
	sn, path, ok := s.locate(p.TextDocument.URI)
	for _, pos := range p.Positions {
		var chain *protocol.SelectionRange
		if ok {
			line, col := sn.Position(path, pos)
			regions := sn.Project.Selections(path, line, col)
			for i := len(regions) - 1; i >= 0; i-- {
				chain = &protocol.SelectionRange{Range: sn.Range(regions[i]), Parent: chain}
			}
		}
		if chain == nil {
			// One answer per position, even where nothing is known.
			chain = &protocol.SelectionRange{Range: protocol.Range{Start: pos, End: pos}}
		}
		out = append(out, *chain)
	}
	return out, nil
}
