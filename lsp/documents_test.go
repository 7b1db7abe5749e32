package lsp

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
)

func openDoc(t *testing.T, d *Documents, u DocumentURI, version int32, text string) {
	t.Helper()
	d.Open(&protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "markdown", Version: version, Text: text,
	}})
}

// change decodes a didChange from its wire form, as the server will.
func change(t *testing.T, d *Documents, wire string) (*Document, error) {
	t.Helper()
	p, err := decodeParams[protocol.DidChangeTextDocumentParams]([]byte(wire))
	if err != nil {
		t.Fatalf("decode %s: %v", wire, err)
	}
	return d.Change(p)
}

func TestDocumentsIncrementalChanges(t *testing.T) {
	const u = "file:///c%3A/notes/a.md"
	tests := []struct {
		name    string
		enc     Encoding
		text    string
		changes string
		want    string
	}{
		{
			name: "insertion at 0:0 is not a full replacement",
			text: "abc",
			changes: `[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},` +
				`"rangeLength":0,"text":"X"}]`,
			want: "Xabc",
		},
		{
			name:    "no range replaces the whole text",
			text:    "abc",
			changes: `[{"text":"X"}]`,
			want:    "X",
		},
		{
			name:    "utf-16 columns over emoji and korean",
			text:    "가😀b\n",
			changes: `[{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":3}},"text":"x"}]`,
			want:    "가xb\n",
		},
		{
			name:    "utf-8 columns when negotiated",
			enc:     UTF8,
			text:    "가😀b\n",
			changes: `[{"range":{"start":{"line":0,"character":3},"end":{"line":0,"character":7}},"text":"x"}]`,
			want:    "가xb\n",
		},
		{
			name: "changes apply in sequence, each to the previous result",
			text: "one\ntwo\n",
			changes: `[{"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}},"text":""},` +
				`{"range":{"start":{"line":0,"character":3},"end":{"line":0,"character":3}},"text":"!"}]`,
			want: "two!\n",
		},
		{
			name:    "crlf: a line end position is before the CR",
			text:    "ab\r\ncd",
			changes: `[{"range":{"start":{"line":0,"character":2},"end":{"line":1,"character":0}},"text":" "}]`,
			want:    "ab cd",
		},
		{
			name:    "positions past the end clamp",
			text:    "ab\ncd",
			changes: `[{"range":{"start":{"line":1,"character":1},"end":{"line":9,"character":9}},"text":"!"}]`,
			want:    "ab\nc!",
		},
		{
			name:    "full text then incremental",
			text:    "old",
			changes: `[{"text":"new"},{"range":{"start":{"line":0,"character":3},"end":{"line":0,"character":3}},"text":"er"}]`,
			want:    "newer",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDocuments(tt.enc)
			openDoc(t, d, u, 1, tt.text)
			doc, err := change(t, d, `{"textDocument":{"uri":"file:///C:/notes/a.md","version":2},"contentChanges":`+tt.changes+`}`)
			if err != nil {
				t.Fatalf("Change: %v", err)
			}
			if doc.Text != tt.want || doc.Version != 2 {
				t.Errorf("after change: %q v%d, want %q v2: the server's copy diverges from the editor", doc.Text, doc.Version, tt.want)
			}
			got, ok := d.Get("file:///c:/notes/a.md")
			if !ok || got != doc {
				t.Errorf("Get with another spelling of the URI = %v, %v; want the changed document", got, ok)
			}
			if got.Mapper.Text() != got.Text {
				t.Errorf("mapper text %q does not match document text %q", got.Mapper.Text(), got.Text)
			}
		})
	}
}

func TestDocumentsChangeErrors(t *testing.T) {
	const u = "file:///a.md"
	tests := []struct {
		name string
		wire string
		want string
	}{
		{"not open", `{"textDocument":{"uri":"file:///b.md","version":9},"contentChanges":[{"text":"x"}]}`, "not open"},
		{"same version", `{"textDocument":{"uri":"file:///a.md","version":3},"contentChanges":[{"text":"x"}]}`, "not newer"},
		{"older version", `{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"text":"x"}]}`, "not newer"},
		{"inverted range", `{"textDocument":{"uri":"file:///a.md","version":4},"contentChanges":[{"text":"x"},` +
			`{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":0}},"text":"y"}]}`, "before start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDocuments(UTF16)
			openDoc(t, d, u, 3, "abc")
			if _, err := change(t, d, tt.wire); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Change error = %v, want one saying %q", err, tt.want)
			}
			if doc, _ := d.Get(u); doc.Text != "abc" || doc.Version != 3 {
				t.Errorf("a rejected change modified the document: %q v%d", doc.Text, doc.Version)
			}
		})
	}
}

func TestDocumentsOpenCloseAndSchemes(t *testing.T) {
	d := NewDocuments(UTF16)
	openDoc(t, d, "untitled:Untitled-1", 1, "draft")
	openDoc(t, d, "file:///b.md", 1, "b")
	openDoc(t, d, "file:///b.md", 5, "b reopened") // the client's text wins
	if _, err := change(t, d, `{"textDocument":{"uri":"untitled:Untitled-1","version":2},"contentChanges":[{"text":"x"}]}`); err != nil {
		t.Errorf("change of an untitled document: %v", err)
	}
	all := d.All()
	if len(all) != 2 || all[0].URI != "file:///b.md" || all[1].URI != "untitled:Untitled-1" || all[0].Text != "b reopened" {
		t.Fatalf("All = %+v, want b.md (reopened) then the untitled document", all)
	}
	if err := d.Close(&protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: "file:///b.md"}}); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, ok := d.Get("file:///b.md"); ok {
		t.Errorf("closed document still open")
	}
	if err := d.Close(&protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: "file:///b.md"}}); err == nil {
		t.Errorf("closing a document twice gave no error")
	}
}

func TestDocumentsSetEncoding(t *testing.T) {
	d := NewDocuments(UTF16)
	openDoc(t, d, "file:///a.md", 1, "가b")
	d.SetEncoding(UTF8)
	doc, _ := d.Get("file:///a.md")
	if got := doc.Mapper.Position(3); got != pos(0, 3) {
		t.Errorf("after SetEncoding(utf-8), Position(3) = %v, want 0:3", got)
	}
	if doc.Mapper.Encoding() != UTF8 {
		t.Errorf("mapper encoding %q, want utf-8", doc.Mapper.Encoding())
	}
}

func TestDocumentsConcurrentReaders(t *testing.T) {
	d := NewDocuments(UTF16)
	openDoc(t, d, "file:///a.md", 1, "")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				if doc, ok := d.Get("file:///a.md"); ok && doc.Mapper.Text() != doc.Text {
					t.Errorf("a reader saw a half-applied edit")
					return
				}
			}
		})
	}
	for v := int32(2); v < 200; v++ {
		if _, err := change(t, d, `{"textDocument":{"uri":"file:///a.md","version":`+itoa(v)+`},`+
			`"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}`); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if doc, _ := d.Get("file:///a.md"); len(doc.Text) != 198 {
		t.Errorf("after 198 insertions the text has %d bytes", len(doc.Text))
	}
}

func itoa(v int32) string { b, _ := json.Marshal(v); return string(b) }
