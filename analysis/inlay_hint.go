package analysis

// inlay_hint.go gives the title the build renders for each reference
// (textDocument/inlayHint).

// RefTitle is what the build renders for one reference: a title to show
// after it.
type RefTitle struct {
	// At is the empty location just after the reference's `]`.
	At      Location
	Label   string
	Tooltip string
	Defined bool
}

// ReferenceTitles lists, for each reference of a guide file the build
// reads, the title it renders: `→ Title`, or `→ (undefined)` when
// the build prints Undefined bookmark, with a tooltip saying why.
func (p *Project) ReferenceTitles(path string) []RefTitle {
	b, fi, f := p.fileOf(path)
	if f == nil {
		return nil
	}
	var out []RefTitle
	for k, r := range f.Syntax.Refs {
		info := f.RefInfo[k]
		if info.Build == BuildNotSeen {
			continue
		}
		rt := RefTitle{At: b.loc(fi, r.Line, Span{r.Span.End, r.Span.End})}
		name := info.Lookup
		tb := b.TargetBook(info)
		switch {
		case info.Title != "":
			rt.Label, rt.Defined = "→ "+info.Title, true
			switch {
			case info.Target == nil:
				rt.Tooltip = "rendered from a stale entry of " + b.Profile.BookmarkFile() + ": no header defines \"" + name + "\""
			case info.Build == BuildFromFile:
				rt.Tooltip = "rendered from " + b.Profile.BookmarkFile() + "; defined at " + tb.anchorPlace(info.Target)
			default:
				rt.Tooltip = "defined at " + tb.anchorPlace(info.Target)
			}
		case info.Target != nil:
			rt.Label = "→ (undefined)"
			rt.Tooltip = "a build from scratch prints Undefined bookmark: " + name + " and renders no title: it is defined later (" + tb.anchorPlace(info.Target) + ") and not in " + b.Profile.BookmarkFile()
		default:
			rt.Label = "→ (undefined)"
			rt.Tooltip = "Undefined bookmark: " + name
		}
		out = append(out, rt)
	}
	return out
}
