package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
)

func runBookmarks(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("bookmarks", flag.ContinueOnError)
	fl.SetOutput(stderr)
	profileName := fl.String("profile", "", "tool profile (default: detected)")
	fresh := fl.Bool("fresh", false, "start as if no bookmark file existed")
	write := fl.Bool("write", false, "replace the bookmark file atomically instead of printing it")
	repair := fl.Bool("repair", false, "the file as a fixed tool writes it: stale entries removed, titles corrected, missing entries added, its line order kept")
	var exclude []string
	fl.Func("exclude", "glob of files whose findings are not reported (repeatable)", func(g string) error {
		exclude = append(exclude, g)
		return nil
	})
	stdinName := fl.String("stdin-filename", "", "the file whose content PATH - reads from stdin")
	if done, status := parseArgs(fl, args, stdout); done {
		return status
	}
	if fl.NArg() == 0 || (fl.NArg() > 1 && !allFiles(fl.Args())) {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks: want one PATH (a book folder or a guide file) or several guide files (one run)")
		return 2
	}
	profile, err := parseProfileFlag(*profileName)
	if err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks:", err)
		return 2
	}
	if err := stdinArgs(fl.Args(), *stdinName); err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks:", err)
		return 2
	}
	// Files are always one run over them: the bookmark file that run leaves.
	ts, err := loadTargets(fl.Args(), loadOptions{profile: profile, fresh: *fresh, alone: true, exclude: exclude, stdinName: *stdinName, stdin: cliStdin})
	if err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks:", err)
		return 2
	}
	if len(ts) != 1 {
		fmt.Fprintf(stderr, "bookmarks-ls bookmarks: %s holds %d books; give one of them\n", fl.Arg(0), len(ts))
		return 2
	}
	t := ts[0]
	if *repair {
		return runRepair(t, *fresh, *write, stdout, stderr)
	}
	out, _ := t.book.BookmarksAfterRun()
	if t.book.Died != "" {
		fmt.Fprintf(stderr, "bookmarks-ls bookmarks: %s dies on this book (%s): it leaves %s as it was\n", t.book.Profile, t.book.Died, t.book.Profile.BookmarkFile())
	}
	if !*write {
		stdout.Write(out)
		return 0
	}
	dest := filepath.Join(t.root, filepath.FromSlash(t.runDir), filepath.FromSlash(t.book.Profile.BookmarkFile()))
	if err := writeAtomic(dest, out); err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks:", err)
		return 2
	}
	fmt.Fprintf(stderr, "wrote %s (%d entries)\n", dest, len(t.book.WrittenTable()))
	return 0
}

// runRepair prints, or with write replaces, the bookmark file of t's run
// as a fixed tool writes it (analysis.Project.RepairedBookmarks): the lines
// that stay keep their place, so unlike the tool's own file it is not sorted.
func runRepair(t *target, fresh, write bool, stdout, stderr io.Writer) int {
	name := t.book.Profile.BookmarkFile()
	bf := t.book.Bookmarks
	switch {
	case fresh:
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks: --repair rewrites the existing bookmark file: it cannot be combined with --fresh")
		return 2
	case bf == nil || bf.Path != path.Join(t.runDir, name):
		fmt.Fprintf(stderr, "bookmarks-ls bookmarks: --repair: %s has no %s to repair\n", t.arg, path.Join(t.runDir, name))
		return 2
	}
	out, ok := t.project.RepairedBookmarks(bf.Path)
	if !ok {
		fmt.Fprintf(stderr, "bookmarks-ls bookmarks: --repair: no run of %s writes %s\n", t.arg, bf.Path)
		return 2
	}
	if !write {
		stdout.Write(out)
		return 0
	}
	dest := filepath.Join(t.root, filepath.FromSlash(bf.Path))
	if err := writeAtomic(dest, out); err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks:", err)
		return 2
	}
	fmt.Fprintf(stderr, "repaired %s (%d entries)\n", dest, bytes.Count(out, []byte("\n")))
	return 0
}

// beforeRename is a test hook run between writing the temporary file and
// renaming it over the destination.
var beforeRename = func(tmp string) {}

// writeAtomic replaces dest with data through a temporary file in the same
// folder and a rename, keeping dest's permissions (0644 for a new file).
// A crash at any point leaves either the old file or the new one.
func writeAtomic(dest string, data []byte) error {
	// Replace the file a symlink points to, not the link itself.
	if real, err := filepath.EvalSymlinks(dest); err == nil {
		dest = real
	}
	mode := os.FileMode(0o644)
	if st, err := os.Stat(dest); err == nil {
		mode = st.Mode().Perm()
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dest, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", dest, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", dest, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	beforeRename(name)
	if err := os.Rename(name, dest); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", dest, err)
	}
	return nil
}
