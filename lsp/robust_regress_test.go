// robust_regress_test.go: regressions found by the robustness work: painting
// semantic tokens on a dense long line must stay linear.

package lsp_test

import (
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// Fixed (analysis/semantic_tokens.go, (*Project).Tokens): the painting loop looked at every token of
// a line for each of its segments, O(tokens²) per line: a 1 MB line holding 50,000
// references kept semanticTokens/full busy for 15 s. The bound below detects a hang, not a
// speed (50,000 locations take a few seconds under -race on a loaded 2-core machine).
func TestDenseLongLineSemanticTokensIsLinear(t *testing.T) {
	dir := t.TempDir()
	files := writeTxtar(t, dir, robustBook)
	line := "+ Long\n" + strings.Repeat("word [#folding] é ", 1<<20/20)
	writeFiles(t, dir, map[string]string{"chapter8.txt": line})
	files["chapter8.txt"] = line
	e := newEnvAt(t, dir, files)
	for _, m := range []string{"textDocument/references", "textDocument/semanticTokens/full", "textDocument/inlayHint", "textDocument/documentHighlight"} {
		start := time.Now()
		err := e.callErr(m, map[string]any{
			"textDocument": map[string]any{"uri": e.uri("chapter8.txt")},
			"position":     protocol.Position{Line: 1, Character: 8},
			"range":        protocol.Range{End: protocol.Position{Line: 2}},
			"context":      map[string]any{"includeDeclaration": true},
		})
		if d := time.Since(start); err != nil || d > 30*time.Second {
			t.Errorf("%s on a 1 MB line of references: %v after %v, want an answer within 30s", m, err, d)
		}
	}
}
