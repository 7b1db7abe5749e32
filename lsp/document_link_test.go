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
		{Range: m.rng("o1", "o1e"), Target: uriPtr(m.uri("chapter1.wd")), Tooltip: str("chapter1.wd")},
		{Range: m.rng("u1", "u1e"), Target: uriPtr("http://zeromq.org"), Tooltip: str("http://zeromq.org")},
		{Range: m.rng("s1", "s1e"), Target: uriPtr("http://zguide.zeromq.org/php:all"), Tooltip: str("http://zguide.zeromq.org/php:all")},
		{Range: m.rng("m1", "m1e"), Target: uriPtr("http://api.zeromq.org/master:zmq_socket"), Tooltip: str("zmq_socket man page")},
		{Range: m.rng("e1", "e1e"), Target: uriPtr(m.uri("examples/C/hwserver.c")), Tooltip: str("examples/C/hwserver.c")},
		{Range: m.rng("e1", "e1e"), Target: uriPtr(m.uri("examples/Python/hwserver.py")), Tooltip: str("examples/Python/hwserver.py")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("links of chapter1.txt (no link for the missing .output file):\n got %+v\nwant %+v", got, want)
	}
}
