package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// TestE2EKoreanPositions checks hover, definition and diagnostic ranges on
// the Korean translation in UTF-16 and in UTF-8, before and after an
// incremental edit inserting Korean text.
func TestE2EKoreanPositions(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root := filepath.Join(corpus(t), "zguide-2025")
	name := "xl8n/kr/chapter1.txt"
	orig := readText(t, filepath.Join(root, filepath.FromSlash(name)))
	lines := strings.Split(orig, "\n")
	for _, utf8 := range []bool{false, true} {
		p := startLSP(t, buildBinary(t), root, utf8)
		text := orig
		// The Korean line 126 references reliable-request-reply after Korean text.
		lineStart := len(strings.Join(lines[:125], "\n")) + 1
		ref := lineStart + strings.Index(lines[125], "[#reliable-request-reply]")
		check := func(text string, ref int) {
			t.Helper()
			var hover protocol.Hover
			p.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: tdp(p.uri(name), p.position(text, ref+4))}, &hover)
			want := protocol.Range{Start: p.position(text, ref+2), End: p.position(text, ref+2+len("reliable-request-reply"))}
			if hover.Range == nil || *hover.Range != want || !strings.Contains(lsptest.HoverText(hover), "Chapter 4 - Reliable Request-Reply Patterns") {
				t.Errorf("utf8=%v hover range %+v, want %+v (%q)", utf8, hover.Range, want, lsptest.HoverText(hover))
			}
			var locs []protocol.Location
			p.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: tdp(p.uri(name), p.position(text, ref+10))}, &locs)
			if len(locs) != 1 || string(locs[0].URI) != p.uri("chapter4.txt") || locs[0].Range.Start.Line != 2 {
				t.Errorf("utf8=%v definition from the translation: %+v", utf8, locs)
			}
		}
		check(text, ref)

		// The empty anchor of `++ 세상을 구원하다` (line 7) ends at the end of the line.
		ds := p.waitDiagnostics(name, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
		found := false
		for _, d := range ds {
			if lsptest.CodeOf(d) == "empty-anchor" && d.Range.Start.Line == 6 {
				found = true
				wantEnd := uint32(len(lines[6]))
				if !utf8 {
					wantEnd = uint32(len(utf16.Encode([]rune(lines[6]))))
				}
				if d.Range.Start.Character != 3 || d.Range.End.Character != wantEnd {
					t.Errorf("utf8=%v empty-anchor range %+v, want 6:3-6:%d", utf8, d.Range, wantEnd)
				}
			}
		}
		if !found {
			t.Errorf("utf8=%v: no empty-anchor diagnostic on line 7: %v", utf8, codes(ds))
		}

		// Insert Korean text (and an astral emoji) before the reference.
		p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(p.uri(name)), LanguageID: "zguide", Version: 1, Text: text}})
		insert := "새 문장 😀 "
		at := p.position(text, lineStart)
		p.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": p.uri(name), "version": 2},
			"contentChanges": []any{map[string]any{"range": protocol.Range{Start: at, End: at}, "text": insert}},
		})
		text = text[:lineStart] + insert + text[lineStart:]
		check(text, ref+len(insert))
	}
}

// TestE2EZguide2012Bookmarks opens the 2012 .bookmarks: one diagnostic per
// bad entry with its status, and definition from an entry to its header.
func TestE2EZguide2012Bookmarks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root := filepath.Join(corpus(t), "zguide-2012")
	p := startLSP(t, buildBinary(t), root, false)
	text := readText(t, filepath.Join(root, ".bookmarks"))
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(p.uri(".bookmarks")), LanguageID: "zguide-bookmarks", Version: 1, Text: text}})
	ds := p.waitDiagnostics(".bookmarks", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	perLine := map[uint32]string{}
	counts := map[string]int{}
	for _, d := range ds {
		c := lsptest.CodeOf(d)
		counts[c]++
		if c == "missing-entry" {
			continue
		}
		if prev, dup := perLine[d.Range.Start.Line]; dup {
			t.Errorf("line %d has two diagnostics: %s and %s", d.Range.Start.Line+1, prev, c)
		}
		perLine[d.Range.Start.Line] = c
	}
	if counts["stale-entry"] != 235 || counts["title-mismatch"] != 246 {
		t.Errorf("diagnostics by code %v; want 235 stale-entry and 246 title-mismatch", counts)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	landed := 0
	for i := range lines {
		var locs []protocol.Location
		p.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: tdp(p.uri(".bookmarks"), protocol.Position{Line: uint32(i)})}, &locs)
		stale := perLine[uint32(i)] == "stale-entry"
		if stale != (len(locs) == 0) {
			t.Errorf(".bookmarks line %d (%s): %d definitions", i+1, perLine[uint32(i)], len(locs))
			continue
		}
		for _, l := range locs {
			f := strings.TrimPrefix(string(l.URI), p.uri("")+"/")
			target := strings.Split(readText(t, filepath.Join(root, f)), "\n")[l.Range.Start.Line]
			if !strings.HasPrefix(target, "+") {
				t.Errorf(".bookmarks line %d lands on %s:%d %q, not a header", i+1, f, l.Range.Start.Line+1, target)
			}
			landed++
		}
	}
	if landed < 255 {
		t.Errorf("only %d entries landed on a header", landed)
	}
}

