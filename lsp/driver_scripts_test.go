package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// TestDriverScriptBookRule checks that a folder whose bin/ script calls a
// converter becomes a book, and stops being one when the script changes,
// though the book rule runs under the session's lock, where it reads no
// file: settleBooks reads the scripts afterwards.
func TestDriverScriptBookRule(t *testing.T) {
	root := t.TempDir()
	script := filepath.Join(root, "sub", "bin", "build.sh")
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "sub", "a.txt"), "text\n")
	write(script, "#!/bin/sh\nz2w a.txt\n")
	env := sessionEnv{log: zap.NewNop(), showError: func(string) {}, maxFiles: 100, tooManyFiles: func(string, int) {}}
	s := newSession(env, &view{enc: UTF16}, root, fileURI(root))
	isBook := func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.unread) > 0 || len(s.unsure) > 0 {
			t.Errorf("unsettled: unread %v, unsure %v", s.unread, s.unsure)
		}
		return s.ruleBooks["sub"]
	}
	if !isBook() {
		t.Fatal("sub/ with a driver script is not a book")
	}
	write(script, "#!/bin/sh\necho nothing\n")
	s.fileChanged("sub/bin/build.sh", protocol.FileChangeTypeChanged)
	if isBook() {
		t.Fatal("sub/ is still a book after its script stopped calling a converter")
	}
	write(script, "#!/bin/sh\nz2w a.txt\n")
	s.fileChanged("sub/bin/build.sh", protocol.FileChangeTypeChanged)
	if !isBook() {
		t.Fatal("sub/ is not a book again after its script called a converter again")
	}
}
