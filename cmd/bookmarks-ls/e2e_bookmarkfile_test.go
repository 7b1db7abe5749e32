package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// sourceActionTitles asks for the source actions of a file at its first line.
func (p *lspProcess) sourceActionTitles(name string) []string {
	p.t.Helper()
	var actions []protocol.CodeAction
	p.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": p.uri(name)},
		"range": protocol.Range{}, "context": map[string]any{"diagnostics": []any{}, "only": []string{"source"}}}, &actions)
	titles := []string{}
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	return titles
}

// execute runs a command on a URI and returns the workspace/applyEdit the
// server sent meanwhile, if any.
func (p *lspProcess) execute(command, arg string) (protocol.ApplyWorkspaceEditParams, bool) {
	p.t.Helper()
	p.mu.Lock()
	before := len(p.calls)
	p.mu.Unlock()
	var res json.RawMessage
	p.call("workspace/executeCommand", map[string]any{"command": command, "arguments": []any{arg}}, &res)
	p.mu.Lock()
	defer p.mu.Unlock()
	var edits []protocol.ApplyWorkspaceEditParams
	for _, c := range p.calls[before:] {
		if c.Method() != "workspace/applyEdit" {
			continue
		}
		var e protocol.ApplyWorkspaceEditParams
		if err := (lsp.Codec{}).Unmarshal(c.Params(), &e); err != nil {
			p.t.Fatalf("workspace/applyEdit %s: %v", c.Params(), err)
		}
		edits = append(edits, e)
	}
	switch len(edits) {
	case 0:
		return protocol.ApplyWorkspaceEditParams{}, false
	case 1:
		return edits[0], true
	}
	p.t.Fatalf("%s sent %d workspace/applyEdit requests, want at most 1", command, len(edits))
	return protocol.ApplyWorkspaceEditParams{}, false
}

// applyTextEdits applies LSP edits (UTF-16 columns) to a text as an editor
// does: every range is read against the text before any edit.
func applyTextEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	offset := func(pos protocol.Position) int {
		at := 0
		for l := uint32(0); l < pos.Line; l++ {
			i := strings.IndexByte(text[at:], '\n')
			if i < 0 {
				t.Fatalf("edit at line %d of a %d-line text", pos.Line, l+1)
			}
			at += i + 1
		}
		for units := uint32(0); units < pos.Character; {
			r, n := utf8.DecodeRuneInString(text[at:])
			if n == 0 || r == '\n' {
				t.Fatalf("edit past the end of line %d", pos.Line)
			}
			units += uint32(len(utf16.Encode([]rune{r})))
			at += n
		}
		return at
	}
	out, at := "", 0
	for _, e := range edits {
		s, z := offset(e.Range.Start), offset(e.Range.End)
		if s < at || z < s {
			t.Fatalf("edits overlap or run backwards: %+v", edits)
		}
		out += text[at:s] + e.NewText
		at = z
	}
	return out + text[at:]
}

