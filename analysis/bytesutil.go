package analysis

import "bytes"

// isSpace is Perl's \s on bytes: space, TAB, LF, VT, FF, CR.
func isSpace(b byte) bool {
	return b == ' ' || (b >= '\t' && b <= '\r')
}

// isWord is Perl's \w on bytes (no locale, no utf8): [A-Za-z0-9_].
func isWord(b byte) bool {
	return b == '_' || (b >= '0' && b <= '9') || isLetter(b)
}

func isLetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }

// trimRight returns the end of s[start:end] after removing trailing ASCII
// whitespace, as the tools' right-trim does.
func trimRight(src []byte, start, end int) int {
	for end > start && isSpace(src[end-1]) {
		end--
	}
	return end
}

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(s []byte, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// hasPrefixAt reports whether s[i:] starts with p.
func hasPrefixAt(s []byte, i int, p string) bool {
	return len(s)-i >= len(p) && string(s[i:i+len(p)]) == p
}

// indexFrom returns the index of p in s at or after i, or -1.
func indexFrom(s []byte, i int, p string) int {
	if i > len(s) {
		return -1
	}
	j := bytes.Index(s[i:], []byte(p))
	if j < 0 {
		return -1
	}
	return i + j
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
