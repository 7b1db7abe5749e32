package lsp_test

import (
	"testing"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

func TestStatusOfTheOwningBook(t *testing.T) {
	m := loadMarked(t, "codeLens/book.txtar")
	var got lsp.Status
	m.call("bookmarks/status", map[string]any{"uri": m.uri("chapter2.txt")}, &got)
	// Anchors: folding, Chapter-Folding-Basics, Paper, launching, Chapter-Launching.
	want := lsp.Status{Profile: "mkwikidot", Anchors: 5, Book: m.dir, Files: 2}
	if got != want {
		t.Errorf("bookmarks/status = %+v, want %+v", got, want)
	}
}
