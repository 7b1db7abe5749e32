package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// lspProcess is the real binary serving LSP over stdio, and a client.
type lspProcess struct {
	t     *testing.T
	cmd   *exec.Cmd
	conn  jsonrpc2.Conn
	root  string
	utf8  bool
	mu    sync.Mutex
	notes []*jsonrpc2.Notification
	calls []*jsonrpc2.Call // requests from the server, answered with null
}

type pipeRWC struct {
	io.Reader
	io.WriteCloser
}

func startLSP(t *testing.T, bin, root string, utf8 bool) *lspProcess {
	t.Helper()
	cmd := exec.Command(bin, "--stdio", "--log-level", "warn")
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &lspProcess{t: t, cmd: cmd, root: root}
	p.conn = jsonrpc2.NewConn(lsp.NewStream(pipeRWC{out, in}, lsp.StreamOptions{}), jsonrpc2.WithCodec(lsp.Codec{}))
	p.conn.Go(context.Background(), func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		// Kept past the handler: copies, not the method and params the Stream lends.
		method, params := strings.Clone(req.Method()), bytes.Clone(req.Params())
		if !req.IsCall() {
			p.mu.Lock()
			p.notes = append(p.notes, jsonrpc2.NewNotification(method, params))
			p.mu.Unlock()
			return nil, nil
		}
		p.mu.Lock()
		p.calls = append(p.calls, jsonrpc2.NewCall(req.ID(), method, params))
		p.mu.Unlock()
		jsonrpc2.Async(ctx)
		return nil, nil // configuration, registerCapability, progress, applyEdit
	})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = p.conn.Call(ctx, "shutdown", nil, nil)
		_ = p.conn.Notify(ctx, "exit", nil)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server exit after shutdown+exit: %v (want status 0)", err)
			}
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			t.Error("server did not exit after shutdown+exit")
		}
	})
	caps := map[string]any{"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown"}}}}
	if utf8 {
		caps["general"] = map[string]any{"positionEncodings": []string{"utf-8"}}
	}
	var res struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
		} `json:"capabilities"`
	}
	p.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": p.uri(""), "capabilities": caps}, &res)
	p.utf8 = res.Capabilities.PositionEncoding == "utf-8"
	if p.utf8 != utf8 {
		t.Fatalf("negotiated encoding %q", res.Capabilities.PositionEncoding)
	}
	p.notify("initialized", map[string]any{})
	return p
}

func (p *lspProcess) uri(name string) string {
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(p.root)}).String()
	if name == "" {
		return u
	}
	return u + "/" + name
}

func (p *lspProcess) call(method string, params, result any) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := p.conn.Call(ctx, method, params, result); err != nil {
		p.t.Fatalf("%s: %v", method, err)
	}
}

func (p *lspProcess) notify(method string, params any) {
	p.t.Helper()
	if err := p.conn.Notify(context.Background(), method, params); err != nil {
		p.t.Fatal(err)
	}
}

// published returns the last diagnostics published for each URI.
func (p *lspProcess) published() map[string][]protocol.Diagnostic {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string][]protocol.Diagnostic{}
	for _, n := range p.notes {
		if n.Method() != "textDocument/publishDiagnostics" {
			continue
		}
		var d protocol.PublishDiagnosticsParams
		if (lsp.Codec{}).Unmarshal(n.Params(), &d) == nil {
			out[string(d.URI)] = d.Diagnostics
		}
	}
	return out
}

func (p *lspProcess) waitDiagnostics(name string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	p.t.Helper()
	var last []protocol.Diagnostic
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		ds, found := p.published()[p.uri(name)]
		last = ds
		if found && ok(ds) {
			return ds
		}
	}
	p.t.Fatalf("%s: diagnostics never matched; last %v", name, codes(last))
	return nil
}

func codes(ds []protocol.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, lsptest.CodeOf(d))
	}
	return out
}

// position computes an LSP position independently of the server: the
// line and the column in UTF-16 code units (or bytes in UTF-8 mode).
func (p *lspProcess) position(text string, off int) protocol.Position {
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	col := off - start
	if !p.utf8 {
		col = len(utf16.Encode([]rune(text[start:off])))
	}
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

func tdp(uri string, pos protocol.Position) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: lsp.DocumentURI(uri)}, Position: pos}
}

