package lsp_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// TestPanicInAHandlerOfTheRealServer adds a panicking method to the real
// server's table: the panic is answered as InternalError, logged with its
// stack, and the next request of the real server is served.
func TestPanicInAHandlerOfTheRealServer(t *testing.T) {
	dir := t.TempDir()
	files := writeTxtar(t, dir, paperBook)
	core, logs := observer.New(zap.ErrorLevel)
	c := lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		logger := zap.New(core)
		srv := lsp.NewServer(conn, logger, "test")
		methods := srv.Methods()
		methods["test/panic"] = lsp.Request(func(ctx context.Context, _ *struct{}) (any, error) {
			var m map[string]int
			m["boom"]++ // a nil map write: a real runtime panic
			return nil, nil
		})
		_, _ = lsp.NewChain(methods, logger).Serve(ctx, conn)
	})
	e := &env{t: t, c: c, dir: dir, files: files}
	e.call("initialize", map[string]any{"rootUri": e.rootURI(), "capabilities": map[string]any{}}, &struct{}{})
	err := e.callErr("test/panic", nil)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.InternalError {
		t.Fatalf("panicking handler answered %v, want InternalError", err)
	}
	var locs []protocol.Location
	e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}, Position: e.pos("chapter2.txt", "[#folding]", 3)}}, &locs)
	if len(locs) != 1 {
		t.Errorf("the server stopped serving after a panic: %+v", locs)
	}
	logged := false
	for _, entry := range logs.All() {
		stack := fmt.Sprint(entry.ContextMap()["stack"])
		logged = logged || strings.Contains(stack, "panic_test.go")
	}
	if !logged {
		t.Errorf("the panic's stack was not logged: %+v", logs.All())
	}
}
