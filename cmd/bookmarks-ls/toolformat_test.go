package main

import "testing"

// A stored title holding $(X) is written into a line in place of its
// reference; when the reference stands after a `!name(` (where the
// expander splits the line), mkwikidot expands the title's symbol and
// prints `E: undefined symbol "X"`, glued to the next message. A
// reference before the split point leaves its title as written.
func TestToolFormatExpandsStoredTitleSymbols(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := writeBook(t,
		".bookmarks", "basics Chapter 1 - P2P $(VERSION)\n",
		"chapter1.txt", "+ Sockets\n\nSee [#basics] first. !figref()\n!figref() See [#basics] for the pattern.\nSee [#sockets-end], [#basics] again.\n",
	)
	out, errs, code := runBin(t, dir, "check", "--format", "tool", ".")
	want := "E: undefined symbol \"VERSION\"Undefined bookmark: sockets-end\n"
	if out != want || errs != "" || code != 1 {
		t.Errorf("check --format tool: %q, stderr %q, status %d; want %q, status 1", out, errs, code, want)
	}
}
