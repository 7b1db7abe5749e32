package lsp_test

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

func TestDocumentSymbolTree(t *testing.T) {
	m := loadMarked(t, "documentSymbol/book.txtar")
	var got []protocol.DocumentSymbol
	m.call("textDocument/documentSymbol", protocol.DocumentSymbolParams{TextDocument: m.doc("chapter1.txt")}, &got)
	want := []protocol.DocumentSymbol{{
		Name: "Basics", Detail: str("Chapter 1 - Basics · #basics · #Chapter-Basics"), Kind: protocol.SymbolKindNamespace,
		Range: m.rng("c1", "c1e"), SelectionRange: m.rng("t1", "t1e"),
		Children: []protocol.DocumentSymbol{
			{Name: "Fixing the World", Detail: str("#Fixing-the-World"), Kind: protocol.SymbolKindClass, Range: m.rng("c2", "c2e"), SelectionRange: m.rng("t2", "t2e")},
			{Name: "Getting Started", Detail: str("#Getting-Started"), Kind: protocol.SymbolKindClass, Range: m.rng("c3", "c1e"), SelectionRange: m.rng("t3", "t3e"),
				Children: []protocol.DocumentSymbol{
					{Name: "Step One", Detail: str("#Step-One"), Kind: protocol.SymbolKindMethod, Range: m.rng("c4", "c1e"), SelectionRange: m.rng("t4", "t4e")},
				}},
		},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outline of chapter1.txt:\n got %+v\nwant %+v", got, want)
	}
}

func TestDocumentSymbolBookmarkEntries(t *testing.T) {
	m := loadMarked(t, "documentSymbol/book.txtar")
	var got []protocol.DocumentSymbol
	m.call("textDocument/documentSymbol", protocol.DocumentSymbolParams{TextDocument: m.doc(".bookmarks")}, &got)
	want := []protocol.DocumentSymbol{
		{Name: "basics", Detail: str("Chapter 1 - Basics"), Kind: protocol.SymbolKindKey, Range: m.rng("b1", "b1e"), SelectionRange: m.rng("a1", "a1e")},
		{Name: "Chapter-Basics", Detail: str("Chapter 1 - Basics"), Kind: protocol.SymbolKindKey, Range: m.rng("b2", "b2e"), SelectionRange: m.rng("a2", "a2e")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outline of .bookmarks (one symbol per readable entry):\n got %+v\nwant %+v", got, want)
	}
}
