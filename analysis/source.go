package analysis

import (
	"errors"
	"io"
	"io/fs"
	"sort"
	"strings"
)

// Source is where Load reads one book folder: the list of its files and
// their bytes. The command line reads the disk through FS; the language
// server serves open documents and cached files from memory.
type Source interface {
	// Files lists every regular file of the folder (slash paths, relative).
	Files() ([]string, error)
	// ReadFile returns a file's bytes, or an *ErrTooLarge above limit.
	ReadFile(name string, limit int64) ([]byte, error)
}

// FS adapts a file system to a Source. Hidden folders, articles/ and
// node_modules/ are not listed; unreadable subfolders are skipped.
func FS(fsys fs.FS) Source { return fsSource{fsys} }

type fsSource struct{ fsys fs.FS }

func (s fsSource) Files() ([]string, error) {
	var out []string
	err := fs.WalkDir(s.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && SkipDir(p) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func (s fsSource) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := s.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	if limit > 0 && st.Size() > limit {
		return nil, &ErrTooLarge{Path: name, Size: st.Size(), Limit: limit}
	}
	r := io.Reader(f)
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	data, err := readSized(r, st.Size())
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, &ErrTooLarge{Path: name, Size: int64(len(data)), Limit: limit}
	}
	return data, nil
}

// SkipDir tells which folders of a book repository hold no guide files:
// hidden ones (.git), articles/ (gitdown), node_modules/.
func SkipDir(p string) bool {
	base := p[strings.LastIndexByte(p, '/')+1:]
	return strings.HasPrefix(base, ".") || p == "articles" || base == "node_modules"
}

// readSized reads r to its end into a buffer of the size the file was
// said to have (os.ReadFile's way): io.ReadAll would grow its buffer by
// doubling, leave up to a quarter of it unused for as long as the server
// holds the bytes, and make several times the file's size of garbage.
func readSized(r io.Reader, size int64) ([]byte, error) {
	if size < 0 {
		size = 0
	}
	b := make([]byte, 0, size+1) // one more, to see the end without growing
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew since its Stat
		}
	}
}
