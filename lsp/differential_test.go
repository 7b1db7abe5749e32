// differential_test.go checks that incremental state equals a fresh start: after random edit
// sequences (and under load, with requests racing the edits) the diagnostics the server
// published last for each file equal those of a new server on the final texts written to disk.

package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"net"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// editSnippets are the pieces random edits insert: every construct that changes what later
// lines or files mean, non-ASCII text and all three line ends.
var editSnippets = []string{
	"\n+ Added Chapter\n", "\n++ Section é\n", "\n+++ Deep 𐐀\n", "\n.bookmark added\n", ".bookmark folding\n",
	"\n[[code]]\n", "\n[[/code]]\n", "\n[[code type=\"example\" name=\"x\" title=\"X\"]]\n", "\n```\n",
	" [#folding] ", " [#launching]", "[#nowhere]", "[#a][#b]", "[#added]", "[#Added-Chapter]", "[#Paper-101]",
	"é𐐀가", "\r\n", "\r", "\n", "\n.set HARBOUR=south\n", "$(HARBOUR)", "$(X?d)", "%(Y?d)", "\n.end\n", "--",
	"\n.filter wiki\n", "\n.- comment\n", "zmq_socket[3]", "", "", "x", "\nadded Chapter 1 - Added\n", "\nstale \n",
}

// snapBoundary moves off back to a place a position can name: a character start, not
// between the CR and LF of a CRLF.
func snapBoundary(text string, off int) int {
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	if off > 0 && off < len(text) && text[off] == '\n' && text[off-1] == '\r' {
		off--
	}
	return off
}

// randomEdit picks a range and a replacement for text.
func randomEdit(rng *rand.Rand, text string) (from, to int, ins string) {
	from = snapBoundary(text, rng.Intn(len(text)+1))
	to = from
	if rng.Intn(3) == 0 {
		to = snapBoundary(text, min(len(text), from+rng.Intn(40)))
		if to < from {
			to = from
		}
	}
	ins = editSnippets[rng.Intn(len(editSnippets))]
	return from, to, ins
}

// normalized is a published diagnostics list as JSON, with the workspace folder replaced.
func normalized(ds []protocol.Diagnostic, root string) string {
	if ds == nil {
		ds = []protocol.Diagnostic{}
	}
	b, _ := json.Marshal(ds)
	return strings.ReplaceAll(string(b), root, "ROOT")
}

// freshDiagnostics starts a new server on the texts written to a new folder and returns the
// diagnostics it publishes, by file name, normalised.
func freshDiagnostics(t *testing.T, files map[string]string, names []string, opts ...envOption) map[string]string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	f := newEnvAt(t, dir, files, opts...)
	out := map[string]string{}
	for _, name := range names {
		out[name] = normalized(f.diagnostics(name, func([]protocol.Diagnostic) bool { return true }), f.rootURI())
	}
	// One round publishes every file; give a (wrong) second round the time to show up.
	time.Sleep(50 * time.Millisecond)
	for name, ds := range f.lastPublishedByName() {
		out[name] = normalized(ds, f.rootURI())
	}
	return out
}

func (e *env) lastPublishedByName() map[string][]protocol.Diagnostic {
	out := map[string][]protocol.Diagnostic{}
	for u, ds := range e.lastPublished() {
		out[strings.TrimPrefix(u, e.rootURI()+"/")] = ds
	}
	return out
}

// waitSame waits until got() equals want for every file, and reports the differences.
// editableBook opens the book's three edited files and returns a function
// that applies a byte-range edit to one of them with the next version.
func (e *env) editableBook() (names []string, edit func(name string, from, to int, ins string)) {
	names = []string{"chapter1.txt", "chapter2.txt", ".bookmarks"}
	version := map[string]int32{}
	for _, n := range names {
		e.open(n)
		version[n] = 1
	}
	return names, func(n string, from, to int, ins string) {
		text := e.files[n]
		version[n]++
		e.edit(n, version[n], lspPosition(text, from, e.utf8), lspPosition(text, to, e.utf8), ins, from, to)
	}
}

// matchesFreshServer waits until the server's last diagnostics equal those
// of a fresh server on the same texts.
func (e *env) matchesFreshServer(t *testing.T, what string, opts ...envOption) {
	want := freshDiagnostics(t, e.files, []string{"chapter1.txt", "chapter2.txt"}, opts...)
	waitSame(t, what, want, func() map[string]string {
		out := map[string]string{}
		for n, ds := range e.lastPublishedByName() {
			out[n] = normalized(ds, e.rootURI())
		}
		return out
	})
}

