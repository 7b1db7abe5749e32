// mapper.go converts between byte offsets in one document text and LSP positions.
//
// Two line models exist and every function says which one it uses:
//
//   - LSP lines (LSP 3.17 "Text Documents"): a line ends at "\n", "\r\n" or a lone "\r".
//     protocol.Position always uses this model.
//   - LF lines: a line ends at "\n" only, so a lone "\r" is an ordinary byte inside the line.
//     This is the model of package analysis, which splits on LF and trims trailing whitespace
//     (trimming does not move columns, so its byte columns are valid here).
//
// The two models agree on every file without a lone CR; with one they differ in line numbers,
// so analysis results must go through the *LF functions.

package lsp

import (
	"encoding/binary"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// Encoding is the unit in which protocol.Position.Character counts.
type Encoding string

// Position encodings (LSP 3.17 PositionEncodingKind). UTF-16 is the default every client supports.
const (
	UTF16 Encoding = "utf-16"
	UTF8  Encoding = "utf-8"
)

// orDefault maps anything but UTF8 to UTF16, the encoding every client supports.
func (e Encoding) orDefault() Encoding {
	if e == UTF8 {
		return UTF8
	}
	return UTF16
}

// Mapper converts positions for one immutable document text. It is safe for concurrent use.
//
// Invariants of the conversions:
//   - Offsets are clamped to [0, len(text)].
//   - An offset inside a multi-byte character, or between the CR and LF of a CRLF, moves back
//     to the start of that character or terminator: positions only point between characters.
//   - An invalid UTF-8 byte is one character: one UTF-16 unit (as U+FFFD would be) and one
//     UTF-8 unit (its own byte), in both directions.
type Mapper struct {
	text     string
	encoding Encoding
	lines    []int // start offset of each LSP line; lines[0] == 0
	lfLines  []int // start offset of each LF line; lfLines[0] == 0
	lfOnly   bool  // no CR in the text: lines is lfLines
	// ck indexes texts with a long line (nil otherwise): without it, converting each of the
	// n references of a 1 MB line costs O(line) and a references or semantic-tokens request
	// O(n·line), minutes of CPU (found by lsp/robust_test.go TestRobustBadFiles).
	ck []checkpoint
}

// checkpoint is a character boundary and the UTF-16 units of the text before it.
type checkpoint struct{ off, u16 int }

const (
	ckStride = 1024         // bytes between checkpoints
	longLine = 4 * ckStride // a text with a line this long gets checkpoints
)

// NewMapper indexes text; enc is UTF16 unless it is exactly UTF8.
func NewMapper(text string, enc Encoding) *Mapper {
	m := &Mapper{text: text, encoding: enc.orDefault()}
	// LF lines first, with a vectorised search; most texts have no CR, and
	// then the LSP lines are the same.
	m.lfLines = make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		m.lfLines = append(m.lfLines, i)
	}
	if hasLongLine(m.lfLines, len(text)) {
		m.ck = checkpoints(text)
	}
	if strings.IndexByte(text, '\r') < 0 {
		m.lines, m.lfOnly = m.lfLines, true
		return m
	}
	m.lines = []int{0}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			m.lines = append(m.lines, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				continue // the LF closes this CRLF line
			}
			m.lines = append(m.lines, i+1)
		}
	}
	return m
}

// WithEncoding returns a mapper for the same text counting in enc; the line index is shared.
func (m *Mapper) WithEncoding(enc Encoding) *Mapper {
	c := *m
	c.encoding = enc.orDefault()
	return &c
}

// Text returns the mapped text.
func (m *Mapper) Text() string { return m.text }

// Encoding returns the unit of Position.Character used by this mapper.
func (m *Mapper) Encoding() Encoding { return m.encoding }

// LineCount returns the number of LSP lines (a text ending in a terminator has an empty last line).
func (m *Mapper) LineCount() int { return len(m.lines) }

// Position converts a byte offset to an LSP position (LSP lines).
func (m *Mapper) Position(offset int) protocol.Position {
	offset = m.clamp(offset)
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > offset }) - 1
	start, end := m.lines[line], m.lineEnd(line)
	if offset > end {
		offset = end // between CR and LF
	}
	return protocol.Position{Line: uint32(line), Character: uint32(m.units(start, offset))}
}

// Offset converts an LSP position (LSP lines) to a byte offset. A line past the last one
// clamps to the end of the text; a character past the line end clamps to the line end.
func (m *Mapper) Offset(pos protocol.Position) int {
	if int64(pos.Line) >= int64(len(m.lines)) {
		return len(m.text)
	}
	line := int(pos.Line)
	return m.advance(m.lines[line], m.lineEnd(line), int(pos.Character))
}

// Range converts a byte range to an LSP range (LSP lines).
func (m *Mapper) Range(start, end int) protocol.Range {
	return protocol.Range{Start: m.Position(start), End: m.Position(end)}
}

// OffsetRange converts an LSP range (LSP lines) to byte offsets, clamped like Offset.
// It does not reorder an inverted range: callers decide whether that is an error.
func (m *Mapper) OffsetRange(r protocol.Range) (start, end int) {
	return m.Offset(r.Start), m.Offset(r.End)
}

// OffsetLF converts a 0-based LF line and byte column (the analysis model) to a byte offset.
// A line past the last one clamps to the end of the text; a column past the line content
// (excluding its "\n", and the "\r" of a CRLF) clamps to the content end.
func (m *Mapper) OffsetLF(line, col int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lfLines) {
		return len(m.text)
	}
	start := m.lfLines[line]
	end := len(m.text)
	if line+1 < len(m.lfLines) {
		end = m.lfLines[line+1] - 1 // the "\n"
		if end > start && m.text[end-1] == '\r' {
			end--
		}
	}
	return start + min(max(col, 0), end-start)
}

