package analysis

import (
	"sort"
	"strings"
)

// similarity.go measures how close an anchor is to a misspelt name (edit
// distance and shared words), for the fixes of undefined references.

// words splits a name or title into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
	})
}

// wordScore is the share of the words of name found in the words of text.
func wordScore(name, text []string) float64 {
	if len(name) == 0 {
		return 0
	}
	have := map[string]bool{}
	for _, w := range text {
		have[w] = true
	}
	n := 0
	for _, w := range name {
		if have[w] {
			n++
		}
	}
	return float64(n) / float64(len(name))
}

// levenshtein is the edit distance of two byte strings.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// similarity scores how well an anchor matches a name in [0, 1].
func similarity(name string, a *Anchor) float64 {
	ln, la := strings.ToLower(name), strings.ToLower(a.Name)
	d := 1 - float64(levenshtein(ln, la))/float64(max(len(ln), len(la), 1))
	w := wordScore(words(name), append(words(a.Name), words(a.Title)...))
	return max(d, w)
}

type scored struct {
	a *Anchor
	s float64
}

// rank keeps the n best candidates scoring at least 0.4, best first, run
// order on ties.
func rank(cands []scored, n int) []*Anchor {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].s > cands[j].s })
	var out []*Anchor
	for _, c := range cands {
		if c.s < 0.4 || len(out) == n {
			break
		}
		out = append(out, c.a)
	}
	return out
}

// closestAnchors are the anchors whose names or titles best match name.
func (b *Book) closestAnchors(name string, n int) []*Anchor {
	var cands []scored
	for _, an := range b.AnchorNames() {
		a := b.FirstAnchor(an)
		cands = append(cands, scored{a, similarity(name, a)})
	}
	return rank(cands, n)
}

// matchingHeaders are the headers without a `.bookmark` whose titles share
// the most words with name.
func (b *Book) matchingHeaders(name string, n int) []*Anchor {
	var cands []scored
	seen := map[[2]int]bool{}
	nw := words(name)
	for _, a := range b.Registrations {
		key := [2]int{a.File, a.Header}
		if seen[key] {
			continue
		}
		seen[key] = true
		if _, info := b.Header(a); info.Named != "" {
			continue
		}
		h, _ := b.Header(a)
		cands = append(cands, scored{a, wordScore(nw, words(b.Files[a.File].Syntax.Text(h.Title)))})
	}
	return rank(cands, n)
}
