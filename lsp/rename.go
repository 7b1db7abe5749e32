// rename.go answers textDocument/prepareRename and textDocument/rename.

package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func (s *Server) prepareRename(ctx context.Context, p *protocol.PrepareRenameParams) (*protocol.PrepareRenamePlaceholder, error) {
	sn, subj, _ := s.subjectAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	loc, text, err := sn.Project.PrepareRename(subj)
	if err != nil {
		return nil, &jsonrpc2.Error{Code: CodeRequestFailed, Message: err.Error()}
	}
	return &protocol.PrepareRenamePlaceholder{Range: sn.Range(loc), Placeholder: text}, nil
}

func (s *Server) rename(ctx context.Context, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	sn, subj, _ := s.subjectAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	edits, err := sn.Project.Rename(subj, p.NewName)
	if err != nil {
		return nil, &jsonrpc2.Error{Code: CodeRequestFailed, Message: err.Error()}
	}
	return sn.workspaceEdit(edits), nil
}
