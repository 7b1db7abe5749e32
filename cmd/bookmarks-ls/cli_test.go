package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runBin runs the built binary in dir with stdin and returns stdout,
// stderr and the exit status.
func runBinStdin(t *testing.T, dir, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(buildBinary(t), args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("%q: %v", args, err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

func TestHelpEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	for _, tc := range []struct {
		args  []string
		first string   // the first line of stdout
		has   []string // and flags it must list
	}{
		{[]string{"--help"}, "bookmarks-ls: language server and checker for guide books", []string{"bookmarks-ls check", "bookmarks-ls version"}},
		{[]string{"-h"}, "bookmarks-ls: language server and checker for guide books", nil},
		{[]string{"help"}, "bookmarks-ls: language server and checker for guide books", nil},
		{[]string{"check", "--help"}, "Usage: bookmarks-ls check [flags] PATH...", []string{"-format", "-profile", "-fresh", "-stdin-filename", "github"}},
		{[]string{"check", "-h"}, "Usage: bookmarks-ls check [flags] PATH...", nil},
		{[]string{"check", "examples", "--format", "json", "--help"}, "Usage: bookmarks-ls check [flags] PATH...", nil},
		{[]string{"help", "check"}, "Usage: bookmarks-ls check [flags] PATH...", []string{"-stdin-filename"}},
		{[]string{"bookmarks", "--help"}, "Usage: bookmarks-ls bookmarks [flags] PATH", []string{"-write", "-repair", "-force", "read-only", "FILE.lock", "-profile", "-fresh", "-stdin-filename"}},
		{[]string{"help", "bookmarks"}, "Usage: bookmarks-ls bookmarks [flags] PATH", nil},
		{[]string{"version", "--help"}, "Usage: bookmarks-ls version", nil},
		{[]string{"help", "version"}, "Usage: bookmarks-ls version", nil},
		{[]string{"--stdio", "--help"}, "Usage: bookmarks-ls [--stdio] [flags]", []string{"-log-file", "-log-level", "-cpuprofile"}},
		{[]string{"help", "serve"}, "Usage: bookmarks-ls [--stdio] [flags]", nil},
	} {
		out, errs, code := runBinStdin(t, root, "", tc.args...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, tc.first+"\n") {
			t.Errorf("bookmarks-ls %s: status %d, stderr %q, stdout:\n%s\nwant status 0, no stderr, stdout starting %q", strings.Join(tc.args, " "), code, errs, out, tc.first)
		}
		for _, h := range tc.has {
			if !strings.Contains(out, h) {
				t.Errorf("bookmarks-ls %s does not mention %s:\n%s", strings.Join(tc.args, " "), h, out)
			}
		}
	}
	if _, errs, code := runBinStdin(t, root, "", "help", "nope"); code != 2 || !strings.Contains(errs, `"nope"`) {
		t.Errorf("help nope: status %d, stderr %q; want 2 naming the command", code, errs)
	}
	if _, errs, code := runBinStdin(t, root, "", "version", "extra"); code != 2 || errs == "" {
		t.Errorf("version extra: status %d, stderr %q; want 2", code, errs)
	}
}

func TestFlagsAfterPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	for _, pair := range [][2][]string{
		{{"check", "examples", "--format", "json"}, {"check", "--format", "json", "examples"}},
		{{"check", "examples", "--fresh", "--format=github", "--profile", "mkdocbook"}, {"check", "--profile", "mkdocbook", "--fresh", "--format", "github", "examples"}},
		{{"bookmarks", "examples", "--fresh"}, {"bookmarks", "--fresh", "examples"}},
	} {
		after, errA, codeA := runBinStdin(t, root, "", pair[0]...)
		before, errB, codeB := runBinStdin(t, root, "", pair[1]...)
		if after != before || errA != errB || codeA != codeB || after == "" {
			t.Errorf("%q (status %d, stderr %q) differs from %q (status %d, stderr %q):\n%.300s\n---\n%.300s", pair[0], codeA, errA, pair[1], codeB, errB, after, before)
		}
	}
	// After "--" a dash-led argument is a PATH, and an unknown flag after a
	// PATH is still an error.
	if _, errs, code := runBinStdin(t, root, "", "check", "--", "--format"); code != 2 || !strings.Contains(errs, "--format") {
		t.Errorf("check -- --format: status %d, stderr %q; want 2 naming the missing PATH --format", code, errs)
	}
	if _, errs, code := runBinStdin(t, root, "", "check", "examples", "--nope"); code != 2 || !strings.Contains(errs, "-nope") {
		t.Errorf("check examples --nope: status %d, stderr %q; want 2", code, errs)
	}
}

// TestStdin lints an editor buffer: PATH - with --stdin-filename analyses
// stdin as that file of its book and reports that file only.
func TestStdin(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "book")
	if err := os.CopyFS(book, os.DirFS(filepath.Join("..", "..", "examples"))); err != nil {
		t.Fatal(err)
	}
	disk, _ := os.ReadFile(filepath.Join(book, "chapter1.txt"))
	whole, _, _ := runBinStdin(t, dir, "", "check", "book")
	var want []string
	for _, l := range strings.SplitAfter(whole, "\n") {
		if strings.HasPrefix(l, "book/chapter1.txt:") && !strings.Contains(l, "racing-rules") {
			want = append(want, l)
		}
	}
	if len(want) == 0 || len(want) == strings.Count(whole, "\n") {
		t.Fatalf("check book: %s", whole)
	}
	// The buffer fixes the reference chapter1.txt has on disk.
	buffer := strings.Replace(string(disk), "[#racing-rules]", "[#folding]", 1)
	if buffer == string(disk) {
		t.Fatal("chapter1.txt has no [#racing-rules] any more: update the test")
	}
	out, errs, code := runBinStdin(t, dir, buffer, "check", "-", "--stdin-filename", "book/chapter1.txt")
	if out != strings.Join(want, "") || errs != "" || code != 0 {
		t.Errorf("check - --stdin-filename book/chapter1.txt: status %d, stderr %q, output:\n%s\nwant status 0 and:\n%s", code, errs, out, strings.Join(want, ""))
	}
	if now, _ := os.ReadFile(filepath.Join(book, "chapter1.txt")); !bytes.Equal(now, disk) {
		t.Error("check - wrote the file")
	}
	// A buffer not saved yet is a file of the book all the same.
	out, _, code = runBinStdin(t, dir, "+ Nine\n\nSee [#nowhere] and [#launching].\n", "check", "--format", "github", "--stdin-filename", "book/chapter9.txt", "-")
	if want := "::error file=book/chapter9.txt,line=3,col=5,endLine=3,endColumn=15,title=undefined-bookmark::Undefined bookmark: nowhere; fix the name or add .bookmark nowhere before its header\n"; out != want || code != 1 {
		t.Errorf("new buffer chapter9.txt: status %d, output %q; want 1 and %q", code, out, want)
	}
	// bookmarks - shows the bookmark file with the buffer's headers (an
	// absolute --stdin-filename; the example book's chapter3.txt would
	// swallow a chapter4.txt, so a book of its own).
	small := filepath.Join(dir, "small")
	os.Mkdir(small, 0o755)
	os.WriteFile(filepath.Join(small, "chapter1.txt"), []byte(".bookmark one\n+ One\n"), 0o644)
	out, errs, code = runBinStdin(t, dir, "+ Two\n.bookmark two\n++ Second\n", "bookmarks", "-", "--stdin-filename", filepath.Join(small, "chapter2.txt"))
	if want := "Chapter-One Chapter 1 - One\nChapter-Two Chapter 2 - Two\nSecond Second\none Chapter 1 - One\ntwo Second\n"; out != want || code != 0 {
		t.Errorf("bookmarks - with a new chapter2.txt: status %d, stderr %q, output:\n%s\nwant:\n%s", code, errs, out, want)
	}
	if _, err := os.Stat(filepath.Join(small, "chapter2.txt")); err == nil {
		t.Error("bookmarks - wrote the buffer to disk")
	}
	for _, args := range [][]string{
		{"check", "-"},
		{"check", "--stdin-filename", "book/chapter1.txt", "book"},
		{"check", "-", "-", "--stdin-filename", "book/chapter1.txt"},
		{"check", "-", "--stdin-filename", "nowhere/chapter1.txt"},
	} {
		if _, errs, code := runBinStdin(t, dir, "x\n", args...); code != 2 || errs == "" {
			t.Errorf("%q: status %d, stderr %q; want 2 and a reason", args, code, errs)
		}
	}
}

