package lsp_test

// Rendering of results as a user sees them, for the goldens of marker
// tests. Every render ends in a newline, so a golden section holds it
// exactly.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// location is a Location or, for definition, a LocationLink.
type location struct {
	URI            string    `json:"uri"`
	Range          lspRange  `json:"range"`
	TargetURI      string    `json:"targetUri"`
	TargetSelRange *lspRange `json:"targetSelectionRange"`
}

func (r *markerRun) locName(l location) string {
	if l.TargetURI != "" && l.TargetSelRange != nil {
		return r.cl.name(l.TargetURI) + ":" + span(*l.TargetSelRange)
	}
	return r.cl.name(l.URI) + ":" + span(l.Range)
}

// renderLocations prints null, a location or a list, in the server's order.
func (r *markerRun) renderLocations(raw json.RawMessage) string {
	var list []location
	if len(raw) > 0 && raw[0] == '{' {
		list = make([]location, 1)
		raw = append(append(json.RawMessage("["), raw...), ']')
	}
	if err := (lsp.Codec{}).Unmarshal(raw, &list); err != nil {
		r.t.Fatalf("%s: locations %s: %v", r.where, raw, err)
	}
	if len(list) == 0 {
		return "no locations\n"
	}
	var b strings.Builder
	for _, l := range list {
		b.WriteString(r.locName(l) + "\n")
	}
	return b.String()
}

// renderHover prints the content's kind, the range if any, then the text.
func renderHover(raw json.RawMessage) string {
	var h *struct {
		Contents json.RawMessage `json:"contents"`
		Range    *lspRange       `json:"range"`
	}
	if (lsp.Codec{}).Unmarshal(raw, &h) != nil || h == nil {
		return "no hover\n"
	}
	var markup struct{ Kind, Value string }
	if (lsp.Codec{}).Unmarshal(h.Contents, &markup) != nil || markup.Kind == "" {
		return "contents (not MarkupContent): " + string(h.Contents) + "\n"
	}
	head := "kind: " + markup.Kind + "\n"
	if h.Range != nil {
		head += "range: " + span(*h.Range) + "\n"
	}
	return head + "\n" + markup.Value + "\n"
}

// completionItem is what the goldens show of an item.
type completionItem struct {
	Label            string          `json:"label"`
	Kind             int             `json:"kind"`
	Detail           string          `json:"detail"`
	Documentation    json.RawMessage `json:"documentation"`
	InsertText       *string         `json:"insertText"`
	InsertTextFormat int             `json:"insertTextFormat"`
	TextEditText     *string         `json:"textEditText"`
	TextEdit         *struct {
		Range   *lspRange `json:"range"`
		NewText string    `json:"newText"`
	} `json:"textEdit"`
}

// completionKinds names LSP CompletionItemKind values (1-based).
var completionKinds = strings.Fields("Text Method Function Constructor Field Variable Class Interface Module Property Unit Value Enum Keyword Snippet Color File Reference Folder EnumMember Constant Struct Event Operator TypeParameter")

// line prints an item: label, kind, detail, then the edit accepting it
// makes: its own textEdit, else the list's itemDefaults.editRange with
// textEditText or the label (LSP 3.17), else an insertion at the cursor.
func (it completionItem) line(defaultRange *lspRange, insertFormat int) string {
	s := it.Label
	if it.Kind > 0 && it.Kind <= len(completionKinds) {
		s += " (" + completionKinds[it.Kind-1] + ")"
	}
	if it.Detail != "" {
		s += fmt.Sprintf(" %q", it.Detail)
	}
	switch {
	case it.TextEdit != nil && it.TextEdit.Range != nil:
		s += fmt.Sprintf(" %s %q", span(*it.TextEdit.Range), it.TextEdit.NewText)
	case it.TextEdit != nil:
		s += " textEdit without a range (InsertReplaceEdit?)"
	case defaultRange != nil:
		text := it.Label
		if it.TextEditText != nil {
			text = *it.TextEditText
		}
		s += fmt.Sprintf(" %s %q", span(*defaultRange), text)
	case it.InsertText != nil:
		s += fmt.Sprintf(" insert %q", *it.InsertText)
	default:
		s += fmt.Sprintf(" insert %q", it.Label)
	}
	if it.InsertTextFormat == 2 || (it.InsertTextFormat == 0 && insertFormat == 2) {
		s += " snippet"
	}
	return s + "\n"
}

