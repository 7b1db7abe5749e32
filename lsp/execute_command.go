// execute_command.go answers workspace/executeCommand. bookmarks.regenerate
// [uri of a file of the book, or of the book folder] asks the client (workspace/applyEdit) to
// replace the book's bookmark file with what its tool writes; given the
// URI of a bookmark file, that file.
//
// The request to the client is sent from this handler's goroutine, never
// from the reader (dispatch.go: notifications must not wait on the client).

package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// CommandRegenerate regenerates a book's bookmark file.
const CommandRegenerate = "bookmarks.regenerate"

func (s *Server) executeCommand(ctx context.Context, p *protocol.ExecuteCommandParams) (any, error) {
	if p.Command != CommandRegenerate {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("unknown command %q", p.Command))
	}
	var u string
	if len(p.Arguments) > 0 {
		u, _ = p.Arguments[0].(string)
	}
	if u == "" {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, CommandRegenerate+" takes the URI of a file of the book")
	}
	sn, path, ok := s.locate(protocol.DocumentURI(u))
	if !ok { // the URI of the book folder itself
		sn, path, ok = s.locate(protocol.DocumentURI(strings.TrimSuffix(u, "/") + "/.bookmarks"))
	}
	if !ok {
		return nil, &jsonrpc2.Error{Code: CodeRequestFailed, Message: "no book holds " + u}
	}
	pr := sn.Project
	writers := pr.BookmarkWriters()
	target := path
	if writers[target] == nil {
		target = ""
		for _, bf := range []string{".bookmarks", "site/.bookmarks"} {
			if b := writers[bf]; b != nil && (target == "" || b == pr.Main) {
				target = bf
			}
		}
	}
	if target == "" {
		return nil, &jsonrpc2.Error{Code: CodeRequestFailed, Message: "this book has no bookmark file to regenerate"}
	}
	if _, open := s.docs.Get(sn.URI(target)); !open {
		// The edit replaces the whole file: compute it from the disk as it
		// is now, not as last read.
		sn.session.reread(sn.book, target)
		sn = sn.session.snapshot(sn.book)
		pr = sn.Project
	}
	fix, ok := pr.Regenerate(target)
	if !ok {
		return nil, nil // already as the tool writes it
	}
	var res protocol.ApplyWorkspaceEditResponse
	if _, err := s.conn.Call(ctx, protocol.MethodWorkspaceApplyEdit, &protocol.ApplyWorkspaceEditParams{Label: fix.Title, Edit: *sn.regionEdit(fix.Edits)}, &res); err != nil {
		return nil, &jsonrpc2.Error{Code: CodeRequestFailed, Message: "workspace/applyEdit: " + err.Error()}
	}
	return nil, nil
}
