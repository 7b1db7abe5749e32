package analysis

// matchOpener tests the `[[code …]]` opener patterns of the dialect
// (Classic or Markdown) against the line src[start:end]. Each pattern is searched
// anywhere in the line, and the patterns are tried in the tools' order: the
// first pattern that matches at any `[[code` occurrence wins.
func matchOpener(src []byte, start, end int, d Dialect) (CodeBlock, bool) {
	line := src[:end]
	if d == Markdown {
		for p := indexFrom(line, start, "[[code"); p >= 0; p = indexFrom(line, p+1, "[[code") {
			if b, ok := openerMarkdown(line, p); ok {
				return b, true
			}
		}
		return CodeBlock{}, false
	}
	for _, try := range classicOpeners {
		for p := indexFrom(line, start, "[[code"); p >= 0; p = indexFrom(line, p+1, "[[code") {
			if b, ok := try(line, p); ok {
				return b, true
			}
		}
	}
	return CodeBlock{}, false
}

var classicOpeners = [...]func(line []byte, p int) (CodeBlock, bool){
	openerListing, openerFragment, openerExample, openerPlain, openerTextDiagram,
}

// attr matches `\s+key="` at i and returns the index after the quote.
func attrStart(line []byte, i int, key string) (int, bool) {
	j := skipSpace(line, i)
	if j == i || !hasPrefixAt(line, j, key+`="`) {
		return 0, false
	}
	return j + len(key) + 2, true
}

// quoted matches `[^"]+"` at i: it returns the value span and the index
// after the closing quote.
func quoted(line []byte, i int) (Span, int, bool) {
	j := i
	for j < len(line) && line[j] != '"' {
		j++
	}
	if j == i || j >= len(line) {
		return Span{}, 0, false
	}
	return Span{i, j}, j + 1, true
}

// openerListing: \[\[code\s+language="(.+)"\]\] — `.+` is greedy, so the
// language runs to the last `"]]` of the line.
func openerListing(line []byte, p int) (CodeBlock, bool) {
	v, ok := attrStart(line, p+6, "language")
	if !ok {
		return CodeBlock{}, false
	}
	for e := len(line) - 3; e > v; e-- {
		if line[e] == '"' && line[e+1] == ']' && line[e+2] == ']' {
			return CodeBlock{Kind: BlockListing, Opener: Span{p, e + 3}, Language: Span{v, e}}, true
		}
	}
	return CodeBlock{}, false
}

// openerFragment: \[\[code\s+type="fragment"\s+name="([^"]+)" (no `]]`).
func openerFragment(line []byte, p int) (CodeBlock, bool) {
	v, ok := attrStart(line, p+6, "type")
	if !ok || !hasPrefixAt(line, v, `fragment"`) {
		return CodeBlock{}, false
	}
	n, ok := attrStart(line, v+9, "name")
	if !ok {
		return CodeBlock{}, false
	}
	name, e, ok := quoted(line, n)
	if !ok {
		return CodeBlock{}, false
	}
	return CodeBlock{Kind: BlockFragment, Opener: Span{p, e}, Name: name}, true
}

// openerExample: \[\[code\s+type="example"\s+title="([^"]+)"\s+name="([^"]+)"(\s+language="([^"]+)")?\]\]
func openerExample(line []byte, p int) (CodeBlock, bool) {
	v, ok := attrStart(line, p+6, "type")
	if !ok || !hasPrefixAt(line, v, `example"`) {
		return CodeBlock{}, false
	}
	t, ok := attrStart(line, v+8, "title")
	if !ok {
		return CodeBlock{}, false
	}
	title, e, ok := quoted(line, t)
	if !ok {
		return CodeBlock{}, false
	}
	n, ok := attrStart(line, e, "name")
	if !ok {
		return CodeBlock{}, false
	}
	name, e, ok := quoted(line, n)
	if !ok {
		return CodeBlock{}, false
	}
	b := CodeBlock{Kind: BlockExample, Title: title, Name: name}
	if hasPrefixAt(line, e, "]]") {
		b.Opener = Span{p, e + 2}
		return b, true
	}
	l, ok := attrStart(line, e, "language")
	if !ok {
		return CodeBlock{}, false
	}
	lang, e, ok := quoted(line, l)
	if !ok || !hasPrefixAt(line, e, "]]") {
		return CodeBlock{}, false
	}
	b.Language, b.Opener = lang, Span{p, e + 2}
	return b, true
}

// openerPlain: \[\[code\]\]
func openerPlain(line []byte, p int) (CodeBlock, bool) {
	if !hasPrefixAt(line, p, "[[code]]") {
		return CodeBlock{}, false
	}
	return CodeBlock{Kind: BlockPlain, Opener: Span{p, p + 8}}, true
}

// openerTextDiagram: \[\[code type="textdiagram"\s+title="([^"]+)"\]\] —
// exactly one space between `code` and `type`.
func openerTextDiagram(line []byte, p int) (CodeBlock, bool) {
	const head = `[[code type="textdiagram"`
	if !hasPrefixAt(line, p, head) {
		return CodeBlock{}, false
	}
	t, ok := attrStart(line, p+len(head), "title")
	if !ok {
		return CodeBlock{}, false
	}
	title, e, ok := quoted(line, t)
	if !ok || !hasPrefixAt(line, e, "]]") {
		return CodeBlock{}, false
	}
	return CodeBlock{Kind: BlockTextDiagram, Opener: Span{p, e + 2}, Title: title}, true
}

// openerMarkdown: \[\[code([^\]]*)\]\] with attributes (\w+)="([^"]*)" in
// any order.
func openerMarkdown(line []byte, p int) (CodeBlock, bool) {
	i := p + 6
	for i < len(line) && line[i] != ']' {
		i++
	}
	if !hasPrefixAt(line, i, "]]") {
		return CodeBlock{}, false
	}
	b := CodeBlock{Kind: BlockMarkdown, Opener: Span{p, i + 2}}
	attrs := line[:i]
	for j := p + 6; j < i; j++ {
		if !isWord(attrs[j]) || isWord(attrs[j-1]) {
			continue
		}
		k := j
		for k < i && isWord(attrs[k]) {
			k++
		}
		if k+1 >= i || attrs[k] != '=' || attrs[k+1] != '"' {
			continue
		}
		v := k + 2
		e := v
		for e < i && attrs[e] != '"' {
			e++
		}
		if e >= i {
			break
		}
		switch string(attrs[j:k]) {
		case "language":
			b.Language = Span{v, e}
		case "title":
			b.Title = Span{v, e}
		case "name":
			b.Name = Span{v, e}
		}
		j = e
	}
	return b, true
}
