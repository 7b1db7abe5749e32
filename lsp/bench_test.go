package lsp_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// corpusBook returns ../shared/corpus/zguide-2025 and its chapter texts;
// the benchmarks skip without the corpus.
func corpusBook(b *testing.B) (string, map[string]string) {
	dir, _ := filepath.Abs(filepath.Join("..", "..", "shared", "corpus", "zguide-2025"))
	files := map[string]string{}
	for _, f := range []string{"chapter1.txt", "chapter3.txt", "chapter4.txt", "chapter8.txt"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			b.Skipf("corpus not found: %v", err)
		}
		files[f] = string(data)
	}
	return dir, files
}

// reportMedian runs op b.N times and reports the median and p99 latency.
func reportMedian(b *testing.B, op func()) {
	b.Helper()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		op()
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "µs-median")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "µs-p99")
}

func benchEnv(b *testing.B) *env {
	dir, files := corpusBook(b)
	e := newEnvAt(b, dir, files)
	e.diagnostics("chapter1.txt", func([]protocol.Diagnostic) bool { return true })
	return e
}

func BenchmarkDefinition(b *testing.B) {
	e := benchEnv(b)
	pos := e.pos("chapter1.txt", "[#reliable-request-reply]", 5)
	reportMedian(b, func() {
		var locs []protocol.Location
		e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: pos}}, &locs)
	})
}

func BenchmarkHover(b *testing.B) {
	e := benchEnv(b)
	pos := e.pos("chapter1.txt", "[#reliable-request-reply]", 5)
	reportMedian(b, func() {
		var h protocol.Hover
		e.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: pos}}, &h)
	})
}

func BenchmarkCompletionAfterHash(b *testing.B) {
	e := benchEnv(b)
	pos := e.pos("chapter1.txt", "[#reliable-request-reply]", 2)
	reportMedian(b, func() {
		var l protocol.CompletionList
		e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: pos}}, &l)
	})
}

// BenchmarkCompletionAfterHashRe measures completion while typing `[#Re`
// at the end of chapter1.txt: the prefix narrows the list by name and
// title, and there is no closing bracket yet.
func BenchmarkCompletionAfterHashRe(b *testing.B) {
	e := benchEnv(b)
	e.open("chapter1.txt")
	text := e.files["chapter1.txt"]
	end := e.posAt(text, len(text))
	e.edit("chapter1.txt", 2, end, end, "\nSee [#Re", len(text), len(text))
	pos := e.posAt(e.files["chapter1.txt"], len(e.files["chapter1.txt"]))
	reportMedian(b, func() {
		var l protocol.CompletionList
		e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: pos}}, &l)
	})
}

// BenchmarkCompletionServer measures completion on the server's side of
// the wire: from the request frame in to the response frame out, nothing
// decoded (BenchmarkCompletionAfterHash adds the test client's decoding of
// the answer). After `[#` (every anchor) and while typing `[#Re`, for a
// client without LSP 3.17 completionList.itemDefaults (a textEdit per item)
// and one with it (VS Code, Neovim).
func BenchmarkCompletionServer(b *testing.B) {
	dir, files := corpusBook(b)
	typed := files["chapter1.txt"] + "\nSee [#Re"
	clients := []struct {
		name string
		caps map[string]any
	}{
		{"textEdit", map[string]any{}},
		{"itemDefaults", map[string]any{"textDocument": map[string]any{"completion": map[string]any{
			"completionList": map[string]any{"itemDefaults": []string{"commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"}}}}}},
	}
	for _, c := range clients {
		w := newWireServer(b, dir, c.caps)
		w.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: w.uri("chapter1.txt"), LanguageID: "zguide", Version: 1, Text: typed}})
		b.Run(c.name+"/after-hash", func(b *testing.B) {
			w.serverSide(b, "textDocument/completion", completionAt(w.uri("chapter1.txt"), utf16Position(typed, strings.Index(typed, "[#reliable-request-reply]")+2)))
		})
		b.Run(c.name+"/after-hash-Re", func(b *testing.B) {
			w.serverSide(b, "textDocument/completion", completionAt(w.uri("chapter1.txt"), utf16Position(typed, len(typed))))
		})
	}
}

func BenchmarkReferences(b *testing.B) {
	e := benchEnv(b)
	pos := e.pos("chapter8.txt", ".bookmark moving-pieces", 12)
	reportMedian(b, func() {
		var locs []protocol.Location
		e.call("textDocument/references", protocol.ReferenceParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter8.txt")}, Position: pos}, Context: protocol.ReferenceContext{IncludeDeclaration: true}}, &locs)
	})
}

// BenchmarkEditToDiagnostics measures a keystroke in chapter3.txt until
// the publish that reflects it reaches the client.
func BenchmarkEditToDiagnostics(b *testing.B) {
	e := benchEnv(b)
	e.open("chapter3.txt")
	text := e.files["chapter3.txt"]
	mid := strings.Index(text[len(text)/2:], "\n") + len(text)/2 + 1
	at := e.posAt(text, mid)
	version := int32(1)
	toggle := false
	reportMedian(b, func() {
		// Alternate adding and removing a broken reference, so that every
		// edit changes chapter3's diagnostics.
		version++
		before := len(e.c.Messages("textDocument/publishDiagnostics"))
		if toggle = !toggle; toggle {
			e.edit("chapter3.txt", version, at, at, "[#zz] ", mid, mid)
		} else {
			e.edit("chapter3.txt", version, at, protocol.Position{Line: at.Line, Character: at.Character + 6}, "", mid, mid+6)
		}
		for len(e.c.Messages("textDocument/publishDiagnostics")) == before {
			time.Sleep(20 * time.Microsecond)
		}
	})
}

// BenchmarkRename renames the most referenced anchor of the corpus
// (reliable-request-reply, 15 references) from a reference in chapter1.txt.
func BenchmarkRename(b *testing.B) {
	e := benchEnv(b)
	pos := e.pos("chapter1.txt", "[#reliable-request-reply]", 5)
	reportMedian(b, func() {
		var we protocol.WorkspaceEdit
		e.call("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: pos}, NewName: "dependable-request-reply"}, &we)
	})
}

// BenchmarkDocumentSymbol lists the symbols of chapter8.txt, the largest
// chapter of the corpus (125 KB).
func BenchmarkDocumentSymbol(b *testing.B) {
	e := benchEnv(b)
	reportMedian(b, func() {
		var syms []protocol.DocumentSymbol
		e.call("textDocument/documentSymbol", protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter8.txt")}}, &syms)
	})
}

// BenchmarkWorkspaceSymbol searches every anchor and title for "reli".
func BenchmarkWorkspaceSymbol(b *testing.B) {
	e := benchEnv(b)
	reportMedian(b, func() {
		var syms []protocol.SymbolInformation
		e.call("workspace/symbol", protocol.WorkspaceSymbolParams{Query: "reli"}, &syms)
	})
}

// BenchmarkSemanticTokensFull tokenises chapter8.txt, the largest chapter.
func BenchmarkSemanticTokensFull(b *testing.B) {
	e := benchEnv(b)
	reportMedian(b, func() {
		var toks protocol.SemanticTokens
		e.call("textDocument/semanticTokens/full", protocol.SemanticTokensParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter8.txt")}}, &toks)
	})
}
