package lsp

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// refItem is an anchor item as the straightforward encoder wrote it before
// anchor lists were joined from pre-encoded fragments.
type refItem struct {
	Label        string                      `json:"label"`
	Kind         protocol.CompletionItemKind `json:"kind"`
	Detail       string                      `json:"detail,omitempty"`
	FilterText   string                      `json:"filterText"`
	SortText     string                      `json:"sortText"`
	TextEditText string                      `json:"textEditText,omitempty"`
	TextEdit     *protocol.TextEdit          `json:"textEdit,omitempty"`
	Data         string                      `json:"data,omitempty"`
}

type refList struct {
	IsIncomplete bool `json:"isIncomplete"`
	ItemDefaults *struct {
		EditRange protocol.Range `json:"editRange"`
	} `json:"itemDefaults,omitempty"`
	Items []refItem `json:"items"`
}

// refContainsFold is the ASCII case-insensitive match, written plainly.
func refContainsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		ok := true
		for j := 0; j < len(sub) && ok; j++ {
			a, b := s[i+j], sub[j]
			if 'A' <= a && a <= 'Z' {
				a += 'a' - 'A'
			}
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			ok = a == b
		}
		if ok {
			return true
		}
	}
	return false
}

// TestAnchorListEncoding checks the joined fragments against encoding/json
// on names and titles that need escaping, for both kinds of client, with
// and without a closing bracket, with and without a prefix.
func TestAnchorListEncoding(t *testing.T) {
	anchors := [][3]string{
		{"folding", "Chapter 1 - Folding Basics", "0folding"},
		{"q\"uote", `Back\slash "and" quotes`, "0q\"uote"},
		{"html", "<b>Fish & Chips</b>", "0html"},
		{"ctl", "tab\there, bell\a, nul\x00", "0ctl"},
		{"utf8", "Größe – 日本語 \u2028 sep", "0utf8"},
		{"notitle", "", "0notitle"},
		{"bad", "invalid \xff UTF-8", "0bad"},
		{"Chapter-Folding-Basics", "Chapter 1 - Folding Basics", "1Chapter-Folding-Basics"},
	}
	cands := &candidateList{}
	for _, a := range anchors {
		cands.list = append(cands.list, newAnchorCandidate(a[0], a[1], a[2]))
	}
	r := protocol.Range{Start: protocol.Position{Line: 7, Character: 6}, End: protocol.Position{Line: 7, Character: 15}}
	for _, prefix := range []string{"", "FOLD", "basics", "&", "größe", "zzz"} {
		for _, closing := range []bool{true, false} {
			for _, defaults := range []bool{true, false} {
				got := *anchorList(cands, prefix, r, closing, defaults).buf
				if !json.Valid(got) {
					t.Fatalf("prefix %q closing %v defaults %v: invalid JSON %s", prefix, closing, defaults, got)
				}
				want := refList{IsIncomplete: true, Items: []refItem{}}
				if defaults {
					want.ItemDefaults = &struct {
						EditRange protocol.Range `json:"editRange"`
					}{r}
				}
				for _, a := range anchors {
					if prefix != "" && !refContainsFold(a[0], prefix) && !refContainsFold(a[1], prefix) {
						continue
					}
					insert := a[0]
					if !closing {
						insert += "]"
					}
					it := refItem{Label: a[0], Kind: protocol.CompletionItemKindReference, Detail: a[1], FilterText: a[0] + " " + a[1], SortText: a[2]}
					switch {
					case !defaults:
						it.TextEdit = &protocol.TextEdit{Range: r, NewText: insert}
						it.Data = a[0]
					case !closing:
						it.TextEditText = insert
					}
					want.Items = append(want.Items, it)
				}
				wantJSON, err := json.Marshal(want)
				if err != nil {
					t.Fatal(err)
				}
				var gotV, wantV any
				if err := json.Unmarshal(got, &gotV); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(wantJSON, &wantV); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(gotV, wantV) {
					t.Errorf("prefix %q closing %v defaults %v:\n got %s\nwant %s", prefix, closing, defaults, got, wantJSON)
				}
			}
		}
	}
}

// TestAnchorListCap checks that a list stops at maxAnchorItems.
func TestAnchorListCap(t *testing.T) {
	cands := &candidateList{}
	for i := range maxAnchorItems + 5 {
		name := "a" + strings.Repeat("x", i%7) + string(rune('a'+i%26))
		cands.list = append(cands.list, newAnchorCandidate(name, "T", "0"+name))
	}
	var l refList
	if err := json.Unmarshal(*anchorList(cands, "", protocol.Range{}, true, true).buf, &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != maxAnchorItems || !l.IsIncomplete {
		t.Errorf("%d items (incomplete %v), want %d", len(l.Items), l.IsIncomplete, maxAnchorItems)
	}
}

// TestInitializeReadsCompletionItemDefaults checks the LSP 3.17 capability,
// and that a malformed one is ignored rather than failing initialize
// (protocol.Unmarshal rejects the whole message).
func TestInitializeReadsCompletionItemDefaults(t *testing.T) {
	for _, tt := range []struct {
		caps string
		want bool
	}{
		{`{}`, false},
		{`{"textDocument":{"completion":{"completionList":{"itemDefaults":["editRange","data"]}}}}`, true},
		{`{"textDocument":{"completion":{"completionList":{"itemDefaults":["data"]}}}}`, false},
		{`{"textDocument":{"completion":{"completionList":{"itemDefaults":"editRange"}}}}`, false},
		{`{"textDocument":{"completion":{"completionItem":{"snippetSupport":true},"completionList":{"itemDefaults":["editRange"]}}}}`, true},
	} {
		p, err := decodeParams[initializeParams]([]byte(`{"processId":null,"rootUri":null,"capabilities":` + tt.caps + `}`))
		if err != nil {
			t.Fatalf("%s: %v", tt.caps, err)
		}
		s := NewServer(nil, nil, "test")
		if _, err := s.initialize(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		if s.caps.itemDefaults != tt.want {
			t.Errorf("%s: itemDefaults %v, want %v", tt.caps, s.caps.itemDefaults, tt.want)
		}
		if strings.Contains(tt.caps, "snippetSupport") && !s.caps.snippets {
			t.Errorf("%s: the capabilities protocol decodes were lost", tt.caps)
		}
	}
}
