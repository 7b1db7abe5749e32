package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

func TestSettingsPushedAndBadValuesReported(t *testing.T) {
	e := newEnv(t, paperBook)
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "forward-reference") })
	if err := e.c.Notify(e.ctx(), "workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"bookmarks": map[string]any{
		"diagnostics": map[string]any{"forwardReferences": "off"}, "maxFileSize": "huge", "unknownSetting": 1,
	}}}); err != nil {
		t.Fatal(err)
	}
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "undefined-bookmark" })
	msg := e.waitMessage("window/showMessage", func(raw json.RawMessage) bool { return strings.Contains(string(raw), "maxFileSize") })
	if !strings.Contains(msg, `bookmarks.maxFileSize must be a number of bytes between 1024 and 2147483648, not \"huge\"`) {
		t.Errorf("showMessage %s", msg)
	}
}

// Neovim encodes an empty Lua table as []: `{"bookmarks": []}` (and null) means
// "no settings", silently, and brings back the defaults.
func TestEmptySettingsAreNoSettings(t *testing.T) {
	e := newEnv(t, paperBook)
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "forward-reference") })
	push := func(bookmarks any) {
		t.Helper()
		if err := e.c.Notify(e.ctx(), "workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"bookmarks": bookmarks}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, empty := range []any{[]any{}, nil} {
		push(map[string]any{"diagnostics": map[string]any{"forwardReferences": "off"}})
		e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "undefined-bookmark" })
		push(empty)
		e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool {
			return codesOf(ds) == "forward-reference,undefined-bookmark"
		})
	}
	// An empty settings list from the client, as Neovim 0.7 sends it, is not a problem either.
	if err := e.c.Notify(e.ctx(), "workspace/didChangeConfiguration", map[string]any{"settings": []any{}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if msgs := e.c.Messages("window/showMessage"); len(msgs) > 0 {
		t.Errorf("showMessage for empty settings: %s", msgs[0].Params)
	}
}

func (e *env) waitMessage(method string, ok func(json.RawMessage) bool) string {
	e.t.Helper()
	m, err := e.c.WaitMessage(e.ctx(), method, ok)
	if err != nil {
		e.t.Fatalf("no %s: %v", method, err)
	}
	return string(m.Params)
}

func TestWatchedFilesAndCloseFallBackToDisk(t *testing.T) {
	e := newEnv(t, paperBook)
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "undefined-bookmark") })
	// A new chapter appears on disk and defines the missing bookmark.
	p := filepath.Join(e.dir, "chapter3.txt")
	if err := os.WriteFile(p, []byte(".bookmark nowhere\n+ Nowhere Land\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := e.c.Notify(e.ctx(), "workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: e.uri("chapter3.txt"), Type: protocol.FileChangeTypeCreated}}}); err != nil {
		t.Fatal(err)
	}
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "forward-reference,forward-reference" })
	// Open chapter3, break it in the buffer, then close it: the disk wins.
	e.files["chapter3.txt"] = ".bookmark nowhere\n+ Nowhere Land\n"
	e.open("chapter3.txt")
	text := e.files["chapter3.txt"]
	e.edit("chapter3.txt", 2, e.posAt(text, 10), e.posAt(text, 17), "elsewhere", 10, 17)
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "undefined-bookmark") })
	if err := e.c.Notify(e.ctx(), "textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter3.txt")}}); err != nil {
		t.Fatal(err)
	}
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "forward-reference,forward-reference" })
	// Deleted on disk: the reference breaks again and chapter3 is cleared.
	os.Remove(p)
	e.c.Notify(e.ctx(), "workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: e.uri("chapter3.txt"), Type: protocol.FileChangeTypeDeleted}}})
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "undefined-bookmark") })
}

func TestWorkspaceFoldersAddedAndRemoved(t *testing.T) {
	e := newEnv(t, paperBook)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "chapter1.txt"), []byte("+ Other\nSee [#missing].\n"), 0o644)
	otherURI := "file://" + filepath.ToSlash(other)
	e.c.Notify(e.ctx(), "workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{map[string]any{"uri": otherURI, "name": "other"}}, "removed": []any{},
	}})
	waitFor(t, func() bool {
		for _, m := range e.c.Messages("textDocument/publishDiagnostics") {
			if strings.Contains(string(m.Params), otherURI+"/chapter1.txt") && strings.Contains(string(m.Params), "Undefined bookmark: missing") {
				return true
			}
		}
		return false
	})
	var locs []protocol.Location
	e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: lsp.DocumentURI(otherURI + "/chapter1.txt")}, Position: protocol.Position{Line: 1, Character: 7}}}, &locs)
	if len(locs) != 0 {
		t.Errorf("an undefined reference has no definition: %+v", locs)
	}
	e.c.Notify(e.ctx(), "workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{}, "removed": []any{map[string]any{"uri": otherURI, "name": "other"}},
	}})
	waitFor(t, func() bool {
		var last string
		for _, m := range e.c.Messages("textDocument/publishDiagnostics") {
			if strings.Contains(string(m.Params), otherURI+"/chapter1.txt") {
				last = string(m.Params)
			}
		}
		return strings.Contains(last, `"diagnostics":[]`)
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition never met")
}

func TestProgressWhileIndexing(t *testing.T) {
	e := newEnv(t, paperBook, func(caps map[string]any) { caps["window"] = map[string]any{"workDoneProgress": true} })
	e.waitMessage("window/workDoneProgress/create", func(json.RawMessage) bool { return true })
	begin := e.waitMessage("$/progress", func(raw json.RawMessage) bool { return strings.Contains(string(raw), `"begin"`) })
	end := e.waitMessage("$/progress", func(raw json.RawMessage) bool { return strings.Contains(string(raw), `"end"`) })
	if !strings.Contains(begin, "Indexing guide books") || !strings.Contains(end, "bookmarks-ls/indexing") {
		t.Errorf("progress begin %s end %s", begin, end)
	}
}

func TestRequestsOutsideEveryWorkspace(t *testing.T) {
	e := newEnv(t, paperBook)
	var locs []protocol.Location
	e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///nowhere/chapter1.txt"}, Position: protocol.Position{Line: 3, Character: 99}}}, &locs)
	var hover *protocol.Hover
	e.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "untitled:Untitled-1"}, Position: protocol.Position{Line: 0}}}, &hover)
	// Past the end of a line and of the file: clamped, no error.
	e.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: protocol.Position{Line: 999, Character: 999}}}, &hover)
	if len(locs) != 0 || hover != nil {
		t.Errorf("outside the workspace: %+v %+v", locs, hover)
	}
}

// TestURIsKeepTheClientsSpelling: a folder whose path has characters that
// URI libraries escape differently (":", "@"): the server answers with the
// URI as the client spelled it (the code lens's argument), not with
// protocol v1's rewrite ("a%3Ab%40c").
func TestURIsKeepTheClientsSpelling(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a:b@c")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e := newEnvAt(t, dir, writeTxtar(t, dir, robustBook))
	u := e.uri("chapter1.txt")
	var lenses []protocol.CodeLens
	e.call("textDocument/codeLens", protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &lenses)
	if len(lenses) == 0 {
		t.Fatalf("no code lens in %s", u)
	}
	for _, l := range lenses {
		var arg string
		if len(l.Command.Arguments) == 0 || json.Unmarshal(l.Command.Arguments[0], &arg) != nil || arg != string(u) {
			t.Errorf("code lens %q names the document %s, want %s as sent", l.Command.Title, l.Command.Arguments, u)
		}
	}
}
