package analysis

import (
	"bytes"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Layout is what Discover finds in a book folder: the guide files, the run
// orders of the tools and the bookmark files.
type Layout struct {
	// All lists every file of the folder; Guide the guide files among
	// them (slash paths, sorted).
	All, Guide []string
	// Wikidot, Print and Markdown are the run orders of §1.3 (Markdown from
	// zguide.book); an order is empty when the folder has no such run.
	Wikidot, Print, Markdown []string
	// BookSymbols are zguide.book's NAME=VALUE lines.
	BookSymbols map[string]string
	HasBookList bool // zguide.book exists
	bookList    []byte
}

// IsGuideFile tells a guide file from the other .txt files of a book
// repository (§1.1): README.txt, notes.txt, styles.txt, BUILD.txt,
// prelude.txt and articles/ are never guide files.
func IsGuideFile(p string) bool {
	if !strings.HasSuffix(p, ".txt") {
		return false
	}
	if strings.HasPrefix(p, "xl8n/") {
		return true
	}
	if strings.Contains(p, "/") {
		return false
	}
	base := strings.TrimSuffix(p, ".txt")
	switch {
	case base == "postface", base == "wip", strings.HasPrefix(base, "preface"):
		return true
	case chapterNumber(p) > 0, partNumber(p) > 0:
		return true
	}
	return false
}

// chapterNumber returns N for chapterN.txt, 0 otherwise.
func chapterNumber(p string) int { return numbered(p, "chapter") }

// partNumber returns N for partN.txt, 0 otherwise.
func partNumber(p string) int { return numbered(p, "part") }

func numbered(p, prefix string) int {
	if !strings.HasPrefix(p, prefix) || !strings.HasSuffix(p, ".txt") {
		return 0
	}
	n, err := strconv.Atoi(p[len(prefix) : len(p)-4])
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// Discover lists a book folder's guide files and derives the run orders.
// maxSize bounds the bytes read from any file.
func Discover(src Source, maxSize int64) (*Layout, error) {
	files, err := src.Files()
	if err != nil {
		return nil, err
	}
	return discover(src, maxSize, files), nil
}

// discoverAgain is Discover, returning reuse's layout (immutable) when the
// folder holds the same files and the same zguide.book: per keystroke, the
// layout of a large book is not derived again.
func discoverAgain(src Source, maxSize int64, reuse *Project) (*Layout, error) {
	files, err := src.Files()
	if err != nil {
		return nil, err
	}
	if reuse != nil && reuse.Layout != nil && slices.Equal(files, reuse.Layout.All) {
		old := reuse.Layout
		data, err := src.ReadFile("zguide.book", maxSize)
		if (err == nil) == old.HasBookList && (err != nil || sameBytes(data, old.bookList)) {
			return old, nil
		}
	}
	return discover(src, maxSize, files), nil
}

func discover(src Source, maxSize int64, files []string) *Layout {
	l := &Layout{}
	l.All = files
	for _, p := range files {
		if IsGuideFile(p) {
			l.Guide = append(l.Guide, p)
		}
	}
	has := map[string]bool{}
	for _, g := range l.Guide {
		has[g] = true
	}
	var chapters, parts []string
	for _, g := range l.Guide {
		if chapterNumber(g) > 0 {
			chapters = append(chapters, g)
		}
		if partNumber(g) > 0 {
			parts = append(parts, g)
		}
	}
	byNumber := func(s []string, n func(string) int) {
		sort.Slice(s, func(i, j int) bool { return n(s[i]) < n(s[j]) })
	}
	byNumber(chapters, chapterNumber)
	byNumber(parts, partNumber)
	first := func(names ...string) []string {
		for _, n := range names {
			if has[n] {
				return []string{n}
			}
		}
		return nil
	}
	post := first("postface.txt")
	l.Wikidot = concat(first("preface_web.txt", "preface.txt"), chapters, post)
	if len(parts) > 0 || has["preface_print.txt"] {
		l.Print = concat(first("preface_print.txt", "preface.txt"), printChapters(chapters, parts), post)
	}
	if data, err := src.ReadFile("zguide.book", maxSize); err == nil {
		l.HasBookList, l.bookList = true, data
		l.Markdown, l.BookSymbols = ParseBookList(data)
	}
	return l
}

// printChapters places the part files as bin/buildpdfs does at HEAD: part1
// before chapter1, part2 before chapter6; further parts go after the last
// chapter.
func printChapters(chapters, parts []string) []string {
	before := map[int]string{}
	var rest []string
	for _, p := range parts {
		switch partNumber(p) {
		case 1:
			before[1] = p
		case 2:
			before[6] = p
		default:
			rest = append(rest, p)
		}
	}
	var out []string
	for _, c := range chapters {
		if p, ok := before[chapterNumber(c)]; ok {
			out = append(out, p)
			delete(before, chapterNumber(c))
		}
		out = append(out, c)
	}
	for _, p := range before {
		rest = append(rest, p)
	}
	return append(out, rest...)
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// ParseBookList reads zguide.book (§1.4): comments, NAME=VALUE symbols and
// one source file per other non-blank line.
func ParseBookList(src []byte) (files []string, symbols map[string]string) {
	symbols = map[string]string{}
	for _, line := range bytes.Split(src, []byte{'\n'}) {
		line = line[:trimRight(line, 0, len(line))]
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if eq := bytes.IndexByte(line, '='); eq > 0 {
			// (\S+)=(.*) anywhere: NAME is the blank-free run before '='.
			s := eq
			for s > 0 && !isSpace(line[s-1]) {
				s--
			}
			if s < eq {
				symbols[string(line[s:eq])] = string(line[eq+1:])
				continue
			}
		}
		fields := bytes.Fields(line)
		if len(fields) == 0 {
			continue
		}
		files = append(files, path.Clean(string(fields[0])))
	}
	return files, symbols
}

// ErrTooLarge is returned by readLimited for a file above the size limit.
type ErrTooLarge struct {
	Path  string
	Size  int64
	Limit int64
}

func (e *ErrTooLarge) Error() string {
	return e.Path + " is " + strconv.FormatInt(e.Size, 10) + " bytes, above the limit of " + strconv.FormatInt(e.Limit, 10) + " bytes"
}
