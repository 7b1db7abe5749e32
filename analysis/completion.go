package analysis

// completion.go reads what the text before a cursor asks to complete: a
// reference name after `[#`, a directive word at the start of a line, a
// symbol name after `$(` or `%(`, or the attributes of a `[[code` opener;
// and lists the candidates of each.

import (
	"sort"
	"strings"
)

// CompletionKind is what a cursor's context asks to complete.
type CompletionKind uint8

const (
	CompleteNothing   CompletionKind = iota
	CompleteAnchor                   // a reference name after `[#`
	CompleteDirective                // a directive word: '.' in column 0, no blank yet
	CompleteSymbol                   // a symbol name after `$(` or `%(`
	CompleteBlockForm                // a `[[code` opener not yet closed by `]]`
)

// Completion is the context of a cursor: what to complete and which bytes
// of the text a chosen candidate replaces.
type Completion struct {
	Kind CompletionKind
	// Start and End are byte offsets into the text: the range a candidate
	// replaces. For an anchor inside an existing `[#name]` it is the
	// whole name, so that the candidate does not leave a tail behind.
	Start, End int
	// Prefix is what is typed of the name so far (anchors only).
	Prefix string
	// Closing is set when a ']' already ends the name (anchors only): a
	// candidate then inserts the name alone.
	Closing bool
	// Book is the book the file belongs to; anchor candidates are its
	// ReferableAnchors.
	Book *Book
	// The candidates of the other kinds.
	Directives []DirectiveForm
	Symbols    []SymbolValue
	BlockForms []BlockForm
}

// SymbolValue is a symbol a `$(NAME)` can name and the value it has last.
type SymbolValue struct{ Name, Value string }

// CompletionAt reads the context of the cursor at byte offset off of the
// guide file path, whose current text is text (the editor's, which the
// project's snapshot reflects), and lists its candidates. Files of no book
// complete nothing.
func (p *Project) CompletionAt(path, text string, off int) Completion {
	b := p.Owner[path]
	if b == nil {
		return Completion{}
	}
	c := CompletionContext(text, off)
	c.Book = b
	switch c.Kind {
	case CompleteDirective:
		c.Directives = b.Profile.DirectiveForms()
	case CompleteSymbol:
		c.Symbols = p.SymbolValues(b)
	case CompleteBlockForm:
		c.BlockForms = BlockForms()
	}
	return c
}

// CompletionContext reads what the text before byte offset off asks to
// complete, without candidates. The contexts are tried in the order of
// CompletionKind: inside `[#…` wins over the others.
func CompletionContext(text string, off int) Completion {
	lineStart := strings.LastIndexByte(text[:off], '\n') + 1
	before := text[lineStart:off]
	switch {
	case anchorContext(before) >= 0:
		start := lineStart + anchorContext(before)
		// Inside an existing reference, replace its whole name.
		end := off
		for end < len(text) && !endsName(text[end]) {
			end++
		}
		closing := end < len(text) && text[end] == ']'
		if !closing {
			end = off
		}
		return Completion{Kind: CompleteAnchor, Start: start, End: end, Prefix: text[start:off], Closing: closing}
	case strings.HasPrefix(before, ".") && !strings.ContainsAny(before, " \t"):
		return Completion{Kind: CompleteDirective, Start: lineStart, End: off}
	case symbolContext(before) >= 0:
		return Completion{Kind: CompleteSymbol, Start: lineStart + symbolContext(before), End: off}
	case strings.Contains(before, "[[code") && !strings.Contains(before[strings.LastIndex(before, "[[code"):], "]]"):
		return Completion{Kind: CompleteBlockForm, Start: lineStart + strings.LastIndex(before, "[[code"), End: off}
	}
	return Completion{}
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

// endsName tells whether byte c ends a reference name being typed.
func endsName(c byte) bool {
	return c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
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

// SymbolValues lists the symbols a `$(NAME)` in book b can name, sorted by
// name: its `.set` symbols with their last value, then zguide.book's that
// no `.set` redefines.
func (p *Project) SymbolValues(b *Book) []SymbolValue {
	values := map[string]string{}
	for name, defs := range b.Symbols {
		values[name] = defs[len(defs)-1].Value
	}
	for name, v := range p.Layout.BookSymbols {
		if _, ok := values[name]; !ok {
			values[name] = v
		}
	}
	out := make([]SymbolValue, 0, len(values))
	for n, v := range values {
		out = append(out, SymbolValue{n, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// AnchorChoice is an anchor a reference can name.
type AnchorChoice struct {
	Name, Title string
	Kind        AnchorKind
}

// ReferableAnchors lists the anchors a reference in book b can name: its
// own, then the main run's for a file built alone (Outside), each name
// once. Names no `[#…]` can reach are left out: inserting one would make
// a broken reference. Named bookmarks come first (they are what the books
// reference), then automatic anchors, each alphabetically.
func (b *Book) ReferableAnchors() []AnchorChoice {
	books := []*Book{b}
	if b.Outside != nil {
		books = append(books, b.Outside)
	}
	seen := map[string]bool{}
	var out []AnchorChoice
	for _, bk := range books {
		for _, name := range bk.AnchorNames() {
			if seen[name] || !bk.Referable(name) {
				continue
			}
			seen[name] = true
			a := bk.LastAnchor(name)
			out = append(out, AnchorChoice{Name: name, Title: a.Title, Kind: a.Kind})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ni, nj := out[i].Kind == NamedAnchor, out[j].Kind == NamedAnchor; ni != nj {
			return ni
		}
		return out[i].Name < out[j].Name
	})
	return out
}
