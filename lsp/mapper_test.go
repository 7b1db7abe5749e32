package lsp

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

func pos(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }

func TestMapperPosition(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		enc    Encoding
		offset int
		want   protocol.Position
	}{
		{"ascii start", "ab\ncd", UTF16, 0, pos(0, 0)},
		{"ascii second line", "ab\ncd", UTF16, 4, pos(1, 1)},
		{"at line end", "ab\ncd", UTF16, 2, pos(0, 2)},
		{"eof", "ab\ncd", UTF16, 5, pos(1, 2)},
		{"past eof clamps", "ab\ncd", UTF16, 99, pos(1, 2)},
		{"negative clamps", "ab\ncd", UTF16, -3, pos(0, 0)},
		{"after final newline", "ab\n", UTF16, 3, pos(1, 0)},
		{"korean utf16", "가나\n다라", UTF16, 3, pos(0, 1)},
		{"korean utf8", "가나\n다라", UTF8, 3, pos(0, 3)},
		{"korean second line utf16", "가나\n다라", UTF16, 10, pos(1, 1)},
		{"emoji is two utf16 units", "a😀b", UTF16, 5, pos(0, 3)},
		{"emoji is four utf8 units", "a😀b", UTF8, 5, pos(0, 5)},
		{"inside emoji rounds down", "a😀b", UTF16, 3, pos(0, 1)},
		{"inside korean rounds down utf8", "가나", UTF8, 4, pos(0, 3)},
		{"astral deseret", "𐐀x", UTF16, 4, pos(0, 2)},
		{"invalid byte is one unit", "a\xffb", UTF16, 2, pos(0, 2)},
		{"invalid byte is one utf8 unit", "a\xffb", UTF8, 2, pos(0, 2)},
		{"encoded surrogate is three invalid bytes", "\xed\xa0\x80x", UTF16, 3, pos(0, 3)},
		{"valid U+FFFD is one unit", "\uFFFDx", UTF16, 3, pos(0, 1)},
		{"crlf line end", "ab\r\ncd", UTF16, 2, pos(0, 2)},
		{"between cr and lf snaps to line end", "ab\r\ncd", UTF16, 3, pos(0, 2)},
		{"after crlf", "ab\r\ncd", UTF16, 4, pos(1, 0)},
		{"lone cr ends an lsp line", "a\rb\nc", UTF16, 2, pos(1, 0)},
		{"cr cr lf is two lines", "a\r\r\nb", UTF16, 4, pos(2, 0)},
		{"empty text", "", UTF16, 0, pos(0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewMapper(tt.text, tt.enc).Position(tt.offset)
			if got != tt.want {
				t.Errorf("Position(%d) in %q (%s) = %d:%d, want %d:%d: the client would highlight the wrong place",
					tt.offset, tt.text, tt.enc, got.Line, got.Character, tt.want.Line, tt.want.Character)
			}
		})
	}
}

func TestMapperOffset(t *testing.T) {
	tests := []struct {
		name string
		text string
		enc  Encoding
		pos  protocol.Position
		want int
	}{
		{"ascii", "ab\ncd", UTF16, pos(1, 1), 4},
		{"character past line end clamps", "ab\ncd", UTF16, pos(0, 9), 2},
		{"line past eof clamps", "ab\ncd", UTF16, pos(7, 0), 5},
		{"korean utf16", "가나\n다라", UTF16, pos(1, 1), 10},
		{"korean utf8", "가나\n다라", UTF8, pos(1, 3), 10},
		{"korean utf8 mid-character rounds down", "가나", UTF8, pos(0, 4), 3},
		{"emoji utf16", "a😀b", UTF16, pos(0, 3), 5},
		{"between surrogates rounds down", "a😀b", UTF16, pos(0, 2), 1},
		{"astral deseret", "𐐀x", UTF16, pos(0, 2), 4},
		{"invalid byte", "a\xffb", UTF16, pos(0, 2), 2},
		{"invalid byte utf8", "a\xffb", UTF8, pos(0, 2), 2},
		{"encoded surrogate", "\xed\xa0\x80x", UTF16, pos(0, 3), 3},
		{"crlf line end clamps before cr", "ab\r\ncd", UTF16, pos(0, 3), 2},
		{"after crlf", "ab\r\ncd", UTF16, pos(1, 1), 5},
		{"lone cr", "a\rb\nc", UTF16, pos(1, 1), 3},
		{"lone cr at eof gives an empty last line", "a\r", UTF16, pos(1, 0), 2},
		{"max uint32 line", "ab", UTF16, pos(^uint32(0), ^uint32(0)), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewMapper(tt.text, tt.enc).Offset(tt.pos)
			if got != tt.want {
				t.Errorf("Offset(%d:%d) in %q (%s) = %d, want %d: an edit would land on the wrong byte",
					tt.pos.Line, tt.pos.Character, tt.text, tt.enc, got, tt.want)
			}
		})
	}
}

