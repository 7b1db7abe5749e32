package analysis

import "sort"

// folding_range.go lists the foldable regions of a file
// (textDocument/foldingRange).

// FoldKind is what a Fold hides.
type FoldKind uint8

const (
	FoldSection FoldKind = iota // a header's section
	FoldCode                    // a code block, opener to closer
	FoldComment                 // a run of `.-` comment lines
)

// Fold is a foldable run of lines.
type Fold struct {
	Start, End int
	Kind       FoldKind
}

// Folds lists the foldable regions of a file, by start line: sections
// (trailing blank lines left outside, so the blank before the next header
// stays visible), code blocks (a block still open at the end of the file
// folds to its end; one continued from the previous file folds from line
// 0), and runs of two or more `.-` lines.
func (f *FileSyntax) Folds() []Fold {
	var out []Fold
	last := f.sectionEnds()
	for i, h := range f.Headers {
		end := last[i]
		for end > h.Line && f.Lines[end].Kind == LineBlank {
			end--
		}
		if end > h.Line {
			out = append(out, Fold{h.Line, end, FoldSection})
		}
	}
	for _, b := range f.Blocks {
		start, end := b.Open, b.Close
		if start < 0 {
			start = 0
		}
		if end < 0 {
			end = len(f.Lines) - 1
		}
		if end > start {
			out = append(out, Fold{start, end, FoldCode})
		}
	}
	run := -1
	flush := func(end int) {
		if run >= 0 && end > run {
			out = append(out, Fold{run, end, FoldComment})
		}
		run = -1
	}
	prev := -2
	for _, d := range f.Directives {
		if d.Kind != DirComment {
			continue
		}
		if d.Line != prev+1 {
			flush(prev)
		}
		if run < 0 {
			run = d.Line
		}
		prev = d.Line
	}
	flush(prev)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}
