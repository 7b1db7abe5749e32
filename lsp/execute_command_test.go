package lsp_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

func TestExecuteRegenerateAppliesEdit(t *testing.T) {
	m := loadMarked(t, "codeAction/book.txtar")
	var res json.RawMessage
	m.call("workspace/executeCommand", protocol.ExecuteCommandParams{Command: "bookmarks.regenerate", Arguments: []any{string(m.uri("chapter1.txt"))}}, &res)
	msg, err := m.c.WaitMessage(m.ctx(), "workspace/applyEdit", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got protocol.ApplyWorkspaceEditParams
	if err := json.Unmarshal(msg.Params, &got); err != nil || !msg.Call {
		t.Fatalf("workspace/applyEdit %s (a request: %v): %v", msg.Params, msg.Call, err)
	}
	text := m.files[".bookmarks"]
	want := protocol.ApplyWorkspaceEditParams{Label: "Regenerate .bookmarks as mkwikidot would write it",
		Edit: *edit(m.uri(".bookmarks"), protocol.Range{End: m.posAt(text, len(text))}, regenerated)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("applyEdit:\n got %+v\nwant %+v", got, want)
	}
	// The book folder itself works too.
	before := len(m.c.Messages("workspace/applyEdit"))
	m.call("workspace/executeCommand", protocol.ExecuteCommandParams{Command: "bookmarks.regenerate", Arguments: []any{m.rootURI()}}, &res)
	if msgs := m.c.Messages("workspace/applyEdit"); len(msgs) != before+1 || string(msgs[len(msgs)-1].Params) != string(msg.Params) {
		t.Errorf("regenerate from the folder URI sent %d edits", len(msgs)-before)
	}
	if err := m.callErr("workspace/executeCommand", protocol.ExecuteCommandParams{Command: "bookmarks.nothing"}); err == nil {
		t.Errorf("an unknown command succeeded")
	}
}
