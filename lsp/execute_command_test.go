package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// TestExecuteCommandsApplyEdits: each command sends one workspace/applyEdit
// with the code action's edit, from a chapter's URI or the folder's.
func TestExecuteCommandsApplyEdits(t *testing.T) {
	m := loadMarked(t, "codeAction/book.txtar")
	for _, tc := range []struct {
		command string
		want    protocol.ApplyWorkspaceEditParams
	}{
		{"bookmarks.regenerate", protocol.ApplyWorkspaceEditParams{Label: str("Regenerate .bookmarks as mkwikidot would write it"), Edit: *m.regenerateEdit()}},
		{"bookmarks.repair", protocol.ApplyWorkspaceEditParams{Label: str("Repair .bookmarks: remove 1 stale entry, correct 1 title, add 1 missing entry"), Edit: *m.repairEdit()}},
	} {
		for _, arg := range []string{string(m.uri("chapter1.txt")), m.rootURI(), string(m.uri(".bookmarks"))} {
			before := len(m.c.Messages("workspace/applyEdit"))
			var res json.RawMessage
			m.call("workspace/executeCommand", protocol.ExecuteCommandParams{Command: tc.command, Arguments: anys(arg)}, &res)
			msgs := m.c.Messages("workspace/applyEdit")
			if len(msgs) != before+1 {
				t.Errorf("%s %s sent %d workspace/applyEdit, want 1", tc.command, arg, len(msgs)-before)
				continue
			}
			msg := msgs[len(msgs)-1]
			var got protocol.ApplyWorkspaceEditParams
			if err := (lsp.Codec{}).Unmarshal(msg.Params, &got); err != nil || !msg.Call {
				t.Fatalf("workspace/applyEdit %s (a request: %v): %v", msg.Params, msg.Call, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s %s: applyEdit\n got %+v\nwant %+v", tc.command, arg, got, tc.want)
			}
		}
	}
	if err := m.callErr("workspace/executeCommand", protocol.ExecuteCommandParams{Command: "bookmarks.nothing"}); err == nil {
		t.Errorf("an unknown command succeeded")
	}
	if err := m.callErr("workspace/executeCommand", protocol.ExecuteCommandParams{Command: "bookmarks.repair"}); err == nil {
		t.Errorf("bookmarks.repair without a URI succeeded")
	}
}

// Another writer (bookmarks --write, a tool run) appended to .bookmarks
// after the server read it and before any watcher event: the regenerated
// file keeps that entry and the edit spans the file as it is now.
func TestExecuteRegenerateRereadsTheBookmarkFile(t *testing.T) {
	m := loadMarked(t, "codeAction/book.txtar")
	var res json.RawMessage
	regenerate := protocol.ExecuteCommandParams{Command: "bookmarks.regenerate", Arguments: anys(string(m.uri("chapter1.txt")))}
	m.call("workspace/executeCommand", regenerate, &res) // the server has read .bookmarks
	bm := filepath.Join(m.dir, ".bookmarks")
	text := m.files[".bookmarks"] + "extra An Entry Added Meanwhile\n"
	if err := os.WriteFile(bm, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	m.call("workspace/executeCommand", regenerate, &res)
	msgs := m.c.Messages("workspace/applyEdit")
	if len(msgs) != 2 {
		t.Fatalf("%d workspace/applyEdit requests, want 2", len(msgs))
	}
	var got protocol.ApplyWorkspaceEditParams
	if err := (lsp.Codec{}).Unmarshal(msgs[1].Params, &got); err != nil {
		t.Fatal(err)
	}
	// The new entry goes after the line the other writer added: the edit
	// is computed on the file as it is now (line 4 is that line's end).
	u := m.uri(".bookmarks")
	want := protocol.ApplyWorkspaceEditParams{Label: str("Regenerate .bookmarks as mkwikidot would write it"),
		Edit: protocol.WorkspaceEdit{Changes: map[lsp.DocumentURI][]protocol.TextEdit{u: {
			{Range: protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 3}}, NewText: "Lazy-Pirate-Pattern Lazy Pirate Pattern\n"},
			{Range: protocol.Range{Start: protocol.Position{Line: 4}, End: protocol.Position{Line: 4}}, NewText: "Chapter-Reliable-Request-Reply-Patterns Chapter 1 - Reliable Request-Reply Patterns\n"},
		}}}}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("applyEdit after another writer appended to .bookmarks:\n got %s\nwant %s", gotJSON, wantJSON)
	}
}
