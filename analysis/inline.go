package analysis

import "bytes"

// inline collects the inline constructs of a text line. In a code
// body (mkmarkdown only) just references are translated.
func (s *scanner) inline(idx, start, end int, codeBody bool) {
	f := s.f
	line := f.Src[:end]
	if bytes.Contains(line[start:], []byte("[#")) {
		n := len(f.Refs)
		f.Refs = appendRefs(f.Refs, line, idx, start)
		if !codeBody {
			f.NotRefs = appendNotRefs(f.NotRefs, line, idx, start, f.Refs[n:])
		}
	}
	if codeBody {
		return
	}
	s.symbolsIn(idx, start, end)
	if bytes.Contains(line[start:], []byte("zmq_")) {
		f.ManPages = appendManPages(f.ManPages, line, idx, start)
	}
}

// appendRefs finds references leftmost first with the pattern \[#(\S+)\]:
// NAME runs to the last `]` of the blank-free run after `[#`. The
// search resumes after each match, as the tools' rewrites never match twice.
func appendRefs(out []Ref, line []byte, idx, i int) []Ref {
	for {
		r, ok := nextRef(line, i)
		if !ok {
			return out
		}
		r.Line = idx
		out = append(out, r)
		i = r.Span.End
	}
}

// appendNotRefs finds the `[#name with blanks]` of a line: a `[#` that
// starts no reference (refs are the line's, in order), closed by the next
// `]` on the line, with no `[#` between, after a name that holds a blank
// and something else. An author meant a reference there.
//
// One pass: the next `]`, blank and non-blank are found once per stretch
// of the line, not once per `[#` (a line may hold 80,000 of them).
func appendNotRefs(out []Ref, line []byte, idx, i int, refs []Ref) []Ref {
	closeAt, blankAt, wordAt := -1, -1, -1
	next := func(at, from int, found func(byte) bool) int {
		if at >= from {
			return at
		}
		for j := from; j < len(line); j++ {
			if found(line[j]) {
				return j
			}
		}
		return len(line)
	}
	for p := indexFrom(line, i, "[#"); p >= 0; {
		following := indexFrom(line, p+2, "[#")
		for len(refs) > 0 && refs[0].Span.End <= p {
			refs = refs[1:]
		}
		if len(refs) == 0 || refs[0].Span.Start > p { // not inside a reference
			closeAt = next(closeAt, p+2, func(c byte) bool { return c == ']' })
			if closeAt == len(line) {
				return out
			}
			blankAt = next(blankAt, p+2, isSpace)
			wordAt = next(wordAt, p+2, func(c byte) bool { return !isSpace(c) })
			if (following < 0 || following > closeAt) && blankAt < closeAt && wordAt < closeAt {
				out = append(out, Ref{Line: idx, Span: Span{p, closeAt + 1}, Name: Span{p + 2, closeAt}})
			}
		}
		p = following
	}
	return out
}

// nextRef is the leftmost reference of line[i:] (its Line is left 0). It is split out of
// appendRefs so that rewriteRefs, which wants only the first match, does not collect all
// of them on every round (quadratic on a long line: found by lsp/robust_test.go).
func nextRef(line []byte, i int) (Ref, bool) {
	for {
		p := indexFrom(line, i, "[#")
		if p < 0 {
			return Ref{}, false
		}
		runEnd := p + 2
		lastClose := -1
		for runEnd < len(line) && !isSpace(line[runEnd]) {
			if line[runEnd] == ']' && runEnd > p+2 {
				lastClose = runEnd
			}
			runEnd++
		}
		if lastClose < 0 {
			i = p + 1
			continue
		}
		return Ref{Span: Span{p, lastClose + 1}, Name: Span{p + 2, lastClose}}, true
	}
}

// isSymbolName is the NAME class of $(NAME): [A-Za-z0-9-_.].
func isSymbolName(b byte) bool { return isWord(b) || b == '-' || b == '.' }

// symbolsIn records $(NAME), $(NAME?default), %(NAME), %(NAME?default).
func (s *scanner) symbolsIn(idx, start, end int) {
	f := s.f
	line := f.Src[:end]
	for i := start + 1; i < end; {
		j := bytes.IndexByte(line[i:], '(')
		if j < 0 {
			return
		}
		i += j
		if c := line[i-1]; c == '$' || c == '%' {
			if u, ok := parseSymbol(line, i-1); ok {
				u.Line = idx
				f.Symbols = append(f.Symbols, u)
				i = u.Span.End
				continue
			}
		}
		i++
	}
}