func waitSame(t *testing.T, what string, want map[string]string, got func() map[string]string) {
	t.Helper()
	var diff []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		diff = diff[:0]
		g := got()
		var names []string
		for n := range want {
			names = append(names, n)
		}
		for n := range g {
			if _, ok := want[n]; !ok {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			w, ok := want[n]
			if !ok {
				w = "[]" // a file the fresh server never shows must be clear
			}
			if g[n] != w && !(g[n] == "" && w == "[]") {
				diff = append(diff, fmt.Sprintf("%s:\n  incremental: %s\n  fresh:       %s", n, g[n], w))
			}
		}
		if len(diff) == 0 {
			return
		}
	}
	t.Errorf("%s: the server's diagnostics differ from a fresh analysis of the same texts:\n%s", what, strings.Join(diff, "\n"))
}

func TestDifferentialIncrementalEdits(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			var opts []envOption
			if seed%2 == 0 {
				opts = append(opts, withUTF8)
			}
			e := newEnv(t, robustBook, opts...)
			names, edit := e.editableBook()
			for i := 0; i < 150; i++ {
				n := names[rng.Intn(len(names))]
				from, to, ins := randomEdit(rng, e.files[n])
				edit(n, from, to, ins)
				if i%10 == 0 {
					e.callErr("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": e.uri(n)}, "position": lspPosition(e.files[n], snapBoundary(e.files[n], rng.Intn(len(e.files[n])+1)), e.utf8)})
				}
			}
			e.matchesFreshServer(t, "after 150 random edits", opts...)
		})
	}
}

// leanClient drives a server without recording every message, so that a long run measures the
// server's memory, not the test's.
type leanClient struct {
	conn jsonrpc2.Conn
	done chan struct{}
	mu   sync.Mutex
	last map[string][]protocol.Diagnostic // by URI
}

func newLeanClient(t *testing.T) *leanClient {
	serverEnd, clientEnd := net.Pipe()
	lc := &leanClient{done: make(chan struct{}), last: map[string][]protocol.Diagnostic{}}
	serverConn := jsonrpc2.NewConn(lsp.NewStream(serverEnd, lsp.StreamOptions{}), jsonrpc2.WithCodec(lsp.Codec{}))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer close(lc.done)
		srv := lsp.NewServer(serverConn, zap.NewNop(), "load")
		_, _ = lsp.NewChain(srv.Methods(), zap.NewNop()).Serve(ctx, serverConn)
	}()
	lc.conn = jsonrpc2.NewConn(lsp.NewStream(clientEnd, lsp.StreamOptions{}), jsonrpc2.WithCodec(lsp.Codec{}))
	lc.conn.Go(ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.IsCall() {
			jsonrpc2.Async(ctx)
			return nil, nil
		}
		if req.Method() == "textDocument/publishDiagnostics" {
			var p protocol.PublishDiagnosticsParams
			if (lsp.Codec{}).Unmarshal(req.Params(), &p) == nil {
				lc.mu.Lock()
				lc.last[string(p.URI)] = p.Diagnostics
				lc.mu.Unlock()
			}
		}
		return nil, nil
	})
	t.Cleanup(func() {
		_ = lc.conn.Close()
		select {
		case <-lc.done:
		case <-time.After(10 * time.Second):
			t.Errorf("server still running 10s after the client closed the pipe")
		}
		cancel()
		<-lc.conn.Done()
	})
	return lc
}

