package lsp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// fakeServer is a tiny dispatcher exercising every path of the chain.
type fakeServer struct {
	client  protocol.Client
	started chan string // names of blocking requests that started

	mu     sync.Mutex
	value  int      // set by test/set, read by test/get
	events []string // what test/quick and test/note did, in order
	ready  bool     // what test/quick's ready says
}

func (f *fakeServer) event(e string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, e)
}

// sawNote waits (at most 5 s) for test/note to have run.
func (f *fakeServer) sawNote() bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		f.mu.Lock()
		n := len(f.events)
		f.mu.Unlock()
		if n > 0 {
			return true
		}
	}
	return false
}

type echoParams struct {
	X int `json:"x"`
}

func (f *fakeServer) methods() lsp.Methods {
	return lsp.Methods{
		"initialize": lsp.Request(func(ctx context.Context, p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
			return &protocol.InitializeResult{Capabilities: protocol.ServerCapabilities{}}, nil
		}),
		"test/echo": lsp.Request(func(ctx context.Context, p *echoParams) (int, error) {
			return p.X, nil
		}),
		"test/panic": lsp.Request(func(ctx context.Context, p *struct{}) (any, error) {
			var m map[string]int
			m["boom"] = 1 // a nil-map write, the kind of bug a handler can have
			return nil, nil
		}),
		"test/fail": lsp.Request(func(ctx context.Context, p *struct{}) (any, error) {
			return nil, errors.New("no bookmark here")
		}),
		"test/block": lsp.Request(func(ctx context.Context, p *struct{ Name string }) (any, error) {
			f.started <- p.Name
			<-ctx.Done()
			return nil, ctx.Err()
		}),
		"test/set": lsp.Notification(func(ctx context.Context, p *echoParams) error {
			time.Sleep(time.Millisecond) // widen the window a racing request would hit
			f.mu.Lock()
			defer f.mu.Unlock()
			f.value = p.X
			return nil
		}),
		"test/get": lsp.Request(func(ctx context.Context, p *struct{}) (int, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.value, nil
		}),
		"test/publish": lsp.Notification(func(ctx context.Context, p *protocol.PublishDiagnosticsParams) error {
			return f.client.PublishDiagnostics(ctx, p)
		}),
		"test/panicNote": lsp.Notification(func(ctx context.Context, p *struct{}) error {
			panic("notification bug")
		}),
		"test/failNote": lsp.Notification(func(ctx context.Context, p *echoParams) error {
			return errors.New("no such document")
		}),
		// test/quick is answered on the reader while ready says so: the
		// notification sent after it then runs after it, however long it
		// takes. Run concurrently, it waits for that notification instead.
		"test/quick": lsp.Inline(lsp.Request(func(ctx context.Context, p *struct{ Panic bool }) (string, error) {
			if p.Panic {
				panic("quick bug")
			}
			f.mu.Lock()
			inline := f.ready
			f.mu.Unlock()
			if inline {
				time.Sleep(20 * time.Millisecond) // the notification would overtake a concurrent request
			} else if !f.sawNote() {
				return "", errors.New("the notification never ran while the request waited")
			}
			f.event("quick")
			return "done", nil
		}), func() bool {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.ready
		}),
		"test/note": lsp.Notification(func(ctx context.Context, p *struct{}) error {
			f.event("note")
			return nil
		}),
		"test/none": lsp.Request(func(ctx context.Context, p *struct{}) ([]protocol.Location, error) {
			return nil, nil
		}),
	}
}

type served struct {
	code int
	err  error
}

type harness struct {
	*lsptest.Client
	fake   *fakeServer
	logs   *observer.ObservedLogs
	result chan served
}

func start(t *testing.T) *harness {
	t.Helper()
	core, logs := observer.New(zap.DebugLevel)
	logger := zap.New(core)
	h := &harness{fake: &fakeServer{started: make(chan string, 4)}, logs: logs, result: make(chan served, 1)}
	h.Client = lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		h.fake.client = protocol.ClientDispatcher(conn)
		code, err := lsp.NewChain(h.fake.methods(), logger).Serve(ctx, conn)
		h.result <- served{code, err}
	})
	return h
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func (h *harness) initialize(t *testing.T) {
	t.Helper()
	var res protocol.InitializeResult
	if err := h.Call(ctxT(t), "initialize", &protocol.InitializeParams{}, &res); err != nil {
		t.Fatalf("initialize: %v", err)
	}
}

