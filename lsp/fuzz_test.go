// fuzz_test.go fuzzes the real server: arbitrary bytes as a JSON-RPC stream, arbitrary bodies
// with correct framing, and arbitrary edit sequences followed by requests. Seeds run as
// ordinary tests; go test -fuzz FuzzServerStream ./lsp (or FuzzServerEdits) explores.

package lsp_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// fuzzBook writes robustBook once per fuzz target.
func fuzzBook(f *testing.F) (string, map[string]string) {
	dir := f.TempDir()
	_, files, _ := parseTxtar(robustBook)
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	return dir, files
}

// fuzzServer starts a real server on dir, initialized. Its cleanup fails the test if the
// server does not end within 10 s of the pipe closing.
func fuzzServer(t *testing.T, dir string) *lsptest.Client {
	c := lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		srv := lsp.NewServer(conn, zap.NewNop(), "fuzz")
		_, _ = lsp.NewChain(srv.Methods(), zap.NewNop()).Serve(ctx, conn)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	root := "file://" + filepath.ToSlash(dir)
	if err := c.Call(ctx, "initialize", map[string]any{"rootUri": root, "capabilities": map[string]any{}}, nil); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	return c
}

// finish shuts the server down; every step must be answered within the timeout, unless an
// exit from the input already ended serving.
func finish(t *testing.T, c *lsptest.Client, input []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	select {
	case <-c.ServerDone():
		if !strings.Contains(string(input), "exit") {
			t.Fatalf("the server stopped serving without an exit notification")
		}
		return
	default:
	}
	id := jsonrpc2.NewStringID("fuzz-final-shutdown")
	if err := c.Send(ctx, id, "shutdown", nil); err != nil {
		// An exit in the input may be closing the pipe right now.
		select {
		case <-c.ServerDone():
			if strings.Contains(string(input), "exit") {
				return
			}
		case <-time.After(10 * time.Second):
		}
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := c.Response(ctx, id); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown after the input was never answered: the server hangs (%v)", err)
		}
	case <-c.ServerDone():
		if !strings.Contains(string(input), "exit") {
			t.Fatalf("the server stopped serving without an exit notification")
		}
	}
}

var streamSeeds = []string{
	`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"URI/chapter1.txt"},"position":{"line":3,"character":40}}}`,
	`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"URI/chapter1.txt","version":1,"text":"+ A\n[#a][#b] [#x[#y]\n"}}}`,
	`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"URI/chapter1.txt","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":9,"character":0}},"text":"\r\n.bookmark z\n"}]}}`,
	`{"jsonrpc":"2.0","id":"r","method":"textDocument/rename","params":{"textDocument":{"uri":"URI/chapter1.txt"},"position":{"line":0,"character":12},"newName":"x y"}}`,
	`{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"URI/chapter2.txt"},"position":{"line":4,"character":44}}}`,
	`{"jsonrpc":"2.0","id":3,"method":"textDocument/semanticTokens/range","params":{"textDocument":{"uri":"URI/.bookmarks"},"range":{"start":{"line":9,"character":0},"end":{"line":0,"character":0}}}}`,
	`{"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"bookmarks.regenerate","arguments":["URI/chapter1.txt"]}}`,
	`{"jsonrpc":"2.0","id":"rp","method":"workspace/executeCommand","params":{"command":"bookmarks.repair","arguments":["URI/.bookmarks"]}}`,
	`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":4}}`,
	`{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"URI/chapter1.txt"},"range":{"start":{"line":3,"character":0},"end":{"line":3,"character":99}},"context":{"diagnostics":[]}}}`,
	`{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"URI/chapter2.txt","type":3}]}}`,
	`{"jsonrpc":"2.0","id":6,"method":"completionItem/resolve","params":{"label":"folding","data":"folding"}}`,
	`{"jsonrpc":"2.0","id":7,"method":"shutdown"}`,
	`{"jsonrpc":"2.0","method":"exit"}`,
	`{"jsonrpc":"2.0","id":8,"method":`,
	`[]`,
}

