package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func runBookmarks(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("bookmarks", flag.ContinueOnError)
	fl.SetOutput(stderr)
	profileName := fl.String("profile", "", "tool profile (default: detected)")
	fresh := fl.Bool("fresh", false, "start as if no bookmark file existed")
	write := fl.Bool("write", false, "replace the bookmark file atomically instead of printing it")
	repair := fl.Bool("repair", false, "the file as a fixed tool writes it: stale entries removed, titles corrected, missing entries added, its line order kept")
	force := fl.Bool("force", false, "with --write, replace a read-only bookmark file too")
	var exclude []string
	fl.Func("exclude", "glob of files whose findings are not reported (repeatable)", func(g string) error {
		exclude = append(exclude, g)
		return nil
	})
	stdinName := fl.String("stdin-filename", "", "the file whose content PATH - reads from stdin")
	if done, status := parseArgs(fl, args, stdout); done {
		return status
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks:", err)
		return 2
	}
	if fl.NArg() == 0 || (fl.NArg() > 1 && !allFiles(fl.Args())) {
		fmt.Fprintln(stderr, "bookmarks-ls bookmarks: want one PATH (a book folder or a guide file) or several guide files (one run)")
		return 2
	}
	profile, err := parseProfileFlag(*profileName)
	if err != nil {
		return fail(err)
	}
	if err := stdinArgs(fl.Args(), *stdinName); err != nil {
		return fail(err)
	}
	if *force && !*write {
		return fail(fmt.Errorf("--force only applies to --write"))
	}
	// Files are always one run over them: the bookmark file that run leaves.
	lo := loadOptions{profile: profile, fresh: *fresh, alone: true, exclude: exclude, stdinName: *stdinName}
	load, err := oneBookLoader(fl.Args(), lo)
	if err != nil {
		return fail(err)
	}
	t, err := load()
	if err != nil {
		return fail(err)
	}
	content := func(t *target) ([]byte, error) { return bookmarksAfterRun(t, stderr), nil }
	if *repair {
		if *fresh {
			return fail(fmt.Errorf("--repair rewrites the existing bookmark file: it cannot be combined with --fresh"))
		}
		content = repairedBookmarks
	}
	if !*write {
		data, err := content(t)
		if err != nil {
			return fail(err)
		}
		out := newOutput(stdout)
		out.Write(data)
		return out.finish("bookmarks", stderr, 0)
	}
	t, real, data, err := writeBookmarks(t, load, content, *force)
	if err != nil {
		return fail(err)
	}
	if *repair {
		fmt.Fprintf(stderr, "repaired %s (%d entries)\n", real, bytes.Count(data, []byte("\n")))
		return 0
	}
	fmt.Fprintf(stderr, "wrote %s (%d entries)\n", real, len(t.book.WrittenTable()))
	return 0
}

// oneBookLoader returns a loader of the one book args name. It reads
// stdin (PATH -) once: --write loads twice.
func oneBookLoader(args []string, lo loadOptions) (func() (*target, error), error) {
	var stdin []byte
	if slices.Contains(args, "-") {
		var err error
		if stdin, err = io.ReadAll(cliStdin); err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
	}
	return func() (*target, error) {
		lo.stdin = bytes.NewReader(stdin)
		ts, err := loadTargets(args, lo)
		if err != nil {
			return nil, err
		}
		if len(ts) != 1 {
			return nil, fmt.Errorf("%s holds %d books; give one of them", args[0], len(ts))
		}
		return ts[0], nil
	}, nil
}

// repairedBookmarks is the bookmark file of t's run as a fixed tool writes
// it (analysis.Project.RepairedBookmarks): the lines that stay keep their
// place, so unlike the tool's own file it is not sorted.
func repairedBookmarks(t *target) ([]byte, error) {
	name := t.book.Profile.BookmarkFile()
	bf := t.book.Bookmarks
	if bf == nil || bf.Path != path.Join(t.runDir, name) {
		return nil, fmt.Errorf("--repair: %s has no %s to repair", t.arg, path.Join(t.runDir, name))
	}
	out, ok := t.project.RepairedBookmarks(bf.Path)
	if !ok {
		return nil, fmt.Errorf("--repair: no run of %s writes %s", t.arg, bf.Path)
	}
	return out, nil
}

// bookmarksAfterRun is the bookmark file t's run leaves, with a word on
// stderr when the tool dies on the book.
func bookmarksAfterRun(t *target, stderr io.Writer) []byte {
	out, _ := t.book.BookmarksAfterRun()
	if t.book.Died != "" {
		fmt.Fprintf(stderr, "bookmarks-ls bookmarks: %s dies on this book (%s): it leaves %s as it was\n", t.book.Profile, t.book.Died, t.book.Profile.BookmarkFile())
	}
	return out
}

// writeBookmarks replaces the bookmark file of t's run with what content
// makes of the book, in a book only, under the file's lock: the book is
// loaded again under the lock, so that what another writer wrote meanwhile
// is read before it is rewritten. It returns the target written from, the
// path written and the data.
func writeBookmarks(t *target, load func() (*target, error), content func(*target) ([]byte, error), force bool) (*target, string, []byte, error) {
	dir := filepath.Join(t.root, filepath.FromSlash(t.runDir))
	dest := filepath.Join(dir, filepath.FromSlash(t.book.Profile.BookmarkFile()))
	if !isBookToWrite(dir) {
		return nil, "", nil, fmt.Errorf("--write: %s is not a book (it holds none of %s; a bookmark file alone may be another program's): not writing %s", dir, bookEvidenceNames, dest)
	}
	real, err := linkTarget(dest)
	if err != nil {
		return nil, "", nil, err
	}
	if err := checkWritable(real, force); err != nil {
		return nil, "", nil, err
	}
	unlock, err := lockBookmarks(real)
	if err != nil {
		return nil, "", nil, err
	}
	defer unlock()
	if t, err = load(); err != nil {
		return nil, "", nil, err
	}
	if again := filepath.Join(t.root, filepath.FromSlash(t.runDir), filepath.FromSlash(t.book.Profile.BookmarkFile())); again != dest {
		return nil, "", nil, fmt.Errorf("the book changed while waiting for %s (its bookmark file is now %s): run again", lockFile(real), again)
	}
	data, err := content(t)
	if err != nil {
		return nil, "", nil, err
	}
	if err := writeAtomic(real, data); err != nil {
		return nil, "", nil, err
	}
	return t, real, data, nil
}

// bookEvidenceNames is what makes a folder a book for --write
// (analysis.LookedFor without the bookmark files).
var bookEvidenceNames = analysis.ConfigFile + ", zguide.book, a driver script in bin/, chapterN.txt"