func TestMapperLFModel(t *testing.T) {
	// "a\rb" is one LF line (analysis) but two LSP lines.
	text := "a\rb\r\nc😀d\ne"
	m := NewMapper(text, UTF16)
	tests := []struct {
		line, col  int
		wantOffset int
		wantPos    protocol.Position
	}{
		{0, 0, 0, pos(0, 0)},
		{0, 2, 2, pos(1, 0)},  // "b": after the lone CR, a new LSP line
		{0, 3, 3, pos(1, 1)},  // end of content, before CRLF
		{0, 99, 3, pos(1, 1)}, // past the content clamps before the CR
		{1, 1, 6, pos(2, 1)},  // the emoji
		{1, 5, 10, pos(2, 3)}, // "d"
		{2, 0, 12, pos(3, 0)}, // "e"
		{2, 9, 13, pos(3, 1)}, // last line clamps to EOF
		{5, 0, 13, pos(3, 1)}, // line past EOF
		{-1, 0, 0, pos(0, 0)}, // negative line
		{1, -4, 5, pos(2, 0)}, // negative column
	}
	for _, tt := range tests {
		if got := m.OffsetLF(tt.line, tt.col); got != tt.wantOffset {
			t.Errorf("OffsetLF(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.wantOffset)
		}
		if got := m.PositionLF(tt.line, tt.col); got != tt.wantPos {
			t.Errorf("PositionLF(%d, %d) = %d:%d, want %d:%d: an analysis diagnostic would be misplaced",
				tt.line, tt.col, got.Line, got.Character, tt.wantPos.Line, tt.wantPos.Character)
		}
	}
	for _, tt := range []struct{ offset, line, col int }{
		{0, 0, 0}, {2, 0, 2}, {4, 0, 4}, {5, 1, 0}, {10, 1, 5}, {12, 2, 0}, {13, 2, 1}, {99, 2, 1},
	} {
		if line, col := m.LineColLF(tt.offset); line != tt.line || col != tt.col {
			t.Errorf("LineColLF(%d) = %d,%d, want %d,%d", tt.offset, line, col, tt.line, tt.col)
		}
	}
}

func TestMapperLineCount(t *testing.T) {
	for text, want := range map[string]int{"": 1, "a": 1, "a\n": 2, "a\r\nb": 2, "a\rb": 2, "\r\r\n\n": 4} {
		if got := NewMapper(text, UTF16).LineCount(); got != want {
			t.Errorf("LineCount(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestMapperWithEncoding(t *testing.T) {
	m := NewMapper("가x", UTF16)
	if got := m.WithEncoding(UTF8).Position(3); got != pos(0, 3) {
		t.Errorf("UTF-8 view: Position(3) = %v, want 0:3", got)
	}
	if got := m.Position(3); got != pos(0, 1) {
		t.Errorf("WithEncoding changed the original mapper: Position(3) = %v, want 0:1", got)
	}
	if got := NewMapper("", "utf-32").Encoding(); got != UTF16 {
		t.Errorf("unknown encoding became %q, want the utf-16 default", got)
	}
}

func TestMapperRange(t *testing.T) {
	m := NewMapper("ab\n가😀", UTF16)
	r := m.Range(1, 10)
	if r.Start != pos(0, 1) || r.End != pos(1, 3) {
		t.Fatalf("Range(1, 10) = %v, want 0:1-1:3", r)
	}
	if s, e := m.OffsetRange(r); s != 1 || e != 10 {
		t.Errorf("OffsetRange(%v) = %d, %d, want 1, 10", r, s, e)
	}
}

// FuzzMapperRoundTrip checks that every position the mapper produces maps back to the same
// offset, and that positions only grow with offsets, for any bytes.
func FuzzMapperRoundTrip(f *testing.F) {
	for _, s := range []string{"", "abc", "가나\r\n다", "a😀\rb\n", "\xff\xfe\r\r\n𐐀", "\xed\xa0\x80\n\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, enc := range []Encoding{UTF16, UTF8} {
			m := NewMapper(text, enc)
			var prev protocol.Position
			for off := 0; off <= len(text); off++ {
				p := m.Position(off)
				if p.Line < prev.Line || (p.Line == prev.Line && p.Character < prev.Character) {
					t.Fatalf("%s: Position(%d) = %v is before Position(%d) = %v", enc, off, p, off-1, prev)
				}
				prev = p
				if !isBoundary(text, off) {
					continue
				}
				if back := m.Offset(p); back != off {
					t.Fatalf("%s: %q: offset %d → %v → %d", enc, text, off, p, back)
				}
			}
		}
	})
}

// isBoundary reports whether a position can point at off: not inside a character, and not
// between the CR and LF of a CRLF.
func isBoundary(text string, off int) bool {
	if off == 0 || off == len(text) {
		return true
	}
	if text[off] == '\n' && text[off-1] == '\r' {
		return false
	}
	for i := 0; i < len(text); {
		if i == off {
			return true
		}
		if i > off {
			return false
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return false
}

func BenchmarkMapper(b *testing.B) {
	text := strings.Repeat("- [가나다](https://example.com/😀) note\r\n", 2000)
	b.ReportAllocs()
	for b.Loop() {
		m := NewMapper(text, UTF16)
		for off := 0; off < len(text); off += 97 {
			m.Offset(m.Position(off))
		}
	}
	b.ReportMetric(float64(len(text)), "bytes/doc")
}

// referencePosition is Position computed the plain way, character by
// character from the start of the LSP line, for FuzzMapperMatchesCounting.
func referencePosition(text string, enc Encoding, off int) protocol.Position {
	off = min(max(off, 0), len(text))
	line, start := 0, 0
	for i := 0; i < off; i++ {
		switch {
		case text[i] == '\n':
			line, start = line+1, i+1
		case text[i] == '\r' && (i+1 >= len(text) || text[i+1] != '\n'):
			line, start = line+1, i+1
		}
	}
	if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
		off-- // between CR and LF: the end of the line's content
	}
	units := 0
	for i := start; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if i+size > off {
			break
		}
		switch {
		case enc == UTF8:
			units += size
		case r == utf8.RuneError && size == 1:
			units++
		default:
			units += utf16.RuneLen(r)
		}
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// FuzzMapperMatchesCounting: Position gives what counting character by
// character gives, and Offset takes it back, with ASCII runs of every
// length and alignment around other characters.
func FuzzMapperMatchesCounting(f *testing.F) {
	for _, s := range []string{"abcdefghijklmnopé", "ab\ncdé\n\nf😀g\n", "0123456789abcdef€0123456789", "é0123456\r\n78\xff9abcdefghij😀k",
		strings.Repeat("x", 23) + "日本" + strings.Repeat("y", 17) + "\r" + strings.Repeat("z", 9)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, enc := range []Encoding{UTF16, UTF8} {
			m := NewMapper(text, enc)
			for off := 0; off <= len(text); off++ {
				want := referencePosition(text, enc, off)
				if got := m.Position(off); got != want {
					t.Fatalf("%s: %q: Position(%d) = %v, counting gives %v", enc, text, off, got, want)
				}
				if isBoundary(text, off) {
					if back := m.Offset(want); back != off {
						t.Fatalf("%s: %q: Offset(%v) = %d, want %d", enc, text, want, back, off)
					}
				}
			}
			// The shortcuts for texts without CR: PositionLF is Position of
			// OffsetLF, LineColLFOf is LineColLF of Offset.
			for line := 0; line <= m.LineCount(); line++ {
				n := 0
				if line < m.LineCount() {
					n = m.lineEnd(line) - m.lines[line] // bytes: at least the units
				}
				for char := 0; char <= n+2; char++ {
					pos := protocol.Position{Line: uint32(line), Character: uint32(char)}
					gotLine, gotCol := m.LineColLFOf(pos)
					if wantLine, wantCol := m.LineColLF(m.Offset(pos)); gotLine != wantLine || gotCol != wantCol {
						t.Fatalf("%s: %q: LineColLFOf(%v) = %d, %d, LineColLF(Offset) gives %d, %d", enc, text, pos, gotLine, gotCol, wantLine, wantCol)
					}
				}
			}
			lf := strings.Split(text, "\n")
			for line := -1; line <= len(lf); line++ {
				n := 0
				if line >= 0 && line < len(lf) {
					n = len(lf[line])
				}
				for col := -1; col <= n+2; col++ {
					if got, want := m.PositionLF(line, col), m.Position(m.OffsetLF(line, col)); got != want {
						t.Fatalf("%s: %q: PositionLF(%d, %d) = %v, Position(OffsetLF) gives %v", enc, text, line, col, got, want)
					}
				}
			}
		}
	})
}
