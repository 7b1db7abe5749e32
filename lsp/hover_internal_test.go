package lsp

import "testing"

// A plain-text client gets the hover's words without Markdown: markers
// dropped, escaped characters shown as themselves.
func TestPlainHoverDropsMarkdown(t *testing.T) {
	in := "**Chapter 1 - Folding**\n\n`chapter1.txt:2` · 2 references\n\n---\n\nFold *carefully* with `fold_edge()`, a\\*b\\_c \\<tag\\> \\[x\\]."
	want := "Chapter 1 - Folding\n\nchapter1.txt:2 · 2 references\n\nFold carefully with fold_edge(), a*b_c <tag> [x]."
	if got := plain(in); got != want {
		t.Errorf("plain:\n got %q\nwant %q", got, want)
	}
}
