// references.go answers textDocument/references for anchors (from a
// reference, a header, a .bookmark line or a bookmark-file line) and
// symbols.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

func (s *Server) references(ctx context.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	sn, subj, ok := s.subjectAt(p.TextDocument.URI, p.Position)
	if !ok {
		return []protocol.Location{}, nil
	}
	return sn.Locations(sn.Project.References(subj, p.Context.IncludeDeclaration)), nil
}
