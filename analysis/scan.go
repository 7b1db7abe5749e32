package analysis

import (
	"bytes"
	"math"
)

// maxScan bounds the bytes Scan reads (Line holds 32-bit offsets).
const maxScan = math.MaxInt32

// Scan classifies every line of one file, starting in the given code-block
// state (a block left open by the previous file of the run), and
// collects headers, directives, code blocks and inline constructs with
// exact byte spans. In the Markdown dialect blocks never cross files, so
// entry is ignored.
func Scan(src []byte, dialect Dialect, entry BlockState) *FileSyntax {
	if len(src) > maxScan {
		src = src[:maxScan] // Line offsets are 32-bit; no setting reads a file this large
	}
	if dialect == Markdown {
		entry = BlockState{}
	}
	f := &FileSyntax{Src: src, Dialect: dialect, Entry: entry, FinalNewline: len(src) == 0 || src[len(src)-1] == '\n'}
	f.Lines = make([]Line, 0, bytes.Count(src, []byte{'\n'})+1)
	// Sized once: a file is rescanned on every keystroke, and growing
	// these by appends was a quarter of what a rescan allocated.
	if n := bytes.Count(src, []byte("[[code")); n > 0 || entry.Open {
		f.Blocks = make([]CodeBlock, 0, n+1)
	}
	if n := bytes.Count(src, []byte("\n+")); n > 0 || len(src) > 0 && src[0] == '+' {
		f.Headers = make([]Header, 0, n+1)
	}
	s := &scanner{f: f, state: entry}
	if entry.Open {
		s.open(CodeBlock{Open: -1, Close: -1, Kind: entry.Kind, Continued: entry})
	}
	for start := 0; start < len(src); {
		nl := bytes.IndexByte(src[start:], '\n')
		next := len(src)
		if nl >= 0 {
			next = start + nl + 1
			nl += start
		} else {
			nl = len(src)
		}
		s.line(start, trimRight(src, start, nl))
		start = next
	}
	if s.block != nil {
		f.Blocks = append(f.Blocks, *s.block)
	}
	if dialect == Markdown {
		s.state = BlockState{}
	}
	f.Exit = s.state
	return f
}

type scanner struct {
	f       *FileSyntax
	state   BlockState
	block   *CodeBlock // the block being read (&current), nil outside blocks
	current CodeBlock
	fence   bool // mkmarkdown: inside a ``` fence
}

// open starts reading block b.
func (s *scanner) open(b CodeBlock) {
	s.current = b
	s.block = &s.current
}

func (s *scanner) line(start, end int) {
	f := s.f
	idx := len(f.Lines)
	text := f.Src[start:end]
	kind := s.classify(idx, start, end, text)
	f.Lines = append(f.Lines, Line{Start: int32(start), End: int32(end), Kind: kind})
}

