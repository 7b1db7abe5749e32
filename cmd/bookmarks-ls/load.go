package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// target is one PATH argument loaded as a project.
type target struct {
	arg     string // as given
	root    string // the folder the project's paths are relative to
	project *analysis.Project
	book    *analysis.Book // the run the command reports on
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
