package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// TestE2EEveryMethodOnTheExampleBook calls every method the server
// advertises through the built binary over stdio, on a copy of the
// example book, and checks one exact fact of each answer.
func TestE2EEveryMethodOnTheExampleBook(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root := t.TempDir()
	src := filepath.Join("..", "..", "examples")
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(root, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	p := startLSP(t, buildBinary(t), root, false)
	ch1 := readText(t, filepath.Join(root, "chapter1.txt"))
	ch2 := readText(t, filepath.Join(root, "chapter2.txt"))
	doc := protocol.TextDocumentIdentifier{URI: lsp.DocumentURI(p.uri("chapter1.txt"))}
	doc2 := protocol.TextDocumentIdentifier{URI: lsp.DocumentURI(p.uri("chapter2.txt"))}
	p.waitDiagnostics("chapter2.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })

	var syms []struct {
		Name     string `json:"name"`
		Children []struct {
			Name string `json:"name"`
		} `json:"children"`
	}
	p.call("textDocument/documentSymbol", map[string]any{"textDocument": doc}, &syms)
	if len(syms) != 1 || syms[0].Name != "Folding Basics" || len(syms[0].Children) != 1 || syms[0].Children[0].Name != "Paper 101" {
		t.Errorf("documentSymbol: %+v", syms)
	}

	var wsyms []protocol.SymbolInformation
	p.call("workspace/symbol", map[string]any{"query": "launch"}, &wsyms)
	names := []string{}
	for _, s := range wsyms {
		names = append(names, s.Name)
	}
	if !strings.Contains(strings.Join(names, " "), "launching") {
		t.Errorf("workspace/symbol launch: %v", names)
	}

	var folds []protocol.FoldingRange
	p.call("textDocument/foldingRange", map[string]any{"textDocument": doc}, &folds)
	if len(folds) < 4 {
		t.Errorf("foldingRange: %+v", folds)
	}

	var links []protocol.DocumentLink
	p.call("textDocument/documentLink", map[string]any{"textDocument": doc}, &links)
	found := false
	for _, l := range links {
		found = found || l.Target != nil && string(*l.Target) == "http://example.org/folds"
	}
	if !found {
		t.Errorf("documentLink lacks the external link: %+v", links)
	}

	refAt := p.position(ch2, strings.Index(ch2, "[#folding]")+3)
	var hl []protocol.DocumentHighlight
	p.call("textDocument/documentHighlight", map[string]any{"textDocument": doc2, "position": refAt}, &hl)
	if len(hl) != 1 || hl[0].Kind != protocol.DocumentHighlightKindRead || hl[0].Range.Start != p.position(ch2, strings.Index(ch2, "[#folding]")+2) {
		t.Errorf("documentHighlight of folding in chapter2: %+v", hl)
	}

	var sel []json.RawMessage
	p.call("textDocument/selectionRange", map[string]any{"textDocument": doc2, "positions": []protocol.Position{refAt}}, &sel)
	if len(sel) != 1 || !strings.Contains(string(sel[0]), `"parent"`) {
		t.Errorf("selectionRange: %s", sel)
	}

	var hints []struct {
		Label    string            `json:"label"`
		Position protocol.Position `json:"position"`
	}
	p.call("textDocument/inlayHint", map[string]any{"textDocument": doc2, "range": protocol.Range{End: protocol.Position{Line: 40}}}, &hints)
	ok := false
	for _, h := range hints {
		ok = ok || (h.Label == "→ Chapter 1 - Folding Basics" && h.Position == p.position(ch2, strings.Index(ch2, "[#folding]")+len("[#folding]")))
	}
	if !ok {
		t.Errorf("inlayHint after [#folding]: %+v", hints)
	}

	var tokens struct {
		Data []uint32 `json:"data"`
	}
	p.call("textDocument/semanticTokens/full", map[string]any{"textDocument": doc}, &tokens)
	if len(tokens.Data) == 0 || len(tokens.Data)%5 != 0 {
		t.Errorf("semanticTokens/full: %d numbers", len(tokens.Data))
	}
	p.call("textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": protocol.Range{End: protocol.Position{Line: 3}}}, &tokens)
	if len(tokens.Data) == 0 {
		t.Error("semanticTokens/range: no tokens on the first lines")
	}

	var lenses []protocol.CodeLens
	p.call("textDocument/codeLens", map[string]any{"textDocument": doc}, &lenses)
	if len(lenses) == 0 || lenses[0].Command.Command == "" || !strings.HasSuffix(lenses[0].Command.Title, "references") && !strings.HasSuffix(lenses[0].Command.Title, "reference") {
		t.Errorf("codeLens: %+v", lenses)
	}

	nowhere := strings.Index(ch2, "[#nowhere]")
	var actions []protocol.CodeAction
	p.call("textDocument/codeAction", map[string]any{"textDocument": doc2,
		"range":   protocol.Range{Start: p.position(ch2, nowhere), End: p.position(ch2, nowhere+10)},
		"context": map[string]any{"diagnostics": []any{}}}, &actions)
	if len(actions) == 0 {
		t.Errorf("codeAction on [#nowhere]: none")
	}

	var status struct {
		Profile string `json:"profile"`
		Anchors int    `json:"anchors"`
	}
	p.call("bookmarks/status", map[string]any{"uri": p.uri("chapter1.txt")}, &status)
	if status.Profile != "mkwikidot" || status.Anchors < 10 {
		t.Errorf("bookmarks/status: %+v", status)
	}

	var res json.RawMessage
	p.call("workspace/executeCommand", map[string]any{"command": "bookmarks.regenerate", "arguments": []any{p.uri("chapter1.txt")}}, &res)
	_ = ch1
}
