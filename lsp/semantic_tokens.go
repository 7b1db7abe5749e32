// semantic_tokens.go answers textDocument/semanticTokens/full and /range,
// so that any editor highlights guide and bookmark files without a grammar.
//
// The legend uses standard token types and modifiers only (plus the two
// modifiers italic and bold, which clients without a style for them
// ignore):
//
//	namespace  chapter-level header title            (+declaration)
//	class      section or subsection header title    (+declaration)
//	keyword    directive word, header '+' marks; illegal directive (+deprecated)
//	comment    `.-` lines, mkmarkdown `// kate`
//	string     directive argument, `.set` value, code body, {{mono}}, entry title
//	variable   $(X), `.set NAME` (+definition); %(X) (+defaultLibrary)
//	function   man page zmq_x[n]                      (+defaultLibrary)
//	macro      [[code …]], [[/code]], ``` fences, [figure], @<//>@, 0MQ, --
//	property   [#ref], `.bookmark NAME` and entry anchors (+declaration);
//	           undefined reference or stale entry (+deprecated)
//	label      //italic// (+italic), **bold** (+bold), links, e-mail, footnotes;
//	           the |document of a site/.bookmarks entry

package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Token types and modifiers, in legend order.
var (
	semanticTokenTypes     = []string{"namespace", "class", "keyword", "comment", "string", "variable", "function", "macro", "property", "label"}
	semanticTokenModifiers = []string{"declaration", "definition", "deprecated", "defaultLibrary", "italic", "bold"}
)

const (
	ttNamespace = iota
	ttClass
	ttKeyword
	ttComment
	ttString
	ttVariable
	ttFunction
	ttMacro
	ttProperty
	ttLabel
)

const (
	tmDeclaration = 1 << iota
	tmDefinition
	tmDeprecated
	tmDefaultLibrary
	tmItalic
	tmBold
)

func semanticTokensProvider() *protocol.SemanticTokensOptions {
	return &protocol.SemanticTokensOptions{
		Legend: protocol.SemanticTokensLegend{TokenTypes: semanticTokenTypes, TokenModifiers: semanticTokenModifiers},
		Range:  protocol.Boolean(true),
		Full:   protocol.Boolean(true),
	}
}

// tokenStyle maps an analysis token kind to a legend type and modifiers.
var tokenStyle = map[analysis.TokenKind][2]uint32{
	analysis.TokHeaderMarks:        {ttKeyword, 0},
	analysis.TokChapterTitle:       {ttNamespace, tmDeclaration},
	analysis.TokSectionTitle:       {ttClass, tmDeclaration},
	analysis.TokDirective:          {ttKeyword, 0},
	analysis.TokIllegalDirective:   {ttKeyword, tmDeprecated},
	analysis.TokComment:            {ttComment, 0},
	analysis.TokArgument:           {ttString, 0},
	analysis.TokSetName:            {ttVariable, tmDefinition},
	analysis.TokBookmarkName:       {ttProperty, tmDeclaration},
	analysis.TokReference:          {ttProperty, 0},
	analysis.TokUndefinedReference: {ttProperty, tmDeprecated},
	analysis.TokSymbol:             {ttVariable, 0},
	analysis.TokEnvSymbol:          {ttVariable, tmDefaultLibrary},
	analysis.TokManPage:            {ttFunction, tmDefaultLibrary},
	analysis.TokCodeDelimiter:      {ttMacro, 0},
	analysis.TokCode:               {ttString, 0},
	analysis.TokItalic:             {ttLabel, tmItalic},
	analysis.TokBold:               {ttLabel, tmBold},
	analysis.TokMono:               {ttString, 0},
	analysis.TokLink:               {ttLabel, 0},
	analysis.TokSpecial:            {ttMacro, 0},
	analysis.TokEntryAnchor:        {ttProperty, tmDeclaration},
	analysis.TokStaleEntry:         {ttProperty, tmDeclaration | tmDeprecated},
	analysis.TokEntryTitle:         {ttString, 0},
	analysis.TokEntryDocument:      {ttLabel, 0},
}

func (s *Server) semanticTokensFull(ctx context.Context, p *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	return s.semanticTokens(p.TextDocument.URI, nil), nil
}

func (s *Server) semanticTokensRange(ctx context.Context, p *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	return s.semanticTokens(p.TextDocument.URI, &p.Range), nil
}

// semanticTokens encodes the tokens of a document (within r, when set) as
// relative line/character deltas in the negotiated encoding.
func (s *Server) semanticTokens(u DocumentURI, r *protocol.Range) *protocol.SemanticTokens {
	out := &protocol.SemanticTokens{Data: []uint32{}}
	sn, path, ok := s.locate(u)
	if !ok {
		return out
	}
	m := sn.Mapper(path)
	var line, char uint32
	for _, t := range sn.Project.Tokens(path) {
		start, end := m.PositionLF(t.Line, t.Col), m.PositionLF(t.Line, t.EndCol)
		// A token never crosses lines; a lone CR (a line break for LSP,
		// not for the tools) could split one: keep its first part.
		if end.Line != start.Line {
			end = m.Position(m.Offset(protocol.Position{Line: start.Line + 1}) - 1)
			if end.Line != start.Line {
				continue
			}
		}
		if end.Character <= start.Character {
			continue
		}
		if r != nil && (before(end, r.Start) || before(r.End, start)) {
			continue
		}
		st := tokenStyle[t.Kind]
		dl, dc := start.Line-line, start.Character
		if dl == 0 {
			dc = start.Character - char
		}
		out.Data = append(out.Data, dl, dc, end.Character-start.Character, st[0], st[1])
		line, char = start.Line, start.Character
	}
	return out
}
