package lsp_test

import (
	"encoding/json"
	"fmt"
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
	if u.Message != "Undefined bookmark: nowhere; fix the name or add .bookmark nowhere before its header" || u.Range.Start != e.pos("chapter1.txt", "[#nowhere]", 0) || u.Severity != protocol.DiagnosticSeverityError || u.Source != "bookmarks-ls" {
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

// withItemDefaults offers LSP 3.17 completionList.itemDefaults, as VS Code
// and Neovim do.
func withItemDefaults(caps map[string]any) {
	caps["textDocument"].(map[string]any)["completion"] = map[string]any{
		"completionList": map[string]any{"itemDefaults": []string{"commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"}},
	}
}

// seenItem is what a user sees of a completion item: its label and
// detail, and the edit accepting it makes.
type seenItem struct {
	Label, Detail string
	Range         protocol.Range
	NewText       string
}

func (it seenItem) String() string {
	return fmt.Sprintf("%s=%q %d:%d-%d:%d %q", it.Label, it.Detail, it.Range.Start.Line, it.Range.Start.Character, it.Range.End.Line, it.Range.End.Character, it.NewText)
}

// completionSeen decodes a completion list as a client applies it: an
// item's own textEdit, or else the list's itemDefaults.editRange with the
// item's textEditText or its label (LSP 3.17). It fails on an item that
// has no edit at all.
func completionSeen(t *testing.T, raw json.RawMessage) (items []seenItem, incomplete bool) {
	t.Helper()
	var l struct {
		IsIncomplete bool `json:"isIncomplete"`
		ItemDefaults struct {
			EditRange *protocol.Range `json:"editRange"`
		} `json:"itemDefaults"`
		Items []struct {
			Label        string             `json:"label"`
			Detail       string             `json:"detail"`
			TextEdit     *protocol.TextEdit `json:"textEdit"`
			TextEditText *string            `json:"textEditText"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatalf("completion list %s: %v", raw, err)
	}
	for _, it := range l.Items {
		seen := seenItem{Label: it.Label, Detail: it.Detail}
		switch {
		case it.TextEdit != nil:
			seen.Range, seen.NewText = it.TextEdit.Range, it.TextEdit.NewText
		case l.ItemDefaults.EditRange != nil:
			seen.Range, seen.NewText = *l.ItemDefaults.EditRange, it.Label
			if it.TextEditText != nil {
				seen.NewText = *it.TextEditText
			}
		default:
			t.Fatalf("item %q has no edit and the list no editRange: %s", it.Label, raw)
		}
		items = append(items, seen)
	}
	return items, l.IsIncomplete
}

// TestCompletionForBothClientKinds checks that a client with itemDefaults
// sees exactly what a client without sees, while the list carries the
// edit range once instead of a textEdit per item.
func TestCompletionForBothClientKinds(t *testing.T) {
	type answer struct {
		raw        json.RawMessage
		items      []seenItem
		incomplete bool
	}
	ask := func(opts ...envOption) (inside, typing answer) {
		e := newEnv(t, paperBook, opts...)
		get := func(name string, pos protocol.Position) answer {
			var a answer
			e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: e.uri(name)}, Position: pos}}, &a.raw)
			a.items, a.incomplete = completionSeen(t, a.raw)
			return a
		}
		inside = get("chapter1.txt", e.pos("chapter1.txt", "[#launching]", 2))
		e.open("chapter2.txt")
		text := e.files["chapter2.txt"]
		end := len(text)
		e.edit("chapter2.txt", 2, e.posAt(text, end), e.posAt(text, end), "See [#Bas", end, end)
		typing = get("chapter2.txt", e.posAt(e.files["chapter2.txt"], len(e.files["chapter2.txt"])))
		return inside, typing
	}
	plainInside, plainTyping := ask()
	defInside, defTyping := ask(withItemDefaults)

	// Inside [#launching] of chapter1.txt line 7: every anchor replaces the
	// name (7:6-7:15), without a second ']'.
	name := protocol.Range{Start: protocol.Position{Line: 7, Character: 6}, End: protocol.Position{Line: 7, Character: 15}}
	want := []seenItem{
		{"folding", "Chapter 1 - Folding Basics", name, "folding"},
		{"launching", "Chapter 2 - Launching", name, "launching"},
		{"Chapter-Folding-Basics", "Chapter 1 - Folding Basics", name, "Chapter-Folding-Basics"},
		{"Chapter-Launching", "Chapter 2 - Launching", name, "Chapter-Launching"},
		{"Paper", "Paper 101", name, "Paper"},
	}
	// Typing `See [#Bas` at the end of chapter2.txt (line 5): the title
	// word narrows the list, the edit replaces "Bas" and adds the ']'.
	typed := protocol.Range{Start: protocol.Position{Line: 5, Character: 6}, End: protocol.Position{Line: 5, Character: 9}}
	wantTyping := []seenItem{
		{"folding", "Chapter 1 - Folding Basics", typed, "folding]"},
		{"Chapter-Folding-Basics", "Chapter 1 - Folding Basics", typed, "Chapter-Folding-Basics]"},
	}
	for _, c := range []struct {
		what string
		got  answer
		want []seenItem
	}{
		{"without itemDefaults, inside [#launching]", plainInside, want},
		{"with itemDefaults, inside [#launching]", defInside, want},
		{"without itemDefaults, typing [#Bas", plainTyping, wantTyping},
		{"with itemDefaults, typing [#Bas", defTyping, wantTyping},
	} {
		if fmt.Sprint(c.got.items) != fmt.Sprint(c.want) || !c.got.incomplete {
			t.Errorf("%s:\n got %v (incomplete %v)\nwant %v", c.what, c.got.items, c.got.incomplete, c.want)
		}
	}
	for _, a := range []answer{plainInside, plainTyping} {
		if n := strings.Count(string(a.raw), `"textEdit":`); n != len(a.items) || strings.Contains(string(a.raw), "itemDefaults") {
			t.Errorf("a client without itemDefaults must get a textEdit in each of the %d items, got %d: %s", len(a.items), n, a.raw)
		}
	}
	for _, a := range []answer{defInside, defTyping} {
		if strings.Contains(string(a.raw), `"textEdit":`) || !strings.Contains(string(a.raw), `"itemDefaults":{"editRange":`) {
			t.Errorf("a client with itemDefaults gets the edit range once: %s", a.raw)
		}
	}
}

// TestCompletionResolveWithItemDefaults resolves an item of a list with
// itemDefaults, sent back as the client received it (it has no data: the
// label names the anchor).
func TestCompletionResolveWithItemDefaults(t *testing.T) {
	e := newEnv(t, paperBook, withItemDefaults)
	var raw struct {
		Items []json.RawMessage `json:"items"`
	}
	e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: e.pos("chapter1.txt", "[#launching]", 2)}}, &raw)
	if len(raw.Items) == 0 || strings.Contains(string(raw.Items[0]), `"data"`) {
		t.Fatalf("items %s", raw.Items)
	}
	var item protocol.CompletionItem
	e.call("completionItem/resolve", raw.Items[1], &item)
	doc, _ := item.Documentation.(map[string]any)
	if item.Label != "launching" || doc["value"] != "**Chapter 2 - Launching** — `chapter2.txt:3`\n\nStart at the north pier; the hull is in *Chapter 1 - Folding Basics*." {
		t.Errorf("resolved %q: %v", item.Label, item.Documentation)
	}
	// A directive item is not an anchor: resolving it adds nothing.
	var keyword protocol.CompletionItem
	e.call("completionItem/resolve", map[string]any{"label": ".set", "kind": protocol.CompletionItemKindKeyword}, &keyword)
	if keyword.Label != ".set" || keyword.Documentation != nil {
		t.Errorf("a keyword item resolved to %+v", keyword)
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

// Completion offers only names a reference can reach: not a bookmark name
// with a blank, nor one with `--` under mkwikidot (an em dash by then).
func TestCompletionLeavesOutUnreachableNames(t *testing.T) {
	e := newEnv(t, `-- chapter1.txt --
.bookmark has space
+ Spaced

.bookmark wind--second
+ Windy

.bookmark calm
+ Calm

See [#].
`)
	var list protocol.CompletionList
	e.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: e.pos("chapter1.txt", "[#]", 2)}}, &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	if want := []string{"calm", "Chapter-Calm", "Chapter-Spaced", "Chapter-Windy"}; strings.Join(labels, " ") != strings.Join(want, " ") {
		t.Errorf("completion after [# offers %q, want %q", labels, want)
	}
}
