package lsp_test

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

const paperBook = `A two-chapter book with a bookmark file.
-- chapter1.txt --
.bookmark folding
+ Folding Basics

Fold the sheet in half, then again.

++ Paper 101

See [#launching] for the water, and [#nowhere].
-- chapter2.txt --
.set HARBOUR=north pier
.bookmark launching
+ Launching

Start at the $(HARBOUR); the hull is in [#folding].
-- .bookmarks --
folding Chapter 1 - Folding Basics
launching Chapter 2 - Launching
Paper Paper 101
-- notes.txt --
+ Not a guide file
`

func TestDefinitionHoverReferences(t *testing.T) {
	e := newEnv(t, paperBook)
	var locs []protocol.Location
	e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}, Position: e.pos("chapter2.txt", "[#folding]", 3)}}, &locs)
	if len(locs) != 1 || locs[0].URI != e.uri("chapter1.txt") || locs[0].Range != (protocol.Range{Start: protocol.Position{Line: 1, Character: 2}, End: protocol.Position{Line: 1, Character: 16}}) {
		t.Errorf("definition of [#folding]: %+v, want chapter1.txt 1:2-1:16 (the header title)", locs)
	}

	var hover protocol.Hover
	e.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}, Position: e.pos("chapter2.txt", "[#folding]", 2)}}, &hover)
	want := "**Chapter 1 - Folding Basics**\n\n`chapter1.txt:2` · chapter 1 · bookmark `folding` · anchor `Chapter-Folding-Basics` · 1 reference\n\n---\n\nFold the sheet in half, then again."
	if hover.Contents.Value != want || hover.Contents.Kind != protocol.Markdown {
		t.Errorf("hover:\n%s\nwant:\n%s", hover.Contents.Value, want)
	}

	var refs []protocol.Location
	e.call("textDocument/references", protocol.ReferenceParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: e.pos("chapter1.txt", "folding", 0)},
		Context:                    protocol.ReferenceContext{IncludeDeclaration: true},
	}, &refs)
	var got []string
	for _, r := range refs {
		got = append(got, strings.TrimPrefix(string(r.URI), e.rootURI()+"/")+":"+itoa(r.Range.Start.Line)+":"+itoa(r.Range.Start.Character)+"-"+itoa(r.Range.End.Character))
	}
	if strings.Join(got, " ") != "chapter1.txt:0:10-17 chapter1.txt:1:2-16 chapter2.txt:4:42-49 .bookmarks:0:0-7" {
		t.Errorf("references of folding: %v", got)
	}
}

func itoa(n uint32) string { return strconv.FormatUint(uint64(n), 10) }

func TestDiagnosticsForEveryFileAndClearedWhenFixed(t *testing.T) {
	e := newEnv(t, paperBook)
	ds := e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if codesOf(ds) != "forward-reference,undefined-bookmark" {
		t.Fatalf("chapter1.txt (never opened) diagnostics: %s", codesOf(ds))
	}
	u := ds[1]
	if u.Message != "Undefined bookmark: nowhere" || u.Range.Start != e.pos("chapter1.txt", "[#nowhere]", 0) || u.Severity != protocol.DiagnosticSeverityError || u.Source != "bookmarks-ls" {
		t.Errorf("undefined-bookmark diagnostic %+v", u)
	}
	if ds[0].Severity != protocol.DiagnosticSeverityInformation || len(ds[0].RelatedInformation) != 1 || ds[0].RelatedInformation[0].Location.URI != e.uri("chapter2.txt") {
		t.Errorf("forward reference covered by .bookmarks: %+v", ds[0])
	}
	// Fix the broken reference in the editor: its diagnostic goes away.
	e.open("chapter1.txt")
	text := e.files["chapter1.txt"]
	i := strings.Index(text, "nowhere")
	e.edit("chapter1.txt", 2, e.posAt(text, i), e.posAt(text, i+len("nowhere")), "folding", i, i+len("nowhere"))
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "forward-reference" })
	// Renaming the bookmark in chapter2 breaks chapter1's reference: the
	// .bookmarks entry still resolves it, so it becomes a stale reference.
	e.open("chapter2.txt")
	text = e.files["chapter2.txt"]
	i = strings.Index(text, "launching")
	e.edit("chapter2.txt", 2, e.posAt(text, i), e.posAt(text, i+len("launching")), "setting-sail", i, i+len("launching"))
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "stale-reference" })
	e.diagnostics(".bookmarks", func(ds []protocol.Diagnostic) bool {
		return strings.Contains(codesOf(ds), "stale-entry") && strings.Contains(codesOf(ds), "missing-entry")
	})
}

