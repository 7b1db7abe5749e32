package lsp

import (
	"path/filepath"
	"strings"
	"testing"
)

// relPath's shortcut gives what filepath.Rel gives, for clean and unclean
// names and roots, the file system root included.
func TestRelPathIsFilepathRel(t *testing.T) {
	reference := func(root, name string) (string, bool) {
		if name == "" {
			return "", false
		}
		rel, err := filepath.Rel(root, name)
		if err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel), true
		}
		return "", false
	}
	roots := []string{"/", "/book", "/book/", "/home/me/book", "/home/me/book/.", "/home/me/../me/book"}
	names := []string{"", "/", "/book", "/book/", "/book/chapter1.txt", "/bookish/chapter1.txt", "/book/../book/c.txt",
		"/book/./c.txt", "/book//c.txt", "/book/..c", "/book/site/.bookmarks", "/home/me/book/chapter2.txt",
		"/home/me/book", "/home/me/bookx/c", "/home/me/book/a/../../book/c.txt", "relative/c.txt"}
	for _, root := range roots {
		for _, name := range names {
			s := &Session{root: root, real: root}
			got, ok := s.relPath(name)
			want, wok := reference(root, name)
			if got != want || ok != wok {
				t.Errorf("root %q, name %q: relPath = %q, %v; filepath.Rel gives %q, %v", root, name, got, ok, want, wok)
			}
		}
	}
}

// isClean is filepath.Clean(p) == p for every string of up to 6 bytes over
// the bytes that make a path unclean.
func TestIsCleanIsFilepathClean(t *testing.T) {
	alphabet := []byte{'/', '.', 'a', '\\', ' '}
	var walk func(p []byte)
	walk = func(p []byte) {
		if got, want := isClean(string(p)), filepath.Clean(string(p)) == string(p); got != want {
			t.Errorf("isClean(%q) = %v, filepath.Clean gives %v", p, got, want)
		}
		if len(p) == 6 {
			return
		}
		for _, c := range alphabet {
			walk(append(p, c))
		}
	}
	walk(nil)
}
