// Package lsptest drives an lsp server in-process over net.Pipe with the real framing
// (lsp.Stream on both ends), and records what the server sends so tests can wait for it
// deterministically instead of sleeping.
package lsptest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// Message is a notification or request the server sent to the client.
type Message struct {
	Method string
	Params json.RawMessage
	Call   bool // a request: the client answered it with a null result
}

// Client is the client end of a pipe to a server.
type Client struct {
	t          testing.TB
	conn       jsonrpc2.Conn
	raw        net.Conn
	writeMu    *sync.Mutex // shared with the stream, so raw writes never split a message
	serverDone chan struct{}

	mu        sync.Mutex // guards the records below
	changed   chan struct{}
	messages  []Message
	responses map[jsonrpc2.ID]*jsonrpc2.Response // responses to Send
	answers   map[string]func(params json.RawMessage) any
	nullIDErr []*jsonrpc2.Error
}

// New starts serve in a goroutine on the server end of a net.Pipe, with a jsonrpc2.Conn over
// an lsp.Stream whose warnings go to the test log, and returns the client end. serve should
// block until serving ends (lsp.Chain.Serve does). At cleanup the client closes the pipe and
// waits for serve to return, failing the test if it does not within 10 seconds.
func New(t testing.TB, serve func(ctx context.Context, conn jsonrpc2.Conn)) *Client {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	c := &Client{
		t:          t,
		raw:        clientEnd,
		writeMu:    new(sync.Mutex),
		serverDone: make(chan struct{}),
		changed:    make(chan struct{}),
		responses:  make(map[jsonrpc2.ID]*jsonrpc2.Response),
	}
	serverLog := zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)).Named("server-stream")
	serverConn := jsonrpc2.NewConn(lsp.NewStream(serverEnd, lsp.StreamOptions{Logger: serverLog}), jsonrpc2.WithCodec(lsp.Codec{}))
	stream := &recordingStream{
		Stream:  lsp.NewStream(clientEnd, lsp.StreamOptions{OnNullIDError: c.recordNullIDError}),
		client:  c,
		writeMu: c.writeMu,
	}
	// The client decodes results as the server decodes params: protocol's
	// unions through protocol.Unmarshal, URIs as they were sent.
	c.conn = jsonrpc2.NewConn(stream, jsonrpc2.WithCodec(lsp.Codec{}))

	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer close(c.serverDone)
		serve(ctx, serverConn)
	}()
	c.conn.Go(ctx, c.handle)

	t.Cleanup(func() {
		_ = c.conn.Close()
		select {
		case <-c.serverDone:
		case <-time.After(10 * time.Second):
			t.Errorf("lsptest: server still running 10s after the client closed the pipe")
		}
		cancel()
		_ = serverConn.Close()
		<-serverConn.Done()
		<-c.conn.Done()
	})
	return c
}

// Call sends a request with an id chosen by the connection and waits for its response;
// an error response is returned as a *jsonrpc2.Error.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

// Notify sends a notification.
func (c *Client) Notify(ctx context.Context, method string, params any) error {
	return c.conn.Notify(ctx, method, params)
}

// Send sends a request with a caller-chosen id without waiting; collect the answer with
// Response. Use string ids, or numbers above 1<<20, so as not to clash with Call's ids.
func (c *Client) Send(ctx context.Context, id jsonrpc2.ID, method string, params any) error {
	raw, err := lsp.Codec{}.Marshal(params)
	if err != nil {
		return fmt.Errorf("lsptest: encode %s: %w", method, err)
	}
	body, err := jsonrpc2.EncodeMessage(jsonrpc2.NewCall(id, method, raw))
	if err != nil {
		return fmt.Errorf("lsptest: encode %s: %w", method, err)
	}
	return c.WriteBody(body)
}

// Response waits for the response to the request sent with id.
func (c *Client) Response(ctx context.Context, id jsonrpc2.ID) (*jsonrpc2.Response, error) {
	var resp *jsonrpc2.Response
	err := c.waitFor(ctx, fmt.Sprintf("response to %v", id), func() bool {
		resp = c.responses[id]
		return resp != nil
	})
	return resp, err
}

