// Package bookgen writes random small guide books that mix every construct
// of the format (shared/spec/guide-format.md): headers of every level with
// odd titles, pending and repeated `.bookmark`s, glued and forward
// references, every `[[code]]` form, symbols, `.end`, illegal directives,
// CRLF lines, missing final newlines and committed bookmark files with odd
// lines. The differential tests run the books through the real tools and
// through bookmarks-ls and compare what both print and write.
//
// A book is a pure function of its seed and Options, so a failing seed is
// reproduced by its number.
package bookgen

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
)

// Options shape a book.
type Options struct {
	// ChapterLevel is the number of '+' of a chapter header: 1 for the
	// Guide's tools of today, 2 for the 2012 ones.
	ChapterLevel int
	// Files is the number of files of the run (at least 1; 0 means 3).
	Files int
	// FreeNames names the files freely (listed in zguide.book) instead of
	// chapterN.txt.
	FreeNames bool
}

// Book is one generated book.
type Book struct {
	Seed int64
	// Files maps slash paths to contents: the run's files, zguide.book and,
	// when the book has them, the committed .bookmarks and site/.bookmarks.
	Files map[string]string
	// Order is the run's file arguments, in order (also zguide.book's list).
	Order []string
}

// Paths lists the book's files in byte order.
func (b *Book) Paths() []string {
	var out []string
	for p := range b.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Committed returns the committed bookmark file at path, and whether the
// book has one.
func (b *Book) Committed(path string) (string, bool) {
	s, ok := b.Files[path]
	return s, ok
}

type gen struct {
	rng   *rand.Rand
	level int
	// names the book's references draw from: its bookmark names and the
	// automatic anchors of its titles, plus names nothing defines.
	names   []string
	symbols []string
}

// Generate writes the book of one seed.
func Generate(seed int64, opts Options) *Book {
	if opts.ChapterLevel == 0 {
		opts.ChapterLevel = 1
	}
	if opts.Files <= 0 {
		opts.Files = 3
	}
	g := &gen{rng: rand.New(rand.NewSource(seed)), level: opts.ChapterLevel}
	g.names = []string{"basics", "intro", "the-end", "nowhere", "Chapter-One", "Chapter-Basics", "Preface", "Postface", "Sec-MQ"}
	g.symbols = []string{"X", "GIT", "BRANCH", "Y_1", "a.b"}
	b := &Book{Seed: seed, Files: map[string]string{}}
	for i := 0; i < opts.Files; i++ {
		name := fmt.Sprintf("chapter%d.txt", i+1)
		if opts.FreeNames {
			name = g.pick(freeNames)
			for b.Files[name] != "" {
				name = fmt.Sprintf("%s%d.txt", strings.TrimSuffix(name, ".txt"), i)
			}
		}
		if i == 0 && g.chance(0.2) {
			name = g.pick([]string{"preface.txt", "preface_web.txt"})
		}
		b.Order = append(b.Order, name)
		b.Files[name] = "" // reserve the name
	}
	for _, name := range b.Order {
		b.Files[name] = g.file(strings.TrimSuffix(name, ".txt"))
	}
	b.Files["zguide.book"] = g.bookList(b.Order)
	if g.chance(0.5) { // z2w copies a .prelude file into every .output
		b.Files["prelude.txt"] = g.text() + "\n" + g.text()
	}
	if g.chance(0.5) {
		b.Files[".bookmarks"] = g.bookmarks(false)
	}
	if g.chance(0.4) {
		b.Files["site/.bookmarks"] = g.bookmarks(true)
	}
	return b
}

var freeNames = []string{"intro.txt", "tools.txt", "basics.txt", "zz.txt", "a-b.txt", "appendix.txt", "part1.txt", "postface.txt"}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func (g *gen) pick(s []string) string { return s[g.rng.Intn(len(s))] }

func (g *gen) file(base string) string {
	var lines []string
	n := 3 + g.rng.Intn(14)
	if g.chance(0.85) { // as the Guide's files start
		lines = append(lines, ".output "+base+".wd")
	}
	if g.chance(0.7) {
		lines = append(lines, g.header(0))
	}
	if g.chance(0.5) {
		lines = append(lines, `[[code type="example" title="`+g.words(2)+`" name="ex"]]`, "[[/code]]")
	}
	for len(lines) < n {
		lines = append(lines, g.item()...)
	}
	eol := "\n"
	if g.chance(0.1) {
		eol = "\r\n"
	}
	var sb strings.Builder
	for i, l := range lines {
		sb.WriteString(l)
		if i < len(lines)-1 || !g.chance(0.15) {
			if eol == "\n" && g.chance(0.03) {
				sb.WriteString("\r\n")
			} else {
				sb.WriteString(eol)
			}
		}
	}
	return sb.String()
}

// item is one construct: one or more lines.
func (g *gen) item() []string {
	switch g.rng.Intn(20) {
	case 0, 1, 2:
		return []string{g.header(g.rng.Intn(4))}
	case 3, 4:
		return []string{".bookmark " + g.bookmarkName()}
	case 5, 6, 7, 8:
		return []string{g.text()}
	case 9:
		return []string{""}
	case 10, 11:
		return g.code()
	case 12:
		return []string{g.directive()}
	case 13:
		return []string{".set " + g.pick(g.symbols) + "=" + g.pick([]string{"1", "", "v 2", "$(Y?d)", "0MQ", "[#basics]"})}
	case 14:
		return []string{g.header(0)}
	case 15:
		return []string{g.pick([]string{"* item [#" + g.pick(g.names) + "]", "# num", "> quote 0MQ", "|| a || b ||", "```", "// kate: x"})}
	default:
		return []string{g.text()}
	}
}

var titleWords = []string{
	"Basics", "Sockets", "and", "Patterns", "0MQ", "ØMQ", "0\\MQ", "is", "Not", "a", "Neutral", "Carrier",
	"v2.2", "123", "P2P", "\"Reliability\"?", "기초", "é", "Step 1:", "--", "[#basics]", "$(X)", "(x)", "A_b", "-x-",
}

func (g *gen) title() string {
	switch g.rng.Intn(14) {
	case 0:
		return "Preface"
	case 1:
		return "Postface"
	case 2:
		return "Part " + g.pick([]string{"1", "I", "One"}) + " - " + g.words(2)
	case 3:
		return "Appendix: " + g.words(2)
	case 4:
		return g.pick([]string{"123", "기초", "0MQ", "--", "Ø"})
	case 5:
		return "Prefaces " + g.words(1)
	}
	t := g.words(1 + g.rng.Intn(4))
	if g.chance(0.1) {
		t += g.pick([]string{" ", "  ", "\t"})
	}
	return t
}

func (g *gen) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = g.pick(titleWords)
	}
	return strings.Join(w, " ")
}

