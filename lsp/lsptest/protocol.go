package lsptest

import "go.lsp.dev/protocol"

// HoverText is the text of a hover's MarkupContent ("" for other contents).
func HoverText(h protocol.Hover) string {
	if m, ok := h.Contents.(*protocol.MarkupContent); ok {
		return m.Value
	}
	return ""
}

// CodeOf is a diagnostic's code as a string ("" for a number or none).
func CodeOf(d protocol.Diagnostic) string {
	c, _ := d.Code.(protocol.String)
	return string(c)
}

// MessageOf is a diagnostic's plain-text message.
func MessageOf(d protocol.Diagnostic) string {
	m, _ := d.Message.(protocol.String)
	return string(m)
}
