package lsp_test

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

func TestFoldingRanges(t *testing.T) {
	m := loadMarked(t, "foldingRange/book.txtar")
	fold := func(from, to string, kind protocol.FoldingRangeKind) protocol.FoldingRange {
		return protocol.FoldingRange{StartLine: m.at(from).Line, EndLine: m.at(to).Line, Kind: kind}
	}
	var got []protocol.FoldingRange
	m.call("textDocument/foldingRange", map[string]any{"textDocument": m.doc("chapter1.txt")}, &got)
	want := []protocol.FoldingRange{
		fold("sec1", "code2e", protocol.FoldingRangeKindRegion),
		fold("com1", "com1e", protocol.FoldingRangeKindComment),
		fold("sec2", "sec2e", protocol.FoldingRangeKindRegion),
		fold("code1", "code1e", protocol.FoldingRangeKindRegion),
		fold("sec3", "code2e", protocol.FoldingRangeKindRegion),
		fold("code2", "code2e", protocol.FoldingRangeKindRegion),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("folds of chapter1.txt:\n got %+v\nwant %+v", got, want)
	}
	m.call("textDocument/foldingRange", map[string]any{"textDocument": m.doc("chapter2.txt")}, &got)
	want = []protocol.FoldingRange{fold("cont", "conte", protocol.FoldingRangeKindRegion)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("folds of chapter2.txt (the block goes on from chapter1.txt):\n got %+v\nwant %+v", got, want)
	}
}
