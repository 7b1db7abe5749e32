package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/zap"
)

// A position query runs on the reader only while every book's snapshot
// holds every change (Server.ready, through Inline): an edit, or a file
// that changed on disk, sends the next one to its own goroutine, and the
// rebuild that answers it makes the book ready again.
func TestSessionReadyOnlyWithUpToDateSnapshots(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "chapter1.txt"), []byte("+ One\n\nSee [#one].\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := sessionEnv{log: zap.NewNop(), showError: func(string) {}, maxFiles: 100, tooManyFiles: func(string, int) {}}
	s := newSession(env, &view{enc: UTF16}, root, fileURI(root))
	if len(s.books) != 1 {
		t.Fatalf("%d books, want 1", len(s.books))
	}
	if s.ready() {
		t.Error("ready before the first snapshot was built")
	}
	s.snapshots()
	if !s.ready() {
		t.Error("not ready after every book was built")
	}
	s.markDirty("chapter1.txt")
	if s.ready() {
		t.Error("ready after an edit, before the rebuild that holds it")
	}
	s.current(s.books[0])
	if !s.ready() {
		t.Error("not ready after a request rebuilt the book")
	}
}
