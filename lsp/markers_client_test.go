package lsp_test

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// startMarkerServer is the one place the marker tests touch the server's
// Go API: everything else speaks JSON, so a change of protocol library
// (go.lsp.dev/protocol v1) or of the constructor is fixed here alone.
func startMarkerServer(t *testing.T) *lsptest.Client {
	return lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		logger := zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
		srv := lsp.NewServer(conn, logger, "test")
		_, _ = lsp.NewChain(srv.Methods(), logger).Serve(ctx, conn)
	})
}

// jsonClient talks to a server in JSON only: params are maps or raw
// JSON, results come back raw.
type jsonClient struct {
	t    *testing.T
	c    *lsptest.Client
	root string // file URI of the workspace folder, without a final slash
	utf8 bool   // the server chose UTF-8 positions
}

// defaultCapabilities are those of newEnv: Markdown hovers and related
// information in diagnostics, as VS Code offers.
func defaultCapabilities() map[string]any {
	return map[string]any{
		"textDocument": map[string]any{
			"hover":              map[string]any{"contentFormat": []any{"markdown", "plaintext"}},
			"publishDiagnostics": map[string]any{"relatedInformation": true},
		},
	}
}

// newJSONClient starts a server on dir and initializes it with caps.
func newJSONClient(t *testing.T, dir string, caps map[string]any) *jsonClient {
	t.Helper()
	cl := &jsonClient{t: t, c: startMarkerServer(t)}
	cl.root = (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
	raw, err := cl.call("initialize", map[string]any{"processId": nil, "rootUri": cl.root, "capabilities": caps})
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	var res struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
		} `json:"capabilities"`
	}
	if err := (lsp.Codec{}).Unmarshal(raw, &res); err != nil {
		t.Fatalf("initialize result %s: %v", raw, err)
	}
	cl.utf8 = res.Capabilities.PositionEncoding == "utf-8"
	cl.notify("initialized", map[string]any{})
	return cl
}

func (cl *jsonClient) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	cl.t.Cleanup(cancel)
	return ctx
}

// call returns a request's raw result, or its error response.
func (cl *jsonClient) call(method string, params any) (json.RawMessage, error) {
	var out json.RawMessage
	err := cl.c.Call(cl.ctx(), method, params, &out)
	return out, err
}

func (cl *jsonClient) notify(method string, params any) {
	cl.t.Helper()
	if err := cl.c.Notify(cl.ctx(), method, params); err != nil {
		cl.t.Fatalf("%s: %v", method, err)
	}
}

func (cl *jsonClient) uri(name string) string { return cl.root + "/" + name }

// name is a URI's path relative to the workspace, as goldens show it.
func (cl *jsonClient) name(uri string) string {
	rel, ok := strings.CutPrefix(uri, cl.root+"/")
	if !ok {
		return uri
	}
	if p, err := url.PathUnescape(rel); err == nil {
		return p
	}
	return rel
}

// publishes returns the diagnostics of every publish for a file so far,
// oldest first, each as raw JSON.
func (cl *jsonClient) publishes(name string) []json.RawMessage {
	var out []json.RawMessage
	for _, m := range cl.c.Messages("textDocument/publishDiagnostics") {
		var p struct {
			URI         string          `json:"uri"`
			Diagnostics json.RawMessage `json:"diagnostics"`
		}
		if (lsp.Codec{}).Unmarshal(m.Params, &p) == nil && p.URI == cl.uri(name) {
			out = append(out, p.Diagnostics)
		}
	}
	return out
}
