// position_params.go decodes the params of a position query (definition,
// hover, references, document highlight, prepare rename) in the form every
// client sends, without the general decoder.

package lsp

import (
	"math"

	"go.lsp.dev/protocol"
	lspuri "go.lsp.dev/uri"
)

// decodePositionQuery decodes data into v when v is the params of a
// position query and data has the usual form:
//
//	{"textDocument":{"uri":"…"},"position":{"line":L,"character":C}}
//
// members in any order, JSON blanks anywhere, and for references a
// "context":{"includeDeclaration":B}. It reports false, with v untouched,
// for anything else (another member, a repeated one, an escape or a
// non-ASCII byte in a string, a number that is not a plain uint32, a URI
// that uri.Parse refuses), which then goes through protocol.Unmarshal and
// restoreURIs.
//
// Why: the general way decodes the message twice (protocol rewrites a URI
// through uri.Parse, restoreURIs walks the JSON again to restore the
// client's spelling), a third of a hover's own CPU at 16 times the corpus
// book. FuzzDecodePositionQuery holds the two ways to the same result.
func decodePositionQuery(data []byte, v any) bool {
	var (
		tdp  *protocol.TextDocumentPositionParams
		decl *bool // the references context, when v has one
	)
	switch p := v.(type) {
	case *protocol.HoverParams:
		tdp = &p.TextDocumentPositionParams
	case *protocol.DefinitionParams:
		tdp = &p.TextDocumentPositionParams
	case *protocol.DocumentHighlightParams:
		tdp = &p.TextDocumentPositionParams
	case *protocol.PrepareRenameParams:
		tdp = &p.TextDocumentPositionParams
	case *protocol.ReferenceParams:
		tdp, decl = &p.TextDocumentPositionParams, &p.Context.IncludeDeclaration
	default:
		return false
	}
	q := positionQuery{s: jsonScan{b: data}, wantCx: decl != nil}
	ok := q.s.object(q.member)
	q.s.blanks()
	if !ok || q.s.i != len(q.s.b) || q.uri == "" || !q.havePos || q.wantCx && !q.haveCx {
		return false
	}
	if _, err := lspuri.Parse(q.uri); err != nil {
		return false // the general way reports what protocol makes of it
	}
	tdp.TextDocument.URI = DocumentURI(q.uri)
	tdp.Position = protocol.Position{Line: q.line, Character: q.char}
	if decl != nil {
		*decl = q.include
	}
	return true
}

// positionQuery is what decodePositionQuery has read so far.
type positionQuery struct {
	s                        jsonScan
	wantCx                   bool // a references context is allowed (and needed)
	uri                      string
	line, char               uint32
	include                  bool
	haveDoc, havePos, haveCx bool
	seenLine, seenChar       bool
}

// member reads the value of one member of the params, each at most once.
func (q *positionQuery) member(key []byte) bool {
	switch {
	case string(key) == "textDocument" && !q.haveDoc:
		q.haveDoc = true
		return q.s.object(q.documentMember)
	case string(key) == "position" && !q.havePos:
		q.havePos = true
		return q.s.object(q.positionMember) && q.seenLine && q.seenChar
	case string(key) == "context" && q.wantCx && !q.haveCx:
		return q.s.object(q.contextMember) && q.haveCx
	}
	return false
}

func (q *positionQuery) documentMember(key []byte) bool {
	if string(key) != "uri" || q.uri != "" {
		return false
	}
	u, ok := q.s.span()
	q.uri = decoded.stringOf(u) // the URI as a string, shared with the last requests'
	return ok && len(u) > 0
}

func (q *positionQuery) positionMember(key []byte) bool {
	var ok bool
	switch {
	case string(key) == "line" && !q.seenLine:
		q.seenLine = true
		q.line, ok = q.s.uint32()
	case string(key) == "character" && !q.seenChar:
		q.seenChar = true
		q.char, ok = q.s.uint32()
	}
	return ok
}

func (q *positionQuery) contextMember(key []byte) bool {
	if string(key) != "includeDeclaration" || q.haveCx {
		return false
	}
	q.haveCx = true
	var ok bool
	q.include, ok = q.s.boolean()
	return ok
}

// jsonScan reads the few JSON forms decodePositionQuery accepts.
type jsonScan struct {
	b []byte
	i int
}

func (s *jsonScan) blanks() { s.i = skipJSONSpace(s.b, s.i) }

// byte consumes c after blanks.
func (s *jsonScan) byte(c byte) bool {
	s.blanks()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads a non-empty object, calling member after each name and its
// colon to read the value; member returns false to give up.
func (s *jsonScan) object(member func(key []byte) bool) bool {
	if !s.byte('{') {
		return false
	}
	for {
		key, ok := s.span()
		if !ok || !s.byte(':') || !member(key) {
			return false
		}
		if s.byte('}') {
			return true
		}
		if !s.byte(',') {
			return false
		}
	}
}

// span reads a string of printable ASCII without escapes and returns its
// bytes, which alias the params.
func (s *jsonScan) span() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], true
		case c < 0x20 || c == '\\' || c >= 0x80:
			return nil, false
		}
	}
	return nil, false
}

// uint32 reads a number that is a uint32 written plainly: digits, no
// leading zero, no fraction or exponent (what follows must end the value).
func (s *jsonScan) uint32() (uint32, bool) {
	s.blanks()
	start, n := s.i, uint64(0)
	for ; s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9'; s.i++ {
		n = n*10 + uint64(s.b[s.i]-'0')
		if n > math.MaxUint32 {
			return 0, false
		}
	}
	digits := s.i - start
	if digits == 0 || digits > 1 && s.b[start] == '0' {
		return 0, false
	}
	return uint32(n), true
}

func (s *jsonScan) boolean() (bool, bool) {
	s.blanks()
	for _, lit := range []string{"true", "false"} {
		if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
			s.i += len(lit)
			return lit == "true", true
		}
	}
	return false, false
}
