package main

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// harbourBook is a small book built by mkwikidot (.bookmarks) and
// mkmarkdown (zguide.book, site/.bookmarks); `Knots Knots` stands twice
// in both bookmark files, as the tools can leave it, and each file has a
// stale entry.
var harbourBook = map[string]string{
	"chapter1.txt":    ".output chapter1.wd\n.bookmark mooring\n+ Mooring\nSee [#sailing] and [#Knots].\n++ Knots\nTie them.\n",
	"chapter2.txt":    ".output chapter2.wd\n.bookmark sailing\n+ Sailing\nBack to [#mooring], then [#Tides].\n++ Tides\nLow and high.\n",
	".bookmarks":      "Knots Knots\nmooring Chapter 1 - Mooring\nKnots Knots\nsailing Chapter 2 - Sailing\nTides Tides\nAnchorage Anchorage\n",
	"site/.bookmarks": "Knots Knots|chapter1\nKnots Knots|chapter1\nTides Tides|chapter2\nmooring Chapter 1 - Mooring|chapter1\nsailing Chapter 2 - Sailing|chapter2\nwharf Old Wharf|chapter2\n",
	"zguide.book":     "./chapter1.txt\n./chapter2.txt\n",
}

// callErr makes a request that must fail and returns its JSON-RPC error.
func (p *lspProcess) callErr(method string, params any) *jsonrpc2.Error {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out any
	_, err := p.conn.Call(ctx, method, params, &out)
	var e *jsonrpc2.Error
	if !errors.As(err, &e) {
		p.t.Errorf("%s: got result %v, error %v; want a JSON-RPC error", method, out, err)
		return &jsonrpc2.Error{}
	}
	return e
}

// at is the position of the n-th byte of the first marker in a book file.
func (p *lspProcess) at(name, marker string, n int) protocol.TextDocumentPositionParams {
	p.t.Helper()
	text := harbourBook[name]
	i := strings.Index(text, marker)
	if i < 0 {
		p.t.Fatalf("%s has no %q", name, marker)
	}
	return tdp(p.uri(name), p.position(text, i+n))
}

// applied is each file's text after a workspace edit (ASCII text only).
func applied(p *lspProcess, we protocol.WorkspaceEdit) map[string]string {
	out := map[string]string{}
	for u, edits := range we.Changes {
		name := strings.TrimPrefix(string(u), p.uri("")+"/")
		lines := strings.SplitAfter(harbourBook[name], "\n")
		sort.SliceStable(edits, func(i, j int) bool {
			a, b := edits[i].Range.Start, edits[j].Range.Start
			return a.Line > b.Line || a.Line == b.Line && a.Character > b.Character
		})
		for _, e := range edits {
			r := e.Range
			for len(lines) <= int(r.Start.Line) {
				lines = append(lines, "")
			}
			l := lines[r.Start.Line]
			lines[r.Start.Line] = l[:r.Start.Character] + e.NewText + l[r.End.Character:]
		}
		out[name] = strings.Join(lines, "")
	}
	return out
}

