package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	lspuri "go.lsp.dev/uri"
)

// openFolder opens a whole folder (such as /) as the one workspace folder
// and prints how long the server takes to answer initialize (the bounded
// walk happens there), to publish the diagnostics of one chapter opened
// right after, and to answer a hover on it; then its peak RSS.
func openFolder(bin, folder, chapter string) {
	start := time.Now()
	cmd, c := startClient(bin, "--log-level", "error")
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(folder)}).String()
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": root,
		"workspaceFolders": []any{map[string]any{"uri": root, "name": filepath.Base(folder)}},
		"capabilities":     map[string]any{"workspace": map[string]any{"workspaceFolders": true}}})
	initDone := time.Since(start)
	c.notify("initialized", map[string]any{})
	data, err := os.ReadFile(chapter)
	check(err)
	text := string(data)
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(chapter)}).String()
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: lspuri.URI(uri), LanguageID: "zguide", Version: 1, Text: text}})
	for c.publishes(uri) == 0 {
		select {
		case <-c.changed:
		case <-time.After(10 * time.Minute):
			fmt.Fprintln(os.Stderr, "no diagnostics for", chapter)
			os.Exit(1)
		}
	}
	diags := time.Since(start)
	ref := strings.Index(text, "[#")
	if ref < 0 {
		fmt.Fprintln(os.Stderr, chapter, "has no reference to hover")
		os.Exit(1)
	}
	id, req := c.request("textDocument/hover", protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: lspuri.URI(uri)}, Position: position(text, ref+3)})
	t0 := time.Now()
	c.do(id, req)
	hover := time.Since(t0)
	rss := peakRSS(cmd.Process.Pid)
	c.call("shutdown", nil)
	c.notify("exit", nil)
	_ = cmd.Wait()
	fmt.Printf("| folder | initialize | first diagnostics of %s | hover | peak RSS |\n|---|---|---|---|---|\n", filepath.Base(chapter))
	fmt.Printf("| %s | %s | %s | %s | %.1f MB |\n", folder, ms(initDone), ms(diags), ms(hover), float64(rss)/1024)
}
