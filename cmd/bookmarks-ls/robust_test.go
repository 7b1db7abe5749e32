// robust_test.go abuses the built binary over stdio (broken framing, bad JSON, unknown methods,
// requests before initialize, a client that vanishes) and the command line with files no book
// should contain.

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// rawLSP is the binary with a byte-level client: it writes whatever the test says and
// collects every response.
type rawLSP struct {
	t     *testing.T
	cmd   *exec.Cmd
	in    io.WriteCloser
	resps chan *jsonrpc2.Response
	nulls chan *jsonrpc2.Error // error responses with a null id
	exit  chan error
}

func startRawLSP(t *testing.T, bin string) *rawLSP {
	cmd := exec.Command(bin, "--stdio", "--log-level", "error")
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &rawLSP{t: t, cmd: cmd, in: in, resps: make(chan *jsonrpc2.Response, 64), nulls: make(chan *jsonrpc2.Error, 64), exit: make(chan error, 1)}
	stream := lsp.NewStream(pipeRWC{out, in}, lsp.StreamOptions{OnNullIDError: func(e *jsonrpc2.Error) { r.nulls <- e }})
	go func() {
		for {
			msg, _, err := stream.Read(context.Background())
			if err != nil {
				close(r.resps)
				return
			}
			if resp, ok := msg.(*jsonrpc2.Response); ok {
				r.resps <- resp
			}
		}
	}()
	go func() { r.exit <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = in.Close()
		select {
		case <-r.exit:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	return r
}

func (r *rawLSP) write(s string) {
	r.t.Helper()
	if _, err := io.WriteString(r.in, s); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rawLSP) send(id any, method string, params any) {
	r.t.Helper()
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	r.write(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

// next returns the next response, failing after 10 s.
func (r *rawLSP) next(what string) *jsonrpc2.Response {
	r.t.Helper()
	select {
	case resp, ok := <-r.resps:
		if !ok {
			r.t.Fatalf("%s: the server closed its output", what)
		}
		return resp
	case <-time.After(10 * time.Second):
		r.t.Fatalf("%s: no response within 10s", what)
	}
	return nil
}

func errCode(resp *jsonrpc2.Response) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if err := resp.Err(); err != nil && errorsAs(err, &e) {
		return e.Code
	}
	return 0
}

func errorsAs(err error, target **jsonrpc2.Error) bool {
	e, ok := err.(*jsonrpc2.Error)
	if ok {
		*target = e
	}
	return ok
}

func TestRobustBinaryOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "chapter1.txt"), []byte(".bookmark one\n+ One\n\nSee [#one] and [#two].\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := startRawLSP(t, buildBinary(t))
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()

	r.send(1, "textDocument/hover", map[string]any{})
	if resp := r.next("hover before initialize"); errCode(resp) != jsonrpc2.ServerNotInitialized {
		t.Errorf("hover before initialize: %v, want ServerNotInitialized", resp.Err())
	}
	r.write("Content-Length: abc\r\n\r\n{}")
	r.write("Content-Length: 9\r\n\r\n{\"broken\"")
	select {
	case e := <-r.nulls:
		if e.Code != jsonrpc2.ParseError {
			t.Errorf("invalid JSON body: %v, want ParseError", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no error response to an invalid JSON body")
	}
	r.write("this is not a header\r\n\r\n")
	r.send(2, "initialize", map[string]any{"rootUri": root, "capabilities": map[string]any{}})
	if resp := r.next("initialize"); resp.Err() != nil {
		t.Fatalf("initialize after garbage: %v", resp.Err())
	}
	r.send(3, "no/such/method", nil)
	if resp := r.next("unknown method"); errCode(resp) != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %v, want MethodNotFound", resp.Err())
	}
	r.send(4, "textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": root + "/chapter1.txt"}, "position": map[string]any{"line": 3, "character": 6}})
	if resp := r.next("definition"); resp.Err() != nil || !strings.Contains(string(resp.Result()), "chapter1.txt") {
		t.Errorf("definition after the abuse: %s %v", resp.Result(), resp.Err())
	}
	r.send(5, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": root + "/chapter1.txt"}, "position": map[string]any{"line": 4294967295, "character": 4294967295}})
	if resp := r.next("hover past the end"); resp.Err() != nil {
		t.Errorf("hover past the end of the file: %v, want a result", resp.Err())
	}
	// The client vanishes without shutdown: the binary exits, with status 1.
	_ = r.in.Close()
	select {
	case err := <-r.exit:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Errorf("exit after EOF: %v, want status 1 (no shutdown came)", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the binary still runs 5s after its client closed stdin")
	}
}

func TestRobustCheckRefusesHugeAndBinaryFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "chapter1.txt"), []byte(".bookmark one\n+ One\n\nSee [#one].\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "chapter2.txt")
	if err := os.WriteFile(big, []byte("+ Two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 50<<20); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "chapter3.txt"), []byte("\x00\xff\xfe+ \x00[#\x00]\r\r\n\x89PNG"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".bookmarks"), []byte("one Chapter 1 - One\n\x00\x00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, errs, code := cli(t, "check", dir)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("check took %v", d)
	}
	if code != 1 || !strings.Contains(out, "chapter2.txt:1:1: error: file not analysed") || !strings.Contains(out, "[file-too-large]") {
		t.Errorf("check with a 50 MB chapter: status %d, stderr %q, output:\n%s", code, errs, out)
	}
}
