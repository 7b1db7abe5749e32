// convert.go is where analysis answers become protocol values: locations
// to ranges through the file's Mapper (UTF-16 or UTF-8 columns), edits to
// workspace edits, diagnostics to protocol diagnostics. Handlers convert
// through these and nowhere else.

package lsp

import (
	"bytes"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Range converts an analysis location to an LSP range.
func (sn *Snapshot) Range(l analysis.Location) protocol.Range { return rangeIn(sn.Mapper(l.Path), l) }

// rangeIn converts a location of the file m maps.
func rangeIn(m *Mapper, l analysis.Location) protocol.Range {
	return protocol.Range{Start: m.PositionLF(l.Line, l.Col), End: m.PositionLF(l.EndLine, l.EndCol)}
}

// Location converts an analysis location to an LSP location.
func (sn *Snapshot) Location(l analysis.Location) protocol.Location {
	return protocol.Location{URI: sn.URI(l.Path), Range: sn.Range(l)}
}

// Locations converts a list of analysis locations. A list mostly stays in
// a few files, often in runs of one: each run looks its file's URI and
// mapper up once.
func (sn *Snapshot) Locations(ls []analysis.Location) []protocol.Location {
	out := make([]protocol.Location, 0, len(ls))
	var path string
	var u DocumentURI
	var m *Mapper
	for i, l := range ls {
		if i == 0 || l.Path != path {
			path, u, m = l.Path, sn.URI(l.Path), sn.Mapper(l.Path)
		}
		out = append(out, protocol.Location{URI: u, Range: rangeIn(m, l)})
	}
	return out
}

// Position converts an LSP position in a book file to (line, byte column).
func (sn *Snapshot) Position(p string, pos protocol.Position) (int, int) {
	return sn.Mapper(p).LineColLFOf(pos)
}

// workspaceEdit converts analysis edits, grouped by document.
func (sn *Snapshot) workspaceEdit(edits []analysis.Edit) *protocol.WorkspaceEdit {
	we := &protocol.WorkspaceEdit{Changes: map[DocumentURI][]protocol.TextEdit{}}
	for _, e := range edits {
		u := sn.URI(e.Path)
		we.Changes[u] = append(we.Changes[u], protocol.TextEdit{Range: sn.Range(e.Location), NewText: e.NewText})
	}
	return we
}

// toProtocol converts diagnostics. The forward-reference setting is applied
// by the analysis, over the book's bookmarks-ls.toml (Options.Severity).
func (sn *Snapshot) toProtocol(ds []analysis.Diagnostic, st Settings) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		pd := protocol.Diagnostic{
			Range:    sn.Range(d.Location),
			Severity: protocol.DiagnosticSeverity(d.Severity),
			Code:     protocol.String(d.Code),
			Source:   protocol.NewOptional("bookmarks-ls"),
			Message:  protocol.String(d.Message),
		}
		if d.Unneeded {
			pd.Tags = protocol.NewDiagnosticTags(protocol.DiagnosticTagUnnecessary)
		}
		for _, r := range d.Related {
			pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: sn.Location(r.Location), Message: r.Message,
			})
		}
		out = append(out, pd)
	}
	return out
}

// lspAny encodes v as an LSPAny (a raw JSON value): command arguments,
// progress values, completion data.
func lspAny(v any) protocol.LSPAny {
	b, err := protocol.Marshal(v)
	if err != nil {
		return protocol.LSPAny("null")
	}
	return b
}

// optString is s as an optional string property: absent when empty.
func optString(s string) protocol.Optional[string] {
	if s == "" {
		return protocol.Optional[string]{}
	}
	return protocol.NewOptional(s)
}

// isNullJSON reports whether raw is absent or JSON null.
func isNullJSON(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// optPtr is s as an optional string property: absent (nil) when empty.
func optPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
