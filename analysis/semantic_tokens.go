package analysis

import "sort"

// semantic_tokens.go classifies the spans of a file for highlighting
// (textDocument/semanticTokens).

// TokenKind classifies a span for highlighting.
type TokenKind uint8

const (
	TokHeaderMarks        TokenKind = iota // the '+' run of a header
	TokChapterTitle                        // a chapter-level header's title
	TokSectionTitle                        // a deeper header's title
	TokDirective                           // a directive word the tool accepts
	TokIllegalDirective                    // a '.'-line the tool rejects
	TokComment                             // a `.-` line, an mkmarkdown `// kate` hint
	TokArgument                            // FILE/FORMAT of a directive, a `.set` value
	TokSetName                             // NAME of `.set NAME=`
	TokBookmarkName                        // NAME of `.bookmark NAME`
	TokReference                           // `[#name]` that names a header
	TokUndefinedReference                  // `[#name]` that no header defines
	TokSymbol                              // `$(X)`
	TokEnvSymbol                           // `%(X)`
	TokManPage                             // `zmq_x[n]`
	TokCodeDelimiter                       // `[[code …]]`, `[[/code]]`, ``` fences
	TokCode                                // a code body line
	TokItalic                              // `//text//`
	TokBold                                // `**text**`
	TokMono                                // `{{text}}`
	TokLink                                // `[http://… text]`, `[/page text]`, `<a@b>`, footnotes
	TokSpecial                             // `[figure]`, `@<//>@`, `0MQ`, `--`
	TokEntryAnchor                         // a bookmark-file anchor
	TokStaleEntry                          // the anchor of a stale entry
	TokEntryTitle                          // a bookmark-file title
	TokEntryDocument                       // site/.bookmarks: the |document
)

// Token is a classified span on one line.
type Token struct {
	Location
	Kind TokenKind
}

// Tokens classifies the spans of a guide or bookmark file for highlighting:
// one line each, sorted, never overlapping (a reference inside `//…//` cuts
// the italic span in two).
func (p *Project) Tokens(path string) []Token {
	if bf := p.BookmarkFileAt(path); bf != nil {
		return p.entryTokens(bf)
	}
	b, _, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	perLine := make(lineTokens, len(f.Syntax.Lines))
	perLine.structure(b, f)
	perLine.inline(f)
	var out []Token
	for li, ts := range perLine {
		if len(ts) > 0 {
			out = paintLine(out, path, li, int(f.Syntax.Lines[li].Start), ts)
		}
	}
	return out
}

// spanToken is a classified span before painting: where spans overlap,
// the higher prio wins.
type spanToken struct {
	Span
	kind TokenKind
	prio int
}

// lineTokens holds the classified spans of each line of a file.
type lineTokens [][]spanToken

func (ts lineTokens) add(line int, s Span, k TokenKind, prio int) {
	if s.End > s.Start {
		ts[line] = append(ts[line], spanToken{s, k, prio})
	}
}

// structure classifies headers, directives, code lines and block openers.
func (ts lineTokens) structure(b *Book, f *BookFile) {
	syn := f.Syntax
	for hi, h := range syn.Headers {
		ts.add(h.Line, h.Marks, TokHeaderMarks, 1)
		k := TokSectionTitle
		if f.Headers[hi].Chapter > 0 || h.Level <= b.ChapterLevel {
			k = TokChapterTitle
		}
		ts.add(h.Line, h.Title, k, 1)
	}
	for _, d := range syn.Directives {
		l := syn.Lines[d.Line]
		switch {
		case d.Kind == DirComment:
			ts.add(d.Line, l.Span(), TokComment, 1)
			continue
		case d.Kind == DirIllegal || !b.Profile.legal(d.Kind):
			ts.add(d.Line, d.Word, TokIllegalDirective, 1)
			continue
		}
		ts.add(d.Line, d.Word, TokDirective, 1)
		switch d.Kind {
		case DirSet:
			ts.add(d.Line, d.Arg, TokSetName, 1)
			ts.add(d.Line, d.Value, TokArgument, 1)
		case DirBookmark:
			ts.add(d.Line, d.Arg, TokBookmarkName, 1)
		default:
			ts.add(d.Line, d.Arg, TokArgument, 1)
		}
	}
	for li, l := range syn.Lines {
		switch l.Kind {
		case LineCodeBody:
			ts.add(li, l.Span(), TokCode, 0)
		case LineFence:
			if hasPrefixAt(syn.Src[:l.End], int(l.Start), "```") {
				ts.add(li, l.Span(), TokCodeDelimiter, 0)
			} else {
				ts.add(li, l.Span(), TokCode, 0)
			}
		case LineEditorHint:
			ts.add(li, l.Span(), TokComment, 0)
		case LineCodeClose:
			if i := indexFrom(syn.Src[:l.End], int(l.Start), "[[/code]]"); i >= 0 {
				ts.add(li, Span{int(l.Start), i}, TokCode, 0)
				ts.add(li, Span{i, i + 9}, TokCodeDelimiter, 1)
			}
		}
	}
	for _, blk := range syn.Blocks {
		if blk.Open >= 0 {
			ts.add(blk.Open, blk.Opener, TokCodeDelimiter, 1)
		}
	}
}

