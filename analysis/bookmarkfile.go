package analysis

import (
	"bytes"
	"slices"
	"sort"
	"strings"
)

// BookmarkFile is a bookmark cache as the tools read it: `.bookmarks`
// (ANCHOR SP TITLE) or `site/.bookmarks` (ANCHOR SP TITLE|DOCUMENT).
type BookmarkFile struct {
	Path    string
	Src     []byte
	Site    bool
	Entries []Entry        // one per line, in file order
	Table   map[string]int // anchor → index of the entry that wins (the last)
}

// Entry is one line of a bookmark file and what the tools make of it.
type Entry struct {
	Line     int
	Span     Span // the whole line without its LF
	Readable bool // the tool's pattern matched; otherwise the line is ignored
	Anchor   string
	Title    string
	Document string // site/.bookmarks only
	AnchorAt Span
	TitleAt  Span
	// CR is set when the title ends with a CR that the tool keeps (CRLF file).
	CR bool
	// LostByte is set on a last line without LF: the tool's chop ate the
	// last byte of the title instead of the newline.
	LostByte bool
	// prevSame is 1 + the index of the previous readable entry with the
	// same anchor, 0 when there is none: with Table, the entries of an
	// anchor without a scan of the file.
	prevSame int
}

// ReadBookmarks parses a bookmark file exactly as the tools do: each line
// loses its last byte, then the unanchored pattern (\S+)\s+(.+) — or
// (\S+)\s+(.+)\|(.+) for site/.bookmarks — is searched; later lines for an
// anchor override earlier ones.
func ReadBookmarks(path string, src []byte, site bool) *BookmarkFile {
	bf := &BookmarkFile{Path: path, Src: src, Site: site, Table: map[string]int{}}
	for start, n := 0, 0; start < len(src); n++ {
		end := len(src)
		next := end
		lost := true
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end, next, lost = start+i, start+i+1, false
		}
		e := Entry{Line: n, Span: Span{start, end}}
		chopped := end
		if lost && end > start {
			chopped = end - 1 // chop removes the title's last byte
			e.LostByte = true
		}
		parseEntry(src, start, chopped, site, &e)
		if e.Readable {
			if prev, ok := bf.Table[e.Anchor]; ok {
				e.prevSame = prev + 1
			}
			bf.Table[e.Anchor] = len(bf.Entries)
		}
		bf.Entries = append(bf.Entries, e)
		start = next
	}
	return bf
}

func parseEntry(src []byte, start, end int, site bool, e *Entry) {
	line := src[:end]
	a := skipSpace(line, start)
	r := a
	for r < end && !isSpace(line[r]) {
		r++
	}
	w := skipSpace(line, r)
	if r == a || w == r {
		return
	}
	titleStart := w
	if w == end { // \s+ gives back one blank so that .+ has a byte
		if w-r < 2 {
			return
		}
		titleStart = end - 1
	}
	titleEnd := end
	if site {
		// TITLE runs to the last '|' that leaves DOCUMENT at least one byte.
		q := -1
		for i := end - 2; i > titleStart; i-- {
			if line[i] == '|' {
				q = i
				break
			}
		}
		if q < 0 && titleStart == w && w-r >= 2 && w < end-1 && line[w] == '|' {
			q, titleStart = w, w-1
		}
		if q < 0 {
			return
		}
		titleEnd = q
		e.Document = string(line[q+1 : end])
	}
	e.Readable = true
	e.Anchor = string(line[a:r])
	e.AnchorAt = Span{a, r}
	e.Title = string(line[titleStart:titleEnd])
	e.TitleAt = Span{titleStart, titleEnd}
	e.CR = len(e.Title) > 0 && e.Title[len(e.Title)-1] == '\r' && !site
	if site {
		e.CR = len(e.Document) > 0 && e.Document[len(e.Document)-1] == '\r'
	}
}

// appendEntries appends the places of the readable entries of an
// anchor, in file order.
func (bf *BookmarkFile) appendEntries(dst []Location, anchor string) []Location {
	i, ok := bf.Table[anchor]
	if !ok {
		return dst
	}
	start := len(dst)
	for {
		dst = append(dst, entryLocation(bf, &bf.Entries[i]))
		if bf.Entries[i].prevSame == 0 {
			break
		}
		i = bf.Entries[i].prevSame - 1
	}
	slices.Reverse(dst[start:]) // the chain runs from the last entry back
	return dst
}

// Lookup returns the winning entry for an anchor.
func (bf *BookmarkFile) Lookup(anchor string) (*Entry, bool) {
	if bf == nil {
		return nil, false
	}
	i, ok := bf.Table[anchor]
	if !ok {
		return nil, false
	}
	return &bf.Entries[i], true
}

// Stored is one entry of a bookmark table as a tool keeps it in memory.
type Stored struct {
	Title    string
	Document string
}

// FormatBookmarks writes a table as the tool writes its file, sorted in
// byte order (the tools write hash order; only the sorted form is stable).
func FormatBookmarks(table map[string]Stored, site bool) []byte {
	lines := make([]string, 0, len(table))
	for a, s := range table {
		lines = append(lines, strings.TrimSuffix(entryLine(a, s, site), "\n"))
	}
	sort.Strings(lines) // without their LF: a title may hold bytes below it
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
