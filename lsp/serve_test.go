package lsp_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

func frameOf(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

const (
	initializeFrame = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	shutdownFrame   = `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`
	exitFrame       = `{"jsonrpc":"2.0","method":"exit"}`
)

// TestServeExitStatus drives Serve over a pipe: exit after shutdown is
// status 0, exit alone 1, and a connection that ends without exit is 1
// with the reason.
func TestServeExitStatus(t *testing.T) {
	for _, tt := range []struct {
		name     string
		messages []string
		close    bool // the client closes the pipe instead of sending exit
		code     int
		err      bool
	}{
		{"shutdown then exit", []string{initializeFrame, shutdownFrame, exitFrame}, false, 0, false},
		{"exit without shutdown", []string{initializeFrame, exitFrame}, false, 1, false},
		{"connection closed", []string{initializeFrame}, true, 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			server, client := net.Pipe()
			type result struct {
				code int
				err  error
			}
			done := make(chan result, 1)
			go func() {
				code, err := lsp.Serve(t.Context(), server, lsp.Options{Version: "test"})
				done <- result{code, err}
			}()
			// Read (and drop) whatever the server sends, so its writes never block.
			go func() { _, _ = io.Copy(io.Discard, client) }()
			for _, m := range tt.messages {
				if _, err := client.Write([]byte(frameOf(m))); err != nil {
					t.Fatalf("write %s: %v", m, err)
				}
			}
			if tt.close {
				_ = client.Close()
			}
			select {
			case r := <-done:
				if r.code != tt.code || (r.err != nil) != tt.err {
					t.Errorf("Serve = %d, %v; want %d, error %v", r.code, r.err, tt.code, tt.err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Serve did not return 10s after the last message")
			}
			_ = client.Close()
		})
	}
}

// stuckReader yields its input, then blocks in Read for good, even after
// Close: a terminal stdin can behave so.
type stuckReader struct {
	in      io.Reader
	release chan struct{}
	out     io.Writer
}

func (s *stuckReader) Read(p []byte) (int, error) {
	if n, err := s.in.Read(p); err != io.EOF {
		return n, err
	}
	<-s.release
	return 0, io.EOF
}

func (s *stuckReader) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s *stuckReader) Close() error                { return nil }

// TestServeExitGrace checks that Serve returns once exit has arrived even
// when a read of the transport never returns: after ExitGrace, with the
// status exit asks for.
func TestServeExitGrace(t *testing.T) {
	rwc := &stuckReader{
		in:      strings.NewReader(frameOf(initializeFrame) + frameOf(shutdownFrame) + frameOf(exitFrame)),
		release: make(chan struct{}),
		out:     io.Discard,
	}
	t.Cleanup(func() { close(rwc.release) })
	start := time.Now()
	code, err := lsp.Serve(context.Background(), rwc, lsp.Options{ExitGrace: 50 * time.Millisecond})
	if code != 0 || err != nil {
		t.Errorf("Serve = %d, %v; want 0, nil", code, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Serve took %v with a stuck reader; the grace is 50ms", d)
	}
}

// TestServeWritesEncodedResults checks the replies Serve frames itself:
// the encoded result arrives intact under the request's id.
func TestServeWritesEncodedResults(t *testing.T) {
	server, client := net.Pipe()
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan struct{})
	go func() {
		defer close(served)
		_, _ = lsp.Serve(ctx, server, lsp.Options{Version: "v9.9"})
	}()
	t.Cleanup(func() { cancel(); _ = client.Close(); <-served })
	stream := lsp.NewStream(client, lsp.StreamOptions{})
	if _, err := client.Write([]byte(frameOf(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"capabilities":{}}}`))); err != nil {
		t.Fatal(err)
	}
	for {
		msg, _, err := stream.Read(t.Context())
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		resp, ok := msg.(*jsonrpc2.Response)
		if !ok {
			continue
		}
		if resp.ID() != jsonrpc2.NewStringID("init") || resp.Err() != nil {
			t.Fatalf("response %v: %v", resp.ID(), resp.Err())
		}
		if !strings.Contains(string(resp.Result()), `"serverInfo":{"name":"bookmarks-ls","version":"v9.9"}`) {
			t.Errorf("initialize result %s lacks the server info", resp.Result())
		}
		return
	}
}
