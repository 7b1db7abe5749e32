// edits.go applies the content changes of one didChange. Applying each
// change to a new copy of the text, with a new line index, cost O(changes ×
// file size): 2.5 s for one edit per line of a 1 MB file. Changes that
// come in position order (a client's multi-cursor or replace-all edit:
// descending, or ascending) are instead collected as splices of the text
// before the batch, positions converted with its one line index, and
// applied together: O(file size + edit size + changes). A change out of
// order, or any text with a CR (whose CRLF seams the shortcut does not
// track), applies what is pending first and starts again from there.

package lsp

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// splice replaces base[start:end] with text.
type splice struct {
	start, end int
	text       string
}

// editOrder is how the pending splices are ordered.
type editOrder int

const (
	anyOrder   editOrder = iota // fewer than two splices
	ascending                   // each change after the previous ones
	descending                  // each change before the previous ones
)

// editBatch is a text with pending splices: current text = base with the
// splices applied.
type editBatch struct {
	base  *Mapper
	enc   Encoding
	hasCR bool
	// pending are in the order the changes came: by start in base,
	// ascending or (when descending) the other way round.
	pending []splice
	order   editOrder
	// For ascending order: lines added by the splices so far, and the
	// current line and column (in enc units) where the last one ends.
	lineDelta        int
	endLine, endUnit int
}

func newEditBatch(m *Mapper, enc Encoding) *editBatch {
	return &editBatch{base: m, enc: enc, hasCR: strings.IndexByte(m.Text(), '\r') >= 0}
}

// replaceAll is a change without a range.
func (b *editBatch) replaceAll(text string) {
	b.reset(NewMapper(text, b.enc))
}

func (b *editBatch) reset(m *Mapper) {
	*b = *newEditBatch(m, b.enc)
}

// apply adds one ranged change; ok is false, and nothing changes, for an
// inverted range.
func (b *editBatch) apply(r protocol.Range, text string) (ok bool) {
	if b.hasCR || strings.IndexByte(text, '\r') >= 0 {
		return b.applyNow(r, text)
	}
	if len(b.pending) == 0 {
		start, end := b.base.OffsetRange(r)
		if end < start {
			return false
		}
		b.push(start, end, text)
		return true
	}
	if b.order != descending {
		if start, okS := b.afterAll(r.Start); okS {
			end, _ := b.afterAll(r.End)
			if before(r.Start, r.End) && end >= start {
				b.order = ascending
				b.push(start, end, text)
				return true
			}
		}
	}
	if b.order != ascending {
		// Positions up to the first splice's start are the same in the
		// base and the current text (compared as positions: an offset
		// would clamp a position inside the splice's text back to it).
		first := b.base.Position(b.pending[len(b.pending)-1].start)
		if before(r.Start, r.End) && before(r.End, first) {
			start, end := b.base.OffsetRange(r)
			b.order = descending
			b.pending = append(b.pending, splice{start, end, text})
			return true
		}
	}
	b.flush()
	return b.apply(r, text)
}

// applyNow applies what is pending and then the change, with a new index.
func (b *editBatch) applyNow(r protocol.Range, text string) bool {
	m := b.mapper()
	start, end := m.OffsetRange(r)
	if end < start {
		b.reset(m)
		return false
	}
	t := m.Text()
	b.reset(NewMapper(t[:start]+text+t[end:], b.enc))
	return true
}

// push appends a splice in ascending order, tracking where it ends in the
// current text.
func (b *editBatch) push(start, end int, text string) {
	base := b.base.Text()
	startLine, startUnit := b.currentPosition(start)
	b.pending = append(b.pending, splice{start, end, text})
	b.lineDelta += strings.Count(text, "\n") - strings.Count(base[start:end], "\n")
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		b.endLine, b.endUnit = startLine+strings.Count(text, "\n"), unitsOf(text[i+1:], b.enc)
	} else {
		b.endLine, b.endUnit = startLine, startUnit+unitsOf(text, b.enc)
	}
}

// currentPosition is where base offset start (the start of a change being
// pushed after every pending splice) is in the current text.
func (b *editBatch) currentPosition(start int) (line, unit int) {
	p := b.base.Position(start)
	if n := len(b.pending); n > 0 {
		last := b.pending[n-1]
		if p.Line == b.base.Position(last.end).Line {
			// On the line where the last splice ends: its column plus
			// the base text between the two.
			return b.endLine, b.endUnit + unitsOf(b.base.Text()[last.end:start], b.enc)
		}
	}
	return int(p.Line) + b.lineDelta, int(p.Character)
}

// afterAll converts a position of the current text at or after the end of
// the last pending splice to a base offset; ok is false for one before it.
func (b *editBatch) afterAll(pos protocol.Position) (int, bool) {
	last := b.pending[len(b.pending)-1]
	line := int(pos.Line)
	switch {
	case line < b.endLine || (line == b.endLine && int(pos.Character) < b.endUnit):
		return 0, false
	case line == b.endLine:
		m := b.base
		l := int(m.Position(last.end).Line)
		return m.advance(last.end, m.lineEnd(l), int(pos.Character)-b.endUnit), true
	default:
		return b.base.Offset(protocol.Position{Line: uint32(line - b.lineDelta), Character: pos.Character}), true
	}
}

// flush applies the pending splices: the batch's base is the current text.
func (b *editBatch) flush() {
	if len(b.pending) > 0 {
		b.reset(b.mapper())
	}
}

// mapper is the current text's mapper.
func (b *editBatch) mapper() *Mapper {
	if len(b.pending) == 0 {
		return b.base
	}
	base := b.base.Text()
	size := len(base)
	for _, s := range b.pending {
		size += len(s.text) - (s.end - s.start)
	}
	var out strings.Builder
	out.Grow(size)
	at := 0
	for i := range b.pending {
		s := b.pending[i]
		if b.order == descending {
			s = b.pending[len(b.pending)-1-i]
		}
		out.WriteString(base[at:s.start])
		out.WriteString(s.text)
		at = s.end
	}
	out.WriteString(base[at:])
	return NewMapper(out.String(), b.enc)
}

// unitsOf counts the units of a text in enc, as Mapper.char does: an
// invalid byte is one unit.
func unitsOf(s string, enc Encoding) int {
	if enc == UTF8 {
		return len(s)
	}
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n++
		} else {
			n += utf16.RuneLen(r)
		}
		i += size
	}
	return n
}
