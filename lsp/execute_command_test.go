package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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

// Another writer (bookmarks --write, a tool run) appended to .bookmarks
// after the server read it and before any watcher event: the regenerated
// file keeps that entry and the edit spans the file as it is now.
func TestExecuteRegenerateRereadsTheBookmarkFile(t *testing.T) {
	m := loadMarked(t, "codeAction/book.txtar")
	var res json.RawMessage
	regenerate := protocol.ExecuteCommandParams{Command: "bookmarks.regenerate", Arguments: []any{string(m.uri("chapter1.txt"))}}
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
	if err := json.Unmarshal(msgs[1].Params, &got); err != nil {
		t.Fatal(err)
	}
	withExtra := strings.Replace(regenerated, "gone ", "extra An Entry Added Meanwhile\ngone ", 1)
	want := protocol.ApplyWorkspaceEditParams{Label: "Regenerate .bookmarks as mkwikidot would write it",
		Edit: *edit(m.uri(".bookmarks"), protocol.Range{End: m.posAt(text, len(text))}, withExtra)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("applyEdit after another writer appended to .bookmarks:\n got %+v\nwant %+v", got, want)
	}
}
