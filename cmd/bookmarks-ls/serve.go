package main

import (
	"fmt"
	"io"
)

// runServe serves LSP on stdio.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "bookmarks-ls: the language server is not built yet; use 'check' or 'bookmarks'")
	fmt.Fprint(stderr, usage)
	return 2
}
