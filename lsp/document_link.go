// document_link.go answers textDocument/documentLink: web links, site
// links, man pages, example files and the files named by .output, .inbook
// and .prelude.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

func (s *Server) documentLink(ctx context.Context, p *protocol.DocumentLinkParams) ([]protocol.DocumentLink, error) {
	out := []protocol.DocumentLink{}
	sn, path, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	for _, l := range sn.Project.Links(path) {
		target := DocumentURI(l.URL)
		if l.Path != "" {
			target = sn.URI(l.Path)
		}
		link := protocol.DocumentLink{Range: sn.Range(l.Location), Tooltip: optPtr(l.Tooltip)}
		if target != "" {
			link.Target = &target
		}
		out = append(out, link)
	}
	return out, nil
}
