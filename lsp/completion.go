// completion.go answers textDocument/completion: anchors after `[#`
// (matched by name and by title words), directives after a '.' in column
// 0, symbols inside `$(`, and the code-block forms after `[[code`.

package lsp

import (
	"context"
	"sort"
	"strconv"
	"strings"

	fastjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// completionList is protocol.CompletionList for the short lists
// (directives, symbols, code forms); anchors are answered with an
// anchorList, encoded from fragments kept per snapshot.
type completionList struct {
	IsIncomplete bool                      `json:"isIncomplete"`
	Items        []protocol.CompletionItem `json:"items"`
}

func (s *Server) completion(ctx context.Context, p *protocol.CompletionParams) (any, error) {
	list := &completionList{Items: []protocol.CompletionItem{}}
	s.mu.Lock()
	s.lastCompletion = p.TextDocument.URI
	caps := s.caps
	s.mu.Unlock()
	sn, path, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return list, nil
	}
	m := sn.Mapper(path)
	off := m.Offset(p.Position)
	text := m.Text()
	lineStart := strings.LastIndexByte(text[:off], '\n') + 1
	before := text[lineStart:off]
	book := sn.Project.Owner[path]
	if book == nil {
		return list, nil
	}
	switch {
	case anchorContext(before) >= 0:
		start := lineStart + anchorContext(before)
		prefix := text[start:off]
		// Inside an existing reference, replace its whole name.
		end := off
		for end < len(text) && text[end] != ']' && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' && text[end] != '\r' {
			end++
		}
		closing := end < len(text) && text[end] == ']'
		if !closing {
			end = off
		}
		return anchorList(sn.anchorCandidates(book), prefix, m.Range(start, end), closing, caps.itemDefaults), nil
	case strings.HasPrefix(before, ".") && !strings.ContainsAny(before, " \t"):
		list.Items = directiveItems(book.Profile, m.Range(lineStart, off), caps.snippets)
	case symbolContext(before) >= 0:
		start := lineStart + symbolContext(before)
		list.Items = symbolItems(sn.Project, book, m.Range(start, off))
	case strings.Contains(before, "[[code") && !strings.Contains(before[strings.LastIndex(before, "[[code"):], "]]"):
		start := lineStart + strings.LastIndex(before, "[[code")
		list.Items = codeItems(m.Range(start, off), caps.snippets)
	}
	if list.Items == nil {
		list.Items = []protocol.CompletionItem{} // LSP wants an array
	}
	return list, nil
}

// anchorContext returns the index in before where a reference name starts
// (just after `[#`), or -1 when the cursor is not inside one.
func anchorContext(before string) int {
	i := strings.LastIndex(before, "[#")
	if i < 0 || strings.ContainsAny(before[i:], " \t]") {
		return -1
	}
	return i + 2
}

