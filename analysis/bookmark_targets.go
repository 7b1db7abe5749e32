package analysis

// bookmark_targets.go says which bookmark file an editor action on a
// file changes, so that callers need not know the two file names.

// bookmarkFilePaths are the bookmark files a folder may have, in the order
// actions offer them.
var bookmarkFilePaths = [...]string{".bookmarks", "site/.bookmarks"}

// BookmarkTargets lists the bookmark files that regenerating or repairing
// from path can change: path itself when a tool writes it; for a guide
// file of a book, every bookmark file a tool writes (`.bookmarks` first);
// none otherwise.
func (p *Project) BookmarkTargets(path string) []string {
	writers := p.BookmarkWriters()
	if writers[path] != nil {
		return []string{path}
	}
	if p.Owner[path] == nil {
		return nil
	}
	var out []string
	for _, bf := range bookmarkFilePaths {
		if writers[bf] != nil {
			out = append(out, bf)
		}
	}
	return out
}

// BookmarkTarget is the one bookmark file a command on path changes: path
// itself when a tool writes it, else the main run's, else the first one a
// tool writes; "" when no tool writes one.
func (p *Project) BookmarkTarget(path string) string {
	writers := p.BookmarkWriters()
	if writers[path] != nil {
		return path
	}
	target := ""
	for _, bf := range bookmarkFilePaths {
		if b := writers[bf]; b != nil && (target == "" || b == p.Main) {
			target = bf
		}
	}
	return target
}
