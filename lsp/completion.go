// completion.go answers textDocument/completion: anchors after `[#`
// (matched by name and by title words), directives after a '.' in column
// 0, symbols inside `$(`, and the code-block forms after `[[code`.

package lsp

import (
	"context"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// completionList is protocol.CompletionList whose items are either
// protocol.CompletionItems or the slimmer anchorItems, which encode several
// times faster (a book has hundreds of anchors).
type completionList struct {
	IsIncomplete bool `json:"isIncomplete"`
	Items        any  `json:"items"`
}

// anchorItem is the CompletionItem of an anchor, with only its fields.
type anchorItem struct {
	Label      string                      `json:"label"`
	Kind       protocol.CompletionItemKind `json:"kind"`
	Detail     string                      `json:"detail,omitempty"`
	FilterText string                      `json:"filterText"`
	SortText   string                      `json:"sortText"`
	TextEdit   protocol.TextEdit           `json:"textEdit"`
	Data       string                      `json:"data"`
}

func (s *Server) completion(ctx context.Context, p *protocol.CompletionParams) (*completionList, error) {
	list := &completionList{Items: []protocol.CompletionItem{}}
	s.mu.Lock()
	s.lastCompletion = p.TextDocument.URI
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
	s.mu.Lock()
	snippets := s.caps.snippets
	s.mu.Unlock()
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
		list.IsIncomplete = true
		list.Items = anchorItems(sn, book, prefix, m.Range(start, end), closing)
	case strings.HasPrefix(before, ".") && !strings.ContainsAny(before, " \t"):
		list.Items = directiveItems(book.Profile, m.Range(lineStart, off), snippets)
	case symbolContext(before) >= 0:
		start := lineStart + symbolContext(before)
		list.Items = symbolItems(sn.Project, book, m.Range(start, off))
	case strings.Contains(before, "[[code") && !strings.Contains(before[strings.LastIndex(before, "[[code"):], "]]"):
		start := lineStart + strings.LastIndex(before, "[[code")
		list.Items = codeItems(m.Range(start, off), snippets)
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

// anchorItems lists the anchors a reference can name, those matching the
// typed prefix in their name or title. Anchors of the main run come with
// a file built alone.
func anchorItems(sn *Snapshot, b *analysis.Book, prefix string, r protocol.Range, closing bool) []anchorItem {
	low := strings.ToLower(prefix)
	cands := sn.anchorCandidates(b)
	items := make([]anchorItem, 0, min(len(cands), maxAnchorItems))
	for i := range cands {
		c := &cands[i]
		if low != "" && !containsFold(c.name, low) && !containsFold(c.title, low) {
			continue
		}
		insert := c.name
		if !closing {
			insert += "]"
		}
		// The preview is filled in by completionItem/resolve: hundreds of
		// previews per keystroke would cost more than the rest.
		items = append(items, anchorItem{
			Label:      c.name,
			Kind:       protocol.CompletionItemKindReference,
			Detail:     c.title,
			FilterText: c.filter,
			SortText:   c.sortKey,
			TextEdit:   protocol.TextEdit{Range: r, NewText: insert},
			Data:       c.name,
		})
		if len(items) == maxAnchorItems {
			break // the list is incomplete: typing narrows it
		}
	}
	return items
}

// maxAnchorItems bounds one completion answer: a book with tens of
// thousands of anchors would otherwise send megabytes per keystroke.
const maxAnchorItems = 1000

// anchorCandidate is an anchor as completion offers it, prepared once per
// snapshot.
type anchorCandidate struct {
	name, title, filter, sortKey string
}

// anchorCandidates lists, sorted, the anchors a reference in book b can
// name: its own, then the main run's for a file built alone. The list is
// built on the first completion of a snapshot and kept with it.
func (sn *Snapshot) anchorCandidates(b *analysis.Book) []anchorCandidate {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if c, ok := sn.candidates[b]; ok {
		return c
	}
	books := []*analysis.Book{b}
	if b.Outside != nil {
		books = append(books, b.Outside)
	}
	seen := map[string]bool{}
	var out []anchorCandidate
	for _, bk := range books {
		for _, name := range bk.AnchorNames() {
			if seen[name] || name == "" {
				continue
			}
			seen[name] = true
			a := bk.Anchor(name)
			out = append(out, anchorCandidate{name: name, title: a.Title, filter: name + " " + a.Title, sortKey: sortKey(name, a.Kind)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].sortKey < out[j].sortKey })
	if sn.candidates == nil {
		sn.candidates = map[*analysis.Book][]anchorCandidate{}
	}
	sn.candidates[b] = out
	return out
}

// containsFold reports whether s contains the lower-case sub, ignoring
// ASCII case (anchors and most titles are ASCII).
func containsFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
			j++
		}
		if j == n {
			return true
		}
	}
	return false
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
// carries only the anchor name; the book is the one of the document of
// the last completion request.
func (s *Server) resolveCompletion(ctx context.Context, item *protocol.CompletionItem) (*protocol.CompletionItem, error) {
	name, ok := item.Data.(string)
	s.mu.Lock()
	u := s.lastCompletion
	s.mu.Unlock()
	if !ok || name == "" || u == "" {
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
	a := b.Anchor(name)
	if a == nil && b.Outside != nil {
		b = b.Outside
		a = b.Anchor(name)
	}
	if a != nil {
		value := "**" + a.Title + "** — `" + b.AnchorPlace(a) + "`"
		if preview := b.Preview(a, previewBytes); preview != "" {
			value += "\n\n" + preview
		}
		item.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: value}
	}
	return item, nil
}