// symbolContext returns where a symbol name starts after `$(` or `%(`.
func symbolContext(before string) int {
	i := strings.LastIndex(before, "$(")
	if j := strings.LastIndex(before, "%("); j > i {
		i = j
	}
	if i < 0 || strings.ContainsAny(before[i:], " )") {
		return -1
	}
	return i + 2
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
func anchorList(cands *candidateList, prefix string, r protocol.Range, closing, itemDefaults bool) encodedJSON {
	low := lowerASCII(prefix)
	var scratch [96]byte
	rng := appendRange(scratch[:0], r)
	buf := append(resultBuffer(), `{"isIncomplete":true,`...)
	if itemDefaults {
		buf = append(buf, `"itemDefaults":{"editRange":`...)
		buf = append(buf, rng...)
		buf = append(buf, "},"...)
	}
	buf = append(buf, `"items":[`...)
	n := 0
	for i := range cands.list {
		c := &cands.list[i]
		if low != "" && !strings.Contains(c.foldName, low) && !strings.Contains(c.foldTitle, low) {
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
	return append(buf, "]}"...)
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

// anchorCandidates lists the anchors a reference in book b can name: its
// own, then the main run's for a file built alone. The list is built on
// the first completion of a snapshot and kept with it.
func (sn *Snapshot) anchorCandidates(b *analysis.Book) *candidateList {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if c, ok := sn.candidates[b]; ok {
		return c
	}
	books := []*analysis.Book{b}
	if b.Outside != nil {
		books = append(books, b.Outside)
	}
	type anchor struct{ name, title, sortKey string }
	seen := map[string]bool{}
	var anchors []anchor
	for _, bk := range books {
		for _, name := range bk.AnchorNames() {
			if seen[name] || !bk.Referable(name) {
				continue // no [#…] can reach it: offering it would insert a broken reference
			}
			seen[name] = true
			a := bk.LastAnchor(name)
			anchors = append(anchors, anchor{name: name, title: a.Title, sortKey: sortKey(name, a.Kind)})
		}
	}
	sort.SliceStable(anchors, func(i, j int) bool { return anchors[i].sortKey < anchors[j].sortKey })
	out := &candidateList{list: make([]anchorCandidate, len(anchors))}
	for i, a := range anchors {
		out.list[i] = newAnchorCandidate(a.name, a.title, a.sortKey)
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
	buf = fastjson.AppendEscape(buf, name, fastjson.EscapeHTML)
	nameJSON := buf[:len(buf):len(buf)]
	item := buf[len(buf):]
	item = append(item, `{"label":`...)
	item = append(item, nameJSON...)
	item = append(item, `,"kind":`...)
	item = strconv.AppendInt(item, int64(protocol.CompletionItemKindReference), 10)
	if title != "" {
		item = append(item, `,"detail":`...)
		item = fastjson.AppendEscape(item, title, fastjson.EscapeHTML)
	}
	item = append(item, `,"filterText":`...)
	item = fastjson.AppendEscape(item, name+" "+title, fastjson.EscapeHTML)
	item = append(item, `,"sortText":`...)
	item = fastjson.AppendEscape(item, sortKey, fastjson.EscapeHTML)
	return anchorCandidate{foldName: lowerASCII(name), foldTitle: lowerASCII(title), item: item, nameJSON: nameJSON}
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

// sortKey lists named bookmarks first (they are what the books reference),
// then automatic anchors, each alphabetically.
func sortKey(name string, k analysis.AnchorKind) string {
	if k == analysis.NamedAnchor {
		return "0" + name
	}
	return "1" + name
}

func directiveItems(p analysis.Profile, r protocol.Range, snippets bool) []protocol.CompletionItem {
	forms := map[analysis.DirectiveKind][2]string{
		analysis.DirSet:      {".set NAME=VALUE", ".set ${1:NAME}=${2:value}"},
		analysis.DirComment:  {".- comment", ".- ${1:comment}"},
		analysis.DirEnd:      {".end", ".end"},
		analysis.DirOutput:   {".output FILE", ".output ${1:chapter1.wd}"},
		analysis.DirPrelude:  {".prelude FILE", ".prelude ${1:prelude.txt}"},
		analysis.DirInbook:   {".inbook FILE", ".inbook ${1:file.xml}"},
		analysis.DirBookmark: {".bookmark NAME", ".bookmark ${1:name}"},
		analysis.DirFilter:   {".filter FORMAT", ".filter ${1:online}"},
	}
	var items []protocol.CompletionItem
	for _, k := range p.Directives() {
		f := forms[k]
		item := protocol.CompletionItem{Label: k.String(), Kind: protocol.CompletionItemKindKeyword, Detail: f[0],
			Documentation: protocol.MarkupContent{Kind: protocol.Markdown, Value: directiveDocs[k.String()]}}
		if snippets {
			item.InsertTextFormat = protocol.InsertTextFormatSnippet
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: f[1]}
		} else {
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: k.String() + " "}
		}
		items = append(items, item)
	}
	return items
}

func symbolItems(p *analysis.Project, b *analysis.Book, r protocol.Range) []protocol.CompletionItem {
	values := map[string]string{}
	for name, defs := range b.Symbols {
		values[name] = defs[len(defs)-1].Value
	}
	for name, v := range p.Layout.BookSymbols {
		if _, ok := values[name]; !ok {
			values[name] = v
		}
	}
	var names []string
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	items := []protocol.CompletionItem{}
	for _, n := range names {
		items = append(items, protocol.CompletionItem{Label: n, Kind: protocol.CompletionItemKindVariable, Detail: values[n],
			TextEdit: &protocol.TextEdit{Range: r, NewText: n + ")"}})
	}
	return items
}

func codeItems(r protocol.Range, snippets bool) []protocol.CompletionItem {
	forms := [][3]string{
		{`[[code]]`, "plain block (Wikidot code, DocBook screen)", "[[code]]\n$0\n[[/code]]"},
		{`[[code language="C"]]`, "listing in a language", "[[code language=\"${1:C}\"]]\n$0\n[[/code]]"},
		{`[[code type="example" title="…" name="…"]]`, "example shown from examples/<language>/<name>.*; keep the body empty", "[[code type=\"example\" title=\"${1:Title}\" name=\"${2:name}\"]]\n[[/code]]"},
		{`[[code type="fragment" name="…"]]`, "fragment written to fragments/C/<name>.c", "[[code type=\"fragment\" name=\"${1:name}\"]]\n$0\n[[/code]]"},
		{`[[code type="textdiagram" title="…"]]`, "text diagram rendered as a figure", "[[code type=\"textdiagram\" title=\"${1:Title}\"]]\n$0\n[[/code]]"},
	}
	var items []protocol.CompletionItem
	for i, f := range forms {
		item := protocol.CompletionItem{Label: f[0], Kind: protocol.CompletionItemKindSnippet, Detail: f[1], SortText: string(rune('a' + i))}
		if snippets {
			item.InsertTextFormat = protocol.InsertTextFormatSnippet
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: f[2]}
		} else {
			item.TextEdit = &protocol.TextEdit{Range: r, NewText: f[0]}
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
	name, _ := item.Data.(string)
	if name == "" && item.Data == nil && item.Kind == protocol.CompletionItemKindReference {
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
		value := "**" + b.RenderedTitle(a) + "** — `" + b.AnchorPlace(a) + "`"
		if preview := b.Preview(a, previewBytes); preview != "" {
			value += "\n\n" + preview
		}
		item.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: value}
	}
	return item, nil
}
