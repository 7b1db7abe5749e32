package lsp_test

import (
	"encoding/json"
	"time"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// markerVerbs are the markers a script may use (see markers_test.go).
var markerVerbs map[string]markerVerb

func init() {
	markerVerbs = map[string]markerVerb{
		"def":           {1, true, locationsOf("textDocument/definition", nil)},
		"refs":          {1, true, locationsOf("textDocument/references", map[string]any{"includeDeclaration": true})},
		"refs.nodecl":   {1, true, locationsOf("textDocument/references", map[string]any{"includeDeclaration": false})},
		"hover":         {1, true, (*markerRun).hover},
		"complete":      {1, true, (*markerRun).complete},
		"complete.json": {1, true, (*markerRun).completeJSON},
		"resolve":       {1, true, (*markerRun).resolve},
		"rename":        {2, true, (*markerRun).rename},
		"diag":          {1, true, (*markerRun).diag},
		"open":          {1, false, (*markerRun).open},
		"edit":          {2, false, (*markerRun).edit},
	}
}

// request sends a method with params and returns its raw result; an error
// response fails the marker, unless the verb shows errors (rename).
func (r *markerRun) request(method string, params any) json.RawMessage {
	raw, err := r.cl.call(method, params)
	if err != nil {
		r.t.Fatalf("%s: %s: %v", r.where, method, err)
	}
	return raw
}

// locationsOf is a verb asking method at POS, with a context if any.
func locationsOf(method string, context map[string]any) func(*markerRun, []string, string, bool) string {
	return func(r *markerRun, args []string, _ string, _ bool) string {
		params := r.at(args[0])
		if context != nil {
			params["context"] = context
		}
		return r.renderLocations(r.request(method, params))
	}
}

func (r *markerRun) hover(args []string, _ string, _ bool) string {
	return renderHover(r.request("textDocument/hover", r.at(args[0])))
}

func (r *markerRun) complete(args []string, _ string, _ bool) string {
	r.lastList = r.request("textDocument/completion", r.at(args[0]))
	return r.renderCompletion(r.lastList)
}

func (r *markerRun) completeJSON(args []string, _ string, _ bool) string {
	r.lastList = r.request("textDocument/completion", r.at(args[0]))
	return renderListJSON(r.t, r.lastList)
}

// resolve sends back an item of the last list as the client received it,
// or an item written in the marker as `{json}`.
func (r *markerRun) resolve(args []string, _ string, _ bool) string {
	item := json.RawMessage(r.unquote(args[0]))
	if !json.Valid(item) || item[0] != '{' {
		item = r.itemOfLastList(args[0])
	}
	var resolved completionItem
	raw := r.request("completionItem/resolve", item)
	if err := (lsp.Codec{}).Unmarshal(raw, &resolved); err != nil {
		r.t.Fatalf("%s: resolved item %s: %v", r.where, raw, err)
	}
	return renderResolved(r.t, resolved)
}

func (r *markerRun) itemOfLastList(label string) json.RawMessage {
	var l struct {
		Items []json.RawMessage `json:"items"`
	}
	_ = (lsp.Codec{}).Unmarshal(r.lastList, &l)
	for _, raw := range l.Items {
		var it completionItem
		if (lsp.Codec{}).Unmarshal(raw, &it) == nil && it.Label == label {
			return raw
		}
	}
	r.t.Fatalf("%s: no item %q in the last completion list", r.where, label)
	return nil
}

func (r *markerRun) rename(args []string, _ string, _ bool) string {
	params := r.at(args[0])
	params["newName"] = r.unquote(args[1])
	raw, err := r.cl.call("textDocument/rename", params)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	return r.renderRename(raw)
}

func (r *markerRun) open(args []string, _ string, _ bool) string {
	text, ok := r.files[args[0]]
	if !ok {
		r.t.Fatalf("%s: no file %s in the book", r.where, args[0])
	}
	r.versions[args[0]] = 1
	r.cl.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": r.cl.uri(args[0]), "languageId": "zguide", "version": 1, "text": text,
	}})
	return ""
}

// edit replaces the range of POS (empty with one caret) by a text, in the
// server and in r.files.
func (r *markerRun) edit(args []string, _ string, _ bool) string {
	file, from, to := r.spot(args[0])
	if r.versions[file] == 0 {
		r.t.Fatalf("%s: edit of %s, which is not open", r.where, file)
	}
	r.versions[file]++
	old, text := r.files[file], r.unquote(args[1])
	rg := lspRange{posAt(old, from, r.cl.utf8), posAt(old, to, r.cl.utf8)}
	r.cl.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": r.cl.uri(file), "version": r.versions[file]},
		"contentChanges": []any{map[string]any{"range": rg, "text": text}},
	})
	r.files[file] = old[:from] + text + old[to:]
	return ""
}

// Diagnostics come when the server has computed them, so diag waits: for
// the golden, if there is one, else for the file's publishes to settle. A
// golden that never matches fails once the file has been quiet for
// diagQuietWant (long, so a slow machine is not taken for a mismatch).
const (
	diagDeadline  = 15 * time.Second
	diagQuiet     = 2 * time.Second // -update, or no golden yet
	diagQuietWant = 5 * time.Second
)

func (r *markerRun) diag(args []string, want string, haveWant bool) string {
	file, quiet := args[0], diagQuiet
	if haveWant {
		quiet = diagQuietWant
	}
	got, seen, lastChange := "", 0, time.Now()
	for deadline := time.Now().Add(diagDeadline); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		pubs := r.cl.publishes(file)
		if len(pubs) != seen {
			seen, lastChange = len(pubs), time.Now()
			got = r.renderDiagnostics(file, pubs[len(pubs)-1])
		}
		if seen > 0 && ((haveWant && got == want) || time.Since(lastChange) > quiet) {
			return got
		}
	}
	if seen == 0 {
		r.t.Fatalf("%s: no diagnostics published for %s", r.where, file)
	}
	return got
}
