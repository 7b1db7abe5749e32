package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// target is one book, one file of a book, or one run of files, loaded as a
// project.
type target struct {
	arg     string // as given
	root    string // the folder the project's paths are relative to
	project *analysis.Project
	book    *analysis.Book // the run the command reports on
	// only, when set, limits the findings reported to these book paths:
	// a file checked inside its book reports its own findings only.
	only map[string]bool
	// runDir is the book folder of a run's first file, where the tool
	// reads and writes its bookmark file ("." for a book).
	runDir string
}

// loadOptions are the command-line flags that shape a load.
type loadOptions struct {
	profile *analysis.Profile
	fresh   bool
	alone   bool     // build a single file alone, as a translator does
	exclude []string // --exclude globs
	// stdinName and stdin serve PATH -: the file's name and its content.
	stdinName string
	stdin     io.Reader
}

// loadTargets loads the PATH arguments: several files are one run over
// them in that order (as the tool's own argument list); otherwise each
// PATH is loaded by loadTarget.
func loadTargets(args []string, lo loadOptions) ([]*target, error) {
	if len(args) > 1 && allFiles(args) {
		t, err := loadRun(args, lo)
		if err != nil {
			return nil, err
		}
		return []*target{t}, nil
	}
	var out []*target
	for _, arg := range args {
		if arg == "-" {
			t, err := loadStdin(lo)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			continue
		}
		ts, err := loadTarget(arg, lo)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	return out, nil
}

func allFiles(args []string) bool {
	for _, a := range args {
		if st, err := os.Stat(a); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// loadTarget loads one PATH: a book folder; a folder holding books (each
// is a target); or a single guide file, checked as part of its book's runs
// (its own findings only), or built alone, as a translator builds it, when
// no run of its book reads it, it is in no book, or lo.alone is set.
func loadTarget(arg string, lo loadOptions) ([]*target, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", arg, errors.Unwrap(err))
	}
	if st.IsDir() {
		return loadFolder(arg, lo)
	}
	if !lo.alone {
		if root, ok := bookRoot(filepath.Dir(arg)); ok {
			rel, err := bookPath(root, arg)
			if err != nil {
				return nil, err
			}
			layout, err := analysis.Discover(analysis.FS(os.DirFS(root)), analysis.DefaultMaxFileSize)
			if err != nil {
				return nil, fmt.Errorf("cannot read %s: %w", root, err)
			}
			if layout.ConfigErr != nil {
				return nil, layout.ConfigErr
			}
			if layout.InRun(rel) {
				t, err := loadBook(displayRoot(arg, root), root, lo)
				if err != nil {
					return nil, err
				}
				t.arg, t.only = arg, map[string]bool{rel: true}
				return []*target{t}, nil
			}
		}
	}
	t, err := loadRun([]string{arg}, lo)
	if err != nil {
		return nil, err
	}
	return []*target{t}, nil
}

// loadFolder loads a book folder, or every book below a folder that is
// none; a folder without any book is an error, never a silent pass.
func loadFolder(arg string, lo loadOptions) ([]*target, error) {
	if isBookDir(arg) {
		t, err := loadBook(arg, arg, lo)
		if err != nil {
			return nil, err
		}
		return []*target{t}, nil
	}
	src := analysis.FS(os.DirFS(arg))
	files, err := src.Files()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", arg, err)
	}
	dirs := analysis.BookDirs(src, files)
	if len(dirs) == 0 {
		return nil, fmt.Errorf("no guide book found in %s (looked for %s)", arg, analysis.LookedFor)
	}
	var out []*target
	for _, d := range dirs {
		t, err := loadBook(filepath.Join(arg, filepath.FromSlash(d)), filepath.Join(arg, filepath.FromSlash(d)), lo)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// loadBook loads a whole book; shown is the root as the user will read it.
func loadBook(shown, root string, lo loadOptions) (*target, error) {
	p, err := analysis.Load(analysis.FS(os.DirFS(root)), analysis.Options{Profile: lo.profile, Fresh: lo.fresh, Exclude: lo.exclude})
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", shown, err)
	}
	if p.Layout.ConfigErr != nil {
		return nil, configError(shown, p.Layout.ConfigErr)
	}
	return &target{arg: shown, root: shown, project: p, book: p.Main, runDir: "."}, nil
}

// loadRun builds the given files as one run, in order, as `mkwikidot a.txt
// b.txt` does, with the profile and config of the book around them (the
// book folder of the first file, else its own folder).
func loadRun(args []string, lo loadOptions) (*target, error) {
	dir := filepath.Dir(args[0])
	root, inBook := bookRoot(dir)
	if !inBook {
		root = dir
	}
	opts := analysis.Options{Profile: lo.profile, Fresh: lo.fresh, Exclude: lo.exclude, Single: true}
	only := map[string]bool{}
	for _, a := range args {
		rel, err := bookPath(root, a)
		if err != nil {
			return nil, err
		}
		opts.Order = append(opts.Order, rel)
		only[rel] = true
	}
	if inBook {
		book, err := analysis.Load(analysis.FS(os.DirFS(root)), analysis.Options{Exclude: lo.exclude})
		if err == nil {
			if book.Layout.ConfigErr != nil {
				return nil, configError(displayRoot(args[0], root), book.Layout.ConfigErr)
			}
			if opts.Profile == nil {
				p := book.Profile
				opts.Profile, opts.ChapterLevel = &p, book.Main.ChapterLevel
			}
			opts.Config = book.Layout.Config
			// A single file no run of its book reads is a translation:
			// capped as in the book, unless asked for alone.
			opts.Translation = len(args) == 1 && !lo.alone && !book.Layout.InRun(opts.Order[0])
		}
	}
	shown := displayRoot(args[0], root)
	p, err := analysis.Load(analysis.FS(os.DirFS(root)), opts)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", shown, err)
	}
	for _, name := range opts.Order {
		if ds := p.Diagnostics[name]; len(ds) > 0 && ds[0].Code != "" && p.Sources[name] == nil {
			return nil, fmt.Errorf("%s", ds[0].Message)
		}
	}
	return &target{arg: args[0], root: shown, project: p, book: p.Main, only: only, runDir: path.Dir(opts.Order[0])}, nil
}

// configError names the config file as the user reaches it.
func configError(shown string, err error) error {
	var ce *analysis.ConfigError
	if errors.As(err, &ce) {
		c := *ce
		c.File = filepath.Join(shown, c.File)
		return &c
	}
	return err
}

// bookRoot finds the book a folder belongs to: the nearest folder, from
// dir up, that analysis.IsBook accepts, starting above any xl8n/ folder
// (translations belong to the book around them).
func bookRoot(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	parts := strings.Split(filepath.ToSlash(abs), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if parts[i] == "xl8n" {
			abs = filepath.FromSlash(strings.Join(parts[:i], "/"))
			if abs == "" {
				abs = string(filepath.Separator)
			}
			break
		}
	}
	for d := abs; ; d = filepath.Dir(d) {
		if isBookDir(d) {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// isBookDir applies analysis.IsBook to a folder, listing only what the rule
// looks at (the folder, bin/ and site/), not the whole tree.
func isBookDir(dir string) bool {
	return analysis.IsBook(analysis.FS(os.DirFS(dir)), bookEvidence(dir))
}

// isBookToWrite is isBookDir without the bookmark files as evidence: they
// are what --write replaces, and a .bookmarks alone may be another
// program's.
func isBookToWrite(dir string) bool {
	var names []string
	for _, n := range bookEvidence(dir) {
		if n != ".bookmarks" && n != "site/.bookmarks" {
			names = append(names, n)
		}
	}
	return analysis.IsBook(analysis.FS(os.DirFS(dir)), names)
}

// bookEvidence lists the regular files of a folder, its bin/ and its site/
// (slash paths), the only ones analysis.IsBook looks at.
func bookEvidence(dir string) []string {
	var names []string
	for _, sub := range []string{"", "bin", "site"} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range entries {
			if e.Type().IsRegular() {
				names = append(names, strings.TrimPrefix(sub+"/"+e.Name(), "/"))
			}
		}
	}
	return names
}

// bookPath is a file's slash path inside a book folder.
func bookPath(root, file string) (string, error) {
	absRoot, err1 := filepath.Abs(root)
	absFile, err2 := filepath.Abs(file)
	rel, err3 := filepath.Rel(absRoot, absFile)
	if err1 != nil || err2 != nil || err3 != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is outside the book %s: give files of one book", file, root)
	}
	return filepath.ToSlash(rel), nil
}

// displayRoot writes a book root as the user wrote the file inside it:
// `check chapter1.txt` reports chapter1.txt:…, not an absolute path.
func displayRoot(arg, root string) string {
	absDir, err1 := filepath.Abs(filepath.Dir(arg))
	absRoot, err2 := filepath.Abs(root)
	up, err3 := filepath.Rel(absDir, absRoot)
	if err1 != nil || err2 != nil || err3 != nil {
		return root
	}
	return filepath.Join(filepath.Dir(arg), up)
}

// display joins a project path to the folder it was given as.
func (t *target) display(p string) string {
	if t.root == "." {
		return p
	}
	return filepath.ToSlash(filepath.Join(t.root, filepath.FromSlash(p)))
}

// reported reports whether a finding's file is one the target reports on.
func (t *target) reported(path string) bool { return t.only == nil || t.only[path] }

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

// loadStdin loads PATH -: the file named by --stdin-filename, read from
// lo.stdin, analysed in its book (the folder it is in; the book's folder
// for site/.bookmarks) with its content from stdin rather than the disk.
// Only the diagnostics of that file are reported.
func loadStdin(lo loadOptions) (*target, error) {
	if lo.stdinName == "" {
		return nil, errors.New("PATH - (stdin) needs --stdin-filename PATH, the file the content belongs to")
	}
	data, err := io.ReadAll(lo.stdin)
	if err != nil {
		return nil, fmt.Errorf("read stdin: %w", err)
	}
	root, base := filepath.Split(filepath.Clean(lo.stdinName))
	root = filepath.Clean(root)
	name := base
	if base == ".bookmarks" && filepath.Base(root) == "site" {
		root, name = filepath.Dir(root), "site/.bookmarks"
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--stdin-filename %s: no folder %s", lo.stdinName, root)
	}
	src := stdinSource{disk: analysis.FS(os.DirFS(root)), name: name, data: data}
	p, err := analysis.Load(src, analysis.Options{Profile: lo.profile, Fresh: lo.fresh, Exclude: lo.exclude})
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", root, err)
	}
	if p.Layout.ConfigErr != nil {
		return nil, configError(root, p.Layout.ConfigErr)
	}
	return &target{arg: lo.stdinName, root: root, project: p, book: p.Main, only: map[string]bool{name: true}, runDir: "."}, nil
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