func TestFormatGitHub(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "my, book: 1")
	os.Mkdir(book, 0o755)
	os.WriteFile(filepath.Join(book, "chapter1.txt"), []byte("See [#two] and [#nowhere].\n.bookmark one\n+ One\n\n.bookmark two\n+ Two\n$(X) %(HOME?x)\n"), 0o644)
	os.WriteFile(filepath.Join(book, ".bookmarks"), []byte("one Chapter 1 - One\ntwo Chapter 2 - Two\n"), 0o644)
	out, errs, code := runBinStdin(t, dir, "", "check", "--format", "github", "my, book: 1")
	want := `::notice file=my%2C book%3A 1/chapter1.txt,line=1,col=5,endLine=1,endColumn=11,title=forward-reference::forward reference: only .bookmarks resolves "two" (defined later); keep that file committed
::error file=my%2C book%3A 1/chapter1.txt,line=1,col=16,endLine=1,endColumn=26,title=undefined-bookmark::Undefined bookmark: nowhere; fix the name or add .bookmark nowhere before its header
::error file=my%2C book%3A 1/chapter1.txt,line=7,col=1,endLine=7,endColumn=5,title=undefined-symbol::undefined symbol "X": no .set X= comes before it, so the build prints UNDEF; set it earlier
::warning file=my%2C book%3A 1/chapter1.txt,line=7,col=6,endLine=7,endColumn=15,title=broken-env-default::%25(NAME?default) always expands to nothing (a bug of the tools); use $(NAME?default) or %25(NAME)
::notice file=my%2C book%3A 1/.bookmarks,line=3,col=1,endLine=3,endColumn=1,title=missing-entry::missing 2 entries, which mkwikidot adds on its next run; regenerate the file (code action or bookmarks --write)
`
	if out != want || errs != "" || code != 1 {
		t.Errorf("check --format github: status %d, stderr %q, output:\n%s\nwant status 1 and:\n%s", code, errs, out, want)
	}
}
