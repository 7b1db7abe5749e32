// Package scale makes a guide book N times larger for benchmarks: copies
// of its run files whose anchors and references are renamed so that they
// stay unique and resolvable, and one bookmark file covering them all.
package scale

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Book is a generated book: file names in run order and their texts.
type Book struct {
	Order []string
	Files map[string][]byte
}

// suffix is the letters-only tag of copy k: digits vanish from automatic
// anchors, so copies are told apart by letters (Xa, Xb, …, Xba, …).
func suffix(k int) string {
	s := ""
	for {
		s = string(rune('a'+k%26)) + s
		k /= 26
		if k == 0 {
			break
		}
	}
	return "X" + s
}

var (
	headerRe   = regexp.MustCompile(`(?m)^(\++)([ \t]+)(.*?)([ \t\r]*)$`)
	bookmarkRe = regexp.MustCompile(`(?m)^(\.bookmark[ \t]+)(\S+)`)
	refRe      = regexp.MustCompile(`\[#([^\s\]]+)\]`)
)

// Make builds n copies of the run of the book in dir (its main run as
// bookmarks-ls discovers it). Copy 0 is the original; copy k renames every
// header title, bookmark name and reference with suffix(k).
func Make(dir string, n int) (*Book, error) {
	p, err := analysis.Load(analysis.FS(os.DirFS(dir)), analysis.Options{})
	if err != nil {
		return nil, err
	}
	b := &Book{Files: map[string][]byte{}}
	var prefaces, chapters, post []string
	for _, f := range p.Main.Files {
		switch {
		case strings.HasPrefix(f.Path, "chapter"):
			chapters = append(chapters, f.Path)
		case strings.HasPrefix(f.Path, "preface"):
			prefaces = append(prefaces, f.Path)
		default:
			post = append(post, f.Path)
		}
	}
	b.Order = append(b.Order, prefaces...)
	for _, f := range prefaces {
		b.Files[f] = p.Sources[f]
	}
	num := 0
	for k := 0; k < n; k++ {
		for _, f := range chapters {
			num++
			name := "chapter" + strconv.Itoa(num) + ".txt"
			text := string(p.Sources[f])
			if k > 0 {
				text = rename(text, suffix(k))
			}
			b.Order = append(b.Order, name)
			b.Files[name] = []byte(text)
		}
	}
	b.Order = append(b.Order, post...)
	for _, f := range post {
		b.Files[f] = p.Sources[f]
	}
	return b, nil
}

// rename tags header titles, bookmark names and references of one copy.
func rename(text, tag string) string {
	text = headerRe.ReplaceAllString(text, "${1}${2}${3} "+tag+"${4}")
	text = bookmarkRe.ReplaceAllString(text, "${1}${2}-"+strings.ToLower(tag))
	return refRe.ReplaceAllStringFunc(text, func(m string) string {
		name := m[2 : len(m)-1]
		if isAuto(name) {
			return "[#" + name + "-" + tag + "]"
		}
		return "[#" + name + "-" + strings.ToLower(tag) + "]"
	})
}

// isAuto guesses an automatic anchor (capitalised, as headers are).
func isAuto(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }

// Write stores the book in dir with a .bookmarks as mkwikidot would write
// it after one run, so that every reference resolves.
func (b *Book) Write(dir string) error {
	for name, data := range b.Files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	p, err := analysis.Load(analysis.FS(os.DirFS(dir)), analysis.Options{Order: b.Order, Fresh: true})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ".bookmarks"), p.Main.WrittenBookmarks(), 0o644)
}

// Size is the total number of bytes of the book's files.
func (b *Book) Size() int {
	n := 0
	for _, d := range b.Files {
		n += len(d)
	}
	return n
}

// Describe summarises the book for benchmark tables.
func (b *Book) Describe() string {
	names := append([]string(nil), b.Order...)
	sort.Strings(names)
	return fmt.Sprintf("%d files, %d KB", len(b.Files), b.Size()/1024)
}