func readText(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// allIndex returns every byte offset of sub in s.
func allIndex(s, sub string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + 1
	}
}

// readBookmarks parses a .bookmarks file independently: anchor → title.
func readBookmarksFile(t *testing.T, path string) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(readText(t, path)))
	for sc.Scan() {
		if a, title, ok := strings.Cut(sc.Text(), " "); ok {
			out[a] = title
		}
	}
	return out
}

func TestE2EServerOnZguide2025(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	root := filepath.Join(corpus(t), "zguide-2025")
	p := startLSP(t, buildBinary(t), root, false)

	// Every book file gets diagnostics, opened or not.
	files := []string{"preface_web.txt", "chapter1.txt", "chapter2.txt", "chapter3.txt", "chapter4.txt", "chapter5.txt", "chapter6.txt", "chapter7.txt", "chapter8.txt", "postface.txt", ".bookmarks", "site/.bookmarks", "xl8n/kr/chapter1.txt", "xl8n/chapter1.txt", "part1.txt", "preface_print.txt"}
	for _, f := range files {
		p.waitDiagnostics(f, func([]protocol.Diagnostic) bool { return true })
	}
	if ds := p.published()[p.uri("README.txt")]; ds != nil {
		t.Errorf("README.txt is not a guide file but got diagnostics %v", codes(ds))
	}

	ch1 := readText(t, filepath.Join(root, "chapter1.txt"))
	ch4 := readText(t, filepath.Join(root, "chapter4.txt"))
	refs := allIndex(ch1, "[#reliable-request-reply]")
	if len(refs) == 0 {
		t.Fatal("chapter1.txt has no [#reliable-request-reply]")
	}
	for _, off := range refs {
		var locs []protocol.Location
		p.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: tdp(p.uri("chapter1.txt"), p.position(ch1, off+5))}, &locs)
		if len(locs) != 1 || string(locs[0].URI) != p.uri("chapter4.txt") || locs[0].Range.Start.Line != 2 {
			t.Errorf("definition at chapter1.txt offset %d: %+v, want chapter4.txt line 2", off, locs)
		}
	}
	if lines := strings.Split(ch4, "\n"); lines[2] != "+ Reliable Request-Reply Patterns" {
		t.Fatalf("chapter4.txt line 3 is %q", lines[2])
	}

	// Hover: the rendered title and the section's first paragraph.
	var hover protocol.Hover
	p.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: tdp(p.uri("chapter1.txt"), p.position(ch1, refs[0]+3))}, &hover)
	// The paragraph as the built page reads it: each reference shows its
	// stored title (in italics), never the raw [#name].
	titles := readBookmarksFile(t, filepath.Join(root, ".bookmarks"))
	para := regexp.MustCompile(`\[#([^\]\s]+)\]`).ReplaceAllStringFunc(firstParagraph(ch4, 2), func(ref string) string {
		return "*" + titles[ref[2:len(ref)-1]] + "*"
	})
	if !strings.Contains(lsptest.HoverText(hover), "Chapter 4 - Reliable Request-Reply Patterns") || !strings.Contains(lsptest.HoverText(hover), para[:60]) {
		t.Errorf("hover %q lacks the title or the start of %q", lsptest.HoverText(hover), para[:60])
	}
	if strings.Contains(lsptest.HoverText(hover), "[#") {
		t.Errorf("hover shows raw guide markup: %q", lsptest.HoverText(hover))
	}

	// Completion right after `[#`: every anchor of .bookmarks with its title.
	stored := readBookmarksFile(t, filepath.Join(root, ".bookmarks"))
	var list protocol.CompletionList
	p.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: tdp(p.uri("chapter1.txt"), p.position(ch1, refs[0]+2))}, &list)
	got := map[string]string{}
	for _, it := range list.Items {
		got[it.Label] = optString(it.Detail)
	}
	if len(stored) != 284 || len(got) != 284 {
		t.Errorf("completion offers %d anchors, .bookmarks has %d; want 284", len(got), len(stored))
	}
	for a, title := range stored {
		if got[a] != title {
			t.Errorf("completion item %q has detail %q, want %q", a, got[a], title)
		}
	}

	// Typing [#Lazy narrows to the anchors whose titles contain "Lazy".
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(p.uri("chapter1.txt")), LanguageID: "zguide", Version: 1, Text: ch1}})
	end := p.position(ch1, len(ch1))
	p.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": p.uri("chapter1.txt"), "version": 2},
		"contentChanges": []any{map[string]any{"range": protocol.Range{Start: end, End: end}, "text": "See [#Lazy"}},
	})
	edited := ch1 + "See [#Lazy"
	p.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: tdp(p.uri("chapter1.txt"), p.position(edited, len(edited)))}, &list)
	var lazy, want []string
	for _, it := range list.Items {
		lazy = append(lazy, it.Label)
	}
	for a, title := range stored {
		if strings.Contains(strings.ToLower(title), "lazy") {
			want = append(want, a)
		}
	}
	sort.Strings(lazy)
	sort.Strings(want)
	if len(want) == 0 || strings.Join(lazy, " ") != strings.Join(want, " ") {
		t.Errorf("[#Lazy offers %v, want %v", lazy, want)
	}

	// References of moving-pieces: every use in every guide file.
	ch8 := readText(t, filepath.Join(root, "chapter8.txt"))
	bm := strings.Index(ch8, ".bookmark moving-pieces") + len(".bookmark ")
	var locs []protocol.Location
	p.call("textDocument/references", protocol.ReferenceParams{TextDocumentPositionParams: tdp(p.uri("chapter8.txt"), p.position(ch8, bm)), Context: protocol.ReferenceContext{IncludeDeclaration: false}}, &locs)
	wantRefs := map[string]bool{}
	for _, f := range []string{"preface_web.txt", "chapter1.txt", "chapter2.txt", "chapter3.txt", "chapter4.txt", "chapter5.txt", "chapter6.txt", "chapter7.txt", "chapter8.txt", "postface.txt", "xl8n/chapter1.txt", "xl8n/kr/chapter1.txt"} {
		text := readText(t, filepath.Join(root, f))
		for _, off := range allIndex(text, "[#moving-pieces]") {
			pos := p.position(text, off+2)
			wantRefs[p.uri(f)+":"+itoa(pos.Line)+":"+itoa(pos.Character)] = true
		}
	}
	gotRefs := map[string]bool{}
	for _, l := range locs {
		gotRefs[string(l.URI)+":"+itoa(l.Range.Start.Line)+":"+itoa(l.Range.Start.Character)] = true
	}
	if len(wantRefs) < 3 || len(gotRefs) != len(wantRefs) {
		t.Errorf("references of moving-pieces: %d, want %d", len(gotRefs), len(wantRefs))
	}
	for k := range wantRefs {
		if !gotRefs[k] {
			t.Errorf("missing reference %s", k)
		}
	}

	// Rename: one WorkspaceEdit over every reference, the .bookmark line
	// and both bookmark files.
	var we protocol.WorkspaceEdit
	p.call("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: tdp(p.uri("chapter8.txt"), p.position(ch8, bm)), NewName: "distributed-framework"}, &we)
	count := 0
	touched := map[string]bool{}
	for u, edits := range we.Changes {
		for _, e := range edits {
			touched[string(u)] = true
			if e.NewText != "distributed-framework" && !strings.HasPrefix(e.NewText, "distributed-framework") {
				t.Errorf("edit %+v in %s", e, u)
			}
			count++
		}
	}
	if count != len(wantRefs)+1+2 || !touched[p.uri(".bookmarks")] || !touched[p.uri("site/.bookmarks")] || !touched[p.uri("chapter8.txt")] {
		t.Errorf("rename touches %d places in %v; want %d references + .bookmark + 2 bookmark files", count, touched, len(wantRefs))
	}
}

// firstParagraph returns the text lines after line n up to a blank line.
func firstParagraph(text string, n int) string {
	lines := strings.Split(text, "\n")
	var para []string
	for _, l := range lines[n+1:] {
		l = strings.TrimRight(l, " \t\r")
		if l == "" || strings.HasPrefix(l, ".") {
			if len(para) > 0 {
				break
			}
			continue
		}
		para = append(para, l)
	}
	return strings.Join(para, " ")
}

func itoa(n uint32) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func optString(o protocol.Optional[string]) string {
	s, _ := o.Get()
	return s
}

func optPtr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
