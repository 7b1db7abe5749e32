package lsp_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// A marked workspace is a txtar archive under testdata/ whose files carry
// position markers ⟨name⟩: the markers are removed before the files are
// written, and tests name positions and ranges by them instead of by
// hard-coded line and column numbers.
type marked struct {
	*env
	marks map[string]mark
}

type mark struct {
	file string
	off  int // byte offset in the file without markers
}

var markerRE = regexp.MustCompile(`⟨([^⟩]+)⟩`)

// loadMarked starts a server on testdata/<archive> with its markers removed.
func loadMarked(t *testing.T, archive string, opts ...envOption) *marked {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(archive)))
	if err != nil {
		t.Fatal(err)
	}
	_, files, _ := parseTxtar(string(data))
	m := &marked{marks: map[string]mark{}}
	clean := map[string]string{}
	dir := t.TempDir()
	for name, text := range files {
		var b strings.Builder
		last := 0
		for _, loc := range markerRE.FindAllStringSubmatchIndex(text, -1) {
			b.WriteString(text[last:loc[0]])
			key := text[loc[2]:loc[3]]
			if _, dup := m.marks[key]; dup {
				t.Fatalf("%s: marker %q used twice", archive, key)
			}
			m.marks[key] = mark{name, b.Len()}
			last = loc[1]
		}
		b.WriteString(text[last:])
		clean[name] = b.String()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(clean[name]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m.env = newEnvAt(t, dir, clean, opts...)
	return m
}

// at is the position of a marker, in the negotiated encoding.
func (m *marked) at(name string) protocol.Position {
	m.t.Helper()
	mk, ok := m.marks[name]
	if !ok {
		m.t.Fatalf("no marker %q", name)
	}
	return m.posAt(m.files[mk.file], mk.off)
}

// rng is the range between two markers.
func (m *marked) rng(from, to string) protocol.Range {
	m.t.Helper()
	return protocol.Range{Start: m.at(from), End: m.at(to)}
}

// fileOf is the file a marker is in.
func (m *marked) fileOf(name string) string {
	m.t.Helper()
	mk, ok := m.marks[name]
	if !ok {
		m.t.Fatalf("no marker %q", name)
	}
	return mk.file
}

// loc is the location between two markers of one file.
func (m *marked) loc(from, to string) protocol.Location {
	m.t.Helper()
	return protocol.Location{URI: m.uri(m.fileOf(from)), Range: m.rng(from, to)}
}

func (m *marked) doc(name string) protocol.TextDocumentIdentifier {
	return protocol.TextDocumentIdentifier{URI: m.uri(name)}
}
