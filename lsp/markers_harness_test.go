package lsp_test

import (
	"strings"
	"testing"
)

// The marker harness's own parts: a bug here would pass wrong goldens.

func TestSplitMarker(t *testing.T) {
	words, err := splitMarker(`edit  chapter2.txt:"[#fo^lding] x" "two words" ` + "`{\"a\": 1}`" + ` @g`)
	want := []string{`edit`, `chapter2.txt:"[#fo^lding] x"`, `"two words"`, "`{\"a\": 1}`", `@g`}
	if err != nil || strings.Join(words, "|") != strings.Join(want, "|") {
		t.Errorf("splitMarker: %q, %v; want %q", words, err, want)
	}
	if _, err := splitMarker(`def a.txt:"open`); err == nil {
		t.Error("an unclosed quote must be refused")
	}
}

func TestLineDiff(t *testing.T) {
	got := lineDiff("a\nb\nc\n", "a\nB\nc")
	want := " a\n-b\n-c\n+B\n+c (no newline at end)\n"
	if got != want {
		t.Errorf("lineDiff:\n%s\nwant:\n%s", got, want)
	}
}

// TestPositionsRoundTrip converts every offset of a non-ASCII text to a
// position and back, in both encodings.
func TestPositionsRoundTrip(t *testing.T) {
	text := "Über 𝄞\nCafé\n"
	for _, utf8 := range []bool{false, true} {
		for off := 0; off <= len(text); off++ {
			if off < len(text) && text[off]&0xC0 == 0x80 {
				continue // inside a character
			}
			if back := offsetAt(text, posAt(text, off, utf8), utf8); back != off {
				t.Errorf("utf8=%v: offset %d -> %+v -> %d", utf8, off, posAt(text, off, utf8), back)
			}
		}
	}
	if p := posAt(text, strings.Index(text, "\nCafé"), false); p != (lspPos{0, 7}) {
		t.Errorf("end of line 1 in UTF-16: %+v, want 0:7 (𝄞 is two units)", p)
	}
}
