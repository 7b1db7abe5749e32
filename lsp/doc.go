// Package lsp is the Language Server Protocol glue of bookmarks-ls. Serve is the one call a
// binary makes: it serves the language server (Server) on a transport. The package owns the
// wire (LSP framing in Stream, stdio in NewStdio), the message chain (lifecycle,
// cancellation, ordering, panic recovery in Chain), typed method adapters (Request,
// Notification), the open-document store (Documents, NormalizeURI) and the conversion
// between byte offsets and LSP positions (Mapper, in UTF-16 or UTF-8).
//
// Every change reaches the diagnostics one way: document notifications, watched-file
// events and settings become modifications for Server.didModifyFiles (modify.go), which
// updates the documents, gives the sessions a new view of them and wakes the publisher.
//
// It must not know the bookmarks format: parsing, checking and queries belong to package
// analysis, which sees byte offsets and LF lines only and never an LSP type or UTF-16. That
// includes reading the text around a cursor (what to complete, where a title starts): a
// handler here asks analysis for byte ranges and kinds and converts them.
// Nothing here writes to stdout except the protocol stream, and nothing calls os.Exit:
// Serve returns the exit status for cmd to use.
package lsp
