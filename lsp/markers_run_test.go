package lsp_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// markerRun is the state of one archive's script: the server, the texts
// it knows (updated by edit), and the last completion list (for resolve).
type markerRun struct {
	t        *testing.T
	a        *archive
	cl       *jsonClient
	files    map[string]string
	versions map[string]int
	lastList json.RawMessage
	where    string // archive:line of the running marker, for messages
}

func newMarkerRun(t *testing.T, a *archive, dir string, book map[string]string) *markerRun {
	caps := defaultCapabilities()
	if extra, ok := a.files["@capabilities.json"]; ok {
		var m map[string]any
		if err := (lsp.Codec{}).Unmarshal([]byte(extra), &m); err != nil {
			t.Fatalf("%s: @capabilities.json: %v", a.path, err)
		}
		mergeJSON(caps, m)
	}
	return &markerRun{t: t, a: a, cl: newJSONClient(t, dir, caps), files: book, versions: map[string]int{}}
}

// mergeJSON merges src into dst, object by object.
func mergeJSON(dst, src map[string]any) {
	for k, v := range src {
		sub, isMap := v.(map[string]any)
		have, hasMap := dst[k].(map[string]any)
		if isMap && hasMap {
			mergeJSON(have, sub)
		} else {
			dst[k] = v
		}
	}
}

// markerVerb runs a marker's arguments (its golden taken off) and returns
// its output; want is the golden, for verbs that wait for it (diag).
type markerVerb struct {
	args  int  // number of arguments
	query bool // has a golden
	run   func(r *markerRun, args []string, want string, haveWant bool) string
}

func (r *markerRun) runMarker(line string) {
	words, err := splitMarker(line)
	if err != nil || len(words) == 0 {
		r.t.Fatalf("%s: %q: %v", r.where, line, err)
	}
	verb, ok := markerVerbs[words[0]]
	if !ok {
		r.t.Fatalf("%s: unknown marker %q", r.where, words[0])
	}
	args, golden := words[1:], ""
	if verb.query {
		if len(args) == 0 || !strings.HasPrefix(args[len(args)-1], "@") {
			r.t.Fatalf("%s: %s needs a golden @name last", r.where, words[0])
		}
		args, golden = args[:len(args)-1], args[len(args)-1]
	}
	if len(args) != verb.args {
		r.t.Fatalf("%s: %s takes %d arguments, got %q", r.where, words[0], verb.args, args)
	}
	want, haveWant := r.a.files[golden]
	got := verb.run(r, args, want, haveWant && !*update)
	if verb.query {
		r.check(line, golden, got, want, haveWant)
	}
}

// check compares a marker's output with its golden, or records it for
// -update; markers sharing a golden must agree with each other too.
func (r *markerRun) check(line, golden, got, want string, haveWant bool) {
	if prev, seen := r.a.goldenOut[golden]; seen && prev != got {
		r.t.Errorf("%s: %s: differs from an earlier marker of %s:\n%s", r.where, line, golden, lineDiff(prev, got))
		return
	}
	if _, seen := r.a.goldenOut[golden]; !seen {
		r.a.goldenUse = append(r.a.goldenUse, golden)
	}
	r.a.goldenOut[golden] = got
	switch {
	case *update:
	case !haveWant:
		r.t.Errorf("%s: %s: no golden -- %s -- (go test ./lsp -run TestMarkers -update writes it); got:\n%s", r.where, line, golden, got)
	case got != want:
		r.t.Errorf("%s: %s: differs from -- %s -- (-want +got):\n%s", r.where, line, golden, lineDiff(want, got))
	}
}

// splitMarker splits a marker line into words; a word may contain Go
// quoted strings ("..." or `...`), which are kept quoted.
func splitMarker(line string) ([]string, error) {
	var words []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimLeftFunc(line, unicode.IsSpace) {
		var w strings.Builder
		for line != "" && !unicode.IsSpace(rune(line[0])) {
			if line[0] == '"' || line[0] == '`' {
				q, err := strconv.QuotedPrefix(line)
				if err != nil {
					return nil, fmt.Errorf("bad quoting at %s", line)
				}
				w.WriteString(q)
				line = line[len(q):]
				continue
			}
			w.WriteByte(line[0])
			line = line[1:]
		}
		words = append(words, w.String())
	}
	return words, nil
}

