// execute_command.go answers workspace/executeCommand. Both commands take
// [uri of a file of the book, or of the book folder] and ask the client
// (workspace/applyEdit) to change the book's bookmark file, or, given the
// URI of a bookmark file, that file:
//   - bookmarks.regenerate: the entries its tool writes after one run;
//   - bookmarks.repair: what a fixed tool writes (no stale entry, every
//     title the one the book derives now, no entry missing).
//
// Either keeps the order of the lines that stay and edits only the lines
// that change. The request to the client is sent from this handler's
// goroutine, never from the reader (dispatch.go: notifications must not
// wait on the client).

package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Commands of workspace/executeCommand.
const (
	CommandRegenerate = "bookmarks.regenerate"
	CommandRepair     = "bookmarks.repair"
)

// bookmarkCommands maps each command to the fix it applies.
var bookmarkCommands = map[string]func(*analysis.Project, string) (analysis.Fix, bool){
	CommandRegenerate: (*analysis.Project).Regenerate,
	CommandRepair:     (*analysis.Project).Repair,
}

func (s *Server) executeCommand(ctx context.Context, p *protocol.ExecuteCommandParams) (any, error) {
	fixOf, known := bookmarkCommands[p.Command]
	if !known {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("unknown command %q", p.Command))
	}
	var u string
	if len(p.Arguments) > 0 {
		if protocol.Unmarshal(p.Arguments[0], &u) != nil {
			u = ""
		}
	}
	if u == "" {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, p.Command+" takes the URI of a file of the book")
	}
	sn, target, err := s.bookmarkTarget(u)
	if err != nil {
		return nil, err
	}
	if _, open := s.docs.Get(sn.URI(target)); !open {
		// The edit is computed from the file's lines: read it from the disk
		// as it is now, not as last read (another writer may have added
		// entries without a watcher event). To every session holding the
		// file this is a change on disk, as its watcher event would say.
		changed := modification{file: pathID(sn.session.abs(sn.book, target)), action: actionChanged}
		_ = s.didModifyFiles(ctx, []modification{changed}) // a watched-file change cannot fail
		sn = sn.session.snapshot(sn.book)
	}
	fix, ok := fixOf(sn.Project, target)
	if !ok {
		return nil, nil // nothing to change
	}
	var res protocol.ApplyWorkspaceEditResult
	if _, err := s.conn.Call(ctx, protocol.MethodWorkspaceApplyEdit, &protocol.ApplyWorkspaceEditParams{Label: optPtr(fix.Title), Edit: *sn.workspaceEdit(fix.Edits)}, &res); err != nil {
		return nil, &jsonrpc2.Error{Code: CodeRequestFailed, Message: "workspace/applyEdit: " + err.Error()}
	}
	return nil, nil
}

// bookmarkTarget finds the bookmark file a command on URI u changes: u
// itself when it is one, else the main run's (or the only one) of the book
// that holds u, or of the book folder u names.
func (s *Server) bookmarkTarget(u string) (*Snapshot, string, error) {
	sn, path, ok := s.locate(DocumentURI(u))
	if !ok { // the URI of the book folder itself
		sn, path, ok = s.locate(DocumentURI(strings.TrimSuffix(u, "/") + "/.bookmarks"))
	}
	if !ok {
		return nil, "", &jsonrpc2.Error{Code: CodeRequestFailed, Message: "no book holds " + u}
	}
	target := sn.Project.BookmarkTarget(path)
	if target == "" {
		return nil, "", &jsonrpc2.Error{Code: CodeRequestFailed, Message: "this book has no bookmark file to change"}
	}
	return sn, target, nil
}
