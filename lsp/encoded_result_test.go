package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// encodedMethods answers test/encoded with an encodedJSON built in a
// recycled buffer (as completion does) and test/plain with a value.
func encodedMethods() Methods {
	return Methods{
		"initialize": Request(func(ctx context.Context, p *struct{}) (*protocol.InitializeResult, error) {
			return &protocol.InitializeResult{}, nil
		}),
		"test/encoded": Request(func(ctx context.Context, p *struct {
			N    int    `json:"n"`
			Text string `json:"text"`
		}) (encodedJSON, error) {
			buf := append([]byte(nil), `{"n":`...)
			buf = strconv.AppendInt(buf, int64(p.N), 10)
			buf = append(buf, `,"text":`...)
			text, _ := json.Marshal(strings.Repeat(p.Text, 1+p.N%3))
			buf = append(buf, text...)
			return append(buf, '}'), nil
		}),
		"test/plain": Request(func(ctx context.Context, p *struct{}) (map[string]string, error) {
			return map[string]string{"html": "<b>&</b>"}, nil
		}),
	}
}

// serveChain serves encodedMethods over a net.Pipe, the server end framed
// by serverStream, and returns a client connection.
func serveChain(t *testing.T, serverStream func(net.Conn) jsonrpc2.Stream) jsonrpc2.Conn {
	t.Helper()
	a, b := net.Pipe()
	chain := NewChain(encodedMethods(), zap.NewNop())
	conn := jsonrpc2.NewConn(serverStream(a), jsonrpc2.WithCodec(Codec{}))
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		_, _ = chain.Serve(ctx, conn)
	}()
	client := jsonrpc2.NewConn(NewStream(b, StreamOptions{}))
	client.Go(ctx, jsonrpc2.MethodNotFoundHandler)
	t.Cleanup(func() {
		cancel()
		_ = client.Close()
		<-served
		<-client.Done()
	})
	if _, err := client.Call(ctx, "initialize", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	return client
}

// TestEncodedResults checks that results reach the client intact whether
// the chain replies through jsonrpc2 over a *Stream (as Serve wires it) or
// over jsonrpc2's own stream, including encodedJSON results of many
// requests at once.
func TestEncodedResults(t *testing.T) {
	for _, tt := range []struct {
		name   string
		stream func(net.Conn) jsonrpc2.Stream
	}{
		{"Stream via jsonrpc2", func(c net.Conn) jsonrpc2.Stream { return NewStream(c, StreamOptions{}) }},
		{"jsonrpc2.NewStream", func(c net.Conn) jsonrpc2.Stream { return jsonrpc2.NewStream(c) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			client := serveChain(t, tt.stream)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var plain map[string]string
			if _, err := client.Call(ctx, "test/plain", nil, &plain); err != nil || plain["html"] != "<b>&</b>" {
				t.Errorf("test/plain: %v %v", plain, err)
			}
			var wg sync.WaitGroup
			for i := range 64 {
				wg.Go(func() {
					// Some results are large enough to be written without a copy.
					text := fmt.Sprintf("<%d>", i) + strings.Repeat("x", (i%4)*9000)
					var got struct {
						N    int    `json:"n"`
						Text string `json:"text"`
					}
					if _, err := client.Call(ctx, "test/encoded", map[string]any{"n": i, "text": text}, &got); err != nil {
						t.Errorf("request %d: %v", i, err)
						return
					}
					if got.N != i || got.Text != strings.Repeat(text, 1+i%3) {
						t.Errorf("request %d got n=%d and %d bytes of text starting %.20q", i, got.N, len(got.Text), got.Text)
					}
				})
			}
			wg.Wait()
		})
	}
}

// TestStreamWritesLargeBodiesWhole checks that bodies written in parts (a
// large result is not copied into the frame) do not interleave with
// concurrent writes.
func TestStreamWritesLargeBodiesWhole(t *testing.T) {
	a, b := net.Pipe()
	writer, reader := NewStream(a, StreamOptions{}), NewStream(b, StreamOptions{})
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			result, _ := json.Marshal(body(i))
			id := jsonrpc2.NewNumberID(int64(i))
			resp := jsonrpc2.NewResponse(id, jsonrpc2.RawMessage(result), nil)
			if _, err := writer.Write(context.Background(), resp); err != nil {
				t.Errorf("Write %d: %v", i, err)
			}
		})
	}
	for range n {
		msg, _, err := reader.Read(context.Background())
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		resp := msg.(*jsonrpc2.Response)
		var got string
		if err := json.Unmarshal(resp.Result(), &got); err != nil {
			t.Fatalf("response %v: %v", resp.ID(), err)
		}
		i, _ := strconv.Atoi(got[:strings.IndexByte(got, ':')])
		if got != body(i) || resp.ID() != jsonrpc2.NewNumberID(int64(i)) {
			t.Errorf("response %v: %d bytes starting %.20q", resp.ID(), len(got), got)
		}
	}
	wg.Wait()
}

// body is the i-th result of TestStreamWritesLargeBodiesWhole: one in
// three is small, the others 16 KB or more.
func body(i int) string {
	return strconv.Itoa(i) + ":" + strings.Repeat(strconv.Itoa(i%10), (i%3)*(16<<10)+i)
}
