package lsp_test

import (
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// applyOneByOne is didChange as the LSP specification words it: each change
// applied to the text the previous one left (the reference).
func applyOneByOne(text string, enc lsp.Encoding, changes []partialChange) (string, bool) {
	m := lsp.NewMapper(text, enc)
	for _, ch := range changes {
		start, end := m.OffsetRange(ch.Range)
		if end < start {
			return "", false
		}
		t := m.Text()
		m = lsp.NewMapper(t[:start]+ch.Text+t[end:], enc)
	}
	return m.Text(), true
}

var editPieces = []string{"a", "bc", "\n", "é", "𐐀", "中文", " ", "\xff", "[#x]", "\t"}

func randomText(r *rand.Rand, n int, cr bool) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(editPieces[r.Intn(len(editPieces))])
		if cr && r.Intn(10) == 0 {
			b.WriteString([]string{"\r", "\r\n"}[r.Intn(2)])
		}
	}
	return b.String()
}

// randomChanges makes changes in an order (ascending, descending or any),
// with positions counted in enc on the text each change applies to,
// sometimes past a line end or the last line.
func randomChanges(r *rand.Rand, text string, enc lsp.Encoding, order string, n int, cr bool) []partialChange {
	var out []partialChange
	low, high := 0, len(text) // where the next change may lie, in the current text
	for i := 0; i < n && low <= high; i++ {
		m := lsp.NewMapper(text, enc)
		a := low + r.Intn(high-low+1)
		b := a + r.Intn(min(high, a+8)-a+1)
		rg := m.Range(a, b)
		if r.Intn(8) == 0 {
			rg.End.Character += uint32(r.Intn(3)) // past the line end: clamped
		}
		if r.Intn(30) == 0 {
			rg.End.Line += 5 // past the last line: the text end
		}
		ins := ""
		if r.Intn(3) > 0 {
			ins = randomText(r, r.Intn(6), cr)
		}
		out = append(out, partialChange{Range: rg, Text: ins})
		s, e := m.OffsetRange(rg)
		if e < s {
			break
		}
		text = text[:s] + ins + text[e:]
		switch order {
		case "ascending":
			low, high = s+len(ins), len(text)
		case "descending":
			low, high = 0, s
		default:
			low, high = 0, len(text)
		}
	}
	return out
}

// Batches of changes give exactly the text that applying them one by one
// gives, in any order, in both encodings, with CRs, astral characters and
// invalid bytes.
func TestDidChangeBatchesMatchOneByOne(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		enc := []lsp.Encoding{lsp.UTF16, lsp.UTF8}[i%2]
		order := []string{"ascending", "descending", "any"}[i%3]
		cr := i%7 == 0
		text := randomText(r, r.Intn(120), cr)
		changes := randomChanges(r, text, enc, order, 1+r.Intn(12), cr)
		want, ok := applyOneByOne(text, enc, changes)
		if !ok {
			continue
		}
		d := lsp.NewDocuments(enc)
		u := lsp.DocumentURI("file:///t/chapter1.txt")
		d.Open(&protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1, Text: text}})
		doc, err := d.Change(&protocol.DidChangeTextDocumentParams{TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2}, ContentChanges: changeEvents(changes)})
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if doc.Text != want {
			t.Fatalf("case %d (%s, %s): %d changes %s to %q give %q, want %q", i, enc, order, len(changes), describe(changes), text, doc.Text, want)
		}
		if got, fresh := fmt.Sprint(doc.Mapper.Position(len(want))), fmt.Sprint(lsp.NewMapper(want, enc).Position(len(want))); got != fresh {
			t.Fatalf("case %d: the mapper after the batch puts the end at %s, a fresh one at %s", i, got, fresh)
		}
	}
}

func describe(changes []partialChange) string {
	var out []string
	for _, c := range changes {
		out = append(out, fmt.Sprintf("%d:%d-%d:%d=%q", c.Range.Start.Line, c.Range.Start.Character, c.Range.End.Line, c.Range.End.Character, c.Text))
	}
	return strings.Join(out, " ")
}

// lineEdits is one edit per line of a ~1 MB text: each line's first word
// replaced, in the given order.
func lineEdits(descending bool) (string, []partialChange) {
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("word and some more text on the line, with é and 𐐀 too\n")
	}
	text := b.String()
	lines := strings.Count(text, "\n")
	changes := make([]partialChange, lines)
	for i := range changes {
		line := i
		if descending {
			line = lines - 1 - i
		}
		rg := protocol.Range{Start: protocol.Position{Line: uint32(line)}, End: protocol.Position{Line: uint32(line), Character: 4}}
		changes[i] = partialChange{Range: rg, Text: "term"}
	}
	return text, changes
}

// BenchmarkDidChangeOneEditPerLine applies one didChange with one edit per
// line of a 1 MB file (about 18,000 edits).
func BenchmarkDidChangeOneEditPerLine(b *testing.B) {
	for _, order := range []string{"ascending", "descending"} {
		b.Run(order, func(b *testing.B) {
			text, changes := lineEdits(order == "descending")
			u := lsp.DocumentURI("file:///t/chapter1.txt")
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				d := lsp.NewDocuments(lsp.UTF16)
				d.Open(&protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1, Text: text}})
				if _, err := d.Change(&protocol.DidChangeTextDocumentParams{TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2}, ContentChanges: changeEvents(changes)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// One didChange with one edit per line of a 1 MB file builds the text and
// its index once, not once per edit (which allocated 21 GB and took 24 s).
func TestDidChangeOneEditPerLineCopiesOnce(t *testing.T) {
	for _, descending := range []bool{false, true} {
		text, changes := lineEdits(descending)
		u := lsp.DocumentURI("file:///t/chapter1.txt")
		d := lsp.NewDocuments(lsp.UTF16)
		d.Open(&protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1, Text: text}})
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		doc, err := d.Change(&protocol.DidChangeTextDocumentParams{TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2}, ContentChanges: changeEvents(changes)})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.ReplaceAll(text, "word and", "term and"); doc.Text != want {
			t.Fatalf("descending %v: the edits give a different text", descending)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Errorf("descending %v: %d edits of a %d-byte text allocated %d bytes, want under 16 MB", descending, len(changes), len(text), alloc)
		}
	}
}

// partialChange is a change of a range.
type partialChange = protocol.TextDocumentContentChangePartial

func changeEvents(changes []partialChange) []protocol.TextDocumentContentChangeEvent {
	out := make([]protocol.TextDocumentContentChangeEvent, len(changes))
	for i := range changes {
		out[i] = &changes[i]
	}
	return out
}
