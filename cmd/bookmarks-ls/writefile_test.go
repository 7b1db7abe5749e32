// writefile_test.go: `bookmarks --write` through the binary writes only
// into a book, keeps symlinks, and refuses a read-only bookmark file unless
// --force.

package main

import (
	"os"
	"path/filepath"
	"testing"
)

const oneChapter = ".bookmark one\n+ One\n"

func TestWriteRefusesAFolderThatIsNotABook(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	// A loose text file: its folder has no bookmark file to write.
	dir := writeBook(t, "notes/todo.txt", ".bookmark one\n+ One\n")
	_, errs, code := runBin(t, dir, "bookmarks", "--write", "notes/todo.txt")
	if want := "bookmarks-ls bookmarks: --write: notes is not a book (it holds none of bookmarks-ls.toml, zguide.book, a driver script in bin/, chapterN.txt; a bookmark file alone may be another program's): not writing notes/.bookmarks\n"; code != 2 || errs != want {
		t.Errorf("bookmarks --write notes/todo.txt: status %d, stderr %q; want 2, %q", code, errs, want)
	}
	if _, err := os.Lstat(filepath.Join(dir, "notes", ".bookmarks")); err == nil {
		t.Error("bookmarks --write created notes/.bookmarks in a folder that is not a book")
	}
	// Another program's .bookmarks: the folder holds nothing else of a book.
	other := "alpha\nbeta\ngamma delta\n"
	dir = writeBook(t, "prefs/.bookmarks", other)
	_, errs, code = runBin(t, dir, "bookmarks", "--write", "prefs")
	if code != 2 || errs != "bookmarks-ls bookmarks: --write: prefs is not a book (it holds none of bookmarks-ls.toml, zguide.book, a driver script in bin/, chapterN.txt; a bookmark file alone may be another program's): not writing prefs/.bookmarks\n" {
		t.Errorf("bookmarks --write prefs: status %d, stderr %q; want 2 naming prefs", code, errs)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "prefs", ".bookmarks")); string(got) != other {
		t.Errorf("another program's .bookmarks now holds %q, want %q untouched", got, other)
	}
}

func TestWriteKeepsADanglingSymlink(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := writeBook(t, "book/chapter1.txt", oneChapter)
	link := filepath.Join(dir, "book", ".bookmarks")
	// Relative, to a folder that exists, to a file that does not yet.
	if err := os.Mkdir(filepath.Join(dir, "shared"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "shared", "guide.bookmarks"), link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	_, errs, code := runBin(t, dir, "bookmarks", "--write", "book")
	target := filepath.Join("shared", "guide.bookmarks")
	if code != 0 || errs != "wrote "+target+" (2 entries)\n" {
		t.Errorf("bookmarks --write through a dangling link: status %d, stderr %q", code, errs)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("book/.bookmarks is no longer a symlink after --write (%v): the link was replaced by a file", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, target)); string(got) != "Chapter-One Chapter 1 - One\none Chapter 1 - One\n" {
		t.Errorf("the link's target %s holds %q", target, got)
	}
}

func TestWriteRefusesAReadOnlyFileUnlessForced(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := writeBook(t, "chapter1.txt", oneChapter, ".bookmarks", "old Old Title\n")
	bm := filepath.Join(dir, ".bookmarks")
	if err := os.Chmod(bm, 0o444); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runBin(t, dir, "bookmarks", "--write", ".")
	if want := "bookmarks-ls bookmarks: write .bookmarks: it is read-only (--force replaces it anyway)\n"; code != 2 || errs != want {
		t.Errorf("bookmarks --write on a read-only .bookmarks: status %d, stderr %q; want 2, %q", code, errs, want)
	}
	if got, _ := os.ReadFile(bm); string(got) != "old Old Title\n" {
		t.Errorf("the read-only .bookmarks was rewritten: %q", got)
	}
	_, errs, code = runBin(t, dir, "bookmarks", "--write", "--force", ".")
	if code != 0 || errs != "wrote .bookmarks (3 entries)\n" {
		t.Errorf("bookmarks --write --force: status %d, stderr %q", code, errs)
	}
	if got, _ := os.ReadFile(bm); string(got) != "Chapter-One Chapter 1 - One\nold Old Title\none Chapter 1 - One\n" {
		t.Errorf("after --force .bookmarks holds %q", got)
	}
	if st, _ := os.Stat(bm); st.Mode().Perm() != 0o444 {
		t.Errorf("after --force the mode is %v, want 0444 kept", st.Mode().Perm())
	}
	if _, errs, code := runBin(t, dir, "bookmarks", "--force", "."); code != 2 || errs != "bookmarks-ls bookmarks: --force only applies to --write\n" {
		t.Errorf("--force without --write: status %d, stderr %q", code, errs)
	}
}
