package lsp_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

func TestCodeLensReferenceCounts(t *testing.T) {
	m := loadMarked(t, "codeLens/book.txtar")
	var got []protocol.CodeLens
	m.call("textDocument/codeLens", protocol.CodeLensParams{TextDocument: m.doc("chapter1.txt")}, &got)
	lens := func(from, to, title string, refs ...protocol.Location) protocol.CodeLens {
		r := m.rng(from, to)
		// Arguments as they travel.
		args := anys(m.uri("chapter1.txt"), r.Start, refs)
		return protocol.CodeLens{Range: r, Command: protocol.Command{Title: title, Command: "bookmarks.showReferences", Arguments: args}}
	}
	want := []protocol.CodeLens{
		// folding and Chapter-Folding-Basics: the two references in chapter2.txt.
		lens("t1", "t1e", "2 references", m.loc("r3", "r3e"), m.loc("r4", "r4e")),
		lens("t2", "t2e", "1 reference", m.loc("r2", "r2e")),
	}
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		t.Errorf("code lenses of chapter1.txt:\n got %s\nwant %s", gj, wj)
	}
}

// A header pinned by `.bookmark` produces two anchors; its lens, hover and
// find-references must all count the references to either.
func TestHeaderReferencesAgreeWithItsLens(t *testing.T) {
	m := loadMarked(t, "codeLens/book.txtar")
	var locs []protocol.Location
	m.call("textDocument/references", protocol.ReferenceParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: m.doc("chapter1.txt"), Position: m.at("t1")},
	}, &locs)
	if want := []protocol.Location{m.loc("r3", "r3e"), m.loc("r4", "r4e")}; !reflect.DeepEqual(locs, want) {
		t.Errorf("references of the header Folding Basics:\n got %v\nwant %v", locs, want)
	}
	var h protocol.Hover
	m.call("textDocument/hover", protocol.HoverParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: m.doc("chapter1.txt"), Position: m.at("t1")},
	}, &h)
	if !strings.Contains(lsptest.HoverText(h), " · 2 references") {
		t.Errorf("hover of the header Folding Basics does not count its 2 references:\n%s", lsptest.HoverText(h))
	}
}
