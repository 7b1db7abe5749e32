// definition.go answers textDocument/definition: a reference, a .bookmark
// name or a bookmark-file line goes to its header, a symbol to its .set,
// an example block to its example files.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// subjectAt resolves what a document position names.
func (s *Server) subjectAt(u DocumentURI, pos protocol.Position) (*Snapshot, analysis.Subject, bool) {
	sn, path, ok := s.locate(u)
	if !ok {
		return nil, analysis.Subject{}, false
	}
	line, col := sn.Position(path, pos)
	subj := sn.Project.At(path, line, col)
	return sn, subj, subj.Kind != analysis.SubjectNone
}

// guideFile resolves a document to its snapshot, the book that shows it
// and its file in that book; ok is false outside every book.
func (s *Server) guideFile(u DocumentURI) (sn *Snapshot, path string, b *analysis.Book, f *analysis.BookFile, ok bool) {
	sn, path, ok = s.locate(u)
	if !ok {
		return nil, "", nil, nil, false
	}
	if b = sn.Project.Owner[path]; b == nil {
		return nil, "", nil, nil, false
	}
	f, ok = b.File(path)
	return sn, path, b, f, ok
}

func (s *Server) definition(ctx context.Context, p *protocol.DefinitionParams) ([]protocol.Location, error) {
	sn, subj, ok := s.subjectAt(p.TextDocument.URI, p.Position)
	if !ok {
		return []protocol.Location{}, nil
	}
	return sn.Locations(sn.Project.Definition(subj)), nil
}
