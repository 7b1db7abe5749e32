package lsp_test

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// actionsAt asks for the code actions of a zero-width range at a marker.
func (m *marked) actionsAt(file, at string, diags []protocol.Diagnostic, only ...protocol.CodeActionKind) []protocol.CodeAction {
	m.t.Helper()
	var got []protocol.CodeAction
	m.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: m.doc(file), Range: m.rng(at, at),
		Context: protocol.CodeActionContext{Diagnostics: diags, Only: only}}, &got)
	return got
}

func edit(u lsp.DocumentURI, r protocol.Range, text string) *protocol.WorkspaceEdit {
	return &protocol.WorkspaceEdit{Changes: map[lsp.DocumentURI][]protocol.TextEdit{u: {{Range: r, NewText: text}}}}
}

func TestCodeActionsOnReferences(t *testing.T) {
	m := loadMarked(t, "codeAction/book.txtar")
	ch1 := m.uri("chapter1.txt")
	diags := m.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	var undefined []protocol.Diagnostic
	for _, d := range diags {
		if lsptest.CodeOf(d) == "undefined-bookmark" && d.Range.Start.Line == m.at("u").Line && d.Range.End.Character > m.at("u").Character && d.Range.Start.Character < m.at("u").Character {
			undefined = append(undefined, d)
		}
	}
	if len(undefined) != 1 {
		t.Fatalf("no undefined-bookmark diagnostic on [#reliabel]: %+v", diags)
	}
	got := m.actionsAt("chapter1.txt", "u", diags, protocol.CodeActionKindQuickFix)
	want := []protocol.CodeAction{{
		Title: "Replace with closest anchor `reliable` (Chapter 1 - Reliable Request-Reply Patterns)", Kind: kindPtr(protocol.CodeActionKindQuickFix),
		Diagnostics: undefined, Edit: edit(ch1, m.rng("u", "ue"), "reliable"),
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quick fixes on [#reliabel]:\n got %+v\nwant %+v", got, want)
	}

	hl := m.at("hl")
	got = m.actionsAt("chapter1.txt", "u2", nil, protocol.CodeActionKindQuickFix)
	want = []protocol.CodeAction{
		{Title: "Replace with closest anchor `Lazy-Pirate-Pattern` (Lazy Pirate Pattern)", Kind: kindPtr(protocol.CodeActionKindQuickFix), Edit: edit(ch1, m.rng("u2", "u2e"), "Lazy-Pirate-Pattern")},
		{Title: "Add `.bookmark lazy-pirate` before the header `Lazy Pirate Pattern` (chapter1.txt:4)", Kind: kindPtr(protocol.CodeActionKindQuickFix),
			Edit: edit(ch1, protocol.Range{Start: hl, End: hl}, ".bookmark lazy-pirate\n")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quick fixes on [#lazy-pirate]:\n got %+v\nwant %+v", got, want)
	}

	got = m.actionsAt("chapter1.txt", "adj", nil, protocol.CodeActionKindQuickFix)
	want = []protocol.CodeAction{{Title: "Insert a blank between the references", Kind: kindPtr(protocol.CodeActionKindQuickFix), IsPreferred: boolPtr(true),
		Edit: edit(ch1, m.rng("ins", "ins"), " ")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quick fixes on [#reliable][#Lazy-Pirate-Pattern]:\n got %+v\nwant %+v", got, want)
	}

	got = m.actionsAt("chapter1.txt", "h2", nil, protocol.CodeActionKindRefactor)
	want = []protocol.CodeAction{{Title: "Pin anchor `Lazy-Pirate-Pattern` with .bookmark (keeps its references valid when the title changes)",
		Kind: kindPtr(protocol.CodeActionKindRefactorRewrite), Edit: edit(ch1, protocol.Range{Start: hl, End: hl}, ".bookmark Lazy-Pirate-Pattern\n")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("refactorings on the header Lazy Pirate Pattern:\n got %+v\nwant %+v", got, want)
	}
}

// The tool keeps gone, retitles Lazy-Pirate-Pattern on its line and
// appends the chapter's anchor; a fixed tool also drops gone.
const (
	lazyFixed   = "Lazy-Pirate-Pattern Lazy Pirate Pattern\n"
	chapterLine = "Chapter-Reliable-Request-Reply-Patterns Chapter 1 - Reliable Request-Reply Patterns\n"
)

// regenerateEdit and repairEdit are the edits of .bookmarks, whose lines st
// (gone) and st2 (Lazy-Pirate-Pattern) end the file.
func (m *marked) regenerateEdit() *protocol.WorkspaceEdit {
	st2 := m.at("st2")
	return edit(m.uri(".bookmarks"), protocol.Range{Start: st2, End: protocol.Position{Line: st2.Line + 1}}, lazyFixed+chapterLine)
}

// The repair removes gone and changes the next line: one edit.
func (m *marked) repairEdit() *protocol.WorkspaceEdit {
	st, st2 := m.at("st"), m.at("st2")
	return edit(m.uri(".bookmarks"), protocol.Range{Start: st, End: protocol.Position{Line: st2.Line + 1}}, lazyFixed+chapterLine)
}

func TestCodeActionsOnBookmarkFile(t *testing.T) {
	m := loadMarked(t, "codeAction/book.txtar")
	bm := m.uri(".bookmarks")
	st := m.at("st")
	next := protocol.Position{Line: st.Line + 1}
	got := m.actionsAt(".bookmarks", "st", nil, protocol.CodeActionKindQuickFix)
	want := []protocol.CodeAction{{Title: "Remove stale entry `gone`", Kind: kindPtr(protocol.CodeActionKindQuickFix), IsPreferred: boolPtr(true),
		Edit: edit(bm, protocol.Range{Start: st, End: next}, "")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quick fixes on the stale entry:\n got %+v\nwant %+v", got, want)
	}
	got = m.actionsAt(".bookmarks", "st2", nil, protocol.CodeActionKindQuickFix)
	want = []protocol.CodeAction{{Title: "Update stored title to \"Lazy Pirate Pattern\"", Kind: kindPtr(protocol.CodeActionKindQuickFix), IsPreferred: boolPtr(true),
		Edit: edit(bm, m.rng("tt", "tte"), "Lazy Pirate Pattern")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quick fixes on the mismatched title:\n got %+v\nwant %+v", got, want)
	}
	got = m.actionsAt(".bookmarks", "st", nil, protocol.CodeActionKindSource)
	want = []protocol.CodeAction{
		{Title: "Remove all stale entries of .bookmarks (1)", Kind: kindPtr("source.removeStaleEntries"), Edit: edit(bm, protocol.Range{Start: st, End: next}, "")},
		{Title: "Regenerate .bookmarks as mkwikidot would write it", Kind: kindPtr("source.regenerateBookmarks"), Edit: m.regenerateEdit()},
		{Title: "Repair .bookmarks: remove 1 stale entry, correct 1 title, add 1 missing entry", Kind: kindPtr("source.repairBookmarks"), Edit: m.repairEdit()},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("source actions of .bookmarks:\n got %+v\nwant %+v", got, want)
	}
	// From a chapter: regeneration and repair only.
	got = m.actionsAt("chapter1.txt", "u", nil, protocol.CodeActionKindSource)
	if !reflect.DeepEqual(got, want[1:]) {
		t.Errorf("source actions of chapter1.txt: %+v, want only %+v", got, want[1:])
	}
	got = m.actionsAt("chapter1.txt", "u", nil, "source.repairBookmarks")
	if !reflect.DeepEqual(got, want[2:]) {
		t.Errorf("only source.repairBookmarks on chapter1.txt: %+v, want only %+v", got, want[2:])
	}
}

// A duplicate anchor and an empty one each come with the quick fix that
// clears them, attached to their diagnostic.
func TestCodeActionsOnAnchors(t *testing.T) {
	m := loadMarked(t, "codeAction/anchors.txtar")
	ch1 := m.uri("chapter1.txt")
	diags := m.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	byCode := map[string][]protocol.Diagnostic{}
	for _, d := range diags {
		code := lsptest.CodeOf(d)
		byCode[code] = append(byCode[code], d)
	}
	got := m.actionsAt("chapter1.txt", "d", diags, protocol.CodeActionKindQuickFix)
	want := []protocol.CodeAction{{
		Title: "Retitle as “Summary (Wind)” so its anchor is its own", Kind: kindPtr(protocol.CodeActionKindQuickFix),
		Diagnostics: byCode["duplicate-anchor"], Edit: edit(ch1, m.rng("d", "de"), "Summary (Wind)"),
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quick fixes on the duplicate anchor:\n got %+v\nwant %+v", got, want)
	}
	at := m.at("e")
	line := protocol.Range{Start: protocol.Position{Line: at.Line}, End: protocol.Position{Line: at.Line}}
	got = m.actionsAt("chapter1.txt", "e", diags, protocol.CodeActionKindQuickFix)
	want = []protocol.CodeAction{{
		Title: "Name this header with `.bookmark Wind-section` so references can reach it", Kind: kindPtr(protocol.CodeActionKindQuickFix),
		Diagnostics: byCode["empty-anchor"], Edit: edit(ch1, line, ".bookmark Wind-section\n"),
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quick fixes on the empty anchor:\n got %+v\nwant %+v", got, want)
	}
}
