package analysis

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// inlineMarkupRE is the expression findInlineMarkup matches by hand.
var inlineMarkupRE = regexp.MustCompile(inlineMarkupExpr)

var inlineMarkupCases = []string{
	"", "plain", "**bold**", "***", "** **", "**a*b**", "**a** **b**", "x**a**", "**\n**",
	"//it//", "///", "//a/b//", "http://x.org/a//", "{{code}}", "{{a{b}}", "{{}}", "{{a}b}}", "{{a}}}",
	"@<//>@", "@<//>", "[figure]", "[figure", "[http://x.org text]", "[https://x.org a b]", "[http://x.org]",
	"[http:// text]", "[/page:paper paper notes]", "[/ x]", "[/a\tb]", "[/a  b]", "[/a b", "[/a ]", "[http://a b]c]",
	"zmq_socket[3]", "zmq_[3]", "zmq_socket[]", "zmq_socket[é]", "zmq_socket[\n]", "zmq_socket[33]", "zmq_a-b[3]",
	"zmq_socket[\xff]", "a zzmq_x[1] z", "see {{zmq_bind[3]}} and //x// then **y**", "* / { @ [ z",
	"[https://example.org/boats the boat site], [/page:paper paper notes], zmq_socket[3], 0MQ",
}

func TestFindInlineMarkup(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := markupIndex(s), inlineMarkupRE.FindStringIndex(s); !reflect.DeepEqual(got, want) {
			t.Errorf("findInlineMarkup(%q) = %v, the expression finds %v", s, got, want)
		}
	}
	for _, s := range inlineMarkupCases {
		for _, pre := range []string{"", "a ", "*", "/", "zmq_", "[http://"} {
			check(pre + s)
			check(s + pre)
		}
	}
	// Every paragraph of the corpus, as renderMarkup walks it.
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "zguide-2025", "*.txt"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			for s := line; s != ""; {
				check(s)
				m := inlineMarkupRE.FindStringIndex(s)
				if m == nil {
					break
				}
				s = s[m[1]:]
			}
		}
	}
}

func FuzzFindInlineMarkup(f *testing.F) {
	for _, s := range inlineMarkupCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := markupIndex(s), inlineMarkupRE.FindStringIndex(s); !reflect.DeepEqual(got, want) {
			t.Errorf("findInlineMarkup(%q) = %v, the expression finds %v", s, got, want)
		}
	})
}

// markupIndex is findInlineMarkup as FindStringIndex gives it.
func markupIndex(s string) []int {
	if i, j := findInlineMarkup(s); i >= 0 {
		return []int{i, j}
	}
	return nil
}