// inline classifies references, symbols, man pages and inline markup.
func (ts lineTokens) inline(f *BookFile) {
	syn := f.Syntax
	for k, r := range syn.Refs {
		kind := TokReference
		if info := f.RefInfo[k]; info.Target == nil && info.Build != BuildNotSeen {
			kind = TokUndefinedReference
		}
		ts.add(r.Line, r.Span, kind, 3)
	}
	for _, u := range syn.Symbols {
		kind := TokSymbol
		if u.Env {
			kind = TokEnvSymbol
		}
		ts.add(u.Line, u.Span, kind, 4)
	}
	for _, m := range syn.ManPages {
		ts.add(m.Line, m.Span, TokManPage, 2)
	}
	for _, m := range syn.Markup() {
		kind := TokSpecial
		switch m.Kind {
		case MarkItalic:
			kind = TokItalic
		case MarkBold:
			kind = TokBold
		case MarkMono:
			kind = TokMono
		case MarkURLLink, MarkSiteLink, MarkEmail, MarkFootnote:
			kind = TokLink
		}
		ts.add(m.Line, m.Span, kind, 1)
	}
}

// paintLine appends the tokens of line li (starting at byte ls) to out:
// each elementary segment takes the kind of the highest-priority span
// covering it (the first one on a tie), and equal neighbours merge.
func paintLine(out []Token, path string, li, ls int, ts []spanToken) []Token {
	// A sweep over the cuts keeps the spans covering the current segment,
	// so a dense line costs O(tokens · overlap), not O(tokens²).
	var cuts []int
	for _, t := range ts {
		cuts = append(cuts, t.Start, t.End)
	}
	sort.Ints(cuts)
	byStart := make([]int, len(ts))
	for j := range byStart {
		byStart[j] = j
	}
	sort.SliceStable(byStart, func(x, y int) bool { return ts[byStart[x]].Start < ts[byStart[y]].Start })
	var active []int
	next := 0
	prevBest := -1
	for i := 0; i+1 < len(cuts); i++ {
		a, z := cuts[i], cuts[i+1]
		if a == z {
			continue
		}
		for next < len(byStart) && ts[byStart[next]].Start <= a {
			active = append(active, byStart[next])
			next++
		}
		kept := active[:0]
		for _, j := range active {
			if ts[j].End > a {
				kept = append(kept, j)
			}
		}
		active = kept
		best := -1
		for _, j := range active {
			t := ts[j]
			if t.Start <= a && z <= t.End && (best < 0 || t.prio > ts[best].prio || (t.prio == ts[best].prio && j < best)) {
				best = j
			}
		}
		if best < 0 {
			prevBest = -1
			continue
		}
		if n := len(out); best == prevBest && out[n-1].EndCol == a-ls {
			out[n-1].EndCol = z - ls
			continue
		}
		prevBest = best
		out = append(out, Token{OnLine(path, li, a-ls, z-ls), ts[best].kind})
	}
	return out
}

func (p *Project) entryTokens(bf *BookmarkFile) []Token {
	stale := map[int]bool{}
	for _, au := range p.AuditOf(bf.Path) {
		if au.Status == EntryStale {
			stale[au.Entry.Line] = true
		}
	}
	var out []Token
	for i := range bf.Entries {
		e := &bf.Entries[i]
		if !e.Readable {
			continue
		}
		ls := e.Span.Start
		k := TokEntryAnchor
		if stale[e.Line] {
			k = TokStaleEntry
		}
		out = append(out, Token{OnLine(bf.Path, e.Line, e.AnchorAt.Start-ls, e.AnchorAt.End-ls), k})
		if e.TitleAt.End > e.TitleAt.Start {
			out = append(out, Token{OnLine(bf.Path, e.Line, e.TitleAt.Start-ls, e.TitleAt.End-ls), TokEntryTitle})
		}
		if bf.Site && e.TitleAt.End < e.Span.End {
			end := trimRight(bf.Src, e.TitleAt.End+1, e.Span.End)
			if end > e.TitleAt.End+1 {
				out = append(out, Token{OnLine(bf.Path, e.Line, e.TitleAt.End+1-ls, end-ls), TokEntryDocument})
			}
		}
	}
	return out
}