func (h *harness) echo(t *testing.T, x int) {
	t.Helper()
	var got int
	if err := h.Call(ctxT(t), "test/echo", echoParams{X: x}, &got); err != nil || got != x {
		t.Fatalf("test/echo %d = %d, %v: the server stopped serving", x, got, err)
	}
}

// wantCode checks that err is a JSON-RPC error with code, whose message contains substr.
func wantCode(t *testing.T, err error, code jsonrpc2.Code, substr string) {
	t.Helper()
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) {
		t.Fatalf("got %v, want a JSON-RPC error %d", err, code)
	}
	if rpcErr.Code != code || !strings.Contains(rpcErr.Message, substr) {
		t.Errorf("got error %d %q, want %d containing %q", rpcErr.Code, rpcErr.Message, code, substr)
	}
}

func TestUnknownRequestWithoutParamsIsMethodNotFound(t *testing.T) {
	h := start(t)
	h.initialize(t)
	// NOTE: go.lsp.dev v0.12's ServerHandler answered this with -32700.
	err := h.Call(ctxT(t), "bookmarks/unknown", nil, nil)
	wantCode(t, err, jsonrpc2.MethodNotFound, "bookmarks/unknown")
	// A notification used as a request is not a request method either.
	wantCode(t, h.Call(ctxT(t), "test/set", echoParams{X: 1}, nil), jsonrpc2.MethodNotFound, "test/set")
	// Unknown notifications, $/ ones included, are ignored without breaking the connection.
	for _, m := range []string{"bookmarks/unknownNote", "$/setTrace", "$/progress"} {
		if err := h.Notify(ctxT(t), m, nil); err != nil {
			t.Fatalf("notify %s: %v", m, err)
		}
	}
	h.echo(t, 7)
}

func TestRequestsBeforeInitialize(t *testing.T) {
	h := start(t)
	wantCode(t, h.Call(ctxT(t), "test/echo", echoParams{X: 1}, nil), jsonrpc2.ServerNotInitialized, "not initialized")
	wantCode(t, h.Call(ctxT(t), "shutdown", nil, nil), jsonrpc2.ServerNotInitialized, "not initialized")
	// Notifications before initialize are dropped (LSP), so this set must not take effect.
	if err := h.Notify(ctxT(t), "test/set", echoParams{X: 5}); err != nil {
		t.Fatal(err)
	}
	h.initialize(t)
	var got int
	if err := h.Call(ctxT(t), "test/get", nil, &got); err != nil || got != 0 {
		t.Errorf("test/get = %d, %v; want 0: a notification sent before initialize was applied", got, err)
	}
	wantCode(t, h.Call(ctxT(t), "initialize", &protocol.InitializeParams{}, nil), jsonrpc2.InvalidRequest, "already initialized")
}

func TestPanicIsRecovered(t *testing.T) {
	h := start(t)
	h.initialize(t)
	wantCode(t, h.Call(ctxT(t), "test/panic", nil, nil), jsonrpc2.InternalError, "panic")
	if err := h.Notify(ctxT(t), "test/panicNote", nil); err != nil {
		t.Fatal(err)
	}
	h.echo(t, 42)
	panics := h.logs.FilterMessage("panic in handler").All()
	if len(panics) != 2 {
		t.Fatalf("logged %d panics, want 2 (request and notification)", len(panics))
	}
	stack, _ := panics[0].ContextMap()["stack"].(string)
	if !strings.Contains(stack, "handler_test.go") {
		t.Errorf("panic log has no stack pointing at the handler: %q", stack)
	}
}

func TestRequestErrors(t *testing.T) {
	h := start(t)
	h.initialize(t)
	wantCode(t, h.Call(ctxT(t), "test/fail", nil, nil), lsp.CodeRequestFailed, "no bookmark here")
	wantCode(t, h.Call(ctxT(t), "test/echo", "not an object", nil), jsonrpc2.InvalidParams, "invalid params")
	h.echo(t, 3)
}