// TestE2ERepairThe2012Book: on the 2012 seed book the .bookmarks file
// offers Regenerate (which cannot fix it) and Repair; bookmarks.repair sends
// an edit that touches only the lines that change, and once the editor
// applies it the audits report nothing.
func TestE2ERepairThe2012Book(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root := filepath.Join(corpus(t), "zguide-2012")
	p := startLSP(t, buildBinary(t), root, false)
	text := readText(t, filepath.Join(root, ".bookmarks"))
	bm := p.uri(".bookmarks")
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(bm), LanguageID: "zguide-bookmarks", Version: 1, Text: text}})
	p.waitDiagnostics(".bookmarks", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })

	repairTitle := "Repair .bookmarks: remove 235 stale entries, correct 246 titles, add 12 missing entries"
	want := []string{"Remove all stale entries of .bookmarks (235)", "Regenerate .bookmarks as z2w-2012-11 would write it", repairTitle}
	if got := p.sourceActionTitles(".bookmarks"); !reflect.DeepEqual(got, want) {
		t.Errorf("source actions of .bookmarks:\n got %q\nwant %q", got, want)
	}

	ae, ok := p.execute("bookmarks.repair", bm)
	if !ok || optPtr(ae.Label) != repairTitle || len(ae.Edit.Changes) != 1 {
		t.Fatalf("bookmarks.repair sent %v %q on %d files, want the repair of .bookmarks", ok, optPtr(ae.Label), len(ae.Edit.Changes))
	}
	edits := ae.Edit.Changes[lsp.DocumentURI(bm)]
	touched := 0
	for _, e := range edits {
		touched += int(e.Range.End.Line - e.Range.Start.Line)
	}
	if lines := strings.Count(text, "\n"); touched != 235+246 || lines != 490 {
		t.Errorf("the repair replaces %d of %d lines, want the 235 stale and 246 mistitled ones only", touched, lines)
	}
	repaired := applyTextEdits(t, text, edits)
	p.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": bm, "version": 2},
		"contentChanges": []any{map[string]any{"text": repaired}}})
	p.waitDiagnostics(".bookmarks", func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
	// The era's converter would still write its off-by-one titles.
	if got := p.sourceActionTitles(".bookmarks"); !reflect.DeepEqual(got, want[1:2]) {
		t.Errorf("source actions of the repaired .bookmarks: %q, want only %q", got, want[1:2])
	}
}

// TestE2ERegenerateKeepsTheGuidesOrder: the real Guide's .bookmarks holds
// what mkwikidot writes, in hash order: nothing to regenerate. After
// chapter 4 is renamed in the editor, bookmarks.regenerate changes exactly
// its bookmark's line and appends the new automatic anchor.
func TestE2ERegenerateKeepsTheGuidesOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root := filepath.Join(corpus(t), "zguide-2025")
	p := startLSP(t, buildBinary(t), root, false)
	p.waitDiagnostics(".bookmarks", func([]protocol.Diagnostic) bool { return true })
	if got := p.sourceActionTitles(".bookmarks"); len(got) != 0 {
		t.Errorf("source actions of the Guide's .bookmarks: %q, want none", got)
	}
	if ae, ok := p.execute("bookmarks.regenerate", p.uri("")); ok {
		t.Errorf("bookmarks.regenerate on the unchanged Guide sent %d edits, want none", len(ae.Edit.Changes[lsp.DocumentURI(p.uri(".bookmarks"))]))
	}

	ch4 := readText(t, filepath.Join(root, "chapter4.txt"))
	const old, renamed = "\n+ Reliable Request-Reply Patterns\n", "\n+ Reliable Request-Reply Pattern Language\n"
	if strings.Count(ch4, old) != 1 {
		t.Fatalf("chapter4.txt has %d headers %q", strings.Count(ch4, old), old)
	}
	u4 := p.uri("chapter4.txt")
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(u4), LanguageID: "zguide", Version: 1, Text: ch4}})
	p.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": u4, "version": 2},
		"contentChanges": []any{map[string]any{"text": strings.Replace(ch4, old, renamed, 1)}}})
	lines := strings.Split(readText(t, filepath.Join(root, ".bookmarks")), "\n")
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "reliable-request-reply ") {
			at = i
		}
	}
	title := "Chapter 4 - Reliable Request-Reply Pattern Language"
	end := protocol.Position{Line: uint32(len(lines) - 1)}
	want := []protocol.TextEdit{
		{Range: protocol.Range{Start: protocol.Position{Line: uint32(at)}, End: protocol.Position{Line: uint32(at + 1)}}, NewText: "reliable-request-reply " + title + "\n"},
		{Range: protocol.Range{Start: end, End: end}, NewText: "Chapter-Reliable-Request-Reply-Pattern-Language " + title + "\n"},
	}
	ae, ok := p.execute("bookmarks.regenerate", u4)
	if got := ae.Edit.Changes[lsp.DocumentURI(p.uri(".bookmarks"))]; !ok || len(ae.Edit.Changes) != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("bookmarks.regenerate after renaming chapter 4 (sent %v, %d files):\n got %+v\nwant %+v", ok, len(ae.Edit.Changes), got, want)
	}
}
