package lsp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// An Inline request whose reply is large lets the next messages be read
// while the reply waits for the client: a client that writes a
// notification before it reads would otherwise wait for ever on a pipe
// (net.Pipe holds nothing at all).
func TestLargeInlineReplyDoesNotHoldTheReader(t *testing.T) {
	noted := make(chan struct{})
	methods := Methods{
		"initialize": Request(func(ctx context.Context, p *struct{}) (*protocol.InitializeResult, error) {
			return &protocol.InitializeResult{}, nil
		}),
		"test/big": Inline(Request(func(ctx context.Context, p *struct{}) (string, error) {
			return strings.Repeat("x", 4*inlineReplyMax), nil
		}), func() bool { return true }),
		"test/note": Notification(func(ctx context.Context, p *struct{}) error {
			close(noted)
			return nil
		}),
	}
	server, client := net.Pipe()
	t.Cleanup(func() { server.Close(); client.Close() })
	conn := jsonrpc2.NewConn(NewStream(server, StreamOptions{}), jsonrpc2.WithCodec(Codec{}))
	go func() { _, _ = NewChain(methods, zap.NewNop()).Serve(t.Context(), conn) }()
	if _, err := io.WriteString(client, frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	if _, err := client.Read(buf); err != nil { // the initialize reply
		t.Fatal(err)
	}
	// The request, then the notification, and nothing read meanwhile.
	go func() {
		_, _ = io.WriteString(client, frame(`{"jsonrpc":"2.0","id":2,"method":"test/big"}`))
		_, _ = io.WriteString(client, frame(`{"jsonrpc":"2.0","method":"test/note"}`))
	}()
	select {
	case <-noted:
	case <-time.After(5 * time.Second):
		t.Fatal("the notification after a large inline reply was never read: the reader waits for the client to read the reply")
	}
	// The reply is still whole.
	if err := client.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(client)
	var length int
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the large reply's header: %v", err)
		}
		if line == "\r\n" {
			break
		}
		fmt.Sscanf(line, "Content-Length: %d", &length)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		t.Fatalf("reading the large reply's %d bytes: %v", length, err)
	}
	want := `{"jsonrpc":"2.0","id":2,"result":"` + strings.Repeat("x", 4*inlineReplyMax) + `"}`
	if string(body) != want {
		t.Errorf("the large reply came as %d bytes starting %.80q", len(body), body)
	}
}

// A request that runs concurrently (not Inline) still knows its method
// when it replies, after the Stream has read later messages into the
// buffer its method was lent from: the reply's log line names it.
func TestConcurrentRequestKeepsItsMethod(t *testing.T) {
	release, noted := make(chan struct{}), make(chan struct{})
	methods := Methods{
		"initialize": Request(func(ctx context.Context, p *struct{}) (*protocol.InitializeResult, error) {
			return &protocol.InitializeResult{}, nil
		}),
		"test/slow": Request(func(ctx context.Context, p *struct{}) (string, error) {
			<-release
			return "done", nil
		}),
		"test/other-note": Notification(func(ctx context.Context, p *struct{}) error {
			close(noted)
			return nil
		}),
	}
	core, logs := observer.New(zap.DebugLevel)
	server, client := net.Pipe()
	t.Cleanup(func() { server.Close(); client.Close() })
	conn := jsonrpc2.NewConn(NewStream(server, StreamOptions{}), jsonrpc2.WithCodec(Codec{}))
	go func() { _, _ = NewChain(methods, zap.New(core)).Serve(t.Context(), conn) }()
	go func() { _, _ = io.Copy(io.Discard, client) }() // the replies
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`,
		`{"jsonrpc":"2.0","id":2,"method":"test/slow"}`,
		`{"jsonrpc":"2.0","method":"test/other-note","params":{"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}`,
	} {
		if _, err := io.WriteString(client, frame(body)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-noted: // read after test/slow: into the same buffer
	case <-time.After(5 * time.Second):
		t.Fatal("the notification after a concurrent request was never handled")
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, e := range logs.FilterMessage("handled").All() {
			if e.ContextMap()["id"] == "2" {
				if m := e.ContextMap()["method"]; m != "test/slow" {
					t.Fatalf("the reply to test/slow was logged as method %q", m)
				}
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no log line for the reply to test/slow")
}