func TestCancelRequest(t *testing.T) {
	tests := []struct {
		name     string
		id       jsonrpc2.ID
		cancelID any
	}{
		{"numeric id, as VS Code sends", jsonrpc2.NewNumberID(1 << 21), 1 << 21},
		{"numeric id written as a float", jsonrpc2.NewNumberID(1<<21 + 1), json.Number("2097153.0")},
		{"string id", jsonrpc2.NewStringID("req-1"), "req-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t)
			h.initialize(t)
			ctx := ctxT(t)
			if err := h.Send(ctx, tt.id, "test/block", map[string]string{"name": tt.name}); err != nil {
				t.Fatal(err)
			}
			if got := <-h.fake.started; got != tt.name {
				t.Fatalf("started %q", got)
			}
			// Another request is served while the first one blocks: requests run concurrently.
			h.echo(t, 1)
			if err := h.Notify(ctx, "$/cancelRequest", map[string]any{"id": tt.cancelID}); err != nil {
				t.Fatal(err)
			}
			resp, err := h.Response(ctx, tt.id)
			if err != nil {
				t.Fatalf("the cancelled request was never answered: %v", err)
			}
			wantCode(t, resp.Err(), protocol.CodeRequestCancelled, "cancelled")
		})
	}
}

func TestMalformedJSONGetsParseErrorAndServingContinues(t *testing.T) {
	h := start(t)
	h.initialize(t)
	if err := h.WriteBody([]byte(`{"jsonrpc":"2.0","id":3,"method":`)); err != nil {
		t.Fatal(err)
	}
	errs, err := h.WaitNullIDErrors(ctxT(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	if errs[0].Code != jsonrpc2.ParseError {
		t.Errorf("reply to malformed JSON has code %d, want -32700", errs[0].Code)
	}
	// Broken framing is skipped too.
	if err := h.WriteRaw([]byte("Content-Length: nope\r\n\r\n{}")); err != nil {
		t.Fatal(err)
	}
	h.echo(t, 9)
}

// TestNotificationsApplyBeforeLaterRequests sends each notification and the request after
// it back to back: a request must see every notification received before it.
func TestNotificationsApplyBeforeLaterRequests(t *testing.T) {
	h := start(t)
	h.initialize(t)
	ctx := ctxT(t)
	for i := 1; i <= 20; i++ {
		if err := h.Notify(ctx, "test/set", echoParams{X: i}); err != nil {
			t.Fatal(err)
		}
		id := jsonrpc2.NewStringID(fmt.Sprint("get-", i))
		if err := h.Send(ctx, id, "test/get", nil); err != nil {
			t.Fatal(err)
		}
		resp, err := h.Response(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(resp.Result()); got != fmt.Sprint(i) {
			t.Fatalf("request after set %d saw %s: a didChange would be missing from a hover", i, got)
		}
	}
}

func TestPublishDiagnosticsReachClient(t *testing.T) {
	h := start(t)
	h.initialize(t)
	want := protocol.PublishDiagnosticsParams{URI: "file:///a.md", Diagnostics: []protocol.Diagnostic{}}
	if err := h.Notify(ctxT(t), "test/publish", want); err != nil {
		t.Fatal(err)
	}
	msg, err := h.WaitMessage(ctxT(t), "textDocument/publishDiagnostics", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(msg.Params), `"diagnostics":[]`) {
		t.Errorf("published %s; clearing diagnostics needs [] not null", msg.Params)
	}
}

func TestShutdownThenExit(t *testing.T) {
	h := start(t)
	h.initialize(t)
	if err := h.Call(ctxT(t), "shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	wantCode(t, h.Call(ctxT(t), "test/echo", echoParams{X: 1}, nil), jsonrpc2.InvalidRequest, "shutting down")
	if err := h.Notify(ctxT(t), "exit", nil); err != nil {
		t.Fatal(err)
	}
	if r := h.wait(t); r.code != 0 || r.err != nil {
		t.Errorf("Serve after shutdown+exit = %d, %v; want 0, nil", r.code, r.err)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	h := start(t)
	h.initialize(t)
	if err := h.Notify(ctxT(t), "exit", nil); err != nil {
		t.Fatal(err)
	}
	if r := h.wait(t); r.code != 1 || r.err != nil {
		t.Errorf("Serve after exit without shutdown = %d, %v; want 1, nil", r.code, r.err)
	}
}

func TestClientDisappears(t *testing.T) {
	h := start(t)
	h.initialize(t)
	if err := h.Send(ctxT(t), jsonrpc2.NewStringID("b"), "test/block", map[string]string{"name": "b"}); err != nil {
		t.Fatal(err)
	}
	<-h.fake.started
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	// Serve must cancel the blocked request and return instead of hanging.
	if r := h.wait(t); r.code != 1 || r.err == nil {
		t.Errorf("Serve after the client vanished = %d, %v; want 1 and an error", r.code, r.err)
	}
}

func TestOneDebugLinePerRequest(t *testing.T) {
	h := start(t)
	h.initialize(t)
	h.echo(t, 5)
	lines := h.logs.FilterMessage("handled").FilterField(zap.String("method", "test/echo")).All()
	if len(lines) != 1 {
		t.Fatalf("%d log lines for one test/echo, want 1", len(lines))
	}
	if lines[0].Level != zap.DebugLevel {
		t.Errorf("request log at %v, want debug", lines[0].Level)
	}
	if _, ok := lines[0].ContextMap()["duration"]; !ok {
		t.Errorf("request log %v has no duration", lines[0].ContextMap())
	}
}

func (h *harness) wait(t *testing.T) served {
	t.Helper()
	select {
	case r := <-h.result:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
		return served{}
	}
}

// TestFailingNotificationKeepsTheConnection: a notification whose handler
// fails, or whose params do not decode, is logged; serving goes on.
// (jsonrpc2 v1 closes the connection when a notification handler returns
// an error.)
func TestFailingNotificationKeepsTheConnection(t *testing.T) {
	h := start(t)
	h.initialize(t)
	ctx := ctxT(t)
	if err := h.Notify(ctx, "test/failNote", echoParams{X: 1}); err != nil {
		t.Fatal(err)
	}
	if err := h.Notify(ctx, "test/failNote", map[string]any{"x": "not a number"}); err != nil {
		t.Fatal(err)
	}
	h.echo(t, 5)
}

// TestNilResultIsNull: a handler's nil list is answered with null, as
// before protocol v1 (whose codec would send []).
func TestNilResultIsNull(t *testing.T) {
	h := start(t)
	h.initialize(t)
	id := jsonrpc2.NewStringID("none")
	if err := h.Send(ctxT(t), id, "test/none", nil); err != nil {
		t.Fatal(err)
	}
	resp, err := h.Response(ctxT(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(resp.Result()); got != "null" {
		t.Errorf("result %s, want null", got)
	}
}

// An Inline request is answered before the next message is read while its
// ready says so, and runs concurrently with later messages otherwise.
func TestInlineRequestsRunOnTheReaderWhileReady(t *testing.T) {
	for _, ready := range []bool{true, false} {
		t.Run(fmt.Sprint("ready=", ready), func(t *testing.T) {
			h := start(t)
			h.fake.ready = ready
			h.initialize(t)
			ctx := ctxT(t)
			id := jsonrpc2.NewNumberID(77)
			if err := h.Send(ctx, id, "test/quick", nil); err != nil {
				t.Fatal(err)
			}
			if err := h.Notify(ctx, "test/note", nil); err != nil {
				t.Fatal(err)
			}
			resp, err := h.Response(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Err() != nil || string(resp.Result()) != `"done"` {
				t.Fatalf("test/quick answered %s, %v", resp.Result(), resp.Err())
			}
			h.echo(t, 5) // the notification has run by now
			h.fake.mu.Lock()
			got := strings.Join(h.fake.events, " ")
			h.fake.mu.Unlock()
			want := "note quick"
			if ready {
				want = "quick note"
			}
			if got != want {
				t.Errorf("ran %q, want %q", got, want)
			}
		})
	}
}

// A panic in an Inline request answered on the reader is an InternalError,
// and the reader goes on.
func TestPanicInAnInlineRequestIsRecovered(t *testing.T) {
	h := start(t)
	h.fake.ready = true
	h.initialize(t)
	wantCode(t, h.Call(ctxT(t), "test/quick", map[string]bool{"panic": true}, nil), jsonrpc2.InternalError, "quick bug")
	h.echo(t, 8)
}
