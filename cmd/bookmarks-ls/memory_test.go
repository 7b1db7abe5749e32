package main

import (
	"runtime/debug"
	"testing"
)

// TestMemoryPolicy: small books get GOGC=200 and the 24 MiB floor, large
// ones GOGC=100 and twice their size plus 14 MiB, never less than 1.25
// times the live heap plus 8 MiB; a user's GOGC or GOMEMLIMIT is left
// alone.
func TestMemoryPolicy(t *testing.T) {
	percent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	oldPercent, oldLimit := percent(), debug.SetMemoryLimit(-1)
	defer func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) }()

	live := int64(4 << 20)
	m := &memoryPolicy{limit: true, percent: true, live: func() int64 { return live }}
	m.size(1 << 20)
	if p, l := percent(), debug.SetMemoryLimit(-1); p != 200 || l != 24<<20 {
		t.Errorf("1 MB of sources: GOGC %d, limit %d; want 200 and %d", p, l, 24<<20)
	}
	m.size(40 << 20)
	if p, l := percent(), debug.SetMemoryLimit(-1); p != 100 || l != 2*40<<20+14<<20 {
		t.Errorf("40 MB of sources: GOGC %d, limit %d; want 100 and %d", p, l, 2*40<<20+14<<20)
	}
	// A book whose index is far larger than its bytes: the limit follows
	// the live heap instead of making the collector run without end.
	live = 100 << 20
	m.size(40 << 20)
	if l := debug.SetMemoryLimit(-1); l != 133<<20 {
		t.Errorf("40 MB of sources, 100 MiB live: limit %d; want %d", l, 133<<20)
	}

	debug.SetGCPercent(77)
	debug.SetMemoryLimit(1 << 40)
	user := &memoryPolicy{}
	user.size(1 << 20)
	if p, l := percent(), debug.SetMemoryLimit(-1); p != 77 || l != 1<<40 {
		t.Errorf("with GOGC and GOMEMLIMIT set by the user: GOGC %d, limit %d changed", p, l)
	}
}
