// document_highlight.go answers textDocument/documentHighlight: every
// place in the document that names the anchor or symbol under the cursor;
// references read it, headers, .bookmark lines, entries and .set lines
// write it.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

func (s *Server) documentHighlight(ctx context.Context, p *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	out := []protocol.DocumentHighlight{}
	sn, subj, ok := s.subjectAt(p.TextDocument.URI, p.Position)
	if !ok {
		return out, nil
	}
	_, path, _ := s.locate(p.TextDocument.URI)
	for _, o := range sn.Project.Occurrences(subj) {
		if o.Path != path {
			continue
		}
		kind := protocol.DocumentHighlightKindRead
		if o.Def {
			kind = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: sn.Range(o.Location), Kind: kind})
	}
	return out, nil
}
