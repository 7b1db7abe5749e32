package main

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// TestE2EEditorDayOnTheExampleBook checks, through the binary over stdio,
// what an author meets first and what issue "editor day" found broken: a
// header's lens, hover and references agree; completion offers only names
// a reference reaches; workspace symbols show titles; the anchor
// diagnostics come with quick fixes; an unreferenced bookmark is a faded
// hint; `[#two words]` is reported.
func TestE2EEditorDayOnTheExampleBook(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root := copyTree(t, filepath.Join("..", "..", "examples"))
	p := startLSP(t, buildBinary(t), root, false)
	ch1 := readText(t, filepath.Join(root, "chapter1.txt"))
	ch2 := readText(t, filepath.Join(root, "chapter2.txt"))
	doc := func(name string) protocol.TextDocumentIdentifier {
		return protocol.TextDocumentIdentifier{URI: lsp.DocumentURI(p.uri(name))}
	}
	at := func(name, text, marker string, delta int) protocol.TextDocumentPositionParams {
		i := strings.Index(text, marker)
		if i < 0 {
			t.Fatalf("%q not in %s", marker, name)
		}
		return protocol.TextDocumentPositionParams{TextDocument: doc(name), Position: p.position(text, i+delta)}
	}

	// The header "+ Folding Basics" (pinned by `.bookmark folding`): its
	// lens, hover and find-references count the same references.
	header := at("chapter1.txt", ch1, "+ Folding Basics", 4)
	var lenses []protocol.CodeLens
	p.call("textDocument/codeLens", protocol.CodeLensParams{TextDocument: doc("chapter1.txt")}, &lenses)
	lens := ""
	for _, l := range lenses {
		if l.Range.Start.Line == header.Position.Line && l.Command.Command != "" {
			lens = l.Command.Title
		}
	}
	var refs []protocol.Location
	p.call("textDocument/references", protocol.ReferenceParams{TextDocumentPositionParams: header}, &refs)
	var hover protocol.Hover
	p.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: header}, &hover)
	want := strconv.Itoa(len(refs)) + " references"
	if len(refs) == 1 {
		want = "1 reference"
	}
	if len(refs) == 0 || lens != want || !strings.Contains(lsptest.HoverText(hover), " · "+want) {
		t.Errorf("header Folding Basics: lens %q, %d references, hover %q", lens, len(refs), lsptest.HoverText(hover))
	}

	// Completion after `[#` on a new line of chapter2.txt: reachable names only.
	line := strings.Count(ch2, "\n")
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: lsp.DocumentURI(p.uri("chapter2.txt")), LanguageID: "zguide", Version: 1, Text: ch2 + "See [#"}})
	var list protocol.CompletionList
	p.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc("chapter2.txt"), Position: protocol.Position{Line: uint32(line), Character: 6}}}, &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	if !slices.Contains(labels, "folding") || slices.Contains(labels, "has space") || slices.Contains(labels, "wind--second") {
		t.Errorf("completion after [# offers %q: want folding, not has space or wind--second", labels)
	}
	p.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: doc("chapter2.txt")})

	// Workspace symbols by a title word show the title.
	var syms []protocol.SymbolInformation
	p.call("workspace/symbol", protocol.WorkspaceSymbolParams{Query: "Basics"}, &syms)
	var names []string
	for _, s := range syms {
		names = append(names, s.Name)
	}
	if !slices.Contains(names, "Chapter 1 - Folding Basics [#folding]") {
		t.Errorf("workspace/symbol Basics: %q", names)
	}

	// The duplicate "+++ Summary" of chapter2.txt: its quick fix retitles it.
	ds := p.waitDiagnostics("chapter2.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	var dup, notRef []protocol.Diagnostic
	for _, d := range ds {
		switch lsptest.CodeOf(d) {
		case "duplicate-anchor":
			dup = append(dup, d)
		case "not-a-reference":
			notRef = append(notRef, d)
		}
	}
	if len(notRef) != 1 || lsptest.MessageOf(notRef[0]) != "[#has space] is not a reference: the build prints it as text; write the name without blanks" {
		t.Errorf("not-a-reference diagnostics: %+v", notRef)
	}
	if len(dup) != 1 {
		t.Fatalf("duplicate-anchor diagnostics of chapter2.txt: %+v", dup)
	}
	var actions []protocol.CodeAction
	p.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: doc("chapter2.txt"), Range: dup[0].Range,
		Context: protocol.CodeActionContext{Diagnostics: dup, Only: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}}, &actions)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	if !slices.Contains(titles, "Retitle as “Summary (Launching)” so its anchor is its own") {
		t.Errorf("quick fixes of the duplicate Summary: %q", titles)
	}

	// `.bookmark thanks` is never referenced: a hint, faded.
	post := p.waitDiagnostics("postface.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	found := false
	for _, d := range post {
		if lsptest.CodeOf(d) == "unreferenced-bookmark" {
			found = d.Severity == protocol.DiagnosticSeverityHint && d.Tags.Len() == 1 && d.Tags.Slice()[0] == protocol.DiagnosticTagUnnecessary &&
				lsptest.MessageOf(d) == `bookmark "thanks" is never referenced; reference it with [#thanks] or remove it`
		}
	}
	if !found {
		t.Errorf("postface.txt has no faded unreferenced-bookmark hint: %+v", post)
	}
}
