package lsp_test

import (
	"context"
	"reflect"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// token is one decoded semantic token: absolute position, length, type and
// modifier names.
type token struct {
	Line, Char, Len uint32
	Type            string
	Mods            []string
}

func TestSemanticTokens(t *testing.T) {
	m := loadMarked(t, "semanticTokens/book.txtar")
	lg := legendOf(t, m)
	if !reflect.DeepEqual(lg.TokenTypes, []string{"namespace", "class", "keyword", "comment", "string", "variable", "function", "macro", "property", "label"}) ||
		!reflect.DeepEqual(lg.TokenModifiers, []string{"declaration", "definition", "deprecated", "defaultLibrary", "italic", "bold"}) || !lg.Full || !lg.Range {
		t.Errorf("semanticTokensProvider advertised %+v", lg)
	}

	decode := func(data []uint32) []token {
		var out []token
		var line, char uint32
		for i := 0; i+4 < len(data); i += 5 {
			if data[i] > 0 {
				line, char = line+data[i], 0
			}
			char += data[i+1]
			tk := token{Line: line, Char: char, Len: data[i+2], Type: lg.TokenTypes[data[i+3]]}
			for b, name := range lg.TokenModifiers {
				if data[i+4]&(1<<b) != 0 {
					tk.Mods = append(tk.Mods, name)
				}
			}
			out = append(out, tk)
		}
		return out
	}
	tok := func(from, to, typ string, mods ...string) token {
		r := m.rng(from, to)
		return token{Line: r.Start.Line, Char: r.Start.Character, Len: r.End.Character - r.Start.Character, Type: typ, Mods: mods}
	}
	want := []token{
		tok("k0", "k0e", "comment"),
		tok("k1", "k1e", "keyword"), tok("k2", "k2e", "variable", "definition"), tok("k3", "k3e", "string"),
		tok("k4", "k4e", "keyword"), tok("k5", "k5e", "property", "declaration"),
		tok("k6", "k6e", "keyword"), tok("k7", "k7e", "namespace", "declaration"),
		// The reference cuts the italic span in two.
		tok("k8", "k8e", "label", "italic"), tok("k9", "k9e", "property"), tok("k10", "k10e", "label", "italic"),
		tok("k11", "k11e", "variable"), tok("k12", "k12e", "function", "defaultLibrary"), tok("k16", "k16e", "property", "deprecated"),
		tok("k13", "k13e", "macro"), tok("k14", "k14e", "string"), tok("k15", "k15e", "macro"),
	}
	var full protocol.SemanticTokens
	m.call("textDocument/semanticTokens/full", protocol.SemanticTokensParams{TextDocument: m.doc("chapter1.txt")}, &full)
	if got := decode(full.Data); !reflect.DeepEqual(got, want) {
		t.Errorf("semantic tokens of chapter1.txt (UTF-16 columns after 🙂 한국어):\n got %+v\nwant %+v", got, want)
	}
	var part protocol.SemanticTokens
	line := m.at("k8").Line
	m.call("textDocument/semanticTokens/range", protocol.SemanticTokensRangeParams{TextDocument: m.doc("chapter1.txt"),
		Range: protocol.Range{Start: protocol.Position{Line: line}, End: protocol.Position{Line: line + 1}}}, &part)
	if got := decode(part.Data); !reflect.DeepEqual(got, want[8:14]) {
		t.Errorf("semantic tokens of the Korean line only:\n got %+v\nwant %+v", got, want[8:14])
	}
}

type legend struct {
	TokenTypes     []string `json:"tokenTypes"`
	TokenModifiers []string `json:"tokenModifiers"`
	Full, Range    bool
}

// legendOf starts another server on the same folder and reads the
// semanticTokensProvider its initialize result advertises.
func legendOf(t *testing.T, m *marked) legend {
	t.Helper()
	c := lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		srv := lsp.NewServer(conn, zap.NewNop(), "test")
		_, _ = lsp.NewChain(srv.Methods(), zap.NewNop()).Serve(ctx, conn)
	})
	var res struct {
		Capabilities struct {
			SemanticTokensProvider struct {
				Legend legend `json:"legend"`
				Full   bool   `json:"full"`
				Range  bool   `json:"range"`
			} `json:"semanticTokensProvider"`
		} `json:"capabilities"`
	}
	if err := c.Call(m.ctx(), "initialize", map[string]any{"processId": nil, "rootUri": m.rootURI(), "capabilities": map[string]any{}}, &res); err != nil {
		t.Fatal(err)
	}
	p := res.Capabilities.SemanticTokensProvider
	p.Legend.Full, p.Legend.Range = p.Full, p.Range
	return p.Legend
}
