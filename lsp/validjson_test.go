package lsp

import (
	"encoding/json"
	"strings"
	"testing"
)

// validJSONCases are inputs at the edges of the grammar, each with the
// answer encoding/json.Valid gives.
var validJSONCases = []string{
	``, ` `, `{}`, `[]`, ` {} `, `{} {}`, `{`, `}`, `[`, `{]`, `[}`, `[1,]`, `[,1]`, `{"a":1,}`,
	`{"a"1}`, `{"a":}`, `{1:2}`, `{"a":1 "b":2}`, `[1 2]`, `"x"`, `"`, `"\"`, `"\u00e9"`, `"\u00g9"`,
	`"\u00e"`, `"\x"`, `"\/\b\f\n\r\t\\\""`, "\"a\tb\"", "\"\x7f\"", "\"\xff\xfe\"", "\"\x00\"",
	`0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e`, `1e+`, `1e+5`, `1E-5`, `-1.5e10`, `+1`, `1.e5`,
	`true`, `tru`, `truex`, `false`, `null`, `nul`, `[true,false,null]`, "\ufeff{}", "{}\x00",
	`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a"},"position":{"line":1,"character":2}}}`,
	`{"a":[{"b":[]},{}],"c":{"d":{}}}`, " \t\r\n[ 1 , { \"a\" : [ ] } ]\n",
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000),
	strings.Repeat(`{"a":`, 10001) + "{}" + strings.Repeat("}", 10001),
	strings.Repeat("[", 10000) + "[]" + strings.Repeat("]", 10000),
}

func TestValidJSONIsEncodingJSONValid(t *testing.T) {
	for _, c := range validJSONCases {
		if got, want := validJSON([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("validJSON(%.60q) = %v, encoding/json.Valid says %v", c, got, want)
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, c := range validJSONCases {
		if len(c) < 200 {
			f.Add([]byte(c))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := validJSON(data), json.Valid(data); got != want {
			t.Fatalf("validJSON(%q) = %v, encoding/json.Valid says %v", data, got, want)
		}
	})
}

func BenchmarkValidJSON(b *testing.B) {
	hover := []byte(`{"jsonrpc":"2.0","id":12,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///home/reader/book/chapter4.txt"},"position":{"line":120,"character":17}}}`)
	text, _ := json.Marshal(strings.Repeat("A line of a chapter, with \"quotes\" and a tab\t.\n", 2000))
	didOpen := []byte(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///b/chapter1.txt","languageId":"zguide","version":1,"text":` + string(text) + `}}}`)
	for _, m := range []struct {
		name string
		body []byte
	}{{"hover", hover}, {"didOpen100KB", didOpen}} {
		b.Run(m.name+"/validJSON", func(b *testing.B) {
			b.SetBytes(int64(len(m.body)))
			for b.Loop() {
				validJSON(m.body)
			}
		})
		b.Run(m.name+"/encoding-json", func(b *testing.B) {
			b.SetBytes(int64(len(m.body)))
			for b.Loop() {
				json.Valid(m.body)
			}
		})
	}
}
