// robust_regress_test.go: regressions found by the robustness work:
// bookmarks --write through a symlinked .bookmarks replaces its target.

package main

import (
	"os"
	"path/filepath"
	"testing"
)

// BUG (cmd/bookmarks-ls/bookmarks.go, writeAtomic): when .bookmarks is a symlink (a book
// sharing one bookmark file between checkouts), --write renames the new file over the link:
// the link is replaced by a regular file and the file it pointed at keeps the old entries.
// os.Stat follows the link for the mode, so the permissions are right, but the write lands in
// the wrong place. Writing next to filepath.EvalSymlinks(dest) instead would keep both.
func TestBookmarksWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	shared := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "chapter1.txt"), []byte(".bookmark one\n+ One\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(shared, "bookmarks.shared")
	if err := os.WriteFile(target, []byte("old Old Title\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, ".bookmarks")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := cli(t, "bookmarks", "--write", dir); code != 0 {
		t.Fatalf("bookmarks --write: status %d: %s", code, errs)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf(".bookmarks is no longer a symlink after --write (mode %v, %v): the shared file was cut off", st.Mode(), err)
	}
	got, _ := os.ReadFile(target)
	if want := "Chapter-One Chapter 1 - One\nold Old Title\none Chapter 1 - One\n"; string(got) != want {
		t.Errorf("the symlink's target holds %q after --write, want %q", got, want)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Errorf("the target's permissions are %v, want 0600 kept", st.Mode().Perm())
	}
}
