package lsp_test

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestSelectionRanges(t *testing.T) {
	m := loadMarked(t, "selectionRange/book.txtar")
	var got []protocol.SelectionRange
	m.call("textDocument/selectionRange", protocol.SelectionRangeParams{TextDocument: m.doc("chapter1.txt"),
		Positions: []protocol.Position{m.at("cur"), m.at("cur2")}}, &got)
	text := m.files["chapter1.txt"]
	file := protocol.Range{End: m.posAt(text, len(text))}
	wants := [][]protocol.Range{
		{m.rng("n", "ne"), m.rng("r", "re"), m.rng("l", "le"), m.rng("p", "pe"), m.rng("c", "te"), file},
		// The paragraph is the line itself; the subsection, then the chapter.
		{m.rng("t", "te"), m.rng("s", "te"), m.rng("c", "te"), file},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d selection ranges for %d positions", len(got), len(wants))
	}
	for i, want := range wants {
		var chain []protocol.Range
		for sr := &got[i]; sr != nil; sr = sr.Parent {
			chain = append(chain, sr.Range)
		}
		if len(chain) != len(want) {
			t.Errorf("position %d: chain %+v, want %+v", i, chain, want)
			continue
		}
		for k := range want {
			if chain[k] != want[k] {
				t.Errorf("position %d, level %d: %+v, want %+v", i, k, chain[k], want[k])
			}
		}
	}
}
