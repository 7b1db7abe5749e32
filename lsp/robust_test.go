// robust_test.go abuses the real server in process: broken framing and JSON, unknown
// methods, requests before initialize, hostile params for every method, edits that make no
// sense, and files no book should contain. Each gets the spec's error or a harmless empty
// result, and the server goes on serving.

package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

func TestRobustFramingAndJSONThroughRealServer(t *testing.T) {
	e := newEnv(t, robustBook)
	ctx := e.ctx()
	raw := []string{
		"Content-Length: abc\r\n\r\n{}",                  // not a number
		"Content-Length: -5\r\n\r\n",                     // negative
		"Content-Length: 3\r\nContent-Length: x\r\n\r\n", // poisoned block
		"garbage line without a header\r\n",              // not a header at all
		"Content-Type: application/json\r\n\r\n",         // a block without a length
		"\r\n\r\n\r\n",                                   // blank lines between messages
	}
	for _, r := range raw {
		if err := e.c.WriteRaw([]byte(r)); err != nil {
			t.Fatal(err)
		}
		e.alive(fmt.Sprintf("after the bytes %q", r))
	}
	// Bodies: invalid JSON gets -32700, valid JSON that is no message gets -32600.
	bodies := []struct {
		body string
		code jsonrpc2.Code
	}{
		{`{"jsonrpc":"2.0","id":1,"method":`, jsonrpc2.ParseError},
		{"\xff\xfe\x00", jsonrpc2.ParseError},
		{`[1,2,3]`, jsonrpc2.InvalidRequest},
		{`"just a string"`, jsonrpc2.InvalidRequest},
		{`{"jsonrpc":"2.0","id":{"nested":1},"method":"textDocument/hover"}`, jsonrpc2.InvalidRequest},
		{`{"jsonrpc":"2.0"}`, jsonrpc2.InvalidRequest},
	}
	for i, b := range bodies {
		if err := e.c.WriteBody([]byte(b.body)); err != nil {
			t.Fatal(err)
		}
		errs, err := e.c.WaitNullIDErrors(ctx, i+1)
		if err != nil {
			t.Fatalf("no error reply to the body %q: %v", b.body, err)
		}
		if got := errs[i].Code; got != b.code {
			t.Errorf("body %q answered with %d, want %d", b.body, got, b.code)
		}
		e.alive(fmt.Sprintf("after the body %q", b.body))
	}
	// A valid request with a wrong params shape: InvalidParams, with its own id.
	id := jsonrpc2.NewStringID("bad-params")
	if err := e.c.WriteBody([]byte(`{"jsonrpc":"2.0","id":"bad-params","method":"textDocument/hover","params":{"position":"top"}}`)); err != nil {
		t.Fatal(err)
	}
	resp, err := e.c.Response(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if rpcCode(resp.Err()) != jsonrpc2.InvalidParams {
		t.Errorf("hover with a string position: %v, want InvalidParams", resp.Err())
	}
	e.alive("after invalid params")
}

func TestRobustUnknownMethodsAndLifecycle(t *testing.T) {
	// Requests before initialize: ServerNotInitialized from the real server's table.
	c := lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		srv := lsp.NewServer(conn, zap.NewNop(), "test")
		_, _ = lsp.NewChain(srv.Methods(), zap.NewNop()).Serve(ctx, conn)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, m := range []string{"textDocument/hover", "workspace/symbol", "bookmarks/status", "shutdown", "no/such/method"} {
		if code := rpcCode(c.Call(ctx, m, map[string]any{}, nil)); code != jsonrpc2.ServerNotInitialized {
			t.Errorf("%s before initialize: code %d, want ServerNotInitialized (-32002)", m, code)
		}
	}
	// Edits before initialize are dropped, not applied and not fatal.
	if err := c.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///x/chapter1.txt", "text": "+ A\n", "version": 1}}); err != nil {
		t.Fatal(err)
	}

	e := newEnv(t, robustBook)
	for _, m := range []string{"no/such/method", "textDocument/didOpen", "$/unknown", "textDocument/implementation"} {
		if code := rpcCode(e.callErr(m, map[string]any{})); code != jsonrpc2.MethodNotFound {
			t.Errorf("request %s: code %d, want MethodNotFound (-32601)", m, code)
		}
		if code := rpcCode(e.c.Call(e.ctx(), m, nil, nil)); code != jsonrpc2.MethodNotFound {
			t.Errorf("request %s without params: code %d, want MethodNotFound (-32601)", m, code)
		}
	}
	for _, m := range []string{"no/such/note", "$/setTrace", "$/cancelRequest", "textDocument/hover"} {
		if err := e.c.Notify(e.ctx(), m, map[string]any{"id": "nobody"}); err != nil {
			t.Fatal(err)
		}
	}
	if code := rpcCode(e.callErr("initialize", map[string]any{})); code != jsonrpc2.InvalidRequest {
		t.Errorf("second initialize: code %d, want InvalidRequest", code)
	}
	e.alive("after unknown methods")
}