// header writes a header `depth` levels below the chapter level.
func (g *gen) header(depth int) string {
	plus := strings.Repeat("+", g.level+depth)
	if g.level == 2 && g.chance(0.05) {
		plus = "+" // a one-`+` line in a `++` book
	}
	sep := " "
	if g.chance(0.1) {
		sep = g.pick([]string{"  ", "\t"})
	}
	t := g.title()
	if g.chance(0.3) {
		g.names = append(g.names, anchorOf(t))
	}
	return plus + sep + t
}

// anchorOf derives an automatic anchor as the tools do, so that references
// sometimes reach the book's headers.
func anchorOf(t string) string {
	var sb strings.Builder
	dash := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			sb.WriteByte(c)
			dash = false
		} else if !dash {
			sb.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(sb.String(), "-")
}

func (g *gen) bookmarkName() string {
	switch g.rng.Intn(12) {
	case 0:
		return "has space"
	case 1:
		return "wind--second"
	case 2:
		return "the-0MQ-way"
	case 3:
		return "_under"
	case 4:
		return "9lives"
	}
	n := g.pick([]string{"basics", "intro", "the-end", "sockets", "moving-pieces", "x"})
	if g.chance(0.3) {
		n = fmt.Sprintf("%s-%d", n, g.rng.Intn(3))
	}
	g.names = append(g.names, n)
	return n
}

func (g *gen) ref() string {
	n := g.pick(g.names)
	switch g.rng.Intn(10) {
	case 0:
		return "[#" + n + "][#" + g.pick(g.names) + "]"
	case 1:
		return "([#" + n + "])"
	case 2:
		return "[#" + n + "]."
	case 3:
		return "[#" + n + "]/[#" + g.pick(g.names) + "]"
	case 4:
		return "[#" + n + " text]"
	case 5:
		return "[#0MQ-" + n + "]"
	}
	return "[#" + n + "]"
}

var textWords = []string{
	"See", "the", "0MQ", "0\\MQ", "--", "way", "zmq_socket[3]", "{{zmq_bind[3]}}", "//it//", "**b**", "[figure]",
	"$(X)", "$(Y?d)", "$(GIT)", "%(HOME)", "%(X?d)", "$(nope)", "[http://x.org x]", "<a@b.c>", "é", "기초", "&", "[[footnote]]f[[/footnote]]",
	"!figref()", "@<//>@",
}