// unquote is a word's text: unquoted when quoted.
func (r *markerRun) unquote(word string) string {
	if word == "" || (word[0] != '"' && word[0] != '`') {
		return word
	}
	s, err := strconv.Unquote(word)
	if err != nil {
		r.t.Fatalf("%s: %s: %v", r.where, word, err)
	}
	return s
}

// spot resolves POS to a file and byte offsets (from == to unless two
// carets mark a range).
func (r *markerRun) spot(word string) (file string, from, to int) {
	file, where, ok := strings.Cut(word, ":")
	text, known := r.files[file]
	if !ok || !known {
		r.t.Fatalf("%s: %q: want FILE:\"te^xt\", FILE:LINE:COL or FILE:$ of a file of the book", r.where, word)
	}
	switch {
	case where == "$":
		return file, len(text), len(text)
	case where != "" && (where[0] == '"' || where[0] == '`'):
		from, to = r.caretSpot(file, text, r.unquote(where))
		return file, from, to
	}
	l, c, _ := strings.Cut(where, ":")
	line, err1 := strconv.Atoi(l)
	col, err2 := strconv.Atoi(c)
	if err1 != nil || err2 != nil || line < 1 || col < 1 {
		r.t.Fatalf("%s: %q: bad LINE:COL", r.where, word)
	}
	off := offsetAt(text, lspPos{line - 1, col - 1}, r.cl.utf8)
	return file, off, off
}

// caretSpot finds the text of a "te^xt" pattern, which must occur once.
func (r *markerRun) caretSpot(file, text, pattern string) (from, to int) {
	parts := strings.Split(pattern, "^")
	plain := strings.Join(parts, "")
	i := strings.Index(text, plain)
	if len(parts) < 2 || len(parts) > 3 || i < 0 || strings.Count(text, plain) != 1 {
		r.t.Fatalf("%s: %q must have one or two carets, and occur once in %s", r.where, pattern, file)
	}
	from = i + len(parts[0])
	to = from
	if len(parts) == 3 {
		to += len(parts[1])
	}
	return from, to
}

// at is POS as a textDocumentPositionParams.
func (r *markerRun) at(word string) map[string]any {
	file, off, _ := r.spot(word)
	return map[string]any{
		"textDocument": map[string]any{"uri": r.cl.uri(file)},
		"position":     posAt(r.files[file], off, r.cl.utf8),
	}
}

// lspPos and lspRange are the JSON shapes of LSP positions and ranges.
type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

// posAt converts a byte offset of text to a position (UTF-16 columns
// unless utf8).
func posAt(text string, off int, utf8 bool) lspPos {
	start := strings.LastIndexByte(text[:off], '\n') + 1
	col := off - start
	if !utf8 {
		col = len(utf16.Encode([]rune(text[start:off])))
	}
	return lspPos{strings.Count(text[:off], "\n"), col}
}

// offsetAt converts a position to a byte offset of text, clamped to its
// line as LSP says.
func offsetAt(text string, p lspPos, utf8 bool) int {
	start := 0
	for i := 0; i < p.Line; i++ {
		nl := strings.IndexByte(text[start:], '\n')
		if nl < 0 {
			return len(text)
		}
		start += nl + 1
	}
	line := text[start:]
	if nl := strings.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	if utf8 {
		return start + min(p.Character, len(line))
	}
	units := 0
	for i, ru := range line {
		if units >= p.Character {
			return start + i
		}
		units += len(utf16.Encode([]rune{ru}))
	}
	return start + len(line)
}

// span prints a range as LINE:COL-LINE:COL, 1-based.
func span(rg lspRange) string {
	return fmt.Sprintf("%d:%d-%d:%d", rg.Start.Line+1, rg.Start.Character+1, rg.End.Line+1, rg.End.Character+1)
}
