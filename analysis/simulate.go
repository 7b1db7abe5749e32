package analysis

import (
	"slices"
	"strconv"
	"strings"
)

// simulate.go replays how a tool rewrites one text line (symbols, then
// references, in the tool's order), for the messages it prints in that
// order and for titles that hold symbols or references themselves.

// simulate runs a text line through the tool's inline processing for its
// messages. The result text itself is not kept.
func (r *run) simulate(s string) {
	switch r.b.Profile {
	case Mkwikidot:
		r.writeln(strings.ReplaceAll(s, "--", "\u2014"))
	case Mkdocbook:
		r.writeln(s)
	case Mkbook, Mkbook201211, Z2W, Z2W201211:
		r.writeln(s)
	case Mkmarkdown:
		if strings.Contains(s, "||") { // a table row
			s = strings.ReplaceAll(s, "||", "|")
		}
		r.writeln(s)
	}
}

// indexSymbol finds the first `$(` or `%(`.
func indexSymbol(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '$' || s[i] == '%') && s[i+1] == '(' {
			return i
		}
	}
	return -1
}

// undefinedSymbol prints the tool's message for an undefined symbol, once
// per name and run.
func (r *run) undefinedSymbol(name string) {
	if r.undefReported[name] {
		return
	}
	r.undefReported[name] = true
	r.t.undef[r.cur] = append(r.t.undef[r.cur], name)
	switch r.b.Profile {
	case Z2W, Z2W201211, Mkbook, Mkbook201211: // on stderr, before e7b400a6
		r.out = append(r.out, ToolLine{Text: "E: (" + strconv.Itoa(r.lineNo) + ") undefined symbol \"" + name + "\"", Stderr: true, Newline: true})
		r.t.numbered[r.cur] = true
	default:
		r.out = append(r.out, ToolLine{Text: "E: undefined symbol \"" + name + "\""})
	}
}

// rewriteRefs resolves references leftmost first in the rewritten line,
// as the tools do: mkwikidot's `[#a NAME]` output can expose a
// shorter name to the next search, mkdocbook's and mkmarkdown's cannot.
func (r *run) rewriteRefs(s string) string {
	if !strings.Contains(s, "[#") {
		return s
	}
	p := r.b.Profile
	// The rewrite happens in place, and each round searches from the previous match: text
	// before it is unchanged and holds no match (a "[#" there whose blank-free run reached
	// the match would itself have matched first). Re-scanning and copying the whole line on
	// each of the 1000 rounds made a 1 MB line with many references take seconds
	// (lsp/robust_test.go TestRobustBadFiles).
	buf := []byte(s)
	from := 0
	var nest refNest
	for n := 0; n < 1000; n++ {
		m, ok := nextRef(buf, from)
		if !ok {
			break
		}
		name := string(buf[m.Name.Start:m.Name.End])
		if nest.enters(m.Span.Start, name) {
			r.loops(name)
			break
		}
		st, ok, _ := r.lookup(name)
		if !ok && p.warnsUndefined() {
			r.tool("Undefined bookmark: " + name)
		}
		var repl string
		switch p {
		case Mkdocbook, Mkbook, Mkbook201211:
			repl = st.Title + `<xref linkend="` + name + `"/>`
		case Mkmarkdown:
			repl = "[](#" + name + ")"
			if ok {
				repl = "[" + st.Title + "](" + st.Document + "#" + name + ")"
			}
		default:
			repl = "[#" + name + " " + st.Title + "]"
		}
		buf = slices.Replace(buf, m.Span.Start, m.Span.End, []byte(repl)...)
		nest.replaced(m.Span, name, len(repl))
		from = m.Span.Start
	}
	return string(buf)
}

// refNest follows the references found inside the titles written in by
// earlier replacements: a name found again inside its own replacement
// makes the tool rewrite the line forever.
type refNest []struct {
	name string
	end  int // end of its replacement in the line
}

// enters reports whether a reference to name at pos lies inside a
// replacement of the same name.
func (n *refNest) enters(pos int, name string) bool {
	for len(*n) > 0 && (*n)[len(*n)-1].end <= pos {
		*n = (*n)[:len(*n)-1]
	}
	for _, e := range *n {
		if e.name == name {
			return true
		}
	}
	return false
}

// replaced records that span became a replacement of length size.
func (n *refNest) replaced(span Span, name string, size int) {
	delta := size - span.Len()
	for i := range *n {
		(*n)[i].end += delta
	}
	*n = append(*n, struct {
		name string
		end  int
	}{name, span.Start + size})
}
