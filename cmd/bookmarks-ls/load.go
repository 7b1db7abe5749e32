package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// target is one PATH argument loaded as a project.
type target struct {
	arg     string // as given
	root    string // the folder the project's paths are relative to
	project *analysis.Project
	book    *analysis.Book // the run the command reports on
	only    string         // when set, the one file whose diagnostics are reported (PATH -)
}

// loadTarget loads a book folder, or a single guide file built alone with
// the profile of the book around it.
func loadTarget(arg string, profile *analysis.Profile, fresh bool) (*target, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", arg, errors.Unwrap(err))
	}
	opts := analysis.Options{Profile: profile, Fresh: fresh}
	t := &target{arg: arg, root: arg}
	if !st.IsDir() {
		t.root = filepath.Dir(arg)
		opts.Single, opts.Order = true, []string{filepath.Base(arg)}
		if profile == nil {
			if p, level, ok := surroundingProfile(t.root); ok {
				opts.Profile, opts.ChapterLevel = &p, level
			}
		}
	}
	t.project, err = analysis.Load(analysis.FS(os.DirFS(t.root)), opts)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", arg, err)
	}
	if !st.IsDir() {
		name := filepath.Base(arg)
		if ds := t.project.Diagnostics[name]; len(ds) > 0 && ds[0].Code != "" && t.project.Sources[name] == nil {
			return nil, fmt.Errorf("%s", ds[0].Message)
		}
	}
	t.book = t.project.Main
	return t, nil
}

// surroundingProfile finds the book a single file belongs to (the nearest
// ancestor folder with chapter files) and returns its profile, so that a
// translation is built with the tool of its book's era.
func surroundingProfile(dir string) (analysis.Profile, int, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return 0, 0, false
	}
	for d := abs; ; d = filepath.Dir(d) {
		if m, _ := filepath.Glob(filepath.Join(d, "chapter[0-9]*.txt")); len(m) > 0 {
			p, err := analysis.Load(analysis.FS(os.DirFS(d)), analysis.Options{})
			if err == nil {
				return p.Profile, p.Main.ChapterLevel, true
			}
		}
		if filepath.Dir(d) == d {
			return 0, 0, false
		}
	}
}

// display joins a project path to the folder it was given as.
func (t *target) display(p string) string {
	if t.root == "." {
		return p
	}
	return filepath.ToSlash(filepath.Join(t.root, filepath.FromSlash(p)))
}

// stdinSource is a book folder on disk with one file's content replaced by
// what came on stdin (the editor's unsaved buffer).
type stdinSource struct {
	disk analysis.Source
	name string // slash path of the stdin file in the folder
	data []byte
}

func (s stdinSource) Files() ([]string, error) {
	files, err := s.disk.Files()
	for _, f := range files {
		if f == s.name {
			return files, err
		}
	}
	// A buffer not yet saved: the book has it all the same.
	files = append(files, s.name)
	sort.Strings(files)
	return files, err
}

func (s stdinSource) ReadFile(name string, limit int64) ([]byte, error) {
	if name == s.name {
		if limit > 0 && int64(len(s.data)) > limit {
			return nil, &analysis.ErrTooLarge{Path: name, Size: int64(len(s.data)), Limit: limit}
		}
		return s.data, nil
	}
	return s.disk.ReadFile(name, limit)
}

// loadArg loads one PATH argument; "-" reads the file named by
// --stdin-filename from r and analyses it in its book: the folder it is in
// (the book's folder for site/.bookmarks), its content from r rather than
// the disk. Only the diagnostics of that file are reported.
func loadArg(arg, stdinName string, r io.Reader, profile *analysis.Profile, fresh bool) (*target, error) {
	if arg != "-" {
		return loadTarget(arg, profile, fresh)
	}
	if stdinName == "" {
		return nil, errors.New("PATH - (stdin) needs --stdin-filename PATH, the file the content belongs to")
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read stdin: %w", err)
	}
	root, base := filepath.Split(filepath.Clean(stdinName))
	root = filepath.Clean(root)
	name := base
	if base == ".bookmarks" && filepath.Base(root) == "site" {
		root, name = filepath.Dir(root), "site/.bookmarks"
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--stdin-filename %s: no folder %s", stdinName, root)
	}
	src := stdinSource{disk: analysis.FS(os.DirFS(root)), name: name, data: data}
	t := &target{arg: stdinName, root: root, only: name}
	t.project, err = analysis.Load(src, analysis.Options{Profile: profile, Fresh: fresh})
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", root, err)
	}
	t.book = t.project.Main
	return t, nil
}

// stdinArgs checks that "-" and --stdin-filename come together, once.
func stdinArgs(paths []string, stdinName string) error {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	switch {
	case n > 1:
		return errors.New("PATH - (stdin) may be given once")
	case n == 0 && stdinName != "":
		return errors.New("--stdin-filename names the file of PATH -, and no PATH is -")
	}
	return nil
}
