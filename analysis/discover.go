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
	// them and the files of every run (slash paths, sorted).
	All, Guide []string
	// Wikidot, Print and Markdown are the run orders of the Wikidot
	// converter (mkwikidot, z2w), the print converter (mkdocbook, mkbook)
	// and mkmarkdown; an order is empty when the folder has no such run.
	Wikidot, Print, Markdown []string
	// WikidotFrom, PrintFrom and MarkdownFrom say where each order came
	// from: ConfigFile, a driver script's path, "zguide.book" or "defaults".
	WikidotFrom, PrintFrom, MarkdownFrom string
	// BookSymbols are zguide.book's NAME=VALUE lines.
	BookSymbols map[string]string
	HasBookList bool // zguide.book exists
	// Config is the book's bookmarks-ls.toml, or DefaultConfig when it has
	// none or a bad one; ConfigErr is then a *ConfigError.
	Config    *Config
	ConfigErr error
	// inputs are the bytes every order was derived from, by path (nil for
	// a file that was absent), so that Load can tell when to derive again.
	inputs map[string][]byte
}

// InRun reports whether a book path is read by one of the book's runs.
func (l *Layout) InRun(p string) bool {
	return slices.Contains(l.Wikidot, p) || slices.Contains(l.Print, p) || slices.Contains(l.Markdown, p)
}

// IsGuideFile tells a guide file from the other .txt files of a book
// repository: README.txt, notes.txt, styles.txt, BUILD.txt,
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
// folder holds the same files and the same inputs (zguide.book, the config,
// the driver scripts): per keystroke, the layout of a large book is not
// derived again.
func discoverAgain(src Source, maxSize int64, reuse *Project) (*Layout, error) {
	files, err := src.Files()
	if err != nil {
		return nil, err
	}
	if reuse != nil && reuse.Layout != nil && slices.Equal(files, reuse.Layout.All) && sameInputs(src, maxSize, reuse.Layout.inputs) {
		return reuse.Layout, nil
	}
	return discover(src, maxSize, files), nil
}

func sameInputs(src Source, maxSize int64, inputs map[string][]byte) bool {
	for name, old := range inputs {
		data, err := src.ReadFile(name, maxSize)
		if (err == nil) != (old != nil) || (err == nil && !equalBytes(data, old)) {
			return false
		}
	}
	return true
}

func discover(src Source, maxSize int64, files []string) *Layout {
	l := &Layout{All: files, Config: DefaultConfig(), inputs: map[string][]byte{}}
	read := func(name string) ([]byte, bool) {
		if i := sort.SearchStrings(files, name); i == len(files) || files[i] != name {
			return nil, false
		}
		data, err := src.ReadFile(name, maxSize)
		if err != nil {
			l.inputs[name] = nil
			return nil, false
		}
		if data == nil {
			data = []byte{} // present, even when empty
		}
		l.inputs[name] = data
		return data, true
	}
	if data, ok := read(ConfigFile); ok {
		if c, err := ParseConfig(ConfigFile, data); err != nil {
			l.ConfigErr = err
		} else {
			l.Config = c
		}
	}
	guide := map[string]bool{}
	for _, p := range files {
		if IsGuideFile(p) {
			guide[p] = true
		}
	}
	// First match wins, run by run: the config, the driver scripts,
	// zguide.book, the Guide's defaults (defaultOrders).
	l.configRuns(files)
	l.driverRuns(read, files)
	l.bookListRuns(read, guide)
	wikidot, print := defaultOrders(guide)
	l.setRun(&l.Wikidot, &l.WikidotFrom, wikidot, "defaults")
	l.setRun(&l.Print, &l.PrintFrom, print, "defaults")
	for _, run := range [][]string{l.Wikidot, l.Print, l.Markdown} {
		for _, f := range run {
			guide[f] = true
		}
	}
	for g := range guide {
		l.Guide = append(l.Guide, g)
	}
	sort.Strings(l.Guide)
	return l
}

// setRun sets a run order and where it comes from, unless an earlier
// source set it.
func (l *Layout) setRun(order *[]string, from *string, files []string, origin string) {
	if *from == "" && files != nil {
		*order, *from = files, origin
	}
}

// slot is the run order a tool's run fills, and its origin.
func (l *Layout) slot(tool string) (*[]string, *string) {
	switch toolSlot[tool] {
	case "wikidot":
		return &l.Wikidot, &l.WikidotFrom
	case "print":
		return &l.Print, &l.PrintFrom
	}
	return &l.Markdown, &l.MarkdownFrom
}

// configRuns takes the runs of the config's [[run]] tables.
func (l *Layout) configRuns(files []string) {
	for _, r := range l.Config.Runs {
		var run []string
		for _, f := range r.Files {
			run = append(run, expandGlob(f, files)...)
		}
		order, from := l.slot(r.Tool)
		l.setRun(order, from, nonNil(run), ConfigFile)
	}
}

// driverRuns takes the runs of the driver scripts in bin/.
func (l *Layout) driverRuns(read func(string) ([]byte, bool), files []string) {
	for _, script := range driverCandidates(files) {
		data, ok := read(script)
		if !ok || !isShellScript(data) {
			continue
		}
		runs := driverRuns(data, files)
		for _, tool := range []string{"mkwikidot", "mkdocbook"} {
			order, from := l.slot(tool)
			l.setRun(order, from, runs[toolSlot[tool]], script)
		}
	}
}

// bookListRuns takes zguide.book: mkmarkdown's run, and the Wikidot run
// of a book without chapterN.txt files at its root.
func (l *Layout) bookListRuns(read func(string) ([]byte, bool), guide map[string]bool) {
	hasChapters := false
	for g := range guide {
		hasChapters = hasChapters || (chapterNumber(g) > 0 && !strings.Contains(g, "/"))
	}
	if data, ok := read("zguide.book"); ok {
		l.HasBookList = true
		list, symbols := ParseBookList(data)
		l.BookSymbols = symbols
		l.setRun(&l.Markdown, &l.MarkdownFrom, nonNil(list), "zguide.book")
		if !hasChapters {
			l.setRun(&l.Wikidot, &l.WikidotFrom, nonNil(list), "zguide.book")
		}
	}
}

// nonNil keeps an empty list set by a config or script apart from none.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// defaultOrders are the Guide's default run orders for a folder's guide files: the
// Wikidot run, and the print run when the folder has part files or a
// print preface (nil otherwise).
func defaultOrders(guide map[string]bool) (wikidot, print []string) {
	var chapters, parts []string
	for g := range guide {
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
			if guide[n] {
				return []string{n}
			}
		}
		return nil
	}
	post := first("postface.txt")
	wikidot = concat(first("preface_web.txt", "preface.txt"), chapters, post)
	if len(parts) > 0 || guide["preface_print.txt"] {
		print = concat(first("preface_print.txt", "preface.txt"), printChapters(chapters, parts), post)
	}
	return wikidot, print
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

// ParseBookList reads zguide.book: comments, NAME=VALUE symbols and
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
