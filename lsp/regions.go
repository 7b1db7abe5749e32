// regions.go compares LSP ranges.

package lsp

import "go.lsp.dev/protocol"

// before tells whether position a is before or at b.
func before(a, b protocol.Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character <= b.Character)
}

// intersects tells whether two ranges overlap or touch.
func intersects(a, b protocol.Range) bool {
	return before(a.Start, b.End) && before(b.Start, a.End)
}
