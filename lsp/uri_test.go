package lsp

import (
	"fmt"
	"path/filepath"
	"sync"
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

// decodeURI answers from its cache of recent URIs exactly what it computes:
// for more URIs than the cache holds, in any order, from several
// goroutines at once.
func TestDecodeURICacheGivesTheDecodedURI(t *testing.T) {
	var raws []DocumentURI
	for i := range 40 {
		raws = append(raws, DocumentURI(fmt.Sprintf("file:///C:/book%%20%d/chapter%d.txt", i%7, i)))
	}
	raws = append(raws, "", "untitled:Untitled-1", "file:///a b/c.txt", "not a uri %%")
	want := func(raw DocumentURI) fileID {
		u := NormalizeURI(raw)
		name, _ := Filename(u)
		return fileID{URI: u, Path: name}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 3 {
				for i := range raws {
					raw := raws[(i*(g+1)+round)%len(raws)]
					if got := decodeURI(raw); got != want(raw) {
						t.Errorf("decodeURI(%q) = %+v, want %+v", raw, got, want(raw))
					}
				}
			}
		}()
	}
	wg.Wait()
}
