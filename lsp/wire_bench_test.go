package lsp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// wireServer is a server on the real chain and framing whose client is the
// benchmark itself: a request goes in as a frame and the measure ends when
// the server has written the frame of its response. Nothing decodes the
// response, so this is the server's share of a request: reading and
// decoding the request, the handler, encoding and framing the result.
type wireServer struct {
	tb   testing.TB
	in   *io.PipeWriter
	rwc  *wireSink
	dir  string
	next int
}

// uri is the URI of a file of the book ("" for its folder).
func (w *wireServer) uri(name string) lsp.DocumentURI {
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(w.dir)}).String()
	if name != "" {
		u += "/" + name
	}
	return lsp.DocumentURI(u)
}

// wireSink is the server's transport: reads come from a pipe; writes are
// parsed into frames (a large body may come in several writes) and the
// response awaited is recognised by the start of its body.
type wireSink struct {
	r *io.PipeReader

	mu      sync.Mutex
	header  []byte        // the header read so far
	left    int           // bytes of the current body still to come
	size    int           // the current body's length
	head    []byte        // its first bytes (all of a small body)
	want    []byte        // prefix of the awaited response body
	id      string        // the awaited id, to catch error responses
	done    chan response // receives the awaited response
	anyPubl chan struct{} // closed at the first publishDiagnostics
	publ    bool
}

// response is what the benchmark sees of a response: its first bytes (all
// of a small one) and its size.
type response struct {
	head []byte
	size int
}

// keepBytes is how much of a body wireSink keeps: all of an error or a
// notification's method, never all of a large result (no copy is timed).
const keepBytes = 4096

func (w *wireSink) Read(p []byte) (int, error) { return w.r.Read(p) }
func (w *wireSink) Close() error               { return w.r.Close() }

func (w *wireSink) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		if w.left == 0 {
			i := bytes.IndexByte(p, '\n')
			if i < 0 {
				w.header = append(w.header, p...)
				break
			}
			w.header = append(w.header, p[:i+1]...)
			p = p[i+1:]
			if !bytes.HasSuffix(w.header, []byte("\r\n\r\n")) {
				continue
			}
			_, err := fmt.Sscanf(string(w.header), "Content-Length: %d", &w.size)
			if err != nil || w.size <= 0 {
				panic(fmt.Sprintf("wireSink: bad header %q", w.header))
			}
			w.header, w.left, w.head = w.header[:0], w.size, w.head[:0]
			continue
		}
		k := min(w.left, len(p))
		if keep := keepBytes - len(w.head); keep > 0 {
			w.head = append(w.head, p[:min(k, keep)]...)
		}
		p, w.left = p[k:], w.left-k
		if w.left == 0 {
			w.frame()
		}
	}
	return n, nil
}

// frame handles a complete body.
func (w *wireSink) frame() {
	if w.want != nil && bytes.HasPrefix(w.head, w.want) {
		w.want = nil
		w.done <- response{head: bytes.Clone(w.head), size: w.size}
		return
	}
	var m struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	if w.size <= keepBytes {
		_ = (lsp.Codec{}).Unmarshal(w.head, &m)
	} else if bytes.Contains(w.head, []byte(`"method":"textDocument/publishDiagnostics"`)) {
		m.Method = "textDocument/publishDiagnostics"
	}
	switch {
	case m.Method == "textDocument/publishDiagnostics" && !w.publ:
		w.publ = true
		close(w.anyPubl)
	case m.Method == "" && w.want != nil && string(m.ID) == w.id:
		w.want = nil
		w.done <- response{head: bytes.Clone(w.head), size: w.size} // an error: the caller reports it
	}
}

// newWireServer starts a server on dir with the given client capabilities
// and waits for its first diagnostics (the books are analysed).
func newWireServer(tb testing.TB, dir string, caps map[string]any) *wireServer {
	tb.Helper()
	r, in := io.Pipe()
	sink := &wireSink{r: r, done: make(chan response, 1), anyPubl: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		_, _ = lsp.Serve(ctx, sink, lsp.Options{Version: "bench"})
	}()
	w := &wireServer{tb: tb, in: in, rwc: sink, dir: dir}
	tb.Cleanup(func() {
		cancel()
		_ = in.Close()
		<-served
	})
	w.call("initialize", map[string]any{"processId": nil, "rootUri": w.uri(""), "capabilities": caps})
	w.notify("initialized", map[string]any{})
	select {
	case <-sink.anyPubl:
	case <-time.After(20 * time.Second):
		tb.Fatal("no diagnostics 20s after initialized")
	}
	return w
}

func (w *wireServer) write(msg map[string]any) {
	w.tb.Helper()
	body, err := json.Marshal(msg)
	if err != nil {
		w.tb.Fatal(err)
	}
	frame := append([]byte("Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"), body...)
	if _, err := w.in.Write(frame); err != nil {
		w.tb.Fatal(err)
	}
}

func (w *wireServer) notify(method string, params any) {
	w.tb.Helper()
	w.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// request returns a frame for a request with a fresh id and the prefix of
// its successful response, so that a benchmark encodes it only once.
func (w *wireServer) request(method string, params any) (frame []byte, id int) {
	w.tb.Helper()
	w.next++
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": w.next, "method": method, "params": params})
	if err != nil {
		w.tb.Fatal(err)
	}
	return append([]byte("Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"), body...), w.next
}

// roundTrip sends a request frame under the given id and returns the
// response once the server has written all of it.
func (w *wireServer) roundTrip(frame []byte, id int) response {
	w.tb.Helper()
	w.rwc.mu.Lock()
	w.rwc.want = []byte(`{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"result":`)
	w.rwc.id = strconv.Itoa(id)
	w.rwc.mu.Unlock()
	if _, err := w.in.Write(frame); err != nil {
		w.tb.Fatal(err)
	}
	select {
	case resp := <-w.rwc.done:
		if !bytes.HasPrefix(resp.head, []byte(`{"jsonrpc":"2.0","id":`+strconv.Itoa(id)+`,"result":`)) {
			w.tb.Fatalf("request %d failed: %s", id, resp.head)
		}
		return resp
	case <-time.After(20 * time.Second):
		w.tb.Fatalf("no response to request %d in 20s", id)
		return response{}
	}
}

// call sends one request and waits for its (small) answer.
func (w *wireServer) call(method string, params any) {
	w.tb.Helper()
	frame, id := w.request(method, params)
	w.roundTrip(frame, id)
}

// serverSide measures a request on the wire, the same frame each time (the
// server does not mind a reused id once the previous answer is out), and
// reports the size of the response.
func (w *wireServer) serverSide(b *testing.B, method string, params any) {
	frame, id := w.request(method, params)
	resp := w.roundTrip(frame, id) // warm: snapshot and per-snapshot caches
	reportMedian(b, func() { w.roundTrip(frame, id) })
	b.ReportMetric(float64(resp.size), "response-bytes")
}

// utf16Position converts a byte offset of text to a UTF-16 position.
func utf16Position(text string, off int) protocol.Position {
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return protocol.Position{Line: uint32(strings.Count(text[:off], "\n")), Character: uint32(len(utf16.Encode([]rune(text[start:off]))))}
}

// completionAt is the params of a completion request.
func completionAt(u lsp.DocumentURI, pos protocol.Position) protocol.CompletionParams {
	return protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: pos}}
}
