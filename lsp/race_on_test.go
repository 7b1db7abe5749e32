//go:build race

package lsp_test

// raceEnabled scales the load test down under the race detector, which slows every message
// about tenfold; the races it looks for show up at any count.
const raceEnabled = true
