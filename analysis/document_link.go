package analysis

import (
	"sort"
	"strings"
)

// document_link.go lists the links of a guide file
// (textDocument/documentLink).

// DocLink is a span of a file that points somewhere: a web address (URL) or
// a file of the book (Path).
type DocLink struct {
	Location
	URL     string
	Path    string
	Tooltip string
}

// Links lists the links of a guide file in order: `[http(s)://url text]`
// and `[/page:path text]` links, man pages, example blocks
// to their example files, and the FILE of `.output`, `.inbook` and
// `.prelude` when that file exists.
func (p *Project) Links(path string) []DocLink {
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	syn := f.Syntax
	exists := func(name string) bool {
		i := sort.SearchStrings(p.Layout.All, name)
		if i < len(p.Layout.All) && p.Layout.All[i] == name {
			return true
		}
		for _, a := range p.Layout.All { // in case the listing is not sorted
			if a == name {
				return true
			}
		}
		return false
	}
	var out []DocLink
	for _, m := range syn.Markup() {
		if m.Kind != MarkURLLink && m.Kind != MarkSiteLink {
			continue
		}
		s, e := m.Span.Start+1, m.Span.Start+1
		for e < m.Span.End-1 && !isSpace(syn.Src[e]) {
			e++
		}
		target := string(syn.Src[s:e])
		if m.Kind == MarkSiteLink {
			target = "http://zguide.zeromq.org" + target
		}
		out = append(out, DocLink{Location: b.loc(fi, m.Line, Span{s, e}), URL: target, Tooltip: target})
	}
	for _, m := range syn.ManPages {
		name := syn.Text(m.Name)
		out = append(out, DocLink{Location: b.loc(fi, m.Line, m.Span), URL: "http://api.zeromq.org/master:" + name, Tooltip: name + " man page"})
	}
	for _, blk := range syn.Blocks {
		if blk.Kind != BlockExample || blk.Open < 0 {
			continue
		}
		for _, ef := range p.ExampleFiles(syn.Text(blk.Name)) {
			out = append(out, DocLink{Location: b.loc(fi, blk.Open, blk.Name), Path: ef.Path, Tooltip: ef.Path})
		}
	}
	for _, d := range syn.Directives {
		arg := syn.Text(d.Arg)
		var target string
		switch d.Kind {
		case DirOutput:
			target = arg
			if b.Profile == Mkmarkdown {
				if dot := strings.LastIndexByte(arg, '.'); dot > 0 {
					target = "site/content/docs/" + arg[:dot] + ".md"
				}
			}
		case DirInbook:
			target = "book/" + arg
		case DirPrelude:
			target = arg
		default:
			continue
		}
		if arg != "" && exists(target) {
			out = append(out, DocLink{Location: b.loc(fi, d.Line, d.Arg), Path: target, Tooltip: target})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out
}
