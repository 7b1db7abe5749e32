// mapper_long_test.go checks the checkpoint index that texts with long lines get: every
// position must be the one a character-by-character walk gives.

package lsp

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// checkLong compares m with the same mapper without its index at every offset.
func checkLong(t *testing.T, text string) {
	t.Helper()
	for _, enc := range []Encoding{UTF16, UTF8} {
		m := NewMapper(text, enc)
		if m.ck == nil {
			t.Fatalf("a %d-byte text with a long line has no checkpoints", len(text))
		}
		slow := *m
		slow.ck = nil
		for off := 0; off <= len(text); off++ {
			if near := off % ckStride; near > 8 && near < ckStride-8 && off%97 != 0 && off != len(text) {
				continue // around every checkpoint, and a sample elsewhere
			}
			if got, want := m.Position(off), slow.Position(off); got != want {
				t.Fatalf("%s: Position(%d) = %v with checkpoints, %v without", enc, off, got, want)
			}
		}
	}
}

func TestMapperLongLineCheckpoints(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	pieces := []string{"a", "é", "𐐀", "\xff", "\xed\xa0\x80", "\r\n", "\r", "\n", "가", " [#x] "}
	for round := 0; round < 4; round++ {
		var sb strings.Builder
		sb.WriteString(strings.Repeat("x", longLine)) // one long line at least
		for sb.Len() < 3*longLine {
			p := pieces[rng.Intn(len(pieces))]
			if strings.ContainsAny(p, "\r\n") && rng.Intn(20) != 0 {
				continue // keep lines long
			}
			sb.WriteString(p)
		}
		checkLong(t, sb.String())
	}
}

// TestMapperLongLineIsLinear converts every reference of a 1 MB line: with the index this is
// milliseconds; walking from the line start each time took minutes.
func TestMapperLongLineIsLinear(t *testing.T) {
	line := strings.Repeat("word [#folding] é ", 1<<20/20)
	m := NewMapper(line, UTF16)
	start := time.Now()
	var last protocol.Position
	for off := 0; off < len(line); off += 20 {
		last = m.Position(off)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("%d positions on a 1 MB line took %v (last %v): quadratic", len(line)/20, d, last)
	}
}

func FuzzMapperLongLines(f *testing.F) {
	f.Add("ab\xffé𐐀\r\n")
	f.Add("\r")
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || len(s) > 64 {
			return
		}
		checkLong(t, strings.Repeat("y", longLine)+strings.Repeat(s, 2*longLine/len(s)+1))
	})
}
