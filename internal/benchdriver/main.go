// Command benchdriver builds bookmarks-ls, drives it over stdio on the
// corpus book scaled N times and prints one table: start-up, the first
// diagnostics of every file, request latencies, edit-to-diagnostics
// latency and peak RSS. Run it through scripts/bench.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/internal/scale"
	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus/zguide-2025", "book to scale")
	sizes := flag.String("n", "1,16,64", "scale factors")
	reqs := flag.Int("requests", 200, "requests of each kind")
	edits := flag.Int("edits", 200, "edits")
	profiles := flag.String("cpuprofile", "", "write the server's CPU profile for each N to DIR/serve-N<n>.prof")
	flag.Parse()
	tmp, err := os.MkdirTemp("", "bookmarks-bench-")
	check(err)
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bookmarks-ls")
	out, err := exec.Command("go", "build", "-o", bin, "./cmd/bookmarks-ls").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	host, _ := os.Hostname()
	fmt.Printf("bookmarks-ls over stdio, %s, %d cores (%s), %s\n\n", time.Now().Format("2006-01-02"), runtime.NumCPU(), host, runtime.Version())
	fmt.Println("| N | book | initialize | all files' first diagnostics | definition p50/p99 | hover p50/p99 | completion `[#` p50/p99 | references p50/p99 | edit→diagnostics p50/p99 | peak RSS |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		check(err)
		book, err := scale.Make(*corpus, n)
		check(err)
		dir := filepath.Join(tmp, "n"+strconv.Itoa(n))
		check(os.MkdirAll(dir, 0o755))
		check(book.Write(dir))
		var extra []string
		if *profiles != "" {
			abs, err := filepath.Abs(filepath.Join(*profiles, "serve-N"+strconv.Itoa(n)+".prof"))
			check(err)
			extra = []string{"--cpuprofile", abs}
		}
		r := measure(bin, dir, book, *reqs, *edits, extra...)
		fmt.Printf("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %.1f MB |\n", n, book.Describe(), ms(r.init), ms(r.diags),
			pct(r.lat["definition"]), pct(r.lat["hover"]), pct(r.lat["completion"]), pct(r.lat["references"]), pct(r.lat["edit"]), float64(r.rssKB)/1024)
	}
}

type result struct {
	init, diags time.Duration
	lat         map[string][]time.Duration
	rssKB       int
}

type client struct {
	conn      jsonrpc2.Conn
	mu        sync.Mutex
	published map[string]int // publishes per URI
	changed   chan struct{}
}

type rwc struct {
	io.Reader
	io.WriteCloser
}

