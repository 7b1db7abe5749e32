package lsp_test

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// paperBook is the small book many tests share; the marker tests
// (testdata/markers/*.txtar) carry a copy of it.
const paperBook = `A two-chapter book with a bookmark file.
-- chapter1.txt --
.bookmark folding
+ Folding Basics

Fold the sheet in half, then again.

++ Paper 101

See [#launching] for the water, and [#nowhere].
-- chapter2.txt --
.set HARBOUR=north pier
.bookmark launching
+ Launching

Start at the $(HARBOUR); the hull is in [#folding].
-- .bookmarks --
folding Chapter 1 - Folding Basics
launching Chapter 2 - Launching
Paper Paper 101
-- notes.txt --
+ Not a guide file
`

func itoa(n uint32) string { return strconv.FormatUint(uint64(n), 10) }

// env is a real server in process, over a pipe with real framing, on a
// workspace written from a txtar archive.
type env struct {
	t     testing.TB
	c     *lsptest.Client
	dir   string
	files map[string]string
	utf8  bool
}

type envOption func(map[string]any)

// withUTF8 offers UTF-8 positions (LSP 3.17 general.positionEncodings).
func withUTF8(caps map[string]any) {
	caps["general"] = map[string]any{"positionEncodings": []string{"utf-8", "utf-16"}}
}

func newEnv(t testing.TB, archive string, opts ...envOption) *env {
	t.Helper()
	dir := t.TempDir()
	return newEnvAt(t, dir, writeTxtar(t, dir, archive), opts...)
}

// newEnvAt starts a server on an existing folder; files are the texts the
// test positions refer to.
func newEnvAt(t testing.TB, dir string, files map[string]string, opts ...envOption) *env {
	t.Helper()
	return newEnvServer(t, dir, files, nil, opts...)
}

// newEnvServer is newEnvAt with a server set up by setup (when not nil);
// dir "" starts it without a workspace.
func newEnvServer(t testing.TB, dir string, files map[string]string, setup func(*lsp.Server), opts ...envOption) *env {
	t.Helper()
	e := &env{t: t, dir: dir, files: files}
	e.c = lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		logger := zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
		srv := lsp.NewServer(conn, logger, "test")
		if setup != nil {
			setup(srv)
		}
		_, _ = lsp.NewChain(srv.Methods(), logger).Serve(ctx, conn)
	})
	caps := map[string]any{
		"textDocument": map[string]any{
			"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
			"publishDiagnostics": map[string]any{"relatedInformation": true},
		},
	}
	for _, o := range opts {
		o(caps)
	}
	var res struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
		} `json:"capabilities"`
	}
	params := map[string]any{"processId": nil, "rootUri": e.rootURI(), "capabilities": caps}
	if dir == "" {
		delete(params, "rootUri") // no workspace
	}
	e.call("initialize", params, &res)
	e.utf8 = res.Capabilities.PositionEncoding == "utf-8"
	if err := e.c.Notify(e.ctx(), "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

func (e *env) rootURI() string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(e.dir)}).String()
}

func (e *env) uri(name string) lsp.DocumentURI {
	return lsp.DocumentURI(e.rootURI() + "/" + name)
}

func (e *env) call(method string, params, result any) {
	e.t.Helper()
	if err := e.c.Call(e.ctx(), method, params, result); err != nil {
		e.t.Fatalf("%s: %v", method, err)
	}
}

// callErr returns the error of a request expected to fail.
func (e *env) callErr(method string, params any) error {
	var out json.RawMessage
	return e.c.Call(e.ctx(), method, params, &out)
}

// pos returns the position of the n-th byte of marker's first occurrence
// in a file, counted in the negotiated encoding.
func (e *env) pos(name, marker string, n int) protocol.Position {
	e.t.Helper()
	text := e.files[name]
	i := strings.Index(text, marker)
	if i < 0 {
		e.t.Fatalf("marker %q not in %s", marker, name)
	}
	return e.posAt(text, i+n)
}

// posAt converts a byte offset of text to a position.
func (e *env) posAt(text string, off int) protocol.Position {
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	col := off - start
	if !e.utf8 {
		col = len(utf16.Encode([]rune(text[start:off])))
	}
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

func (e *env) open(name string) {
	e.t.Helper()
	err := e.c.Notify(e.ctx(), "textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: e.uri(name), LanguageID: "zguide", Version: 1, Text: e.files[name],
	}})
	if err != nil {
		e.t.Fatal(err)
	}
}

// edit applies an incremental change and mirrors it in e.files.
func (e *env) edit(name string, version int32, start, end protocol.Position, text string, from, to int) {
	e.t.Helper()
	err := e.c.Notify(e.ctx(), "textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": e.uri(name), "version": version},
		"contentChanges": []any{map[string]any{"range": protocol.Range{Start: start, End: end}, "text": text}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	old := e.files[name]
	e.files[name] = old[:from] + text + old[to:]
}

// diagnostics waits until the last publish for a file satisfies ok.
func (e *env) diagnostics(name string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	e.t.Helper()
	u := string(e.uri(name))
	var last []protocol.Diagnostic
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var found bool
		for _, m := range e.c.Messages("textDocument/publishDiagnostics") {
			var p protocol.PublishDiagnosticsParams
			if (lsp.Codec{}).Unmarshal(m.Params, &p) == nil && string(p.URI) == u {
				last, found = p.Diagnostics, true
			}
		}
		if found && ok(last) {
			return last
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.t.Fatalf("diagnostics of %s never matched; last: %+v", name, last)
	return nil
}

func codesOf(ds []protocol.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, lsptest.CodeOf(d))
	}
	return strings.Join(out, ",")
}

// Optional protocol values and union arms, for building expected results.

func str(s string) *string                      { return &s }
func boolPtr(b bool) *bool                      { return &b }
func uriPtr(u lsp.DocumentURI) *lsp.DocumentURI { return &u }

func kindPtr(k protocol.CodeActionKind) *protocol.CodeActionKind { return &k }

// anys encodes command arguments as they travel.
func anys(vs ...any) []protocol.LSPAny {
	out := make([]protocol.LSPAny, len(vs))
	for i, v := range vs {
		b, err := protocol.Marshal(v)
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}