func (s *scanner) classify(idx, start, end int, text []byte) LineKind {
	f := s.f
	if s.fence {
		if bytes.HasPrefix(text, []byte("```")) {
			s.fence = false
		} else {
			s.inline(idx, start, end, true)
		}
		return LineFence
	}
	if s.block != nil {
		closer := bytes.Contains(text, []byte("[[/code]]"))
		if closer && !f.FinalNewline && f.Dialect.chopsCloser(s.block.Kind) && bytes.IndexByte(f.Src[end:], '\n') < 0 {
			// The file's last line, without a newline: chop eats its last byte.
			closer = bytes.Contains(f.Src[start:len(f.Src)-1], []byte("[[/code]]"))
		}
		if closer {
			s.block.Close = idx
			f.Blocks = append(f.Blocks, *s.block)
			s.block = nil
			s.state = BlockState{}
			return LineCodeClose
		}
		if f.Dialect == Markdown {
			// mkmarkdown translates references inside code bodies.
			s.inline(idx, start, end, true)
		}
		return LineCodeBody
	}
	if len(text) == 0 {
		return LineBlank
	}
	if f.Dialect == Markdown && bytes.HasPrefix(text, []byte("// kate")) {
		return LineEditorHint
	}
	if text[0] == '.' {
		f.Directives = append(f.Directives, parseDirective(f.Src, idx, start, end))
		return LineDirective
	}
	if text[0] == '+' {
		if h, ok := parseHeader(f.Src, idx, start, end); ok {
			f.Headers = append(f.Headers, h)
			s.symbolsIn(idx, h.Title.Start, h.Title.End)
			return LineHeader
		}
	}
	if f.Dialect == Markdown {
		if (text[0] == '*' || text[0] == '#') && len(text) > 1 && isSpace(text[1]) {
			s.inline(idx, start, end, false) // bullet or numbered item: text
			return LineText
		}
		if !bytes.Contains(text, []byte("||")) && bytes.HasPrefix(text, []byte("```")) {
			s.fence = true
			return LineFence
		}
	}
	if bytes.Contains(text, []byte("[[code")) {
		if f.Dialect == Markdown && bytes.Contains(text, []byte("||")) {
			s.inline(idx, start, end, false) // a table row wins over code
			return LineText
		}
		if b, ok := matchOpener(f.Src, start, end, f.Dialect); ok {
			b.Open, b.Close = idx, -1
			s.open(b)
			s.state = BlockState{Open: true, Kind: b.Kind}
			if b.Kind == BlockExample {
				s.state.Title, s.state.Name = f.Text(b.Title), f.Text(b.Name)
			}
			return LineCodeOpen
		}
		return LineUnparsedCode
	}
	s.inline(idx, start, end, false)
	return LineText
}

// parseHeader matches ^(\++)\s+(.*)$ on a right-trimmed line.
func parseHeader(src []byte, idx, start, end int) (Header, bool) {
	i := start
	for i < end && src[i] == '+' {
		i++
	}
	j := skipSpace(src[:end], i)
	if j == i || j == end {
		return Header{}, false
	}
	return Header{Line: idx, Level: i - start, Marks: Span{start, i}, Title: Span{j, end}}, true
}

// parseDirective matches the directive prefix patterns in the tools' order.
func parseDirective(src []byte, idx, start, end int) Directive {
	line := src[:end]
	d := Directive{Line: idx, Kind: DirIllegal}
	wordEnd := start + 1
	for wordEnd < end && !isSpace(src[wordEnd]) {
		wordEnd++
	}
	d.Word = Span{start, wordEnd}
	// arg matches `\s+(\w.*)` right after the directive name.
	arg := func(name string) bool {
		i := start + len(name)
		if !hasPrefixAt(line, start, name) || i >= end || !isSpace(src[i]) {
			return false
		}
		j := skipSpace(line, i)
		if j >= end || !isWord(src[j]) {
			return false
		}
		d.Word = Span{start, i}
		d.Arg = Span{j, end}
		return true
	}
	switch {
	case hasPrefixAt(line, start, ".set") && start+4 < end && isSpace(src[start+4]):
		j := skipSpace(line, start+4)
		k := j
		for k < end && isWord(src[k]) {
			k++
		}
		if k > j && k < end && src[k] == '=' {
			d.Kind, d.Word, d.Arg, d.Value = DirSet, Span{start, start + 4}, Span{j, k}, Span{k + 1, end}
		}
	case hasPrefixAt(line, start, ".-"):
		d.Kind, d.Word = DirComment, Span{start, start + 2}
	case hasPrefixAt(line, start, ".end"):
		d.Kind = DirEnd
	case arg(".output"):
		d.Kind = DirOutput
	case arg(".prelude"):
		d.Kind = DirPrelude
	case arg(".inbook"):
		d.Kind = DirInbook
	case arg(".bookmark"):
		d.Kind = DirBookmark
	case arg(".filter"):
		d.Kind = DirFilter
	}
	if d.Arg == (Span{}) {
		d.Arg = Span{d.Word.End, d.Word.End} // no argument: empty, after the word
	}
	return d
}
