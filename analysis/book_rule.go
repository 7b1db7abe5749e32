package analysis

import (
	"path"
	"slices"
	"strings"
)

// LookedFor names what makes a folder a book, for messages.
const LookedFor = ConfigFile + ", zguide.book, .bookmarks, site/.bookmarks, a driver script in bin/, chapterN.txt"

// IsBookMarker reports whether a folder-relative path makes its folder a
// book by its name alone: the config, zguide.book, a bookmark file, a named
// driver script or a chapterN.txt. A bin/ script calling a converter also
// does; IsBook reads it.
func IsBookMarker(p string) bool {
	switch p {
	case ConfigFile, "zguide.book", ".bookmarks", "site/.bookmarks":
		return true
	}
	return slices.Contains(DriverScripts, p) || chapterNumber(p) > 0
}

// IsBook is the one rule of what a book is: a folder is a book when it holds a
// marker (IsBookMarker) or a shell script in bin/ that calls a converter.
// files are the folder's files, as Source.Files lists them.
func IsBook(src Source, files []string) bool {
	for _, f := range files {
		if IsBookMarker(f) {
			return true
		}
	}
	for _, f := range driverCandidates(files) {
		data, err := src.ReadFile(f, DefaultMaxFileSize)
		if err == nil && isShellScript(data) && len(driverRuns(data, files)) > 0 {
			return true
		}
	}
	return false
}

// InTranslations reports whether a folder (slash path) lies in an xl8n/
// tree: translations belong to the book above them and are never books of
// their own, though xl8n/kr holds a chapter1.txt.
func InTranslations(dir string) bool {
	return slices.Contains(strings.Split(dir, "/"), "xl8n")
}

// BookDirs returns the book folders of a tree, given every file of it
// (slash paths relative to its root, sorted) and a Source over the root:
// "" for the root itself. Translation folders are skipped.
func BookDirs(src Source, files []string) []string {
	byDir := map[string][]string{}
	for _, f := range files {
		// A file counts for its own folder and, as bin/x or site/x, for
		// the folder above.
		dir, base := path.Split(f)
		dir = strings.TrimSuffix(dir, "/")
		if up, sub := path.Split(dir); sub == "site" && base == ".bookmarks" {
			_ = up // site/.bookmarks marks the folder above, not site/
		} else {
			byDir[dir] = append(byDir[dir], base)
		}
		if up, sub := path.Split(dir); sub == "bin" || sub == "site" {
			up = strings.TrimSuffix(up, "/")
			byDir[up] = append(byDir[up], sub+"/"+base)
		}
	}
	var out []string
	for dir, names := range byDir {
		if InTranslations(dir) {
			continue
		}
		slices.Sort(names)
		if IsBook(subSource{src, dir}, names) {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out
}

// subSource reads a folder of a Source.
type subSource struct {
	Source
	dir string
}

func (s subSource) ReadFile(name string, limit int64) ([]byte, error) {
	if s.dir != "" {
		name = s.dir + "/" + name
	}
	return s.Source.ReadFile(name, limit)
}