func TestCompletionAfterHash(t *testing.T) {
	e := newEnv(t, paperBook)
	var list protocol.CompletionList
	pos := e.pos("chapter1.txt", "[#launching]", 2)
	e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: pos}}, &list)
	var got []string
	for _, it := range list.Items {
		got = append(got, it.Label+"="+it.Detail)
	}
	want := "folding=Chapter 1 - Folding Basics launching=Chapter 2 - Launching Chapter-Folding-Basics=Chapter 1 - Folding Basics Chapter-Launching=Chapter 2 - Launching Paper=Paper 101"
	if strings.Join(got, " ") != want {
		t.Errorf("completion after [#:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	nameEnd := e.pos("chapter1.txt", "[#launching]", 11)
	if it := list.Items[0]; it.TextEdit == nil || it.TextEdit.NewText != "folding" || it.TextEdit.Range != (protocol.Range{Start: pos, End: nameEnd}) {
		t.Errorf("the item replaces from after [# and does not add a second ]: %+v", it.TextEdit)
	}
	// Typing a title word narrows by title.
	e.open("chapter2.txt")
	text := e.files["chapter2.txt"]
	end := len(text)
	e.edit("chapter2.txt", 2, e.posAt(text, end), e.posAt(text, end), "See [#Bas", end, end)
	e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}, Position: e.posAt(e.files["chapter2.txt"], len(e.files["chapter2.txt"]))}}, &list)
	got = nil
	for _, it := range list.Items {
		got = append(got, it.Label)
	}
	if strings.Join(got, " ") != "folding Chapter-Folding-Basics" || !list.IsIncomplete || list.Items[0].TextEdit.NewText != "folding]" {
		t.Errorf("[#Bas narrows to the titles with Basics: %v (incomplete %v)", got, list.IsIncomplete)
	}
}

func TestRenameBookmarkEverywhere(t *testing.T) {
	e := newEnv(t, paperBook)
	var we protocol.WorkspaceEdit
	e.call("textDocument/rename", protocol.RenameParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}, Position: e.pos("chapter2.txt", "[#folding]", 4)},
		NewName:                    "hull",
	}, &we)
	var got []string
	for u, edits := range we.Changes {
		for _, ed := range edits {
			got = append(got, strings.TrimPrefix(string(u), e.rootURI()+"/")+":"+itoa(ed.Range.Start.Line)+":"+itoa(ed.Range.Start.Character)+"-"+itoa(ed.Range.End.Character)+"="+ed.NewText)
		}
	}
	joined := strings.Join(sortStrings(got), " ")
	if joined != ".bookmarks:0:0-7=hull chapter1.txt:0:10-17=hull chapter2.txt:4:42-49=hull" {
		t.Errorf("rename edits: %s", joined)
	}
	err := e.callErr("textDocument/rename", protocol.RenameParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}, Position: e.pos("chapter2.txt", "[#folding]", 4)},
		NewName:                    "two words",
	})
	if err == nil || !strings.Contains(err.Error(), "contains a blank") {
		t.Errorf("a name with a blank must be refused with a reason, got %v", err)
	}
}

func sortStrings(s []string) []string {
	sort.Strings(s)
	return s
}

func TestCompletionResolveAddsPreview(t *testing.T) {
	e := newEnv(t, paperBook)
	var list protocol.CompletionList
	e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: e.pos("chapter1.txt", "[#launching]", 2)}}, &list)
	var item protocol.CompletionItem
	e.call("completionItem/resolve", list.Items[0], &item)
	doc, _ := item.Documentation.(map[string]any)
	if item.Label != "folding" || doc["value"] != "**Chapter 1 - Folding Basics** — `chapter1.txt:2`\n\nFold the sheet in half, then again." {
		t.Errorf("resolved %q: %v", item.Label, item.Documentation)
	}
}

func TestCompletionOfDirectivesSymbolsAndCodeForms(t *testing.T) {
	e := newEnv(t, paperBook, func(caps map[string]any) {
		caps["textDocument"].(map[string]any)["completion"] = map[string]any{"completionItem": map[string]any{"snippetSupport": true}}
	})
	e.open("chapter2.txt")
	version := int32(1)
	complete := func(typed string) (labels []string, edits []string) {
		t.Helper()
		text := e.files["chapter2.txt"]
		end := len(text)
		version++
		e.edit("chapter2.txt", version, e.posAt(text, end), e.posAt(text, end), typed, end, end)
		var list protocol.CompletionList
		e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter2.txt")}, Position: e.posAt(e.files["chapter2.txt"], len(e.files["chapter2.txt"]))}}, &list)
		for _, it := range list.Items {
			labels = append(labels, it.Label)
			if it.TextEdit != nil {
				edits = append(edits, it.TextEdit.NewText)
			}
		}
		return labels, edits
	}
	labels, edits := complete("\n.bo")
	if strings.Join(labels, " ") != ".set .- .end .output .bookmark" || edits[4] != ".bookmark ${1:name}" {
		t.Errorf("directives of mkwikidot: %v %v", labels, edits)
	}
	labels, edits = complete("\nOn $(HA")
	if strings.Join(labels, " ") != "HARBOUR" || edits[0] != "HARBOUR)" {
		t.Errorf("symbols: %v %v", labels, edits)
	}
	labels, _ = complete("\n[[code ")
	if len(labels) != 5 || labels[1] != `[[code language="C"]]` {
		t.Errorf("code-block forms: %v", labels)
	}
}
