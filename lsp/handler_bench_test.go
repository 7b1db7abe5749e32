package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// BenchmarkPositionHandlers times the handlers of definition, hover and
// references alone, warm, on zguide-2025: no wire, no codec. Against the
// round trips of BenchmarkHover and of scripts/bench it says how much of a
// request is the handler's own work; in the real binary, between requests
// that wait on the pipe, the same handlers take two to four times as long
// (their data is out of the cache by then).
func BenchmarkPositionHandlers(b *testing.B) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "corpus", "zguide-2025"))
	if err != nil {
		b.Fatal(err)
	}
	ch1, err1 := os.ReadFile(filepath.Join(dir, "chapter1.txt"))
	ch8, err8 := os.ReadFile(filepath.Join(dir, "chapter8.txt"))
	if err1 != nil || err8 != nil {
		b.Skipf("corpus not found: %v %v", err1, err8)
	}
	s := NewServer(nil, nil, "bench")
	p, err := decodeParams[initializeParams]([]byte(`{"processId":null,"rootUri":"` + string(fileURI(dir)) +
		`","capabilities":{"textDocument":{"hover":{"contentFormat":["markdown"]}}}}`))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.initialize(context.Background(), p); err != nil {
		b.Fatal(err)
	}
	at := func(file string, text []byte, needle string, col int) protocol.TextDocumentPositionParams {
		off := strings.Index(string(text), needle) + col
		before := string(text[:off])
		line := strings.Count(before, "\n")
		return protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: fileURI(filepath.Join(dir, file))},
			Position:     protocol.Position{Line: uint32(line), Character: uint32(off - strings.LastIndexByte(before, '\n') - 1)}, // ASCII lines
		}
	}
	ref := at("chapter1.txt", ch1, "[#reliable-request-reply]", 5)
	bm := at("chapter8.txt", ch8, ".bookmark moving-pieces", 12)
	ctx := context.Background()
	if h, err := s.hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: ref}); h == nil || err != nil {
		b.Fatalf("no hover at %v: %v", ref.Position, err) // and the snapshot is built
	}
	b.Run("definition", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = s.definition(ctx, &protocol.DefinitionParams{TextDocumentPositionParams: ref})
		}
	})
	b.Run("hover", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = s.hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: ref})
		}
	})
	b.Run("references", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = s.references(ctx, &protocol.ReferenceParams{TextDocumentPositionParams: bm, Context: protocol.ReferenceContext{IncludeDeclaration: true}})
		}
	})
}
