package analysis

import (
	"fmt"
	"testing"
	"testing/fstest"
)

func TestBookmarkTargets(t *testing.T) {
	p := smallProject(t) // both bookmark files, written by the main and the mkmarkdown run
	for _, tc := range []struct{ path, targets, target string }{
		{"chapter1.txt", "[.bookmarks site/.bookmarks]", ".bookmarks"},
		{"site/.bookmarks", "[site/.bookmarks]", "site/.bookmarks"},
		{".bookmarks", "[.bookmarks]", ".bookmarks"},
		{"zguide.book", "[]", ".bookmarks"},
	} {
		if got := fmt.Sprint(p.BookmarkTargets(tc.path)); got != tc.targets {
			t.Errorf("BookmarkTargets(%s) = %s, want %s", tc.path, got, tc.targets)
		}
		if got := p.BookmarkTarget(tc.path); got != tc.target {
			t.Errorf("BookmarkTarget(%s) = %q, want %q", tc.path, got, tc.target)
		}
	}
	// Without .bookmarks, a command on a guide file changes the site's.
	p, err := Load(FS(fstest.MapFS{
		"chapter1.txt":    {Data: []byte("+ One\n")},
		"zguide.book":     {Data: []byte("./chapter1.txt\n")},
		"site/.bookmarks": {Data: []byte("One One|chapter1\n")},
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%v %s", p.BookmarkTargets("chapter1.txt"), p.BookmarkTarget("chapter1.txt")), "[site/.bookmarks] site/.bookmarks"; got != want {
		t.Errorf("site only: %s, want %s", got, want)
	}
}