// TestE2ERenameSafety drives prepareRename and rename through the binary:
// every refusal reaches the client as a RequestFailed error naming the
// reason, and the accepted renames leave both bookmark files right.
func TestE2ERenameSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	var pairs []string
	for name, text := range harbourBook {
		pairs = append(pairs, name, text)
	}
	p := startLSP(t, buildBinary(t), writeBook(t, pairs...), false)
	p.waitDiagnostics("chapter1.txt", func([]protocol.Diagnostic) bool { return true })

	refused := []struct {
		what string
		at   protocol.TextDocumentPositionParams
		name string
		want string
	}{
		{"a header given another header's title", p.at("chapter1.txt", "++ Knots", 4), "Tides",
			"the title “Tides” derives the anchor `Tides`, which is already the anchor of “Tides” (chapter2.txt:5)"},
		{"a header title without an ASCII letter", p.at("chapter1.txt", "++ Knots", 4), "1 2 3",
			"the title “1 2 3” has no ASCII letter: its automatic anchor would be empty, which no [#…] can name and .bookmarks cannot store; pin `Knots` with a .bookmark line first, or keep a letter in the title"},
		{"a name the tools expand", p.at("chapter1.txt", "[#sailing]", 3), "rr$(X)",
			"`rr$(X)` contains $( or %(: the tools expand $(…) and %(…) in a text line before they read its references, so [#rr$(X)] would look up another name"},
		{"a name mkmarkdown stores as another chapter's anchor", p.at("chapter1.txt", "[#sailing]", 3), "mooring1",
			"`mooring1`, which mkmarkdown stores as `mooring`, is already the anchor of “Mooring” (chapter1.txt:3)"},
		{"a stale entry's name", p.at("chapter1.txt", "[#sailing]", 3), "wharf",
			"`wharf` is a stale entry of site/.bookmarks (line 6, “Old Wharf”): no header produces it, yet references to it resolve to that title; remove the entry first"},
		{"an existing anchor", p.at("chapter1.txt", "[#sailing]", 3), "mooring",
			"`mooring` is already the anchor of “Mooring” (chapter1.txt:3)"},
	}
	for _, c := range refused {
		var prep struct {
			Placeholder string `json:"placeholder"`
		}
		p.call("textDocument/prepareRename", protocol.PrepareRenameParams{TextDocumentPositionParams: c.at}, &prep)
		if prep.Placeholder == "" {
			t.Errorf("%s: prepareRename gives no placeholder", c.what)
		}
		e := p.callErr("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: c.at, NewName: c.name})
		if e.Code != lsp.CodeRequestFailed || e.Message != c.want {
			t.Errorf("%s: rename to %q\n got %d %s\nwant %d %s", c.what, c.name, e.Code, e.Message, lsp.CodeRequestFailed, c.want)
		}
	}

	// Nothing to rename on a directive word: prepareRename refuses.
	e := p.callErr("textDocument/prepareRename", protocol.PrepareRenameParams{TextDocumentPositionParams: p.at("chapter1.txt", ".output", 2)})
	if e.Code != lsp.CodeRequestFailed || !strings.HasPrefix(e.Message, "nothing to rename here") {
		t.Errorf("prepareRename on .output: %d %s", e.Code, e.Message)
	}

	// Pinning Knots writes each bookmark line once.
	var we protocol.WorkspaceEdit
	p.call("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: p.at("chapter1.txt", "[#Knots]", 3), NewName: "knots"}, &we)
	after := applied(p, we)
	if got := after[".bookmarks"]; got != harbourBook[".bookmarks"]+"knots Knots\n" {
		t.Errorf(".bookmarks after pinning Knots as knots:\n%s", got)
	}
	if got, want := after["site/.bookmarks"], strings.Replace(harbourBook["site/.bookmarks"], "Knots Knots|chapter1\nKnots", "Knots Knots|chapter1\nknots", 1); got != want {
		t.Errorf("site/.bookmarks after pinning Knots as knots:\n got %q\nwant %q", got, want)
	}

	// From a line of either bookmark file, as from a reference.
	var fromRef protocol.WorkspaceEdit
	p.call("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: p.at("chapter1.txt", "[#sailing]", 3), NewName: "voyage"}, &fromRef)
	want := applied(p, fromRef)
	if want[".bookmarks"] != strings.Replace(harbourBook[".bookmarks"], "sailing ", "voyage ", 1) || want["site/.bookmarks"] != strings.Replace(harbourBook["site/.bookmarks"], "sailing ", "voyage ", 1) ||
		want["chapter1.txt"] != strings.Replace(harbourBook["chapter1.txt"], "[#sailing]", "[#voyage]", 1) || want["chapter2.txt"] != strings.Replace(harbourBook["chapter2.txt"], ".bookmark sailing", ".bookmark voyage", 1) {
		t.Errorf("rename of sailing from its reference: %v", want)
	}
	for _, file := range []string{".bookmarks", "site/.bookmarks"} {
		at := p.at(file, "sailing ", 2)
		var prep struct {
			Range       protocol.Range `json:"range"`
			Placeholder string         `json:"placeholder"`
		}
		p.call("textDocument/prepareRename", protocol.PrepareRenameParams{TextDocumentPositionParams: at}, &prep)
		if prep.Placeholder != "sailing" || prep.Range.Start.Line != at.Position.Line || prep.Range.Start.Character != 0 || prep.Range.End.Character != 7 {
			t.Errorf("prepareRename on %s: %+v", file, prep)
		}
		var fromFile protocol.WorkspaceEdit
		p.call("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: at, NewName: "voyage"}, &fromFile)
		got := applied(p, fromFile)
		for name, text := range want {
			if got[name] != text {
				t.Errorf("rename of sailing from %s: %s is\n%q\nwant\n%q", file, name, got[name], text)
			}
		}
		if len(got) != len(want) {
			t.Errorf("rename of sailing from %s touches %d files, from a reference %d", file, len(got), len(want))
		}
	}
}