func heapAfterGC() uint64 {
	var ms runtime.MemStats
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestLoadTenThousandRequestsAndEdits sends 10,000 requests from four goroutines while 10,000
// edits stream in: every request is answered without an internal error, the heap returns to
// within 10% of where it was, and the final diagnostics equal a fresh analysis.
func TestLoadTenThousandRequestsAndEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	requests, edits := 10000, 10000
	if raceEnabled {
		requests, edits = 2000, 2000
	}
	dir := t.TempDir()
	files := writeTxtar(t, dir, robustBook)
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
	uri := func(n string) string { return root + "/" + n }
	lc := newLeanClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	if _, err := lc.conn.Call(ctx, "initialize", map[string]any{"rootUri": root, "capabilities": map[string]any{}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := lc.conn.Notify(ctx, "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	names := []string{"chapter1.txt", "chapter2.txt", ".bookmarks"}
	version := map[string]int32{}
	for _, n := range names {
		version[n] = 1
		if err := lc.conn.Notify(ctx, "textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(uri(n)), Version: 1, Text: files[n]}}); err != nil {
			t.Fatal(err)
		}
	}
	methods := []string{"textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion",
		"textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/documentHighlight", "textDocument/codeAction",
		"textDocument/foldingRange", "textDocument/inlayHint", "workspace/symbol", "textDocument/prepareRename", "bookmarks/status"}
	request := func(rng *rand.Rand) error {
		n := names[rng.Intn(len(names))]
		p := protocol.Position{Line: uint32(rng.Intn(20)), Character: uint32(rng.Intn(60))}
		var out json.RawMessage
		_, err := lc.conn.Call(ctx, methods[rng.Intn(len(methods))], map[string]any{
			"textDocument": map[string]any{"uri": uri(n)}, "position": p, "query": "fold", "uri": uri(n),
			"range": protocol.Range{Start: p, End: protocol.Position{Line: p.Line + 3}}, "context": map[string]any{"includeDeclaration": true, "diagnostics": []any{}},
		}, &out)
		if c := rpcCode(err); c == jsonrpc2.InternalError || c == -1 {
			return err
		}
		return nil
	}
	// Warm up, so that the baseline holds the caches a running server keeps.
	warm := rand.New(rand.NewSource(0))
	for i := 0; i < 200; i++ {
		if err := request(warm); err != nil {
			t.Fatal(err)
		}
	}
	original := map[string]string{}
	for n, text := range files {
		original[n] = text
	}
	var baseline map[string]string
	waitFor(t, func() bool {
		lc.mu.Lock()
		defer lc.mu.Unlock()
		return len(lc.last) >= 3
	})
	time.Sleep(100 * time.Millisecond)
	lc.mu.Lock()
	baseline = map[string]string{}
	for u, ds := range lc.last {
		baseline[strings.TrimPrefix(u, root+"/")] = normalized(ds, root)
	}
	lc.mu.Unlock()
	before := heapAfterGC()

	start := time.Now()
	var answered, failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(100 + w)))
			for i := 0; i < requests/4; i++ {
				if err := request(rng); err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				answered.Add(1)
			}
		}(w)
	}
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < edits; i++ {
		n := names[rng.Intn(len(names))]
		text := files[n]
		from, to, ins := randomEdit(rng, text)
		if len(text) > 6000 && to == from {
			to = snapBoundary(text, min(len(text), from+len(ins)+20)) // keep the book small
		}
		version[n]++
		err := lc.conn.Notify(ctx, "textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri(n), "version": version[n]},
			"contentChanges": []any{map[string]any{"range": protocol.Range{Start: lspPosition(text, from, false), End: lspPosition(text, to, false)}, "text": ins}},
		})
		if err != nil {
			t.Fatal(err)
		}
		files[n] = text[:from] + ins + text[to:]
	}
	wg.Wait()
	elapsed := time.Since(start)
	if answered.Load() != int64(requests) || failed.Load() != 0 {
		t.Fatalf("%d of %d requests answered, %d failed (first: %v)", answered.Load(), requests, failed.Load(), firstErr.Load())
	}
	t.Logf("%d requests and %d edits in %v", requests, edits, elapsed)

	published := func() map[string]string {
		lc.mu.Lock()
		defer lc.mu.Unlock()
		out := map[string]string{}
		for u, ds := range lc.last {
			out[strings.TrimPrefix(u, root+"/")] = normalized(ds, root)
		}
		return out
	}
	// In a subtest, so that the fresh server is gone before the heap is measured.
	t.Run("final state equals a fresh analysis", func(t *testing.T) {
		waitSame(t, "after 10,000 edits under load", freshDiagnostics(t, files, []string{"chapter1.txt", "chapter2.txt"}), published)
	})

	// Back to the texts of the baseline (full-text changes), so that the same state is
	// measured: what remains on top is kept per request or per edit.
	for _, n := range names {
		version[n]++
		if err := lc.conn.Notify(ctx, "textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri(n), "version": version[n]},
			"contentChanges": []any{map[string]any{"text": original[n]}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	waitSame(t, "back to the original texts", baseline, published)
	for i := 0; i < 200; i++ {
		if err := request(warm); err != nil {
			t.Fatal(err)
		}
	}
	after := heapAfterGC()
	t.Logf("heap %d KB before, %d KB after", before>>10, after>>10)
	if float64(after) > 1.10*float64(before) {
		t.Errorf("heap grew from %d KB to %d KB over the load (more than 10%%): something keeps per-request or per-edit state", before>>10, after>>10)
	}
}
