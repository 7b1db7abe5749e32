package lsp

// Every test of the package runs with poisoned bodies: a handler or
// decoder that kept a byte of a message past the next Read sees it
// overwritten, and the test that used it fails.
func init() { poisonBodies = true }