// WriteBody frames body with a correct Content-Length and writes it.
func (c *Client) WriteBody(body []byte) error {
	return c.WriteRaw(fmt.Appendf(nil, "Content-Length: %d\r\n\r\n%s", len(body), body))
}

// WriteRaw writes b to the pipe as is, between whole messages of the connection.
func (c *Client) WriteRaw(b []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if _, err := c.raw.Write(b); err != nil {
		return fmt.Errorf("lsptest: write: %w", err)
	}
	return nil
}

// Messages returns the notifications and requests received so far with the given method.
func (c *Client) Messages(method string) []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Message
	for _, m := range c.messages {
		if m.Method == method {
			out = append(out, m)
		}
	}
	return out
}

// WaitMessage waits for a message with method whose params satisfy match (nil matches any),
// looking at messages already received first.
func (c *Client) WaitMessage(ctx context.Context, method string, match func(json.RawMessage) bool) (Message, error) {
	var found Message
	err := c.waitFor(ctx, "a "+method+" message", func() bool {
		for _, m := range c.messages {
			if m.Method == method && (match == nil || match(m.Params)) {
				found = m
				return true
			}
		}
		return false
	})
	return found, err
}

// WaitNullIDErrors waits until the server has sent at least n error responses with a null id
// (its answers to unparsable messages) and returns them all.
func (c *Client) WaitNullIDErrors(ctx context.Context, n int) ([]*jsonrpc2.Error, error) {
	var errs []*jsonrpc2.Error
	err := c.waitFor(ctx, fmt.Sprintf("%d null-id error responses", n), func() bool {
		errs = append([]*jsonrpc2.Error(nil), c.nullIDErr...)
		return len(errs) >= n
	})
	return errs, err
}

// Close closes the client end of the pipe, as a client that dies would.
func (c *Client) Close() error { return c.conn.Close() }

// ServerDone is closed when serve returns.
func (c *Client) ServerDone() <-chan struct{} { return c.serverDone }

// waitFor re-evaluates cond (under c.mu) after every record until it holds or ctx ends.
func (c *Client) waitFor(ctx context.Context, what string, cond func() bool) error {
	for {
		c.mu.Lock()
		ok, changed := cond(), c.changed
		c.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("lsptest: waiting for %s: %w", what, ctx.Err())
		}
	}
}

// record runs add under c.mu and wakes every waiter.
func (c *Client) record(add func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	add()
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *Client) recordNullIDError(err *jsonrpc2.Error) {
	c.record(func() { c.nullIDErr = append(c.nullIDErr, err) })
}

// Answer makes the client answer requests of a method with f's result
// instead of null.
func (c *Client) Answer(method string, f func(params json.RawMessage) any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answers == nil {
		c.answers = map[string]func(json.RawMessage) any{}
	}
	c.answers[method] = f
}

// handle records what the server sends; server requests (registerCapability, …) get null.
func (c *Client) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	isCall := req.IsCall()
	// Kept past the handler: copies, not the borrowed method and params.
	m := Message{Method: strings.Clone(req.Method()), Params: append(json.RawMessage(nil), req.Params()...), Call: isCall}
	c.record(func() { c.messages = append(c.messages, m) })
	if !isCall {
		return nil, nil
	}
	// Not on the reader: a WriteRaw holding the write lock may be waiting for a server
	// that is itself waiting for this reader to take its next message.
	jsonrpc2.Async(ctx)
	c.mu.Lock()
	answer := c.answers[m.Method]
	c.mu.Unlock()
	var result any
	if answer != nil {
		result = answer(m.Params)
	}
	return result, nil
}

// recordingStream keeps every response, so answers to Send are visible, and shares its write
// lock with WriteRaw.
type recordingStream struct {
	*lsp.Stream
	client  *Client
	writeMu *sync.Mutex
}

func (s *recordingStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	msg, n, err := s.Stream.Read(ctx)
	if resp, ok := msg.(*jsonrpc2.Response); ok {
		s.client.record(func() { s.client.responses[resp.ID()] = resp })
	}
	return msg, n, err
}

func (s *recordingStream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.Stream.Write(ctx, msg)
}