// completionList is a list with its LSP 3.17 item defaults.
type completionList struct {
	IsIncomplete bool `json:"isIncomplete"`
	ItemDefaults struct {
		EditRange        *lspRange `json:"editRange"`
		InsertTextFormat int       `json:"insertTextFormat"`
	} `json:"itemDefaults"`
	Items []completionItem `json:"items"`
}

func (r *markerRun) renderCompletion(raw json.RawMessage) string {
	var l completionList
	if len(raw) > 0 && raw[0] == '[' {
		raw = append(append(json.RawMessage(`{"items":`), raw...), '}')
	}
	if string(raw) == "null" {
		return "no completion\n"
	}
	if err := (lsp.Codec{}).Unmarshal(raw, &l); err != nil {
		r.t.Fatalf("%s: completion list %s: %v", r.where, raw, err)
	}
	var b strings.Builder
	if l.IsIncomplete {
		b.WriteString("incomplete\n")
	}
	for _, it := range l.Items {
		b.WriteString(it.line(l.ItemDefaults.EditRange, l.ItemDefaults.InsertTextFormat))
	}
	if len(l.Items) == 0 {
		b.WriteString("no items\n")
	}
	return b.String()
}

// renderListJSON prints a list as sent, keys sorted, an item a line, so
// the golden shows where edits travel (per item or in itemDefaults) and
// which fields items carry.
func renderListJSON(t *testing.T, raw json.RawMessage) string {
	var l map[string]json.RawMessage
	if err := (lsp.Codec{}).Unmarshal(raw, &l); err != nil {
		t.Fatalf("completion list %s: %v", raw, err)
	}
	var items []json.RawMessage
	_ = (lsp.Codec{}).Unmarshal(l["items"], &items)
	delete(l, "items")
	head, _ := json.Marshal(l)
	var b strings.Builder
	b.Write(head)
	b.WriteString("\nitems:\n")
	for _, it := range items {
		var m map[string]any
		_ = (lsp.Codec{}).Unmarshal(it, &m)
		one, _ := json.Marshal(m) // sorts the keys
		b.Write(one)
		b.WriteString("\n")
	}
	return b.String()
}

// renderResolved prints a resolved item, then its documentation.
func renderResolved(t *testing.T, it completionItem) string {
	s := it.line(nil, 0)
	if len(it.Documentation) == 0 || string(it.Documentation) == "null" {
		return s + "no documentation\n"
	}
	var markup struct{ Kind, Value string }
	if (lsp.Codec{}).Unmarshal(it.Documentation, &markup) == nil && markup.Kind != "" {
		return s + "documentation (" + markup.Kind + "):\n" + markup.Value + "\n"
	}
	var plain string
	if err := (lsp.Codec{}).Unmarshal(it.Documentation, &plain); err != nil {
		t.Fatalf("documentation %s: %v", it.Documentation, err)
	}
	return s + "documentation (string):\n" + plain + "\n"
}

