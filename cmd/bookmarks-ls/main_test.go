package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

var update = flag.Bool("update", false, "rewrite golden files")

// cli runs the command line in process and returns stdout, stderr, status.
func cli(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// corpus returns ../shared/corpus relative to the repository root; the
// corpus tests skip outside CI when it is absent and fail in CI.
func corpus(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus"))
	if _, err := os.Stat(filepath.Join(dir, "zguide-2025")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus missing at %s (CI=true requires it)", dir)
		}
		t.Skipf("corpus not found at %s: skipping (runs in CI)", dir)
	}
	return dir
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestCheckExampleBook(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	out, errs, code := cli(t, "check", "examples")
	if code != 1 || errs != "" {
		t.Errorf("check examples: status %d, stderr %q; want 1 (the example book has errors on purpose)", code, errs)
	}
	t.Chdir(filepath.Join("cmd", "bookmarks-ls"))
	golden(t, "check-examples.txt", out)
}

// TestExampleBookShowsEveryDiagnostic keeps the example book honest: it
// must show each diagnostic code at least once.
func TestExampleBookShowsEveryDiagnostic(t *testing.T) {
	p, err := analysis.Load(analysis.FS(os.DirFS(filepath.Join("..", "..", "examples"))), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range p.AllDiagnostics() {
		seen[d.Code] = true
	}
	for _, c := range []string{
		analysis.DiagUndefinedBookmark, analysis.DiagForwardReference, analysis.DiagStaleReference,
		analysis.DiagAdjacentReferences, analysis.DiagNotAReference, analysis.DiagIllegalDirective, analysis.DiagUnparsedCodeBlock,
		analysis.DiagUnclosedCodeBlock, analysis.DiagDiscardedExampleCode, analysis.DiagUndefinedSymbol,
		analysis.DiagBrokenEnvDefault, analysis.DiagBookmarkNameHasSpace, analysis.DiagBookmarkUnattached,
		analysis.DiagBookmarkOverridden, analysis.DiagDuplicateAnchor, analysis.DiagEmptyAnchor,
		analysis.DiagEndHidesOutput, analysis.DiagDashDashInBookmark, analysis.DiagUnreferencedBookmark, analysis.DiagStaleEntry,
		analysis.DiagTitleMismatch, analysis.DiagMissingFinalNewline, analysis.DiagCRLFLine,
		analysis.DiagUnreadableLine, analysis.DiagDuplicateEntry, analysis.DiagMissingEntry,
		analysis.DiagSiteEntryWithoutDocument,
	} {
		if !seen[c] {
			t.Errorf("the example book shows no %s diagnostic", c)
		}
	}
}

func TestCheckFormats(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	out, _, code := cli(t, "check", "--format", "json", "examples")
	if code != 1 {
		t.Errorf("json: status %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first jsonDiagnostic
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatalf("json line %q: %v", lines[0], err)
	}
	if first.File != "examples/preface.txt" || first.Line != 11 || first.Column != 134 || first.EndColumn != 144 || first.Code != "forward-reference" || first.Severity != "information" || len(first.Related) != 1 || first.Related[0].File != "examples/chapter1.txt" {
		t.Errorf("first json diagnostic %+v", first)
	}
	out, _, _ = cli(t, "check", "--format", "sarif", "examples")
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("sarif: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != len(lines) || log.Runs[0].Tool.Driver.Name != "bookmarks-ls" {
		t.Errorf("sarif log: version %q, %d runs, %d results (want %d)", log.Version, len(log.Runs), len(log.Runs[0].Results), len(lines))
	}
	r := log.Runs[0].Results[0]
	if r.RuleID != "forward-reference" || r.Level != "note" || r.Locations[0].PhysicalLocation.Region.StartLine != 11 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "examples/preface.txt" {
		t.Errorf("first sarif result %+v", r)
	}
	out, _, _ = cli(t, "check", "--format", "tool", "examples")
	want := "W: discarding code for Folding in C - fold\nUndefined bookmark: racing-rules\nE: undefined symbol \"WAVES\"Undefined bookmark: folding][#launching\nIllegal directive . Numbered lists cannot start with a dot: every such line is a directive. at line 66\nUndefined bookmark: nowhere\nE: unparsed code block: [[code type=\"example\" name=\"float\" title=\"Floating\"]]\nUndefined bookmark: racing-rules\n"
	if out != want {
		t.Errorf("tool output:\n%s\nwant:\n%s", out, want)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"check"},
		{"check", "--format", "xml", "examples"},
		{"check", "--profile", "mkpdf", "examples"},
		{"check", "--nope", "examples"},
		{"check", "examples", "--format"},
		{"check", "examples", "--nope"},
		{"check", "no/such/folder"},
		{"bookmarks"},
		{"bookmarks", "a", "b"},
	} {
		_, errs, code := cli(t, args...)
		if code != 2 || errs == "" || strings.Count(strings.TrimSpace(errs), "\n") > 40 {
			t.Errorf("%q: status %d, stderr %q; want 2 and a reason", args, code, errs)
		}
	}
	_, errs, _ := cli(t, "check", "no/such/folder")
	if !strings.Contains(errs, "no/such/folder") {
		t.Errorf("the reason must name the path: %q", errs)
	}
}

func TestCleanBookExitsZero(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "chapter1.txt"), []byte(".bookmark one\n+ One\n\nSee [#one].\n"), 0o644)
	out, errs, code := cli(t, "check", dir)
	if code != 0 || out != "" || errs != "" {
		t.Errorf("clean book: status %d, out %q, err %q", code, out, errs)
	}
	out, _, _ = cli(t, "bookmarks", dir)
	if out != "Chapter-One Chapter 1 - One\none Chapter 1 - One\n" {
		t.Errorf("bookmarks: %q", out)
	}
}

