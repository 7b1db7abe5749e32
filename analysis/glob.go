package analysis

import (
	"path"
	"strings"
)

// hasGlob reports whether a shell word holds a pattern character.
func hasGlob(w string) bool { return strings.ContainsAny(w, "*?[") }

// expandGlob expands a word against a folder's files as bash does with
// LC_ALL=C: the matches in byte order (so chapter10.txt sorts before
// chapter2.txt), the word itself when it is no pattern, nothing when a
// pattern matches no file (a tool then fails to open the literal word).
func expandGlob(word string, files []string) []string {
	word = path.Clean(word)
	if !hasGlob(word) {
		return []string{word}
	}
	var out []string
	for _, f := range files { // files are sorted in byte order
		if hidden(f) && !strings.HasPrefix(path.Base(word), ".") {
			continue // bash's * and ? never match a leading dot
		}
		if ok, err := path.Match(word, f); err == nil && ok {
			out = append(out, f)
		}
	}
	return out
}

func hidden(p string) bool { return strings.HasPrefix(path.Base(p), ".") }

// MatchGlob reports whether a slash path matches a pattern of the config's
// exclude list or --exclude: path.Match per segment, where a `**` segment
// matches any number of segments and a pattern without a slash matches the
// base name anywhere (as .gitignore does).
func MatchGlob(pattern, p string) bool {
	pattern = strings.TrimPrefix(pattern, "./")
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, path.Base(p))
		return ok
	}
	return matchSegments(strings.Split(pattern, "/"), strings.Split(p, "/"))
}

func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// validGlob reports whether a pattern is well formed for MatchGlob.
func validGlob(pattern string) bool {
	for _, seg := range strings.Split(pattern, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return false
		}
	}
	return true
}