// textEdit is an edit of a workspace edit, with its file.
type textEdit struct {
	file    string
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

// renderRename prints the edits (by file, then position), then each
// changed file as it is after them.
func (r *markerRun) renderRename(raw json.RawMessage) string {
	edits := r.workspaceEdits(raw)
	if len(edits) == 0 {
		return "no edits\n"
	}
	var b strings.Builder
	byFile := map[string][]textEdit{}
	for _, e := range edits {
		fmt.Fprintf(&b, "%s:%s %q\n", e.file, span(e.Range), e.NewText)
		byFile[e.file] = append(byFile[e.file], e)
	}
	for _, file := range sortedKeys(byFile) {
		fmt.Fprintf(&b, "=== %s after the edits ===\n%s", file, r.applyEdits(file, byFile[file]))
	}
	return b.String()
}

// workspaceEdits flattens changes or documentChanges, sorted.
func (r *markerRun) workspaceEdits(raw json.RawMessage) []textEdit {
	var we struct {
		Changes         map[string][]textEdit `json:"changes"`
		DocumentChanges []struct {
			TextDocument struct{ URI string } `json:"textDocument"`
			Edits        []textEdit           `json:"edits"`
		} `json:"documentChanges"`
	}
	if err := (lsp.Codec{}).Unmarshal(raw, &we); err != nil {
		r.t.Fatalf("%s: workspace edit %s: %v", r.where, raw, err)
	}
	var out []textEdit
	add := func(uri string, edits []textEdit) {
		for _, e := range edits {
			e.file = r.cl.name(uri)
			out = append(out, e)
		}
	}
	for uri, edits := range we.Changes {
		add(uri, edits)
	}
	for _, dc := range we.DocumentChanges {
		add(dc.TextDocument.URI, dc.Edits)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.file != b.file {
			return a.file < b.file
		}
		return a.Range.Start.Line < b.Range.Start.Line || a.Range.Start.Line == b.Range.Start.Line && a.Range.Start.Character < b.Range.Start.Character
	})
	return out
}

// applyEdits applies sorted, disjoint edits to a file's current text.
func (r *markerRun) applyEdits(file string, edits []textEdit) string {
	text := r.files[file]
	var b strings.Builder
	last := 0
	for _, e := range edits {
		from, to := offsetAt(text, e.Range.Start, r.cl.utf8), offsetAt(text, e.Range.End, r.cl.utf8)
		if from < last || to < from {
			return fmt.Sprintf("overlapping or reversed edit at %s\n", span(e.Range))
		}
		b.WriteString(text[last:from] + e.NewText)
		last = to
	}
	b.WriteString(text[last:])
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// diagnostic is what the goldens show of a diagnostic.
type diagnostic struct {
	Range    lspRange `json:"range"`
	Severity int      `json:"severity"`
	Code     any      `json:"code"`
	Source   string   `json:"source"`
	Message  string   `json:"message"`
	Tags     []int    `json:"tags"`
	Related  []struct {
		Location location `json:"location"`
		Message  string   `json:"message"`
	} `json:"relatedInformation"`
}

var severities = []string{"severity?", "error", "warning", "information", "hint"}

// renderDiagnostics prints FILE:RANGE: severity code: message, in the
// server's order, with related information indented under it. The source
// is shown only when it is not bookmarks-ls.
func (r *markerRun) renderDiagnostics(file string, raw json.RawMessage) string {
	var ds []diagnostic
	if err := (lsp.Codec{}).Unmarshal(raw, &ds); err != nil {
		r.t.Fatalf("%s: diagnostics %s: %v", r.where, raw, err)
	}
	if len(ds) == 0 {
		return "no diagnostics\n"
	}
	var b bytes.Buffer
	for _, d := range ds {
		sev := severities[0]
		if d.Severity >= 1 && d.Severity <= 4 {
			sev = severities[d.Severity]
		}
		if d.Source != "bookmarks-ls" {
			sev = "[" + d.Source + "] " + sev
		}
		fmt.Fprintf(&b, "%s:%s: %s %v: %s", file, span(d.Range), sev, d.Code, d.Message)
		for _, tag := range d.Tags {
			b.WriteString([]string{" [tag?]", " [unnecessary]", " [deprecated]"}[min(max(tag, 0), 2)])
		}
		b.WriteString("\n")
		for _, rel := range d.Related {
			fmt.Fprintf(&b, "\trelated %s: %s\n", r.locName(rel.Location), rel.Message)
		}
	}
	return b.String()
}

// lineDiff is a line diff of want and got (longest common subsequence),
// lines prefixed "-" (only in want), "+" (only in got) or " ".
func lineDiff(want, got string) string {
	a, b := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	emit := func(prefix, line string) {
		if line == "" {
			return // the empty remainder after a final newline
		}
		if !strings.HasSuffix(line, "\n") {
			line += " (no newline at end)\n"
		}
		out.WriteString(prefix + line)
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			emit(" ", a[i])
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			emit("-", a[i])
			i++
		default:
			emit("+", b[j])
			j++
		}
	}
	return out.String()
}
