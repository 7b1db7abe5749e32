// robust_helpers_test.go holds what the robustness tests share: an LSP position model written
// independently of mapper.go (so that position checks are not the server checking itself), a
// book to abuse, and a liveness probe.

package lsp_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// robustBook is small but has every kind of line the format knows, and non-ASCII text
// before references so that UTF-16 and UTF-8 positions differ.
const robustBook = `A book to abuse.
-- chapter1.txt --
.bookmark folding
+ Folding Basics

Fold the sheet — twice — then see [#launching] and [#nowhere].

++ Paper 101 𐐀

[[code type="example" title="Hull" name="hull"]]
fold(sheet);
[[/code]]

Über [#folding], $(HARBOUR) and zmq_socket[3].
-- chapter2.txt --
.set HARBOUR=north pier
.bookmark launching
+ Launching

Start at the $(HARBOUR); the hull is in [#folding] [#Paper-101].
-- .bookmarks --
folding Chapter 1 - Folding Basics
launching Chapter 2 - Launching
stale Gone Title
-- notes.txt --
+ Not a guide file
`

// lspLineStarts splits text into LSP lines: a line ends at "\n", "\r\n" or a lone "\r".
func lspLineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lspLineEnd is the end of line i's content, before its terminator.
func lspLineEnd(text string, starts []int, i int) int {
	if i+1 >= len(starts) {
		return len(text)
	}
	end := starts[i+1]
	if end > 0 && text[end-1] == '\n' {
		end--
	}
	if end > starts[i] && text[end-1] == '\r' {
		end--
	}
	return end
}

// unitWidth is a character's width in the negotiated encoding; an invalid byte is one unit.
func unitWidth(r rune, size int, utf8Enc bool) int {
	if utf8Enc {
		return size
	}
	if r == utf8.RuneError && size == 1 {
		return 1
	}
	return len(utf16.Encode([]rune{r}))
}

// lspPosition converts a byte offset (on a character boundary) to a position.
func lspPosition(text string, off int, utf8Enc bool) protocol.Position {
	starts := lspLineStarts(text)
	line := 0
	for line+1 < len(starts) && starts[line+1] <= off {
		line++
	}
	n := 0
	for i := starts[line]; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:])
		n += unitWidth(r, size, utf8Enc)
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(n)}
}

// lspOffset converts a position to a byte offset with the clamping LSP clients expect: a line
// past the end is the end of the text, a character past the line end is the line end.
func lspOffset(text string, pos protocol.Position, utf8Enc bool) int {
	starts := lspLineStarts(text)
	if int(pos.Line) >= len(starts) {
		return len(text)
	}
	i, end := starts[pos.Line], lspLineEnd(text, starts, int(pos.Line))
	for n := 0; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:])
		w := unitWidth(r, size, utf8Enc)
		if n+w > int(pos.Character) {
			break
		}
		n += w
		i += size
	}
	return i
}

// rangeText is the text a range covers.
func rangeText(text string, r protocol.Range, utf8Enc bool) string {
	s, e := lspOffset(text, r.Start, utf8Enc), lspOffset(text, r.End, utf8Enc)
	if e < s {
		return "<inverted>"
	}
	return text[s:e]
}

// lastPublished returns the last diagnostics published for each URI.
func (e *env) lastPublished() map[string][]protocol.Diagnostic {
	out := map[string][]protocol.Diagnostic{}
	for _, m := range e.c.Messages("textDocument/publishDiagnostics") {
		var p protocol.PublishDiagnosticsParams
		if (lsp.Codec{}).Unmarshal(m.Params, &p) == nil {
			out[string(p.URI)] = p.Diagnostics
		}
	}
	return out
}

// alive proves the server still serves: a definition on chapter1's [#launching] lands on
// chapter2's header.
func (e *env) alive(when string) {
	e.t.Helper()
	text := e.files["chapter1.txt"]
	i := strings.Index(text, "[#launching]")
	if i < 0 {
		e.t.Fatalf("%s: chapter1.txt lost its [#launching]", when)
	}
	var locs []protocol.Location
	if err := e.c.Call(e.ctx(), "textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: e.posAt(text, i+4)}}, &locs); err != nil {
		e.t.Fatalf("%s: the server stopped serving: definition failed: %v", when, err)
	}
	if len(locs) != 1 || locs[0].URI != e.uri("chapter2.txt") {
		e.t.Fatalf("%s: definition of [#launching] = %+v, want chapter2.txt: the server's state is damaged", when, locs)
	}
}

// rpcCode is the JSON-RPC error code of err, 0 for nil, -1 for a transport error.
func rpcCode(err error) jsonrpc2.Code {
	if err == nil {
		return 0
	}
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		return rpcErr.Code
	}
	return -1
}

// TestIndependentPositionModel pins the helper model itself, so that the checks built on it
// mean something.
func TestIndependentPositionModel(t *testing.T) {
	text := "a\r\né𐐀\xffb\rc\nd"
	for _, tc := range []struct {
		off  int
		want protocol.Position
		utf8 bool
	}{
		{0, protocol.Position{Line: 0, Character: 0}, false},
		{3, protocol.Position{Line: 1, Character: 0}, false},
		{5, protocol.Position{Line: 1, Character: 1}, false},
		{9, protocol.Position{Line: 1, Character: 3}, false},
		{10, protocol.Position{Line: 1, Character: 4}, false},
		{10, protocol.Position{Line: 1, Character: 7}, true},
		{12, protocol.Position{Line: 2, Character: 0}, false},
		{14, protocol.Position{Line: 3, Character: 0}, false},
	} {
		if got := lspPosition(text, tc.off, tc.utf8); got != tc.want {
			t.Errorf("lspPosition(%d, utf8=%v) = %v, want %v", tc.off, tc.utf8, got, tc.want)
		}
		if got := lspOffset(text, tc.want, tc.utf8); got != tc.off {
			t.Errorf("lspOffset(%v, utf8=%v) = %d, want %d", tc.want, tc.utf8, got, tc.off)
		}
	}
	if got := lspOffset(text, protocol.Position{Line: 0, Character: 99}, false); got != 1 {
		t.Errorf("past the line end: %d, want 1 (before the CRLF)", got)
	}
	if got := lspOffset(text, protocol.Position{Line: 99}, false); got != len(text) {
		t.Errorf("past the last line: %d, want %d", got, len(text))
	}
}
