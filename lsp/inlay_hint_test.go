package lsp_test

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

func TestInlayHintsShowRenderedTitles(t *testing.T) {
	m := loadMarked(t, "inlayHint/book.txtar")
	hints := func(r protocol.Range) []protocol.InlayHint {
		var got []protocol.InlayHint
		m.call("textDocument/inlayHint", protocol.InlayHintParams{TextDocument: m.doc("chapter1.txt"), Range: r}, &got)
		return got
	}
	all := []protocol.InlayHint{
		{Position: m.at("h1"), Label: protocol.String("→ Chapter 1 - Basics"), Tooltip: protocol.String("defined at chapter1.txt:2"), PaddingLeft: boolPtr(true)},
		{Position: m.at("h2"), Label: protocol.String("→ Chapter 2 - Reliable Request-Reply Patterns"), Tooltip: protocol.String("rendered from .bookmarks; defined at chapter2.txt:2"), PaddingLeft: boolPtr(true)},
		{Position: m.at("h3"), Label: protocol.String("→ (undefined)"), Tooltip: protocol.String("a build from scratch prints Undefined bookmark: Later-Section and renders no title: it is defined later (chapter2.txt:4) and not in .bookmarks"), PaddingLeft: boolPtr(true)},
		{Position: m.at("h4"), Label: protocol.String("→ (undefined)"), Tooltip: protocol.String("Undefined bookmark: nowhere"), PaddingLeft: boolPtr(true)},
	}
	text := m.files["chapter1.txt"]
	if got := hints(protocol.Range{End: m.posAt(text, len(text))}); !reflect.DeepEqual(got, all) {
		t.Errorf("hints of the whole file (UTF-16 columns after 🙂 and Korean):\n got %+v\nwant %+v", got, all)
	}
	if got := hints(protocol.Range{End: m.at("h2")}); !reflect.DeepEqual(got, all[:2]) {
		t.Errorf("hints up to the second reference:\n got %+v\nwant %+v", got, all[:2])
	}
}
