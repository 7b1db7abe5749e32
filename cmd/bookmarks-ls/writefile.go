// writefile.go: how `bookmarks --write` replaces a bookmark file without
// losing anything: symlinks are written through (never replaced), a
// read-only file is refused unless forced, writers serialise on a lock file
// beside the real file, and the new content lands by an atomic rename.

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxLinkHops bounds symlink resolution (a loop is an error, not a hang).
const maxLinkHops = 40

// linkTarget follows dest's symlinks, a dangling one too, to the path a
// write must replace: renaming over the link would cut it off.
func linkTarget(dest string) (string, error) {
	cur := dest
	for range maxLinkHops {
		st, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && st.Mode()&fs.ModeSymlink == 0) {
			return cur, nil
		}
		if err != nil {
			return "", fmt.Errorf("write %s: %w", dest, err)
		}
		to, err := os.Readlink(cur)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", dest, err)
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(cur), to)
		}
		cur = to
	}
	return "", fmt.Errorf("write %s: too many levels of symbolic links", dest)
}

// lockFile is the advisory lock of a bookmark file: FILE.lock beside the
// file the write replaces. It is left in place (an empty file): removing
// it would let a writer that opened it before the removal lock a file
// nobody else sees, and `flock .bookmarks.lock CMD` could not join in.
func lockFile(real string) string { return real + ".lock" }

// lockBookmarks takes the lock of the bookmark file real, waiting for any
// other writer; unlock releases it.
func lockBookmarks(real string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", real, err)
	}
	f, err := os.OpenFile(lockFile(real), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", real, err)
	}
	if err := lockExclusive(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", lockFile(real), err)
	}
	return func() { f.Close() }, nil // closing releases the lock
}

// errReadOnly marks a bookmark file without write permission: replacing it
// by a rename would succeed all the same, silently.
var errReadOnly = errors.New("it is read-only (--force replaces it anyway)")

// checkWritable refuses a read-only bookmark file unless forced. Mode bits
// decide, so that it holds for root too.
func checkWritable(real string, force bool) error {
	st, err := os.Stat(real)
	if err != nil || force || st.Mode().Perm()&0o222 != 0 {
		return nil
	}
	return fmt.Errorf("write %s: %w", real, errReadOnly)
}

// beforeRename is a test hook run between writing the temporary file and
// renaming it over the destination.
var beforeRename = func(tmp string) {}

// writeAtomic replaces the file real (no symlink: see linkTarget) with data
// through a temporary file in the same folder and a rename, keeping its
// permissions (0644 for a new file). A crash at any point leaves either the
// old file or the new one.
func writeAtomic(real string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(real); err == nil {
		mode = st.Mode().Perm()
	}
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", real, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", real, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", real, err)
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
	if err := os.Rename(name, real); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", real, err)
	}
	return nil
}
