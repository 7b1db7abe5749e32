package lsp_test

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

func TestDocumentHighlight(t *testing.T) {
	m := loadMarked(t, "documentHighlight/book.txtar")
	highlight := func(at string) []protocol.DocumentHighlight {
		var got []protocol.DocumentHighlight
		m.call("textDocument/documentHighlight", protocol.DocumentHighlightParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: m.doc("chapter1.txt"), Position: m.at(at)}}, &got)
		return got
	}
	w := func(from, to string) protocol.DocumentHighlight {
		return protocol.DocumentHighlight{Range: m.rng(from, to), Kind: protocol.DocumentHighlightKindWrite}
	}
	r := func(from, to string) protocol.DocumentHighlight {
		return protocol.DocumentHighlight{Range: m.rng(from, to), Kind: protocol.DocumentHighlightKindRead}
	}
	// From a reference: the .bookmark and the header define basics; the
	// reference in chapter2.txt is in another document.
	want := []protocol.DocumentHighlight{w("n0", "n0e"), w("h0", "h0e"), r("r1", "r1e"), r("r2", "r2e")}
	if got := highlight("r2"); !reflect.DeepEqual(got, want) {
		t.Errorf("highlights of [#basics]:\n got %+v\nwant %+v", got, want)
	}
	// From the header: both anchors it produces.
	want = []protocol.DocumentHighlight{w("n0", "n0e"), w("h0", "h0e"), r("r1", "r1e"), r("r2", "r2e"), r("ra", "rae")}
	if got := highlight("h0"); !reflect.DeepEqual(got, want) {
		t.Errorf("highlights of the header Basics:\n got %+v\nwant %+v", got, want)
	}
	want = []protocol.DocumentHighlight{w("sn", "sne"), r("su", "sue")}
	if got := highlight("su"); !reflect.DeepEqual(got, want) {
		t.Errorf("highlights of $(HARBOUR):\n got %+v\nwant %+v", got, want)
	}
}