// parseSymbol parses a symbol use starting at line[i] ('$' or '%').
func parseSymbol(line []byte, i int) (SymbolUse, bool) {
	u := SymbolUse{Env: line[i] == '%'}
	j := i + 2
	k := j
	for k < len(line) && isSymbolName(line[k]) {
		k++
	}
	if k == j || k >= len(line) {
		return u, false
	}
	u.Name = Span{j, k}
	switch line[k] {
	case ')':
		u.Span = Span{i, k + 1}
		return u, true
	case '?':
		d := k + 1
		e := d
		for e < len(line) && line[e] != ')' && line[e] != '$' {
			e++
		}
		if e >= len(line) || line[e] != ')' {
			return u, false
		}
		u.HasDefault, u.Default, u.Span = true, Span{d, e}, Span{i, e + 1}
		return u, true
	}
	return u, false
}

// appendManPages finds zmq_([\w_]+)\[.\].
func appendManPages(out []ManPage, line []byte, idx, i int) []ManPage {
	for {
		p := indexFrom(line, i, "zmq_")
		if p < 0 {
			return out
		}
		k := p + 4
		for k < len(line) && isWord(line[k]) {
			k++
		}
		if k > p+4 && k+2 < len(line) && line[k] == '[' && line[k+2] == ']' {
			out = append(out, ManPage{Line: idx, Span: Span{p, k + 3}, Name: Span{p, k}})
			i = k + 3
			continue
		}
		i = p + 4
	}
}

// appendMarkup finds the inline constructs (MarkupKind) for highlighting. It is
// a single pass that only looks closer at the bytes that can start one.
func appendMarkup(out []Markup, line []byte, idx, start int) []Markup {
	add := func(k MarkupKind, a, b int) int {
		out = append(out, Markup{Line: idx, Kind: k, Span: Span{a, b}})
		return b - 1
	}
	for i := start; i < len(line); i++ {
		switch line[i] {
		case '/':
			if hasPrefixAt(line, i, "//") && (i == start || line[i-1] != ':') {
				if e := closeNoByte(line, i+2, "//", '/'); e > 0 {
					i = add(MarkItalic, i, e)
				}
			}
		case '*':
			if hasPrefixAt(line, i, "**") {
				if e := closeNoByte(line, i+2, "**", '*'); e > 0 {
					i = add(MarkBold, i, e)
				}
			}
		case '{':
			if hasPrefixAt(line, i, "{{") {
				if e := closeNoByte(line, i+2, "}}", '{'); e > 0 {
					i = add(MarkMono, i, e)
				}
			}
		case '@':
			if hasPrefixAt(line, i, "@<//>@") {
				i = add(MarkRawEscape, i, i+6)
			}
		case '[':
			switch {
			case hasPrefixAt(line, i, "[[footnote]]"):
				if e := indexFrom(line, i+12, "[[/footnote]]"); e > 0 {
					i = add(MarkFootnote, i, e+13)
				}
			case hasPrefixAt(line, i, "[figure]"):
				i = add(MarkFigure, i, i+8)
			case hasPrefixAt(line, i, "[http://"), hasPrefixAt(line, i, "[https://"):
				if e := bytes.IndexByte(line[i:], ']'); e > 0 {
					i = add(MarkURLLink, i, i+e+1)
				}
			case hasPrefixAt(line, i, "[/") && i+2 < len(line) && !isSpace(line[i+2]):
				if e := bytes.IndexByte(line[i:], ']'); e > 0 {
					i = add(MarkSiteLink, i, i+e+1)
				}
			}
		case '0':
			if hasPrefixAt(line, i, "0MQ") {
				i = add(MarkZeroMQ, i, i+3)
			} else if hasPrefixAt(line, i, `0\MQ`) {
				i = add(MarkZeroMQ, i, i+4)
			}
		case '-':
			if hasPrefixAt(line, i, "--") {
				i = add(MarkEmDash, i, i+2)
			}
		case '<':
			if e := emailEnd(line, i); e > 0 {
				i = add(MarkEmail, i, e)
			}
		}
	}
	return out
}

// closeNoByte finds the closing delimiter after i, with no `not` byte and
// at least one byte in between; it returns the index after the delimiter.
func closeNoByte(line []byte, i int, delim string, not byte) int {
	for j := i; j < len(line); j++ {
		if line[j] == not && !(hasPrefixAt(line, j, delim)) {
			return -1
		}
		if j > i && hasPrefixAt(line, j, delim) {
			return j + len(delim)
		}
		if line[j] == not {
			return -1
		}
	}
	return -1
}

// emailEnd matches <user@host> at i and returns the index after '>'.
func emailEnd(line []byte, i int) int {
	at := -1
	for j := i + 1; j < len(line); j++ {
		switch c := line[j]; {
		case c == '>':
			if at > i+1 && j > at+1 {
				return j + 1
			}
			return -1
		case c == '@':
			if at >= 0 {
				return -1
			}
			at = j
		case c == '<' || isSpace(c):
			return -1
		}
	}
	return -1
}
