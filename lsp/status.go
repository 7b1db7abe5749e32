// status.go answers the custom request bookmarks/status: the profile,
// anchor count, folder and file count of the book that owns a document
// (the VS Code status bar shows it).

package lsp

import "context"

// StatusParams is bookmarks/status's params.
type StatusParams struct {
	URI DocumentURI `json:"uri"`
}

// Status describes the book that owns a document.
type Status struct {
	Profile string `json:"profile"`
	Anchors int    `json:"anchors"`
	Book    string `json:"book"`
	Files   int    `json:"files"`
}

func (s *Server) status(ctx context.Context, p *StatusParams) (*Status, error) {
	sn, path, ok := s.locate(p.URI)
	if !ok {
		return nil, nil
	}
	b := sn.Project.Owner[path]
	if b == nil {
		b = sn.Project.Main
	}
	return &Status{
		Profile: b.Profile.String(),
		Anchors: len(b.AnchorNames()),
		Book:    sn.session.abs(sn.book, ""),
		Files:   len(b.Files),
	}, nil
}
