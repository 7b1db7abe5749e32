package analysis

import (
	"bytes"
	"strconv"
)

// DeriveAnchor computes a header's automatic anchor from its effective
// text: every byte that is not an ASCII letter becomes '-', runs of '-'
// collapse, one trailing '-' goes. Case and a leading '-' are kept; the
// result may be empty.
func DeriveAnchor(text string) string {
	if isDerived(text) {
		return text // most names are their own anchor: no copy
	}
	return deriveAnchor(text)
}

// isDerived reports whether deriveAnchor leaves text as it is: letters
// and single dashes (one may lead), no dash at the end.
func isDerived(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; !isLetter(c) && (c != '-' || i > 0 && text[i-1] == '-') {
			return false
		}
	}
	return text == "" || text[len(text)-1] != '-'
}

func deriveAnchor(text string) string {
	b := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !isLetter(c) {
			if len(b) > 0 && b[len(b)-1] == '-' {
				continue
			}
			c = '-'
		}
		b = append(b, c)
	}
	if len(b) > 0 && b[len(b)-1] == '-' {
		b = b[:len(b)-1]
	}
	return string(b)
}

// chapterText is the effective text of a chapter header.
func chapterText(n int, title string) string {
	return "Chapter " + strconv.Itoa(n) + " - " + title
}

// TranslateZeroMQ applies 0MQ → ØMQ, then 0\MQ → 0MQ.
func TranslateZeroMQ(s string) string {
	if !containsString(s, "0MQ") && !containsString(s, `0\MQ`) {
		return s
	}
	b := bytes.ReplaceAll([]byte(s), []byte("0MQ"), []byte("\xc3\x98MQ"))
	b = bytes.ReplaceAll(b, []byte(`0\MQ`), []byte("0MQ"))
	return string(b)
}

func containsString(s, sub string) bool {
	return len(s) >= len(sub) && bytes.Contains([]byte(s), []byte(sub))
}
