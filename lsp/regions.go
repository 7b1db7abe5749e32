// regions.go converts the multi-line regions and fixes of the analysis
// (document symbols, selections, code actions) to LSP ranges and edits.

package lsp

import (
	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// RegionRange converts an analysis region to an LSP range.
func (sn *Snapshot) RegionRange(r analysis.Region) protocol.Range {
	m := sn.Mapper(r.Path)
	return protocol.Range{Start: m.PositionLF(r.Line, r.Col), End: m.PositionLF(r.EndLine, r.EndCol)}
}

// regionEdit converts region edits, grouped by document.
func (sn *Snapshot) regionEdit(edits []analysis.RegionEdit) *protocol.WorkspaceEdit {
	we := &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{}}
	for _, e := range edits {
		u := sn.URI(e.Path)
		we.Changes[u] = append(we.Changes[u], protocol.TextEdit{Range: sn.RegionRange(e.Region), NewText: e.NewText})
	}
	return we
}

// before tells whether position a is before or at b.
func before(a, b protocol.Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character <= b.Character)
}

// intersects tells whether two ranges overlap or touch.
func intersects(a, b protocol.Range) bool {
	return before(a.Start, b.End) && before(b.Start, a.End)
}
