package lsp_test

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

func TestDocumentLinks(t *testing.T) {
	m := loadMarked(t, "documentLink/book.txtar")
	var got []protocol.DocumentLink
	m.call("textDocument/documentLink", protocol.DocumentLinkParams{TextDocument: m.doc("chapter1.txt")}, &got)
	want := []protocol.DocumentLink{
		{Range: m.rng("o1", "o1e"), Target: m.uri("chapter1.wd"), Tooltip: "chapter1.wd"},
		{Range: m.rng("u1", "u1e"), Target: "http://zeromq.org", Tooltip: "http://zeromq.org"},
		{Range: m.rng("s1", "s1e"), Target: "http://zguide.zeromq.org/php:all", Tooltip: "http://zguide.zeromq.org/php:all"},
		{Range: m.rng("m1", "m1e"), Target: "http://api.zeromq.org/master:zmq_socket", Tooltip: "zmq_socket man page"},
		{Range: m.rng("e1", "e1e"), Target: m.uri("examples/C/hwserver.c"), Tooltip: "examples/C/hwserver.c"},
		{Range: m.rng("e1", "e1e"), Target: m.uri("examples/Python/hwserver.py"), Tooltip: "examples/Python/hwserver.py"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("links of chapter1.txt (no link for the missing .output file):\n got %+v\nwant %+v", got, want)
	}
}