// FuzzServerStream feeds the real server (1) arbitrary bytes as the raw stream, then, closing
// the stream, expects it to end within 10 s; (2) the input cut into bodies framed with correct
// Content-Length headers, then expects a shutdown to be answered: no body may kill or hang it.
func FuzzServerStream(f *testing.F) {
	dir, _ := fuzzBook(f)
	root := "file://" + filepath.ToSlash(dir)
	for _, s := range streamSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(s), s)), true)
	}
	f.Add([]byte("Content-Length: 10\r\n\r\n{}\x00Content-Length: 2\r\n\r\n{}"), true)
	f.Add([]byte("Content-Length: 99999999999999999999\r\n\r\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, raw bool) {
		data = []byte(strings.ReplaceAll(string(data), "URI", root))
		c := fuzzServer(t, dir)
		if raw {
			if len(data) > 0 {
				_ = c.WriteRaw(data)
			}
			return // the cleanup closes the pipe and waits for the server to end
		}
		// Bodies separated by NUL bytes, each framed correctly.
		for _, body := range strings.Split(string(data), "\x00") {
			if body == "" {
				continue
			}
			if err := c.WriteBody([]byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		finish(t, c, data)
	})
}

// editFromBytes decodes one edit from 6 bytes: file, start, length, snippet.
func editFromBytes(b []byte, text string) (from, to int, ins string) {
	n := len(text) + 1
	from = snapBoundary(text, int(binary.LittleEndian.Uint16(b[0:2]))%n)
	to = snapBoundary(text, min(len(text), from+int(b[2])%48))
	if to < from {
		to = from
	}
	ins = editSnippets[int(b[3])%len(editSnippets)]
	if b[4]%5 == 0 { // sometimes the fuzzer's own bytes, as valid UTF-8 (JSON cannot carry more)
		ins = strings.ToValidUTF8(string(b[3:6]), "\uFFFD")
	}
	return from, to, ins
}

// FuzzServerEdits opens the book and applies edits decoded from the input, each followed by
// a request at a position past the edit; no request may fail with an internal error, and the
// server's final diagnostics must equal a fresh server's on the same texts.
func FuzzServerEdits(f *testing.F) {
	f.Add([]byte("\x10\x00\x05\x01\x01\x00\x20\x00\x00\x0a\x02\x00"), uint8(0))
	f.Add([]byte("\x00\x00\x00\x05\x01\x00\xff\xff\x09\x12\x05\x00\x30\x00\x00\x0c\x00\x00"), uint8(1))
	f.Add([]byte(strings.Repeat("\x07\x01\x03\x0b\x02\x01", 20)), uint8(2))
	f.Fuzz(func(t *testing.T, program []byte, enc uint8) {
		if len(program) > 6*64 {
			program = program[:6*64]
		}
		var opts []envOption
		if enc%2 == 1 {
			opts = append(opts, withUTF8)
		}
		e := newEnv(t, robustBook, opts...)
		names, edit := e.editableBook()
		methods := []string{"textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/semanticTokens/full", "textDocument/codeAction", "textDocument/references"}
		for i := 0; i+6 <= len(program); i += 6 {
			b := program[i : i+6]
			n := names[int(b[5])%len(names)]
			from, to, ins := editFromBytes(b, e.files[n])
			edit(n, from, to, ins)
			after := e.files[n]
			at := lspPosition(after, min(len(after), from+len(ins)), e.utf8)
			if !utf8.ValidString(after) {
				t.Fatalf("mirror text is not valid UTF-8")
			}
			err := e.callErr(methods[int(b[2])%len(methods)], map[string]any{"textDocument": map[string]any{"uri": e.uri(n)}, "position": at,
				"range": protocol.Range{Start: at, End: protocol.Position{Line: at.Line + 2}}, "context": map[string]any{"includeDeclaration": true, "diagnostics": []any{}}})
			if c := rpcCode(err); c == jsonrpc2.InternalError || c == -1 {
				t.Fatalf("request after edit %d failed: %v", i/6, err)
			}
		}
		e.matchesFreshServer(t, "after the fuzzed edits", opts...)
	})
}
