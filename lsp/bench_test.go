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