func measure(bin, dir string, book *scale.Book, reqs, edits int, args ...string) result {
	res := result{lat: map[string][]time.Duration{}}
	cmd := exec.Command(bin, append([]string{"--log-level", "error"}, args...)...)
	in, _ := cmd.StdinPipe()
	outp, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	start := time.Now()
	check(cmd.Start())
	c := &client{published: map[string]int{}, changed: make(chan struct{}, 1)}
	c.conn = jsonrpc2.NewConn(lsp.NewStream(rwc{outp, in}, lsp.StreamOptions{}))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == "textDocument/publishDiagnostics" {
			var p struct {
				URI string `json:"uri"`
			}
			_ = json.Unmarshal(req.Params(), &p)
			c.mu.Lock()
			c.published[p.URI]++
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		}
		if _, ok := req.(*jsonrpc2.Call); ok {
			go reply(ctx, nil, nil)
		}
		return nil
	})
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
	uri := func(name string) string { return root + "/" + name }
	call := func(method string, params, result any) {
		_, err := c.conn.Call(context.Background(), method, params, result)
		check(err)
	}
	var initRes json.RawMessage
	call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": root, "capabilities": map[string]any{
		"general": map[string]any{"positionEncodings": []string{"utf-16"}},
		// As VS Code and Neovim 0.10+ declare: the completion list's edit range comes once.
		"textDocument": map[string]any{"completion": map[string]any{"completionList": map[string]any{"itemDefaults": []string{"commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"}}}},
	}}, &initRes)
	res.init = time.Since(start)
	check(c.conn.Notify(context.Background(), "initialized", map[string]any{}))
	want := append([]string{".bookmarks"}, book.Order...)
	for {
		c.mu.Lock()
		all := true
		for _, f := range want {
			if c.published[uri(f)] == 0 {
				all = false
			}
		}
		c.mu.Unlock()
		if all {
			break
		}
		<-c.changed
	}
	res.diags = time.Since(start)

	target := book.Order[len(book.Order)/2]
	text := string(book.Files[target])
	ref := strings.Index(text, "[#")
	if ref < 0 {
		target, text = "chapter1.txt", string(book.Files["chapter1.txt"])
		ref = strings.Index(text, "[#")
	}
	pos := position(text, ref+3)
	after := position(text, ref+2)
	bm := strings.Index(text, ".bookmark ") + len(".bookmark ")
	tdp := protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: protocol.DocumentURI(uri(target))}, Position: pos}
	timeIt := func(kind string, n int, op func()) {
		for i := 0; i < n; i++ {
			t0 := time.Now()
			op()
			res.lat[kind] = append(res.lat[kind], time.Since(t0))
		}
	}
	var sink json.RawMessage
	timeIt("definition", reqs, func() { call("textDocument/definition", tdp, &sink) })
	timeIt("hover", reqs, func() { call("textDocument/hover", tdp, &sink) })
	timeIt("completion", reqs, func() {
		call("textDocument/completion", protocol.TextDocumentPositionParams{TextDocument: tdp.TextDocument, Position: after}, &sink)
	})
	timeIt("references", reqs, func() {
		call("textDocument/references", map[string]any{"textDocument": tdp.TextDocument, "position": position(text, bm), "context": map[string]any{"includeDeclaration": true}}, &sink)
	})

	check(c.conn.Notify(context.Background(), "textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: protocol.DocumentURI(uri(target)), LanguageID: "zguide", Version: 1, Text: text}}))
	mid := strings.Index(text[len(text)/2:], "\n") + len(text)/2 + 1
	at := position(text, mid)
	for i := 0; i < edits; i++ {
		c.mu.Lock()
		before := c.published[uri(target)]
		c.mu.Unlock()
		r := protocol.Range{Start: at, End: at}
		insert := "[#zz] "
		if i%2 == 1 {
			r.End.Character += 6
			insert = ""
		}
		t0 := time.Now()
		check(c.conn.Notify(context.Background(), "textDocument/didChange", map[string]any{
			"textDocument": map[string]any{"uri": uri(target), "version": i + 2}, "contentChanges": []any{map[string]any{"range": r, "text": insert}},
		}))
		for {
			c.mu.Lock()
			now := c.published[uri(target)]
			c.mu.Unlock()
			if now > before {
				break
			}
			select {
			case <-c.changed:
			case <-time.After(10 * time.Second):
				fmt.Fprintln(os.Stderr, "no publish after an edit")
				os.Exit(1)
			}
		}
		res.lat["edit"] = append(res.lat["edit"], time.Since(t0))
	}
	res.rssKB = peakRSS(cmd.Process.Pid)
	_, _ = c.conn.Call(context.Background(), "shutdown", nil, nil)
	_ = c.conn.Notify(context.Background(), "exit", nil)
	_ = cmd.Wait()
	return res
}

// position is the UTF-16 position of a byte offset.
func position(text string, off int) protocol.Position {
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	units := 0
	for _, r := range text[start:off] {
		units++
		if r > 0xFFFF {
			units++
		}
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// peakRSS reads VmHWM (kB) from /proc.
func peakRSS(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

func pct(d []time.Duration) string {
	if len(d) == 0 {
		return "-"
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return ms(d[len(d)/2]) + " / " + ms(d[len(d)*99/100])
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64) + " ms"
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
