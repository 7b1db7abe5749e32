package analysis

import "strconv"

// unreferencedBookmarks hints at each `.bookmark` name of the main run
// that no reference of the project reaches: not the main run's, not a
// companion's or the site run's, not a translation's built alone. Such a
// name is dead weight, or a reference to it was misspelt.
func (p *Project) unreferencedBookmarks() {
	b := p.Main
	if b == nil {
		return
	}
	reached := map[string]bool{}
	for _, a := range b.Registrations {
		if a.Kind == NamedAnchor {
			reached[a.Name] = false
		}
	}
	if len(reached) == 0 {
		return
	}
	for _, rb := range append([]*Book{p.Main, p.Companion, p.Site}, p.Singles...) {
		if rb == nil {
			continue
		}
		for _, f := range rb.Files {
			if p.Owner[f.Path] != rb {
				continue // a file counts once, in the run that shows it
			}
			for _, info := range f.RefInfo {
				if _, named := reached[info.Lookup]; named && info.Build != BuildNotSeen {
					reached[info.Lookup] = true
				}
			}
		}
	}
	for _, a := range b.Registrations {
		if a.Kind != NamedAnchor || reached[a.Name] || b.first[a.Name] != a || !b.Referable(a.Name) {
			continue // an unreachable name has a warning of its own
		}
		at, ok := b.BookmarkLoc(a)
		if !ok || p.Owner[at.Path] != b {
			continue
		}
		p.Diagnostics[at.Path] = append(p.Diagnostics[at.Path], Diagnostic{Location: at, Severity: SevHint, Code: DiagUnreferencedBookmark,
			Message: "bookmark " + strconv.Quote(a.Name) + " is never referenced; reference it with [#" + a.Name + "] or remove it", Unneeded: true})
	}
}
