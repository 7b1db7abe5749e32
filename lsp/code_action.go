// code_action.go answers textDocument/codeAction with the mechanical fixes:
// replace an undefined reference with the closest anchor, add
// the missing .bookmark, split adjacent references, remove stale entries,
// store the expected title, pin a header's referenced anchor, regenerate a
// bookmark file with the entries its tool writes, and repair it as a fixed
// tool would write it.

package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Code action kinds beyond protocol's.
const (
	KindRemoveStaleEntries  protocol.CodeActionKind = "source.removeStaleEntries"
	KindRegenerateBookmarks protocol.CodeActionKind = "source.regenerateBookmarks"
	KindRepairBookmarks     protocol.CodeActionKind = "source.repairBookmarks"
)

func (s *Server) codeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	out := []protocol.CodeAction{}
	sn, path, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	pr := sn.Project
	first, _ := sn.Position(path, p.Range.Start)
	last, _ := sn.Position(path, p.Range.End)
	add := func(kind protocol.CodeActionKind, fix analysis.Fix) {
		ca := protocol.CodeAction{Title: fix.Title, Kind: &kind, Edit: sn.workspaceEdit(fix.Edits)}
		if fix.Preferred {
			ca.IsPreferred = &fix.Preferred
		}
		if fix.Code != "" {
			at := sn.Range(fix.At)
			for _, d := range p.Context.Diagnostics {
				if code, _ := d.Code.(protocol.String); string(code) == fix.Code && intersects(d.Range, at) {
					ca.Diagnostics = append(ca.Diagnostics, d)
				}
			}
		}
		out = append(out, ca)
	}
	fixes := append(pr.ReferenceFixes(path, first, last), pr.EntryFixes(path, first, last)...)
	fixes = append(fixes, pr.AnchorFixes(path, first, last)...)
	for _, fix := range fixes {
		if intersects(sn.Range(fix.At), p.Range) {
			add(protocol.CodeActionKindQuickFix, fix)
		}
	}
	line, col := sn.Position(path, p.Range.Start)
	if subj := pr.At(path, line, col); subj.Kind == analysis.SubjectHeader {
		if fix, ok := pr.PinFix(subj); ok {
			add(protocol.CodeActionKindRefactorRewrite, fix)
		}
	}
	if fix, ok := pr.RemoveStaleEntries(path); ok {
		add(KindRemoveStaleEntries, fix)
	}
	for _, t := range pr.BookmarkTargets(path) {
		if fix, ok := pr.Regenerate(t); ok {
			add(KindRegenerateBookmarks, fix)
		}
		if fix, ok := pr.Repair(t); ok {
			add(KindRepairBookmarks, fix)
		}
	}
	if len(p.Context.Only) == 0 {
		return out, nil
	}
	kept := out[:0]
	for _, ca := range out {
		for _, k := range p.Context.Only {
			if *ca.Kind == k || strings.HasPrefix(string(*ca.Kind), string(k)+".") {
				kept = append(kept, ca)
				break
			}
		}
	}
	return kept, nil
}