func TestCorpusThroughCLI(t *testing.T) {
	c := corpus(t)
	exp := func(name string) string {
		b, err := os.ReadFile(filepath.Join(c, "expected", "zguide-2025", name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(string(b), "stdout: ", "")
	}
	book := filepath.Join(c, "zguide-2025")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bookmarks", "--profile", "mkwikidot", book}, "mkwikidot.bookmarks.sorted"},
		{[]string{"bookmarks", "--profile", "mkwikidot", "--fresh", book}, "mkwikidot.bookmarks.sorted"},
		{[]string{"bookmarks", "--profile", "mkdocbook", book}, "mkdocbook-after-committed.bookmarks.sorted"},
		{[]string{"bookmarks", "--profile", "mkmarkdown", book}, "mkmarkdown.site-bookmarks.sorted"},
		{[]string{"bookmarks", "--fresh", filepath.Join(book, "xl8n", "kr", "chapter1.txt")}, "xl8n-kr-chapter1-alone.bookmarks.sorted"},
		{[]string{"check", "--format", "tool", "--fresh", book}, "mkwikidot-first-run.diagnostics.txt"},
		{[]string{"check", "--format", "tool", book}, "mkwikidot-second-run.diagnostics.txt"},
		{[]string{"check", "--format", "tool", filepath.Join(book, "xl8n", "chapter1.txt")}, "xl8n-chapter1-alone.diagnostics.txt"},
		{[]string{"check", "--format", "tool", filepath.Join(book, "xl8n", "kr", "chapter1.txt")}, "xl8n-kr-chapter1-alone.diagnostics.txt"},
	} {
		out, errs, _ := cli(t, tc.args...)
		if want := exp(tc.want); out != want {
			t.Errorf("%q (stderr %q): output differs from %s:\n%.600s", tc.args, errs, tc.want, out)
		}
		// The same through the real binary.
		if !testing.Short() {
			bout, _ := exec.Command(buildBinary(t), tc.args...).Output()
			if want := exp(tc.want); string(bout) != want {
				t.Errorf("binary %q: output differs from %s:\n%.600s", tc.args, tc.want, bout)
			}
		}
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildBinary builds the binary once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "bookmarks-ls-test-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "bookmarks-ls")
		if runtime.GOOS == "windows" {
			builtBin += ".exe"
		}
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// TestBinary drives the real binary: the acceptance runs through it too.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "bookmarks-ls ") {
		t.Fatalf("version: %q %v", out, err)
	}
	c := corpus(t)
	cmd := exec.Command(bin, "check", "--format", "tool", "--fresh", filepath.Join(c, "zguide-2025"))
	out, _ = cmd.Output()
	want, _ := os.ReadFile(filepath.Join(c, "expected", "zguide-2025", "mkwikidot-first-run.diagnostics.txt"))
	if string(out) != strings.ReplaceAll(string(want), "stdout: ", "") {
		t.Errorf("binary check --format tool --fresh:\n%s", out)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d, want 0 (the translations' unparsed code blocks are outside every run: capped at warning)", code)
	}
	if code := exec.Command(bin, "check", "--fail-on", "warning", "--fresh", filepath.Join(c, "zguide-2025")).Run(); code == nil {
		t.Error("check --fail-on warning --fresh exits 0, want 1 (17 forward references warn)")
	}

	// --write is atomic and keeps permissions; a crash before the rename
	// leaves the old file as it was.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "chapter1.txt"), []byte(".bookmark one\n+ One\n"), 0o644)
	bm := filepath.Join(dir, ".bookmarks")
	os.WriteFile(bm, []byte("old Old Title\n"), 0o600)
	crash := exec.Command(bin, "bookmarks", "--write", dir)
	crash.Env = append(os.Environ(), "BOOKMARKS_LS_TEST_CRASH_BEFORE_RENAME=1")
	if err := crash.Run(); err == nil {
		t.Fatal("the crash hook did not fire")
	}
	if got, _ := os.ReadFile(bm); string(got) != "old Old Title\n" {
		t.Errorf("after a crash before the rename .bookmarks holds %q", got)
	}
	if out, err := exec.Command(bin, "bookmarks", "--write", dir).CombinedOutput(); err != nil {
		t.Fatalf("bookmarks --write: %v %s", err, out)
	}
	got, _ := os.ReadFile(bm)
	if string(got) != "Chapter-One Chapter 1 - One\nold Old Title\none Chapter 1 - One\n" {
		t.Errorf("written .bookmarks %q (entries are never removed)", got)
	}
	if st, _ := os.Stat(bm); st.Mode().Perm() != 0o600 {
		t.Errorf("permissions %v, want 0600 kept", st.Mode().Perm())
	}
}
