package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseTxtar reads a txtar archive: a comment, then files introduced by
// lines "-- name --". It is the ~40-line format of golang.org/x/tools/txtar.
func parseTxtar(data string) (comment string, files map[string]string, order []string) {
	files = map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			files[name] = body.String()
			order = append(order, name)
		} else {
			comment = body.String()
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(data, "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			name = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			continue
		}
		body.WriteString(line)
	}
	flush()
	return comment, files, order
}

// writeTxtar writes an archive's files under dir and returns their texts.
func writeTxtar(t testing.TB, dir, data string) map[string]string {
	t.Helper()
	_, files, _ := parseTxtar(data)
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func TestParseTxtar(t *testing.T) {
	c, files, order := parseTxtar("note\n-- a.txt --\nx\n-- dir/b --\ny\nz\n")
	if c != "note\n" || files["a.txt"] != "x\n" || files["dir/b"] != "y\nz\n" || strings.Join(order, ",") != "a.txt,dir/b" {
		t.Errorf("parsed %q %q %q", c, files, order)
	}
}