// TestE2EHeaderBookmarkRename edits chapter4's .bookmark: chapter1's
// references turn into stale references in the next publish, undoing
// clears them, and with the .bookmarks entry gone they are errors.
func TestE2EHeaderBookmarkRename(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	src := filepath.Join(corpus(t), "zguide-2025")
	root := t.TempDir()
	for _, f := range []string{"preface_web.txt", "chapter1.txt", "chapter2.txt", "chapter3.txt", "chapter4.txt", "chapter5.txt", "chapter6.txt", "chapter7.txt", "chapter8.txt", "postface.txt", ".bookmarks"} {
		if err := os.WriteFile(filepath.Join(root, f), []byte(readText(t, filepath.Join(src, f))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := startLSP(t, buildBinary(t), root, false)
	base := p.waitDiagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	count := func(ds []protocol.Diagnostic, code string) int {
		n := 0
		for _, d := range ds {
			if lsptest.CodeOf(d) == code {
				n++
			}
		}
		return n
	}
	ch1 := readText(t, filepath.Join(root, "chapter1.txt"))
	nRefs := strings.Count(ch1, "[#reliable-request-reply]")
	ch4 := readText(t, filepath.Join(root, "chapter4.txt"))
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(p.uri("chapter4.txt")), LanguageID: "zguide", Version: 1, Text: ch4}})
	nameAt := strings.Index(ch4, "reliable-request-reply")
	rng := protocol.Range{Start: p.position(ch4, nameAt), End: p.position(ch4, nameAt+len("reliable-request-reply"))}
	change := func(version int, r protocol.Range, text string) {
		p.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": p.uri("chapter4.txt"), "version": version},
			"contentChanges": []any{map[string]any{"range": r, "text": text}},
		})
	}
	change(2, rng, "reliable-rr")
	ds := p.waitDiagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return count(ds, "stale-reference") == nRefs })
	for _, d := range ds {
		if lsptest.CodeOf(d) == "stale-reference" && d.Severity != protocol.DiagnosticSeverityWarning {
			t.Errorf("stale reference severity %v", d.Severity)
		}
	}
	p.waitDiagnostics(".bookmarks", func(ds []protocol.Diagnostic) bool { return count(ds, "stale-entry") == 1 })

	// Undo: everything as before.
	change(3, protocol.Range{Start: rng.Start, End: protocol.Position{Line: rng.Start.Line, Character: rng.Start.Character + uint32(len("reliable-rr"))}}, "reliable-request-reply")
	p.waitDiagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return len(ds) == len(base) && count(ds, "stale-reference") == 0 })
	p.waitDiagnostics(".bookmarks", func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })

	// Rename again and delete the entry: undefined bookmarks, errors.
	change(4, rng, "reliable-rr")
	bm := readText(t, filepath.Join(root, ".bookmarks"))
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(p.uri(".bookmarks")), LanguageID: "zguide-bookmarks", Version: 1, Text: bm}})
	i := strings.Index(bm, "reliable-request-reply ")
	j := i + strings.IndexByte(bm[i:], '\n') + 1
	p.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": p.uri(".bookmarks"), "version": 2},
		"contentChanges": []any{map[string]any{"range": protocol.Range{Start: p.position(bm, i), End: p.position(bm, j)}, "text": ""}},
	})
	ds = p.waitDiagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return count(ds, "undefined-bookmark") == nRefs })
	for _, d := range ds {
		if lsptest.CodeOf(d) == "undefined-bookmark" && (d.Severity != protocol.DiagnosticSeverityError || lsptest.MessageOf(d) != "Undefined bookmark: reliable-request-reply; fix the name or add .bookmark reliable-request-reply before its header") {
			t.Errorf("undefined bookmark diagnostic %+v", d)
		}
	}
}

// TestE2EExitWithoutShutdown: exit before shutdown ends the process with
// status 1, and --log-file receives the logs while stdout carries only
// the protocol.
func TestE2EExitWithoutShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	logFile := filepath.Join(t.TempDir(), "server.log")
	cmd := exec.Command(buildBinary(t), "--log-file", logFile, "--log-level", "debug")
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`
	exit := `{"jsonrpc":"2.0","method":"exit"}`
	cmd.Stdin = strings.NewReader(frame(body) + frame(exit))
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("exit without shutdown: %v, want status 1", err)
	}
	if !strings.HasPrefix(string(out), "Content-Length: ") || strings.Count(string(out), "Content-Length") != 1 {
		t.Errorf("stdout must hold only the initialize reply: %q", out)
	}
	if logs, _ := os.ReadFile(logFile); !strings.Contains(string(logs), "initialize") {
		t.Errorf("debug log lacks the initialize request: %q", logs)
	}
}

func frame(body string) string {
	return "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}
