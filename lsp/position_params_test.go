package lsp

import (
	"reflect"
	"testing"

	"go.lsp.dev/protocol"
)

// generalDecode is Codec.Unmarshal without decodePositionQuery: the way
// every other params go.
func generalDecode(data []byte, v any) error {
	err := protocol.Unmarshal(data, v)
	if err == nil {
		restoreURIs(reflect.ValueOf(v).Elem(), data)
	}
	return err
}

// positionQueryTypes make a zero value of each params type that
// decodePositionQuery reads.
var positionQueryTypes = []func() any{
	func() any { return new(protocol.HoverParams) },
	func() any { return new(protocol.DefinitionParams) },
	func() any { return new(protocol.DocumentHighlightParams) },
	func() any { return new(protocol.PrepareRenameParams) },
	func() any { return new(protocol.ReferenceParams) },
}

// What VS Code, Neovim and Eglot send takes the short way, and decodes to
// what the general way gives: the URI as the client spelled it.
func TestPositionQueriesInTheUsualFormTakeTheShortWay(t *testing.T) {
	for _, c := range []struct {
		data string
		refs bool // a references context is part of it
	}{
		{`{"textDocument":{"uri":"file:///C:/book/chapter%201.txt"},"position":{"line":120,"character":17}}`, false},
		{"{ \"position\" : { \"character\" : 0 , \"line\" : 4294967295 } ,\n\t\"textDocument\" : { \"uri\" : \"untitled:Untitled-1\" } }", false},
		{`{"textDocument":{"uri":"file:///b/c.txt"},"position":{"line":3,"character":9},"context":{"includeDeclaration":true}}`, true},
		{`{"context":{"includeDeclaration":false},"textDocument":{"uri":"file:///b/c.txt"},"position":{"line":0,"character":0}}`, true},
	} {
		for _, mk := range positionQueryTypes {
			short, general := mk(), mk()
			_, isRefs := short.(*protocol.ReferenceParams)
			if !decodePositionQuery([]byte(c.data), short) {
				if c.refs == isRefs {
					t.Errorf("%T: %s took the general way", short, c.data)
				}
				continue
			}
			if c.refs != isRefs {
				t.Errorf("%T: %s took the short way", short, c.data)
			}
			if err := generalDecode([]byte(c.data), general); err != nil || !reflect.DeepEqual(short, general) {
				t.Errorf("%T: %s\nshort   %+v\ngeneral %+v, %v", short, c.data, short, general, err)
			}
		}
	}
	var hp protocol.HoverParams
	if err := (Codec{}).Unmarshal([]byte(`{"textDocument":{"uri":"file:///C:/x"},"position":{"line":1,"character":2}}`), &hp); err != nil ||
		hp.TextDocument.URI != "file:///C:/x" || hp.Position != (protocol.Position{Line: 1, Character: 2}) {
		t.Errorf("Codec.Unmarshal: %+v, %v", hp, err)
	}
}

// FuzzDecodePositionQuery: whenever the short way decodes a message, the
// general way decodes it too, to the same value.
func FuzzDecodePositionQuery(f *testing.F) {
	for _, s := range []string{
		`{"textDocument":{"uri":"file:///a"},"position":{"line":1,"character":2}}`,
		`{"textDocument":{"uri":"file:///a"},"position":{"line":01,"character":2}}`,
		`{"textDocument":{"uri":"file:///a"},"position":{"line":1.0,"character":2}}`,
		`{"textDocument":{"uri":"file:///a","uri":"b"},"position":{"line":1,"character":2}}`,
		`{"textDocument":{"uri":"file:///\u00e9"},"position":{"line":1,"character":2}}`,
		`{"textDocument":{"uri":"file:///a"},"position":{"line":1,"character":2},"workDoneToken":"t"}`,
		`{"textDocument":{"uri":"file:///a"},"position":{"line":1,"character":2},"context":{"includeDeclaration":true}}`,
		`{"textDocument":{"uri":"file:///a"},"position":{"line":4294967296,"character":2}}`,
		`{"textDocument":{"uri":"file:///a"},"position":{"line":1}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mk := range positionQueryTypes {
			short, general := mk(), mk()
			if !decodePositionQuery(data, short) {
				if !reflect.DeepEqual(short, mk()) {
					t.Fatalf("%T: declined %q but changed the value: %+v", short, data, short)
				}
				continue
			}
			if err := generalDecode(data, general); err != nil {
				t.Fatalf("%T: %q: the short way decoded %+v, the general way failed: %v", short, data, short, err)
			}
			if !reflect.DeepEqual(short, general) {
				t.Fatalf("%T: %q\nshort   %+v\ngeneral %+v", short, data, short, general)
			}
		}
	})
}
