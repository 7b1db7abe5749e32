package analysis

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// keyLines maps each key of a TOML document to the 1-based line that sets
// it ("profile", "severity.empty-anchor", "run[1].tool", and "run[1]" for
// a [[run]] header), so that a value the TOML library accepted but the
// config does not can still be reported at its line.
func keyLines(src []byte) map[string]int {
	out := map[string]int{}
	p := &unstable.Parser{}
	p.Reset(src)
	prefix := ""
	arrays := map[string]int{}
	line := func(n *unstable.Node) int {
		defer func() { recover() }() // a key not sliced from src has no place
		return p.Shape(p.Range(n.Data)).Start.Line
	}
	keyOf := func(n *unstable.Node) (string, int) {
		var parts []string
		ln := 0
		it := n.Key()
		for it.Next() {
			k := it.Node()
			if ln == 0 {
				ln = line(k)
			}
			parts = append(parts, string(k.Data))
		}
		return strings.Join(parts, "."), ln
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			k, ln := keyOf(e)
			prefix = k + "."
			out[k] = ln
		case unstable.ArrayTable:
			k, ln := keyOf(e)
			name := fmt.Sprintf("%s[%d]", k, arrays[k])
			arrays[k]++
			prefix = name + "."
			out[name] = ln
		case unstable.KeyValue:
			k, ln := keyOf(e)
			out[prefix+k] = ln
		}
	}
	return out
}
