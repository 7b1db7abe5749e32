package lsp_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

// TestExecuteCommandsApplyEdits: each command sends one workspace/applyEdit
// with the code action's edit, from a chapter's URI or the folder's.
func TestExecuteCommandsApplyEdits(t *testing.T) {
	m := loadMarked(t, "codeAction/book.txtar")
	for _, tc := range []struct {
		command string
		want    protocol.ApplyWorkspaceEditParams
	}{
		{"bookmarks.regenerate", protocol.ApplyWorkspaceEditParams{Label: "Regenerate .bookmarks as mkwikidot would write it", Edit: *m.regenerateEdit()}},
		{"bookmarks.repair", protocol.ApplyWorkspaceEditParams{Label: "Repair .bookmarks: remove 1 stale entry, correct 1 title, add 1 missing entry", Edit: *m.repairEdit()}},
	} {
		for _, arg := range []string{string(m.uri("chapter1.txt")), m.rootURI(), string(m.uri(".bookmarks"))} {
			before := len(m.c.Messages("workspace/applyEdit"))
			var res json.RawMessage
			m.call("workspace/executeCommand", protocol.ExecuteCommandParams{Command: tc.command, Arguments: []any{arg}}, &res)
			msgs := m.c.Messages("workspace/applyEdit")
			if len(msgs) != before+1 {
				t.Errorf("%s %s sent %d workspace/applyEdit, want 1", tc.command, arg, len(msgs)-before)
				continue
			}
			msg := msgs[len(msgs)-1]
			var got protocol.ApplyWorkspaceEditParams
			if err := json.Unmarshal(msg.Params, &got); err != nil || !msg.Call {
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
