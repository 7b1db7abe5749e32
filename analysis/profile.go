package analysis

import (
	"fmt"
	"strings"
)

// Profile names the tool a book is built with. It fixes the chapter marker
// defaults, the legal directives, how bookmark titles are stored and which
// bookmark file is read and written.
type Profile uint8

const (
	Mkwikidot    Profile = iota // era D/E Wikidot converter, `+` chapters, .bookmarks
	Mkdocbook                   // DocBook converter (mkbook on a `++` book)
	Mkmarkdown                  // Hugo converter, site/.bookmarks, zguide.book
	Z2W                         // z2w of December 2012 (era C), `++` chapters
	Z2W201211                   // z2w of November 2012 (era B), off-by-one titles
	Mkbook                      // DocBook converter of December 2012 (era C), `++` chapters
	Mkbook201211                // DocBook converter of November 2012 (era B)
)

var profileNames = [...]string{"mkwikidot", "mkdocbook", "mkmarkdown", "z2w", "z2w-2012-11", "mkbook", "mkbook-2012-11"}

func (p Profile) String() string {
	if int(p) < len(profileNames) {
		return profileNames[p]
	}
	return fmt.Sprintf("Profile(%d)", p)
}

// ParseProfile maps a profile name (as in --profile) to a Profile.
func ParseProfile(s string) (Profile, error) {
	for i, n := range profileNames {
		if n == s {
			return Profile(i), nil
		}
	}
	return 0, fmt.Errorf("unknown profile %q (want one of %s)", s, strings.Join(profileNames[:], ", "))
}

// Profiles lists every profile, for help texts and completion.
func Profiles() []Profile {
	return []Profile{Mkwikidot, Mkdocbook, Mkmarkdown, Z2W, Z2W201211, Mkbook, Mkbook201211}
}

// Print reports whether the profile is a DocBook (print) converter.
func (p Profile) Print() bool { return p == Mkdocbook || p == Mkbook || p == Mkbook201211 }

// wikidot reports whether the profile is a Wikidot converter.
func (p Profile) wikidot() bool { return p == Mkwikidot || p == Z2W || p == Z2W201211 }

// era2012 reports whether the profile is one of the 2012 tools (`++` chapters).
func (p Profile) era2012() bool {
	return p == Z2W || p == Z2W201211 || p == Mkbook || p == Mkbook201211
}

// Dialect is how lines are classified: mkmarkdown has its own rules.
func (p Profile) Dialect() Dialect {
	switch {
	case p == Mkmarkdown:
		return Markdown
	case p.Print():
		return ClassicPrint
	}
	return Classic
}

// BookmarkFile is the repository-relative bookmark file the profile's tool
// reads and writes.
func (p Profile) BookmarkFile() string {
	if p == Mkmarkdown {
		return "site/.bookmarks"
	}
	return ".bookmarks"
}

// warnsUndefined reports whether the tool prints `Undefined bookmark:`.
func (p Profile) warnsUndefined() bool { return p != Z2W201211 && p != Mkbook && p != Mkbook201211 }

// legal reports whether the tool accepts a directive kind.
func (p Profile) legal(k DirectiveKind) bool {
	switch k {
	case DirSet, DirComment, DirEnd, DirOutput, DirBookmark:
		return true
	case DirPrelude, DirFilter:
		return p.era2012()
	case DirInbook:
		return p.Print() || p == Z2W || p == Z2W201211
	}
	return false
}

// Directives lists the directive names the profile accepts, for completion.
func (p Profile) Directives() []DirectiveKind {
	var out []DirectiveKind
	for k := DirSet; k <= DirFilter; k++ {
		if p.legal(k) {
			out = append(out, k)
		}
	}
	return out
}