// LineColLF converts a byte offset to a 0-based LF line and byte column (the analysis model).
func (m *Mapper) LineColLF(offset int) (line, col int) {
	offset = m.clamp(offset)
	line = sort.Search(len(m.lfLines), func(i int) bool { return m.lfLines[i] > offset }) - 1
	return line, offset - m.lfLines[line]
}

// LineColLFOf converts an LSP position to an LF line and byte column: LineColLF of
// Offset, without searching the line index when the text has no CR.
func (m *Mapper) LineColLFOf(pos protocol.Position) (line, col int) {
	offset := m.Offset(pos)
	if m.lfOnly && int64(pos.Line) < int64(len(m.lfLines)) {
		return int(pos.Line), offset - m.lfLines[pos.Line]
	}
	return m.LineColLF(offset)
}

// PositionLF converts an LF line and byte column (the analysis model) to an LSP position.
// Without a CR in the text the LF line is the LSP line: no search of the
// line index, whose cache lines a reply's many positions would each miss.
func (m *Mapper) PositionLF(line, col int) protocol.Position {
	offset := m.OffsetLF(line, col)
	if m.lfOnly && line >= 0 && line < len(m.lfLines) {
		return protocol.Position{Line: uint32(line), Character: uint32(m.units(m.lfLines[line], offset))}
	}
	return m.Position(offset)
}

func (m *Mapper) clamp(offset int) int {
	return min(max(offset, 0), len(m.text))
}

// lineEnd is the offset where LSP line i's content ends, before its terminator.
func (m *Mapper) lineEnd(i int) int {
	if i+1 >= len(m.lines) {
		return len(m.text)
	}
	end := m.lines[i+1] - 1
	if m.text[end] == '\n' && end > m.lines[i] && m.text[end-1] == '\r' {
		end--
	}
	return end
}

// hasLongLine reports whether an LF line is at least longLine bytes (LSP lines are never
// longer than LF lines).
func hasLongLine(lfLines []int, n int) bool {
	for i, start := range lfLines {
		end := n
		if i+1 < len(lfLines) {
			end = lfLines[i+1]
		}
		if end-start >= longLine {
			return true
		}
	}
	return false
}

// checkpoints walks the whole text once, character by character as char does, recording a
// boundary every ckStride bytes. Line terminators are single ASCII bytes that no UTF-8
// sequence contains, so this walk meets every line start, and counts from a line start agree.
func checkpoints(text string) []checkpoint {
	ck := make([]checkpoint, 0, len(text)/ckStride+1)
	u16 := 0
	for i := 0; i < len(text); {
		if i >= len(ck)*ckStride {
			ck = append(ck, checkpoint{i, u16})
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			u16++
		} else {
			u16 += utf16.RuneLen(r)
		}
		i += size
	}
	if len(ck) == 0 {
		ck = append(ck, checkpoint{})
	}
	return ck
}

// cum counts the units of the characters that end at or before x, from the text start.
func (m *Mapper) cum(x int) int {
	i := min(x/ckStride, len(m.ck)-1)
	for m.ck[i].off > x {
		i--
	}
	base := m.ck[i].u16
	if m.encoding == UTF8 {
		base = m.ck[i].off
	}
	return base + m.walk(m.ck[i].off, x)
}

// units counts encoding units in text[start:offset], stopping at the last character that
// starts before offset ends (so an offset inside a character counts up to that character).
// start is a character boundary (a line start).
func (m *Mapper) units(start, offset int) int {
	if m.ck != nil && offset-start > 2*ckStride {
		return m.cum(offset) - m.cum(start)
	}
	return m.walk(start, offset)
}

// walk is units by walking every character.
func (m *Mapper) walk(start, offset int) int {
	n := 0
	for i := start; i < offset; {
		if k := asciiRun(m.text, i, offset); k > 0 { // one unit a byte in either encoding
			i += k
			n += k
			continue
		}
		size, w := m.char(i)
		if i+size > offset {
			break
		}
		n += w
		i += size
	}
	return n
}

// advance moves from start by want units without passing end or splitting a character.
func (m *Mapper) advance(start, end, want int) int {
	i := start
	for n := 0; i < end; {
		if k := asciiRun(m.text, i, min(end, i+want-n)); k > 0 { // one unit a byte
			i += k
			n += k
			continue
		}
		size, w := m.char(i)
		if n+w > want {
			break
		}
		n += w
		i += size
	}
	return i
}

// asciiRun is how many bytes from text[i] before end are ASCII, read
// eight at a time: a guide paragraph is one line of hundreds of bytes,
// and each position on it is counted from the line's start.
func asciiRun(text string, i, end int) int {
	b := stringAsBytes(text)
	j := i
	for j+8 <= end && binary.LittleEndian.Uint64(b[j:])&0x8080808080808080 == 0 {
		j += 8
	}
	for j < end && b[j] < utf8.RuneSelf {
		j++
	}
	return j - i
}

// char returns the byte size and unit width of the character at offset i.
func (m *Mapper) char(i int) (size, width int) {
	r, size := utf8.DecodeRuneInString(m.text[i:])
	if m.encoding == UTF8 {
		return size, size
	}
	if r == utf8.RuneError && size == 1 {
		return 1, 1 // invalid byte: one unit, like U+FFFD
	}
	return size, utf16.RuneLen(r)
}
