// completion.go answers textDocument/completion. What the cursor's context
// asks for and the candidates come from analysis (Project.CompletionAt):
// anchors after `[#` (matched here by name and by title words), directives
// after a '.' in column 0, symbols inside `$(`, code-block forms after
// `[[code`. This file turns them into completion items.

package lsp

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func (s *Server) completion(ctx context.Context, p *protocol.CompletionParams) (any, error) {
	// The short lists (directives, symbols, code forms); anchors are answered
	// with an anchorList, encoded from fragments kept per snapshot.
	list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	s.mu.Lock()
	s.lastCompletion = p.TextDocument.URI
	caps := s.caps
	s.mu.Unlock()
	sn, path, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return list, nil
	}
	m := sn.Mapper(path)
	c := sn.Project.CompletionAt(path, m.Text(), m.Offset(p.Position))
	r := m.Range(c.Start, c.End)
	switch c.Kind {
	case analysis.CompleteAnchor:
		return anchorList(sn.anchorCandidates(c.Book), c.Prefix, r, c.Closing, caps.itemDefaults), nil
	case analysis.CompleteDirective:
		list.Items = directiveItems(c.Directives, r, caps.snippets)
	case analysis.CompleteSymbol:
		list.Items = symbolItems(c.Symbols, r)
	case analysis.CompleteBlockForm:
		list.Items = codeItems(c.BlockForms, r, caps.snippets)
	}
	if list.Items == nil {
		list.Items = []protocol.CompletionItem{} // LSP wants an array
	}
	return list, nil
}

// anchorList encodes the completion list of the anchors a reference can
// name that match the typed prefix in their name or title, replacing r
// (and adding the closing bracket unless there is one). The candidates
// come sorted and encoded, so a request only filters and joins bytes.
//
// A client with LSP 3.17 completionList.itemDefaults gets the edit range
// once, as itemDefaults.editRange: an item is then inserted as its label,
// or as its textEditText when the bracket is added. Other clients get a
// textEdit per item. The preview is left to completionItem/resolve:
// hundreds of previews per keystroke would cost more than the rest.
func anchorList(cands *candidateList, prefix string, r protocol.Range, closing, itemDefaults bool) lentJSON {
	low := lowerASCII(prefix)
	var scratch [96]byte
	rng := appendRange(scratch[:0], r)
	// A buffer of the list's size, given back once the reply is written
	// (lent.go): growing it would allocate and copy it several times.
	size, n := 64+len(rng), 0
	for i := range cands.list {
		if c := &cands.list[i]; c.matches(low) {
			size += len(c.item) + 2
			switch {
			case itemDefaults && !closing:
				size += 17 + len(c.nameJSON)
			case !itemDefaults:
				size += 42 + len(rng) + 2*len(c.nameJSON)
			}
			if n++; n == maxAnchorItems {
				break
			}
		}
	}
	bp := listBuffer(size)
	buf := append(*bp, `{"isIncomplete":true,`...)
	if itemDefaults {
		buf = append(buf, `"itemDefaults":{"editRange":`...)
		buf = append(buf, rng...)
		buf = append(buf, "},"...)
	}
	buf = append(buf, `"items":[`...)
	n = 0
	for i := range cands.list {
		c := &cands.list[i]
		if !c.matches(low) {
			continue
		}
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, c.item...)
		switch {
		case itemDefaults && !closing:
			buf = append(buf, `,"textEditText":`...)
			buf = appendBracketed(buf, c.nameJSON)
		case !itemDefaults:
			buf = append(buf, `,"textEdit":{"range":`...)
			buf = append(buf, rng...)
			buf = append(buf, `,"newText":`...)
			if closing {
				buf = append(buf, c.nameJSON...)
			} else {
				buf = appendBracketed(buf, c.nameJSON)
			}
			buf = append(buf, `},"data":`...)
			buf = append(buf, c.nameJSON...)
		}
		buf = append(buf, '}')
		if n++; n == maxAnchorItems {
			break // the list is incomplete: typing narrows it
		}
	}
	*bp = append(buf, "]}"...)
	return lentJSON{bp}
}

// matches reports whether the candidate's name or title contains low, a
// lower-case prefix ("" matches all).
func (c *anchorCandidate) matches(low string) bool {
	return low == "" || strings.Contains(c.foldName, low) || strings.Contains(c.foldTitle, low)
}

// appendBracketed appends the JSON string s with a ']' added to its value.
func appendBracketed(buf, s []byte) []byte {
	buf = append(buf, s[:len(s)-1]...)
	return append(buf, `]"`...)
}

// appendRange appends r as JSON.
func appendRange(buf []byte, r protocol.Range) []byte {
	buf = append(buf, `{"start":`...)
	buf = appendPosition(buf, r.Start)
	buf = append(buf, `,"end":`...)
	buf = appendPosition(buf, r.End)
	return append(buf, '}')
}

func appendPosition(buf []byte, p protocol.Position) []byte {
	buf = append(buf, `{"line":`...)
	buf = strconv.AppendUint(buf, uint64(p.Line), 10)
	buf = append(buf, `,"character":`...)
	buf = strconv.AppendUint(buf, uint64(p.Character), 10)
	return append(buf, '}')
}

// maxAnchorItems bounds one completion answer: a book with tens of
// thousands of anchors would otherwise send megabytes per keystroke.
const maxAnchorItems = 1000

// candidateList holds the anchors a reference in a book can name, as
// completion offers them, prepared once per snapshot.
type candidateList struct {
	list []anchorCandidate // sorted by sortKey
}

