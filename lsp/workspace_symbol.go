// workspace_symbol.go answers workspace/symbol: every anchor of every book
// of every workspace folder whose name or title contains the query (any
// case). A symbol reads "Title [#name]": the section as a reader knows it
// and the reference that reaches it, so that clients filtering the answer
// by its name keep matches on either. Named anchors are constants (an
// author's chosen, stable name), automatic ones strings (derived from a
// title); the container is the header's file.

package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func (s *Server) workspaceSymbol(ctx context.Context, p *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	out := []protocol.SymbolInformation{}
	q := strings.ToLower(p.Query)
	type key struct {
		name string
		loc  protocol.Location
	}
	seen := map[key]bool{}
	for _, sess := range s.allSessions() {
		for _, sn := range sess.snapshots() {
			pr := sn.Project
			books := append([]*analysis.Book{pr.Main, pr.Companion, pr.Site}, pr.Singles...)
			for _, b := range books {
				if b == nil {
					continue
				}
				for _, a := range b.Registrations {
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					if a.Name == "" || q != "" && !strings.Contains(strings.ToLower(a.Name), q) && !strings.Contains(strings.ToLower(a.Title), q) {
						continue
					}
					loc := sn.Location(b.AnchorLocation(a))
					k := key{a.Name, loc}
					if seen[k] {
						continue
					}
					seen[k] = true
					kind := protocol.SymbolKindString
					if a.Kind == analysis.NamedAnchor {
						kind = protocol.SymbolKindConstant
					}
					name := analysis.Reference(a.Name)
					if a.Title != "" {
						name = a.Title + " " + name
					}
					out = append(out, protocol.SymbolInformation{BaseSymbolInformation: protocol.BaseSymbolInformation{Name: name, Kind: kind, ContainerName: optPtr(b.Files[a.File].Path)}, Location: loc})
				}
			}
		}
	}
	return out, nil
}
