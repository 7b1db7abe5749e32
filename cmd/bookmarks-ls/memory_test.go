package main

import (
	"runtime/debug"
	"testing"
)

// TestMemoryPolicy: small books get GOGC=120 and the 128 MiB floor,
// books from 4 MB GOGC=100, from 8 MB GOGC=30, and large ones four times
// their size plus 16 MiB; a user's GOGC or GOMEMLIMIT is left alone.
func TestMemoryPolicy(t *testing.T) {
	percent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	oldPercent, oldLimit := percent(), debug.SetMemoryLimit(-1)
	defer func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) }()

	m := &memoryPolicy{limit: true, percent: true}
	m.size(1 << 20)
	if p, l := percent(), debug.SetMemoryLimit(-1); p != 120 || l != 128<<20 {
		t.Errorf("1 MB of sources: GOGC %d, limit %d; want 120 and %d", p, l, 128<<20)
	}
	m.size(5 << 20)
	if p := percent(); p != 100 {
		t.Errorf("5 MB of sources: GOGC %d; want 100", p)
	}
	m.size(40 << 20)
	if p, l := percent(), debug.SetMemoryLimit(-1); p != 30 || l != 4*40<<20+16<<20 {
		t.Errorf("40 MB of sources: GOGC %d, limit %d; want 30 and %d", p, l, 4*40<<20+16<<20)
	}

	debug.SetGCPercent(77)
	debug.SetMemoryLimit(1 << 40)
	user := &memoryPolicy{}
	user.size(1 << 20)
	if p, l := percent(), debug.SetMemoryLimit(-1); p != 77 || l != 1<<40 {
		t.Errorf("with GOGC and GOMEMLIMIT set by the user: GOGC %d, limit %d changed", p, l)
	}
}