func (g *gen) text() string {
	n := 1 + g.rng.Intn(6)
	w := make([]string, 0, n)
	for i := 0; i < n; i++ {
		if g.chance(0.35) {
			w = append(w, g.ref())
		} else {
			w = append(w, g.pick(textWords))
		}
	}
	s := strings.Join(w, " ")
	if g.chance(0.1) {
		s = " " + s
	}
	if g.chance(0.1) {
		s += "  "
	}
	return s
}

func (g *gen) directive() string {
	return g.pick([]string{
		".- comment", ".------.", ".end", ".endfor", ".output chapter9.wd", ".output noext", ".foo", ". item",
		".setx A=B", ".set A = B", ".bookmarks x", ".filter reset", ".filter online", ".inbook x.xml",
		".prelude prelude.txt", ".", ".bookmark", ".-", ".output",
	})
}

var codeOpeners = []string{
	`[[code]]`, `[[code language="C"]]`, `[[code language="C" x="y"]]`, `[[code type="fragment" name="frag"]]`,
	`[[code type="example" title="Hello 0MQ" name="hello"]]`, `[[code type="example" title="T" name="t" language="C"]]`,
	`[[code type="textdiagram" title="Fig"]]`, `[[code type="textdiagram"]]`, `[[code type="example" name="x" title="y"]]`,
	`[[code filename="a.c"]]`, `  [[code]]`, `x [[code]] y`, `[[code]]x[[/code]]`, `[[code  type="textdiagram" title="D"]]`,
	`[[code type="textdiagram" title=""Start" State"]]`,
}

func (g *gen) code() []string {
	open := g.pick(codeOpeners)
	lines := []string{open}
	for i := g.rng.Intn(4); i > 0; i-- {
		lines = append(lines, g.pick([]string{
			"int x;", ".endfor", "+ Not a header", "[#basics]", "$(X)", "0MQ", ".bookmark inside", ".set X=2", "[[code]]", "", "//c//",
		}))
	}
	if !g.chance(0.15) { // sometimes left open, into the next file
		lines = append(lines, g.pick([]string{"[[/code]]", "[[/code]]", " x [[/code]] y"}))
	}
	return lines
}

func (g *gen) bookList(order []string) string {
	var sb strings.Builder
	sb.WriteString("# book list\nTITLE=The Book\nSUBTITLE=\n")
	for _, f := range order {
		if g.chance(0.2) {
			sb.WriteString("./")
		}
		sb.WriteString(f + "\n")
	}
	return sb.String()
}

func (g *gen) bookmarks(site bool) string {
	var sb strings.Builder
	n := g.rng.Intn(8)
	for i := 0; i < n; i++ {
		name := g.pick(g.names)
		title := g.words(1 + g.rng.Intn(3))
		if g.chance(0.3) {
			title = "Chapter 1 - " + title
		}
		line := name + " " + title
		switch g.rng.Intn(12) {
		case 0:
			line = name
		case 1:
			line = name + "\t" + title
		case 2:
			line = " " + title
		case 3:
			line += "\r"
		}
		if site && !g.chance(0.1) {
			line += "|" + g.pick([]string{"chapter1", "chapter", "chapter2", "The Book"})
		}
		sb.WriteString(line)
		if i < n-1 || !g.chance(0.2) {
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// DriverScript is a build script in the style of the Guide's bin/buildguide
// (Wikidot converters) or bin/buildpdfs (print converters) that runs tool
// over the book's files, sometimes through a glob; its path and text. Its
// run is the same as Order whenever the glob expands to Order.
func (b *Book) DriverScript(tool string) (string, string) {
	rng := rand.New(rand.NewSource(b.Seed))
	path, env := "bin/buildguide", "Z2W_LANG=C Z2W_FORM=online"
	if tool == "mkdocbook" || tool == "mkbook" {
		path, env = "bin/buildpdfs", "BOOK_LANG=C BOOK_FORM=pdf"
	}
	args := strings.Join(b.Order, " \\\n    ")
	if rng.Intn(2) == 0 {
		args = strings.Join(b.Order, " ")
	}
	return path, "#!/bin/bash\n# build the book\nfor L in C; do\n    " + env + " bin/" + tool + " " + args + " > /dev/null\ndone\n"
}
