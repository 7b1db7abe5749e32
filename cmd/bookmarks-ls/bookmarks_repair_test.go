package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBookmarksRepair: --repair prints the file as a fixed tool writes it,
// in its own order; --write puts that in place; without --repair the
// output is still the tool's own, sorted.
func TestBookmarksRepair(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	const stored = "Beta Beta\ngone Old Title\nintro Chapter 1 - Intro\nAlpha Alfa\n"
	dir := writeBook(t, "chapter1.txt", ".bookmark intro\n+ Intro\n\n++ Alpha\n\n++ Beta\n", ".bookmarks", stored)
	bm := filepath.Join(dir, ".bookmarks")
	if err := os.Chmod(bm, 0o600); err != nil {
		t.Fatal(err)
	}
	tool := "Alpha Alpha\nBeta Beta\nChapter-Intro Chapter 1 - Intro\ngone Old Title\nintro Chapter 1 - Intro\n"
	if out, errs, code := runBin(t, dir, "bookmarks", "."); code != 0 || errs != "" || out != tool {
		t.Errorf("bookmarks: status %d, stderr %q, stdout %q; want mkwikidot's file %q", code, errs, out, tool)
	}
	repaired := "Beta Beta\nintro Chapter 1 - Intro\nAlpha Alpha\nChapter-Intro Chapter 1 - Intro\n"
	if out, errs, code := runBin(t, dir, "bookmarks", "--repair", "."); code != 0 || errs != "" || out != repaired {
		t.Errorf("bookmarks --repair: status %d, stderr %q, stdout %q; want %q", code, errs, out, repaired)
	}
	if got := readText(t, bm); got != stored {
		t.Fatalf("bookmarks --repair without --write changed .bookmarks to %q", got)
	}
	if out, errs, code := runBin(t, dir, "bookmarks", "--repair", "--write", "."); code != 0 || out != "" || errs != "repaired .bookmarks (4 entries)\n" {
		t.Errorf("bookmarks --repair --write: status %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := readText(t, bm); got != repaired {
		t.Errorf("after --repair --write .bookmarks holds %q, want %q", got, repaired)
	}
	if st, err := os.Stat(bm); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("after --repair --write .bookmarks has mode %v (%v), want 0600 kept", st.Mode().Perm(), err)
	}

	if _, errs, code := runBin(t, dir, "bookmarks", "--repair", "--fresh", "."); code != 2 || !strings.Contains(errs, "--fresh") {
		t.Errorf("bookmarks --repair --fresh: status %d, stderr %q; want 2 naming --fresh", code, errs)
	}
	bare := writeBook(t, "chapter1.txt", "+ Intro\n")
	if _, errs, code := runBin(t, bare, "bookmarks", "--repair", "chapter1.txt"); code != 2 || errs != "bookmarks-ls bookmarks: --repair: chapter1.txt has no .bookmarks to repair\n" {
		t.Errorf("bookmarks --repair without a .bookmarks: status %d, stderr %q", code, errs)
	}
}

// TestBookmarksRepairThe2012Book: after `bookmarks --repair --write` on a
// copy of the 2012 seed book, check reports no stale, mistitled or missing
// entry.
func TestBookmarksRepairThe2012Book(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := copyTree(t, filepath.Join(corpus(t), "zguide-2012"))
	audits := func() map[string]int {
		out, _, _ := runBin(t, dir, "check", ".")
		n := map[string]int{}
		for _, code := range []string{"stale-entry", "title-mismatch", "missing-entry"} {
			n[code] = strings.Count(out, "["+code+"]\n")
		}
		return n
	}
	if n := audits(); n["stale-entry"] != 235 || n["title-mismatch"] != 246 || n["missing-entry"] != 1 {
		t.Fatalf("check on the 2012 book: %v, want 235 stale-entry, 246 title-mismatch, 1 missing-entry", n)
	}
	if _, errs, code := runBin(t, dir, "bookmarks", "--repair", "--write", "."); code != 0 || errs != "repaired .bookmarks (267 entries)\n" {
		t.Fatalf("bookmarks --repair --write: status %d, stderr %q", code, errs)
	}
	if n := audits(); n["stale-entry"]+n["title-mismatch"]+n["missing-entry"] != 0 {
		t.Errorf("check after the repair: %v, want none", n)
	}
}
