// folding_range.go answers textDocument/foldingRange: sections, code
// blocks (region) and runs of `.-` comment lines (comment).

package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func (s *Server) foldingRange(ctx context.Context, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	out := []protocol.FoldingRange{}
	sn, path, _, f, ok := s.guideFile(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	m := sn.Mapper(path)
	for _, fd := range f.Syntax.Folds() {
		kind := protocol.FoldingRangeKindRegion
		if fd.Kind == analysis.FoldComment {
			kind = protocol.FoldingRangeKindComment
		}
		// Lines convert through positions: a lone CR splits an LF line.
		start, end := m.PositionLF(fd.Start, 0).Line, m.PositionLF(fd.End, 0).Line
		if end > start {
			out = append(out, protocol.FoldingRange{StartLine: start, EndLine: end, Kind: kind})
		}
	}
	return out, nil
}
