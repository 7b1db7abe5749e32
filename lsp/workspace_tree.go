// workspace_tree.go keeps a workspace folder's listing as a set of file
// names per folder, so that a file event costs a few map operations and a
// look at the one or two folders it may make (or unmake) a book, never a
// pass over the whole listing.

package lsp

import (
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// MaxWorkspaceFiles bounds the files listed in one workspace folder: a
// folder such as / or a home directory is listed up to it, then the walk
// stops and the user is told (window/showMessage).
const MaxWorkspaceFiles = 250_000

// tree is the files of a folder, by the folder that holds them.
type tree struct {
	dirs  map[string]map[string]bool // folder (slash path, "" for the root) → its file names
	count int
}

func newTree() *tree { return &tree{dirs: map[string]map[string]bool{}} }

// split turns a slash path into its folder and name.
func split(rel string) (dir, name string) {
	i := strings.LastIndexByte(rel, '/')
	if i < 0 {
		return "", rel
	}
	return rel[:i], rel[i+1:]
}

// parent is the folder above a folder ("" above a top-level one).
func parent(dir string) string {
	d, _ := split(dir)
	return d
}

func (t *tree) has(rel string) bool {
	dir, name := split(rel)
	return t.dirs[dir][name]
}

// add lists a file; it reports whether it was new.
func (t *tree) add(rel string) bool {
	dir, name := split(rel)
	names := t.dirs[dir]
	if names == nil {
		names = map[string]bool{}
		t.dirs[dir] = names
	}
	if names[name] {
		return false
	}
	names[name] = true
	t.count++
	return true
}

// remove unlists a file; it reports whether it was listed.
func (t *tree) remove(rel string) bool {
	dir, name := split(rel)
	names := t.dirs[dir]
	if !names[name] {
		return false
	}
	delete(names, name)
	if len(names) == 0 {
		delete(t.dirs, dir)
	}
	t.count--
	return true
}

// filesUnder lists the files below a folder (none for a file).
func (t *tree) filesUnder(dir string) []string {
	var out []string
	for d, names := range t.dirs {
		if dir == "" || !within(d, dir) {
			continue
		}
		for n := range names {
			out = append(out, join(d, n))
		}
	}
	return out
}

// skipWalk tells the folders a workspace walk never enters: hidden ones
// (.git, .hg, .svn among them), dependencies (node_modules, vendor) and
// articles/ (never guide files).
func skipWalk(rel string) bool {
	return analysis.SkipDir(rel) || path.Base(rel) == "articles" || path.Base(rel) == "vendor"
}

// walk lists real (the folder with symlinks resolved) into a new tree, up
// to limit files; capped reports that the limit stopped it.
func walk(real string, limit int) (t *tree, capped bool) {
	t = newTree()
	_ = filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: skipped
		}
		rel, rerr := filepath.Rel(real, p)
		if rerr != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && skipWalk(rel) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // symlinks inside are not followed: no loops
		}
		if t.count >= limit {
			capped = true
			return fs.SkipAll
		}
		t.add(rel)
		return nil
	})
	return t, capped
}

// bookNames is what the book rule (analysis.BookDirs) sees of a folder:
// its own files, and bin/x and site/x from the folders below it, sorted.
func (t *tree) bookNames(dir string) []string {
	var names []string
	_, base := split(dir)
	for n := range t.dirs[dir] {
		if base == "site" && n == ".bookmarks" {
			continue // site/.bookmarks marks the folder above
		}
		names = append(names, n)
	}
	for _, sub := range []string{"bin", "site"} {
		for n := range t.dirs[join(dir, sub)] {
			names = append(names, sub+"/"+n)
		}
	}
	slices.Sort(names)
	return names
}

// hasBin reports whether a folder has files in bin/: its driver scripts
// then read the file list, so any file may change what they find.
func (t *tree) hasBin(dir string) bool { return len(t.dirs[join(dir, "bin")]) > 0 }

// bookCandidates are the folders whose book status a change of rel may
// change: its own folder and, for bin/x and site/x, the folder above.
func (t *tree) bookCandidates(rel string, contentOnly bool) []string {
	dir, name := split(rel)
	var out []string
	// A content change matters only to a driver script.
	if !contentOnly && (analysis.IsBookMarker(name) || t.hasBin(dir)) {
		out = append(out, dir)
	}
	if up, sub := split(dir); sub == "bin" || (sub == "site" && !contentOnly) {
		out = append(out, up)
	}
	return out
}

// join is a slash path below a folder.
func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// within reports whether a slash path lies in a folder ("" holds all).
func within(p, dir string) bool {
	return dir == "" || (len(p) > len(dir) && p[len(dir)] == '/' && p[:len(dir)] == dir) || p == dir
}