// hostileURIs are document URIs no handler should choke on.
func hostileURIs(e *env) []string {
	return []string{
		string(e.uri("chapter1.txt")), string(e.uri(".bookmarks")), string(e.uri("notes.txt")),
		e.rootURI(), e.rootURI() + "/", string(e.uri("nope.txt")), string(e.uri("../outside.txt")),
		string(e.uri("sub/../chapter1.txt")), string(e.uri("chapter1.txt")) + "?q=1#frag",
		"untitled:Untitled-1", "file:///", "file://", "", "file://server/share/chapter1.txt",
		"file:///C:/book/chapter1.txt", "%zz not a uri", "http://example.com/chapter1.txt",
		"vscode-notebook-cell:/x#y", "file:///nowhere/chapter1.txt",
	}
}

// hostilePositions are past the end of a line, of the file, at the limits of uint32, and in
// the middle of a surrogate pair.
var hostilePositions = []protocol.Position{
	{Line: 0, Character: 0}, {Line: 0, Character: 4294967295}, {Line: 4294967295, Character: 0},
	{Line: 4294967295, Character: 4294967295}, {Line: 4, Character: 37}, {Line: 6, Character: 15},
	{Line: 13, Character: 7}, {Line: 1000, Character: 3},
}

// TestRobustEveryMethodSurvivesHostileParams sends every method of the real dispatch table
// every combination of hostile URI and position, and odd shapes besides. A panic in a handler
// would come back as InternalError (-32603): that is a bug, reported with its params.
func TestRobustEveryMethodSurvivesHostileParams(t *testing.T) {
	e := newEnv(t, robustBook)
	e.open("chapter1.txt")
	var names []string
	for m := range lsp.NewServer(nil, zap.NewNop(), "probe").Methods() {
		if m == "initialize" || m == "shutdown" {
			continue
		}
		names = append(names, m)
	}
	sort.Strings(names)
	isNote := func(m string) bool {
		return m == "initialized" || strings.HasPrefix(m, "textDocument/did") || strings.HasPrefix(m, "workspace/did")
	}
	var params []any
	for _, u := range hostileURIs(e) {
		for i, p := range hostilePositions {
			q := hostilePositions[(i+3)%len(hostilePositions)]
			params = append(params, map[string]any{
				"textDocument": map[string]any{"uri": u, "version": 1},
				"position":     p,
				"range":        protocol.Range{Start: p, End: q},
				"positions":    []protocol.Position{p, q, p},
				"context":      map[string]any{"includeDeclaration": true, "triggerKind": 2, "triggerCharacter": "#", "only": []string{"quickfix", "source.regenerateBookmarks", "source.repairBookmarks"}, "diagnostics": []any{map[string]any{"range": protocol.Range{Start: q, End: p}, "code": "undefined-bookmark", "message": "x"}}},
				"newName":      []string{"", "a b", "--", "x]y", "日本", strings.Repeat("n", 5000), "folding"}[i%7],
				"query":        []string{"", "fold", "[#", "\x00"}[i%4],
				"command":      []string{"bookmarks.regenerate", "bookmarks.repair"}[i%2],
				"arguments":    []any{u, 1, nil},
				"uri":          u,
				"label":        "folding",
				"data":         []any{"folding", u, nil, 7}[i%4],
			})
		}
	}
	params = append(params, nil, map[string]any{}, []any{}, "string", 42, map[string]any{"textDocument": nil, "position": nil},
		map[string]any{"command": "bookmarks.regenerate", "arguments": []any{}},
		map[string]any{"command": "bookmarks.regenerate", "arguments": []any{nil}},
		map[string]any{"command": "bookmarks.regenerate", "arguments": []any{map[string]any{"uri": "x"}}},
		map[string]any{"command": "bookmarks.repair", "arguments": []any{nil}},
		map[string]any{"command": "no.such.command"})

	ctx := e.ctx()
	var failures []string
	n := 0
	for _, m := range names {
		for _, p := range params {
			if isNote(m) {
				continue // notifications are sent below, once the requests have been checked
			}
			n++
			id := jsonrpc2.NewStringID(fmt.Sprintf("h%d", n))
			if err := e.c.Send(ctx, id, m, p); err != nil {
				t.Fatal(err)
			}
			resp, err := e.c.Response(ctx, id)
			if err != nil {
				t.Fatalf("%s never answered (params %s): %v", m, mustJSON(p), err)
			}
			if code := rpcCode(resp.Err()); code == jsonrpc2.InternalError {
				failures = append(failures, fmt.Sprintf("%s %s: %v", m, mustJSON(p), resp.Err()))
			}
		}
	}
	for _, f := range failures {
		t.Errorf("handler panicked (InternalError): %s", truncateStr(f, 600))
	}
	e.alive("after the request sweep")

	// Notifications with the same params: nothing to answer, but nothing may break.
	for _, m := range names {
		if !isNote(m) || m == "initialized" {
			continue
		}
		for _, p := range params[:40] {
			if err := e.c.Notify(ctx, m, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The didOpen/didClose above may have replaced or closed chapter1: restore the disk text.
	e.files["chapter1.txt"] = readFile(t, filepath.Join(e.dir, "chapter1.txt"))
	e.open("chapter1.txt")
	e.alive("after the notification sweep")
	t.Logf("%d requests over %d methods", n, len(names))
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func truncateStr(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func readFile(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRobustNonsenseEdits(t *testing.T) {
	e := newEnv(t, robustBook)
	ctx := e.ctx()
	note := func(method string, params any) {
		t.Helper()
		if err := e.c.Notify(ctx, method, params); err != nil {
			t.Fatal(err)
		}
	}
	change := func(name string, version int32, r *protocol.Range, text string) {
		ch := map[string]any{"text": text}
		if r != nil {
			ch["range"] = r
		}
		note("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": e.uri(name), "version": version},
			"contentChanges": []any{ch},
		})
	}
	// A change to a document that is not open: ignored, the disk text still serves.
	change("chapter2.txt", 5, &protocol.Range{}, "+ Replaced\n")
	e.alive("after a didChange for an unopened document")
	var syms []protocol.DocumentSymbol
	e.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": e.uri("chapter2.txt")}}, &syms)
	if len(syms) == 0 || syms[0].Name == "Replaced" {
		t.Errorf("chapter2 symbols after a change to the unopened document: %+v", syms)
	}

	// A stale version is refused: the newer text stays.
	e.open("chapter1.txt")
	text := e.files["chapter1.txt"]
	i := strings.Index(text, "nowhere")
	e.edit("chapter1.txt", 7, e.posAt(text, i), e.posAt(text, i+len("nowhere")), "folding", i, i+len("nowhere"))
	change("chapter1.txt", 3, nil, "+ Stale text that must not win\n")
	change("chapter1.txt", 7, nil, "+ Same version must not win either\n")
	e.alive("after stale versions")
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return !strings.Contains(codesOf(ds), "undefined-bookmark") })

	// Ranges past the end of a line and of the file clamp; an inverted range is refused.
	text = e.files["chapter1.txt"]
	change("chapter1.txt", 8, &protocol.Range{Start: protocol.Position{Line: 3, Character: 999}, End: protocol.Position{Line: 3, Character: 1000}}, " tail")
	eol := lspLineEnd(text, lspLineStarts(text), 3)
	e.files["chapter1.txt"] = text[:eol] + " tail" + text[eol:]
	text = e.files["chapter1.txt"]
	change("chapter1.txt", 9, &protocol.Range{Start: protocol.Position{Line: 999}, End: protocol.Position{Line: 4294967295, Character: 4294967295}}, "\nSee [#folding].\n")
	e.files["chapter1.txt"] = text + "\nSee [#folding].\n"
	change("chapter1.txt", 10, &protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 1}}, "inverted")
	// In the middle of a surrogate pair: the position moves back to the character's start.
	text = e.files["chapter1.txt"]
	j := strings.Index(text, "𐐀")
	mid := e.posAt(text, j)
	mid.Character++
	change("chapter1.txt", 11, &protocol.Range{Start: mid, End: mid}, "X")
	e.files["chapter1.txt"] = text[:j] + "X" + text[j:]
	e.alive("after clamped edits")
	var tokens struct {
		Data []uint32 `json:"data"`
	}
	e.call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": e.uri("chapter1.txt")}}, &tokens)
	// The server's text must be what the client believes: check through a fresh definition at
	// the reference appended past the end.
	text = e.files["chapter1.txt"]
	k := strings.LastIndex(text, "[#folding]")
	var locs []protocol.Location
	e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: e.posAt(text, k+3)}}, &locs)
	if len(locs) != 1 {
		t.Errorf("definition at the appended reference: %+v; the server's text drifted from the client's", locs)
	}
	// didClose twice, didSave for a closed and an unknown document: harmless.
	note("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": e.uri("chapter1.txt")}})
	note("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": e.uri("chapter1.txt")}})
	note("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": e.uri("never.txt")}})
	e.files["chapter1.txt"] = readFile(t, filepath.Join(e.dir, "chapter1.txt"))
	e.alive("after closing twice")
}

