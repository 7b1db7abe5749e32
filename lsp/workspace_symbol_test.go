package lsp_test

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

func TestWorkspaceSymbolMatchesNamesAndTitles(t *testing.T) {
	m := loadMarked(t, "workspaceSymbol/book.txtar")
	query := func(q string) []protocol.SymbolInformation {
		var got []protocol.SymbolInformation
		m.call("workspace/symbol", protocol.WorkspaceSymbolParams{Query: q}, &got)
		return got
	}
	// "LAUNCH" matches the bookmark name and the chapter's automatic anchor,
	// in run order: mkwikidot registers the automatic anchor first.
	want := []protocol.SymbolInformation{
		{BaseSymbolInformation: protocol.BaseSymbolInformation{Name: "Chapter 2 - Launching [#Chapter-Launching]", Kind: protocol.SymbolKindString, ContainerName: str("chapter2.txt")}, Location: m.loc("t3", "t3e")},
		{BaseSymbolInformation: protocol.BaseSymbolInformation{Name: "Chapter 2 - Launching [#launching]", Kind: protocol.SymbolKindConstant, ContainerName: str("chapter2.txt")}, Location: m.loc("t3", "t3e")},
	}
	if got := query("LAUNCH"); !reflect.DeepEqual(got, want) {
		t.Errorf("workspace/symbol LAUNCH:\n got %+v\nwant %+v", got, want)
	}
	// "101" is only in a title (the anchor drops digits): Paper-101's
	// title is "Paper 101", its anchor "Paper".
	want = []protocol.SymbolInformation{{BaseSymbolInformation: protocol.BaseSymbolInformation{Name: "Paper 101 [#Paper]", Kind: protocol.SymbolKindString, ContainerName: str("chapter1.txt")}, Location: m.loc("t2", "t2e")}}
	if got := query("101"); !reflect.DeepEqual(got, want) {
		t.Errorf("workspace/symbol 101 (a title match):\n got %+v\nwant %+v", got, want)
	}
	if got := query(""); len(got) != 5 {
		t.Errorf("workspace/symbol with an empty query lists %d anchors, want all 5: %+v", len(got), got)
	}
}
