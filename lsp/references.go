// references.go answers textDocument/references for anchors (from a
// reference, a header, a .bookmark line or a bookmark-file line) and
// symbols.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func (s *Server) references(ctx context.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	sn, subj, ok := s.subjectAt(p.TextDocument.URI, p.Position)
	out := []protocol.Location{}
	if !ok {
		return out, nil
	}
	switch subj.Kind {
	case analysis.SubjectReference, analysis.SubjectBookmark, analysis.SubjectEntry, analysis.SubjectHeader:
		for _, l := range sn.Project.SubjectReferences(subj, p.Context.IncludeDeclaration) {
			out = append(out, sn.Location(l))
		}
	case analysis.SubjectSymbol:
		edits, err := sn.Project.Rename(subj, subj.Name+"_")
		if err != nil {
			return out, nil
		}
		for _, e := range edits {
			out = append(out, sn.Location(e.Location))
		}
	}
	return out, nil
}
