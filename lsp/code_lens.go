// code_lens.go answers textDocument/codeLens: "N references" on each header
// that produces an anchor, resolved eagerly. The command
// bookmarks.showReferences takes [uri, position, locations]; the VS Code
// extension maps it to editor.action.showReferences.

package lsp

import (
	"context"
	"strconv"

	"go.lsp.dev/protocol"
)

// CommandShowReferences is the client-side command of the reference lenses.
const CommandShowReferences = "bookmarks.showReferences"

func (s *Server) codeLens(ctx context.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	out := []protocol.CodeLens{}
	sn, _, b, f, ok := s.guideFile(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	for hi := range f.Syntax.Headers {
		names := b.HeaderAnchors(f, hi)
		if len(names) == 0 {
			continue
		}
		locs := []protocol.Location{}
		for _, n := range names {
			locs = append(locs, sn.Locations(sn.Project.AnchorReferences(b, n, false))...)
		}
		r := sn.Range(f.HeaderTitleLocation(hi))
		title := strconv.Itoa(len(locs)) + " references"
		if len(locs) == 1 {
			title = "1 reference"
		}
		out = append(out, protocol.CodeLens{Range: r, Command: protocol.Command{
			Title: title, Command: CommandShowReferences,
			Arguments: []protocol.LSPAny{lspAny(p.TextDocument.URI), lspAny(r.Start), lspAny(locs)},
		}})
	}
	return out, nil
}