type anchorCandidate struct {
	// foldName and foldTitle are the name and title in ASCII lower case,
	// for matching what is typed ignoring case (anchors and most titles
	// are ASCII).
	foldName, foldTitle string
	// item is the anchor's CompletionItem as JSON without its closing
	// brace: label, kind, detail, filterText and sortText.
	item []byte
	// nameJSON is the name as a JSON string.
	nameJSON []byte
}

// anchorCandidates encodes the anchors a reference in book b can name
// (analysis.Book.ReferableAnchors, in their order). The list is built on
// the first completion of a snapshot and kept with it.
func (sn *Snapshot) anchorCandidates(b *analysis.Book) *candidateList {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if c, ok := sn.candidates[b]; ok {
		return c
	}
	anchors := b.ReferableAnchors()
	out := &candidateList{list: make([]anchorCandidate, len(anchors))}
	for i, a := range anchors {
		out.list[i] = newAnchorCandidate(a.Name, a.Title, sortKey(a.Name, a.Kind))
	}
	if sn.candidates == nil {
		sn.candidates = map[*analysis.Book]*candidateList{}
	}
	sn.candidates[b] = out
	return out
}

// newAnchorCandidate encodes the completion item of an anchor.
func newAnchorCandidate(name, title, sortKey string) anchorCandidate {
	// One allocation holds both encodings.
	buf := make([]byte, 0, 3*len(name)+2*len(title)+len(sortKey)+96)
	buf = appendString(buf, name)
	nameJSON := buf[:len(buf):len(buf)]
	item := buf[len(buf):]
	item = append(item, `{"label":`...)
	item = append(item, nameJSON...)
	item = append(item, `,"kind":`...)
	item = strconv.AppendInt(item, int64(protocol.CompletionItemKindReference), 10)
	if title != "" {
		item = append(item, `,"detail":`...)
		item = appendString(item, title)
	}
	item = append(item, `,"filterText":`...)
	item = appendString(item, name+" "+title)
	item = append(item, `,"sortText":`...)
	item = appendString(item, sortKey)
	return anchorCandidate{foldName: lowerASCII(name), foldTitle: lowerASCII(title), item: item, nameJSON: nameJSON}
}

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst, _ = jsontext.AppendQuote(dst, s)
	return dst
}

// lowerASCII returns s with its ASCII letters in lower case (s itself when
// it has none in upper case); other bytes are kept, so offsets do not move.
func lowerASCII(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// sortKey keeps the clients' order (they sort by sortText) that of
// ReferableAnchors: named bookmarks first, then automatic anchors.
func sortKey(name string, k analysis.AnchorKind) string {
	if k == analysis.NamedAnchor {
		return "0" + name
	}
	return "1" + name
}

func directiveItems(forms []analysis.DirectiveForm, r protocol.Range, snippets bool) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	for _, f := range forms {
		item := protocol.CompletionItem{Label: f.Name, Kind: protocol.CompletionItemKindKeyword, Detail: optString(f.Syntax),
			Documentation: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: f.Doc}}
		if snippets {
			item.InsertTextFormat = protocol.InsertTextFormatSnippet
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: f.Snippet}
		} else {
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: f.Name + " "}
		}
		items = append(items, item)
	}
	return items
}

func symbolItems(symbols []analysis.SymbolValue, r protocol.Range) []protocol.CompletionItem {
	items := []protocol.CompletionItem{}
	for _, sv := range symbols {
		items = append(items, protocol.CompletionItem{Label: sv.Name, Kind: protocol.CompletionItemKindVariable, Detail: optString(sv.Value),
			TextEdit: &protocol.TextEdit{Range: r, NewText: sv.Name + ")"}})
	}
	return items
}

func codeItems(forms []analysis.BlockForm, r protocol.Range, snippets bool) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	for i, f := range forms {
		item := protocol.CompletionItem{Label: f.Label, Kind: protocol.CompletionItemKindSnippet, Detail: optString(f.Detail), SortText: protocol.NewOptional(string(rune('a' + i)))}
		if snippets {
			item.InsertTextFormat = protocol.InsertTextFormatSnippet
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: f.Snippet}
		} else {
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: f.Label}
		}
		items = append(items, item)
	}
	return items
}

// resolveCompletion adds the section preview to an anchor item. The item
// names the anchor by its data (a textEdit item) or, being of kind
// Reference, by its label (an item of a list with itemDefaults); the book
// is the one of the document of the last completion request.
func (s *Server) resolveCompletion(ctx context.Context, item *protocol.CompletionItem) (*protocol.CompletionItem, error) {
	var name string
	if item.Data != nil && protocol.Unmarshal(item.Data, &name) != nil {
		name = ""
	}
	if name == "" && isNullJSON(item.Data) && item.Kind == protocol.CompletionItemKindReference {
		name = item.Label
	}
	s.mu.Lock()
	u := s.lastCompletion
	s.mu.Unlock()
	if name == "" || u == "" {
		return item, nil
	}
	sn, path, ok := s.locate(u)
	if !ok {
		return item, nil
	}
	b := sn.Project.Owner[path]
	if b == nil {
		return item, nil
	}
	a := b.LastAnchor(name)
	if a == nil && b.Outside != nil {
		b = b.Outside
		a = b.LastAnchor(name)
	}
	if a != nil {
		value := appendAll(make([]byte, 0, 1024), "**", b.RenderedTitle(a), "** — `", b.AnchorPlace(a), "`\n\n")
		value = b.AppendPreview(value, a, previewBytes)
		value = bytes.TrimSuffix(value, []byte("\n\n")) // no preview
		item.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: string(value)}
	}
	return item, nil
}