// writeFiles writes texts under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkRanges asserts that every diagnostic published for name lies inside its text.
func checkRanges(t *testing.T, e *env, name, text string, ds []protocol.Diagnostic) {
	t.Helper()
	starts := lspLineStarts(text)
	for _, d := range ds {
		for _, p := range []protocol.Position{d.Range.Start, d.Range.End} {
			if int(p.Line) >= len(starts) {
				t.Errorf("%s: %s at line %d of %d lines", name, d.Code, p.Line, len(starts))
				continue
			}
			line := text[starts[p.Line]:lspLineEnd(text, starts, int(p.Line))]
			if got := lspPosition(line, len(line), e.utf8).Character; p.Character > got {
				t.Errorf("%s: %s at character %d of a %d-unit line", name, d.Code, p.Character, got)
			}
		}
	}
}

func TestRobustBadFiles(t *testing.T) {
	dir := t.TempDir()
	files := writeTxtar(t, dir, robustBook)
	// Invalid UTF-8, astral characters, CRLF and CR-only line ends before references.
	weird := map[string]string{
		"chapter3.txt": "+ Three\n\xff\xfe é 𐐀 [#nowhere3] and [#folding]\n",
		"chapter4.txt": "+ Four\r\n\r\nCRLF: 𐐀 [#nowhere4].\r\n",
		"chapter5.txt": "+ Five\n\nCR only\rSee [#nowhere5].\r",
		"chapter6.txt": "\x00\x01\x02binary\xff\x00[#\x00]\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 3000),
	}
	writeFiles(t, dir, weird)
	// A .bookmarks with NUL bytes, a 50 MB guide file (sparse) and a 1 MB single line.
	writeFiles(t, dir, map[string]string{".bookmarks": "folding Chapter 1 - Folding Basics\n\x00\x00 nul\nlaunching Chapter 2 -\x00 Launching\n"})
	big := filepath.Join(dir, "chapter7.txt")
	if err := os.WriteFile(big, []byte("+ Huge\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 50<<20); err != nil {
		t.Fatal(err)
	}
	// A reference every kilobyte: semanticTokens paints a line in O(tokens²)
	// (robust_pending_test.go has the dense case).
	chunk := strings.Repeat("word é ", 145) + "[#folding] "
	line := "+ Long\n" + strings.Repeat(chunk, 1<<20/len(chunk)) + "[#nowhere8]"
	writeFiles(t, dir, map[string]string{"chapter8.txt": line})
	// A symlink loop and a self-referencing symlink inside the workspace.
	if err := os.Symlink(".", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("chapter9.txt", filepath.Join(dir, "chapter9.txt")); err != nil {
		t.Fatal(err)
	}
	for k, v := range weird {
		files[k] = v
	}
	files["chapter8.txt"] = line
	files[".bookmarks"] = readFile(t, filepath.Join(dir, ".bookmarks"))

	e := newEnvAt(t, dir, files)
	e.alive("on a workspace full of bad files")
	ds := e.diagnostics("chapter7.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if codesOf(ds) != "file-too-large" || !strings.Contains(lsptest.MessageOf(ds[0]), "maxFileSize") {
		t.Errorf("50 MB file: %s %v, want one file-too-large diagnostic naming the setting", codesOf(ds), ds)
	}
	for _, w := range []struct{ name, ref string }{{"chapter3.txt", "nowhere3"}, {"chapter4.txt", "nowhere4"}, {"chapter5.txt", "nowhere5"}, {"chapter8.txt", "nowhere8"}} {
		ds := e.diagnostics(w.name, func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "undefined-bookmark") })
		checkRanges(t, e, w.name, files[w.name], ds)
		for _, d := range ds {
			if lsptest.CodeOf(d) == "undefined-bookmark" {
				if got := rangeText(files[w.name], d.Range, e.utf8); !strings.Contains(got, w.ref) || len(got) > len(w.ref)+3 {
					t.Errorf("%s: undefined-bookmark covers %q, want the reference to %s (positions are off)", w.name, got, w.ref)
				}
			}
		}
	}
	for _, name := range []string{"chapter6.txt", ".bookmarks"} {
		ds := e.diagnostics(name, func([]protocol.Diagnostic) bool { return true })
		checkRanges(t, e, name, files[name], ds)
	}
	// Every request on the binary file, the NUL bookmark file and the long line answers.
	for _, name := range []string{"chapter6.txt", ".bookmarks", "chapter8.txt", "chapter7.txt"} {
		text := files[name]
		positions := []protocol.Position{{}, lspPosition(text, len(text), e.utf8), {Line: 1, Character: 1 << 19}}
		for _, p := range positions {
			for _, m := range []string{"textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion", "textDocument/documentHighlight", "textDocument/prepareRename"} {
				start := time.Now()
				err := e.callErr(m, map[string]any{"textDocument": map[string]any{"uri": e.uri(name)}, "position": p, "context": map[string]any{"includeDeclaration": true}})
				if code := rpcCode(err); code == jsonrpc2.InternalError || code == -1 {
					t.Errorf("%s on %s at %v: %v", m, name, p, err)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("%s on %s took %v", m, name, d)
				}
			}
		}
		for _, m := range []string{"textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full", "textDocument/documentLink", "textDocument/codeLens", "textDocument/inlayHint"} {
			err := e.callErr(m, map[string]any{"textDocument": map[string]any{"uri": e.uri(name)}, "range": protocol.Range{End: protocol.Position{Line: 99}}})
			if code := rpcCode(err); code == jsonrpc2.InternalError || code == -1 {
				t.Errorf("%s on %s: %v", m, name, err)
			}
		}
	}
	// The definition of the last reference on the 1 MB line lands, positions exact.
	k := strings.LastIndex(line, "[#folding]")
	var locs []protocol.Location
	e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter8.txt")}, Position: lspPosition(line, k+4, e.utf8)}}, &locs)
	if len(locs) != 1 || locs[0].URI != e.uri("chapter1.txt") {
		t.Errorf("definition at the end of a 1 MB line: %+v", locs)
	}
	// An open document above the limit is refused the same way, and the book is still served.
	huge := "+ Opened huge\n" + strings.Repeat("All work and no play makes a dull guide.\n", (9<<20)/41)
	e.files["chapter7.txt"] = huge
	e.open("chapter7.txt")
	e.diagnostics("chapter7.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "file-too-large" })
	e.alive("after opening a 9 MB document")
}

func TestRobustUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	files := writeTxtar(t, dir, robustBook)
	p := filepath.Join(dir, "chapter3.txt")
	if err := os.WriteFile(p, []byte("+ Secret\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(p); err == nil {
		f.Close()
		// Root (as in CI containers) reads a 0000 file: there is nothing to deny.
		t.Skip("running as a user who can read a mode-0000 file (root): permission denied cannot be produced")
	}
	e := newEnvAt(t, dir, files)
	ds := e.diagnostics("chapter3.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if codesOf(ds) != "unreadable-file" || !strings.Contains(lsptest.MessageOf(ds[0]), "permission denied") {
		t.Errorf("unreadable chapter3.txt: %s %v, want one unreadable-file diagnostic saying permission denied", codesOf(ds), ds)
	}
	e.alive("with an unreadable chapter")
}

func TestRobustFileDeletedOrReplacedWhileOpen(t *testing.T) {
	e := newEnv(t, robustBook)
	ctx := e.ctx()
	watched := func(name string, typ protocol.FileChangeType) {
		t.Helper()
		if err := e.c.Notify(ctx, "workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: e.uri(name), Type: typ}}}); err != nil {
			t.Fatal(err)
		}
	}
	// Shown once first: a file never shown needs no clearing.
	e.diagnostics("chapter2.txt", func([]protocol.Diagnostic) bool { return true })
	e.open("chapter2.txt")
	p := filepath.Join(e.dir, "chapter2.txt")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	watched("chapter2.txt", protocol.FileChangeTypeDeleted)
	// The buffer still defines launching.
	e.alive("after the open chapter2.txt was deleted on disk")
	// Closed: the disk has no chapter2 any more, its anchors are gone and it is cleared.
	if err := e.c.Notify(ctx, "textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}}); err != nil {
		t.Fatal(err)
	}
	e.diagnostics("chapter2.txt", func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "stale-reference") })

	// Replaced (rename over) while open: the buffer wins until it is closed, then the disk.
	e.open("chapter1.txt")
	tmp := filepath.Join(e.dir, ".chapter1.tmp")
	if err := os.WriteFile(tmp, []byte("+ Rewritten\n\nSee [#gone-for-good].\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(e.dir, "chapter1.txt")); err != nil {
		t.Fatal(err)
	}
	watched("chapter1.txt", protocol.FileChangeTypeChanged)
	var syms []protocol.DocumentSymbol
	e.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": e.uri("chapter1.txt")}}, &syms)
	if len(syms) == 0 || syms[0].Name == "Rewritten" {
		t.Errorf("open chapter1 replaced on disk: symbols %+v come from the disk, want the buffer's", syms)
	}
	if err := e.c.Notify(ctx, "textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}}); err != nil {
		t.Fatal(err)
	}
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool {
		return len(ds) == 1 && lsptest.CodeOf(ds[0]) == "undefined-bookmark" && strings.Contains(lsptest.MessageOf(ds[0]), "gone-for-good")
	})
}
