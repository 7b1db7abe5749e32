package lsp

import (
	"encoding/json"
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

// TestDecodeParamsKeepsURIs: every URI of decoded params is the string the
// client sent, wherever it sits (a field, a pointer, a slice, a
// protocol.Nullable, an embedded struct, a union, the server's own type).
// protocol v1 would give "file:///c%3A/x" for "file:///C:/x" and
// "file:///" for "".
func TestDecodeParamsKeepsURIs(t *testing.T) {
	const c, odd = "file:///C:/x/a b@c.txt", "%zz not a uri"
	check := func(what string, got DocumentURI, want string) {
		t.Helper()
		if string(got) != want {
			t.Errorf("%s: %q, want %q as sent", what, got, want)
		}
	}
	open, err := decodeParams[protocol.DidOpenTextDocumentParams](json.RawMessage(`{"textDocument":{"uri":"` + c + `","languageId":"zguide","version":1,"text":"x"}}`))
	if err != nil {
		t.Fatal(err)
	}
	check("didOpen", open.TextDocument.URI, c)
	empty, err := decodeParams[protocol.HoverParams](json.RawMessage(`{"textDocument":{"uri":""},"position":{"line":0,"character":0}}`))
	if err != nil {
		t.Fatal(err)
	}
	check("hover (embedded params)", empty.TextDocument.URI, "")
	watched, err := decodeParams[protocol.DidChangeWatchedFilesParams](json.RawMessage(`{"changes":[{"uri":"` + c + `","type":1},{"uri":"` + odd + `","type":3}]}`))
	if err != nil || len(watched.Changes) != 2 {
		t.Fatal(watched, err)
	}
	check("watched file 0", watched.Changes[0].URI, c)
	check("watched file 1", watched.Changes[1].URI, odd)
	init, err := decodeParams[initializeParams](json.RawMessage(`{"processId":null,"rootUri":"` + c + `","capabilities":{},"workspaceFolders":[{"uri":"` + c + `","name":"x"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	check("rootUri", *init.RootURI, c)
	folders, _ := init.WorkspaceFolders.Get()
	if len(folders) != 1 {
		t.Fatalf("workspaceFolders: %v", folders)
	}
	check("workspace folder", folders[0].URI, c)
	action, err := decodeParams[protocol.CodeActionParams](json.RawMessage(`{"textDocument":{"uri":"` + c + `"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},` +
		`"context":{"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"message":"m",` +
		`"relatedInformation":[{"location":{"uri":"` + c + `","range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}},"message":"r"}]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	check("related information", action.Context.Diagnostics[0].RelatedInformation[0].Location.URI, c)
	status, err := decodeParams[StatusParams](json.RawMessage(`{"uri":"` + c + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	check("bookmarks/status", status.URI, c)
}

// TestNilResultsEncodeAsNull: protocol.Marshal gives [] for a nil slice;
// a handler's nil result must stay null on the wire.
func TestNilResultsEncodeAsNull(t *testing.T) {
	for _, v := range []any{nil, []protocol.Location(nil), (*protocol.Hover)(nil), []protocol.CompletionItem(nil), map[string]int(nil)} {
		b, err := marshalJSON(v)
		if err != nil || string(b) != "null" {
			t.Errorf("marshalJSON(%#v) = %s, %v; want null", v, b, err)
		}
	}
	b, err := marshalJSON([]protocol.Location{})
	if err != nil || string(b) != "[]" {
		t.Errorf("marshalJSON of an empty list = %s, %v; want []", b, err)
	}
}

// BenchmarkDecodePositionParams is the params decoding of every position
// query (definition, hover, references), URI restoring included.
func BenchmarkDecodePositionParams(b *testing.B) {
	raw := json.RawMessage(`{"textDocument":{"uri":"file:///home/me/book/chapter3.txt"},"position":{"line":120,"character":17}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeParams[protocol.HoverParams](raw); err != nil {
			b.Fatal(err)
		}
	}
}

// The results of the position queries are encoded element by element
// (appendEach), and must come out exactly as protocol.Marshal gives them:
// escapes, invalid UTF-8, optional members and empty slices included.
func TestMarshalEachIsProtocolMarshal(t *testing.T) {
	uris := []string{"file:///book/chapter1.txt", `file:///a"b\c`, "file:///ü/日本", "file:///\x00\x1f\x7f", "file:///bad\xff\xfeutf8", "file:///<>&\u2028\u2029", ""}
	var locs []protocol.Location
	var highlights []protocol.DocumentHighlight
	for i, u := range uris {
		r := protocol.Range{Start: protocol.Position{Line: uint32(i), Character: 4294967295}, End: protocol.Position{Line: 1 << 31, Character: uint32(i * 7)}}
		locs = append(locs, protocol.Location{URI: DocumentURI(u), Range: r})
		h := protocol.DocumentHighlight{Range: r}
		if i%2 == 0 {
			h.Kind = protocol.DocumentHighlightKind(i%3 + 1)
		}
		highlights = append(highlights, h)
	}
	for _, v := range []any{locs, locs[:1], []protocol.Location{}, highlights, highlights[:1], []protocol.DocumentHighlight{}} {
		want, werr := protocol.Marshal(v)
		got, gerr := marshalJSON(v)
		if string(got) != string(want) || (werr == nil) != (gerr == nil) {
			t.Errorf("marshalJSON(%T of %d)\n got %s, %v\nwant %s, %v", v, reflect.ValueOf(v).Len(), got, gerr, want, werr)
		}
	}
	if got, _ := marshalJSON([]protocol.Location(nil)); string(got) != "null" {
		t.Errorf("a nil slice encodes as %s, want null", got)
	}
}

// BenchmarkMarshalLocations is the encoding of a references result.
func BenchmarkMarshalLocations(b *testing.B) {
	locs := make([]protocol.Location, 20)
	for i := range locs {
		locs[i] = protocol.Location{URI: "file:///home/me/book/chapter3.txt", Range: protocol.Range{Start: protocol.Position{Line: uint32(i * 40), Character: 12}, End: protocol.Position{Line: uint32(i * 40), Character: 30}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marshalJSON(locs); err != nil {
			b.Fatal(err)
		}
	}
}

// pooledResult and isNil answer the position requests' results without
// reflection: the same answers reflection gives.
func TestResultShortcutsAreTheReflectiveAnswers(t *testing.T) {
	reflective := func(v any) (pooled, null bool) {
		rv := reflect.ValueOf(v)
		null = !rv.IsValid() || (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Slice) && rv.IsNil()
		return !null && isProtocolType(reflect.TypeOf(v)), null
	}
	for _, v := range []any{nil, []protocol.Location(nil), []protocol.Location{}, []protocol.Location{{URI: "file:///a"}},
		(*protocol.Hover)(nil), &protocol.Hover{}} {
		pooled, null := reflective(v)
		if pooledResult(v) != pooled || isNil(v) != null {
			t.Errorf("%#v: pooledResult %v, isNil %v; reflection gives %v, %v", v, pooledResult(v), isNil(v), pooled, null)
		}
	}
}
