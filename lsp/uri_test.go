package lsp

import (
	"path/filepath"
	"testing"
)

func TestNormalizeURI(t *testing.T) {
	tests := []struct{ in, want DocumentURI }{
		{"file:///home/u/a.md", "file:///home/u/a.md"},
		{"file:///home/u/a%20b.md", "file:///home/u/a%20b.md"},
		{"file:///home/u/a b.md", "file:///home/u/a%20b.md"},
		{"FILE:///home/u/%C3%BC.md", "file:///home/u/%C3%BC.md"},
		{"file:///home/u/ü.md", "file:///home/u/%C3%BC.md"},
		{"file:///c%3A/Users/a.md", "file:///c:/Users/a.md"}, // VS Code's form
		{"file:///C:/Users/a.md", "file:///c:/Users/a.md"},
		{"file:///home/u/x@y.md", "file:///home/u/x@y.md"},
		{"file://server/share/a.md", "file://server/share/a.md"},
		{"untitled:Untitled-1", "untitled:Untitled-1"},
		{"Untitled:Untitled-1", "untitled:Untitled-1"},
		{"vscode-notebook-cell:/a.ipynb#W0", "vscode-notebook-cell:/a.ipynb#W0"},
		{"file:///a%ZZ", "file:///a%ZZ"}, // unparsable: unchanged, no panic
		{"", ""},
		{"relative/path.md", "relative/path.md"},
	}
	for _, tt := range tests {
		if got := NormalizeURI(tt.in); got != tt.want {
			t.Errorf("NormalizeURI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if NormalizeURI("file:///C%3A/x.md") != NormalizeURI("file:///c:/x.md") {
		t.Errorf("two spellings of one file are different documents")
	}
}

func TestFilename(t *testing.T) {
	tests := []struct {
		in   DocumentURI
		want string
		ok   bool
	}{
		{"file:///home/u/a%20b.md", filepath.FromSlash("/home/u/a b.md"), true},
		{"file:///c:/Users/a.md", filepath.FromSlash("c:/Users/a.md"), true},
		{"file://server/share/a.md", filepath.FromSlash("//server/share/a.md"), true},
		{"untitled:Untitled-1", "", false}, // DocumentURI.Filename panics here
		{"https://example.com/a.md", "", false},
		{"file:///a%ZZ", "", false},
	}
	for _, tt := range tests {
		got, ok := Filename(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Filename(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
