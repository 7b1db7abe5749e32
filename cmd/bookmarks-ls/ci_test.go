package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// Tests of the CI integrations shipped at the repository root: the problem
// matcher, the pre-commit hook, the release script, scripts/install and the
// composite action.

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestProblemMatcher applies the shipped matcher's regexp to real
// `check --format text` output: every error and warning line yields the
// file, position, severity, message and code that --format json reports;
// information lines (no problem-matcher severity) do not match.
func TestProblemMatcher(t *testing.T) {
	root := repoRoot(t)
	b, err := os.ReadFile(filepath.Join(root, ".github", "bookmarks-ls-matcher.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		ProblemMatcher []struct {
			Owner   string `json:"owner"`
			Pattern []struct {
				Regexp                                      string
				File, Line, Column, Severity, Message, Code int
			} `json:"pattern"`
		} `json:"problemMatcher"`
	}
	if err := json.Unmarshal(b, &m); err != nil || len(m.ProblemMatcher) != 1 || len(m.ProblemMatcher[0].Pattern) != 1 {
		t.Fatalf("matcher: %v %+v", err, m)
	}
	p := m.ProblemMatcher[0].Pattern[0]
	re := regexp.MustCompile(p.Regexp)
	t.Chdir(root)
	for _, args := range [][]string{{"examples"}, {"--fresh", "examples"}, {"examples/chapter2.txt"}} {
		text, _, _ := cli(t, append([]string{"check"}, args...)...)
		js, _, _ := cli(t, append([]string{"check", "--format", "json"}, args...)...)
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		objs := strings.Split(strings.TrimSuffix(js, "\n"), "\n")
		if len(lines) != len(objs) || len(lines) < 2 {
			t.Fatalf("check %q: %d text lines, %d json lines", args, len(lines), len(objs))
		}
		matched := 0
		for i, line := range lines {
			var d jsonDiagnostic
			if err := json.Unmarshal([]byte(objs[i]), &d); err != nil {
				t.Fatal(err)
			}
			g := re.FindStringSubmatch(line)
			if d.Severity != "error" && d.Severity != "warning" {
				if g != nil {
					t.Errorf("the matcher takes a %s line (a severity GitHub does not know): %s", d.Severity, line)
				}
				continue
			}
			if g == nil {
				t.Errorf("the matcher misses: %s", line)
				continue
			}
			matched++
			got := [6]string{g[p.File], g[p.Line], g[p.Column], g[p.Severity], g[p.Message], g[p.Code]}
			want := [6]string{d.File, fmt.Sprint(d.Line), fmt.Sprint(d.Column), d.Severity, d.Message, d.Code}
			if got != want {
				t.Errorf("the matcher reads %q as\n%q, want\n%q", line, got, want)
			}
		}
		if matched == 0 {
			t.Errorf("check %q: no line matched", args)
		}
	}
}

// hook reads the one hook of .pre-commit-hooks.yaml (flat "key: value"
// lines; the file is ours and kept that simple).
func hook(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	h := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimPrefix(line, "- ")
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ": "); ok && !strings.HasPrefix(line, "#") {
			h[k] = strings.Trim(v, "'\"")
		}
	}
	return h
}

// TestPreCommitHook runs the hook's entry as pre-commit does (entry, then
// args, no file names) on a broken and a clean book; with pre-commit on
// PATH (CI installs Debian's), also through `pre-commit try-repo`.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	h := hook(t)
	if h["id"] != "bookmarks-ls-check" || h["entry"] != "bookmarks-ls check" || h["language"] != "golang" || h["pass_filenames"] != "false" || h["args"] != "['.']" {
		t.Fatalf(".pre-commit-hooks.yaml: %q", h)
	}
	entry := strings.Fields(h["entry"])
	broken, clean := t.TempDir(), t.TempDir()
	if err := os.CopyFS(broken, os.DirFS(filepath.Join(repoRoot(t), "examples"))); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(clean, "chapter1.txt"), []byte(".bookmark one\n+ One\n\nSee [#one].\n"), 0o644)
	want, _, _ := runBinStdin(t, broken, "", "check", ".")
	out, _, code := runBinStdin(t, broken, "", append(entry[1:], ".")...)
	if code != 1 || out != want || !strings.Contains(out, "[undefined-bookmark]") {
		t.Errorf("hook entry on the example book: status %d, output:\n%s\nwant status 1 (the hook fails) and the check output", code, out)
	}
	if out, _, code := runBinStdin(t, clean, "", append(entry[1:], ".")...); code != 0 || out != "" {
		t.Errorf("hook entry on a clean book: status %d, output %q; want 0 and nothing", code, out)
	}

	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pre-commit not on PATH (.ci/run installs Debian's pre-commit)")
		}
		t.Skip("pre-commit not on PATH: try-repo not run")
	}
	home := t.TempDir()
	for _, tc := range []struct {
		dir  string
		code int
	}{{broken, 1}, {clean, 0}} {
		git := func(args ...string) {
			cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.invalid"}, args...)...)
			cmd.Dir = tc.dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v %s", args, err, out)
			}
		}
		git("init", "-q")
		git("add", "-A")
		git("commit", "-q", "-m", "book")
		cmd := exec.Command("pre-commit", "try-repo", repoRoot(t), "bookmarks-ls-check", "--all-files")
		cmd.Dir = tc.dir
		cmd.Env = append(os.Environ(), "PRE_COMMIT_HOME="+home, "PATH="+filepath.Dir(goBin(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, _ := cmd.CombinedOutput()
		if cmd.ProcessState.ExitCode() != tc.code {
			t.Errorf("pre-commit try-repo in %s: status %d, want %d:\n%s", tc.dir, cmd.ProcessState.ExitCode(), tc.code, out)
		}
		if tc.code == 1 && !strings.Contains(string(out), "chapter1.txt:35:54: error: Undefined bookmark: racing-rules") {
			t.Errorf("pre-commit try-repo does not show the check output:\n%s", out)
		}
	}
}

// goBin is the go command the tests run with (pre-commit's golang hooks
// build with the go on PATH).
func goBin(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	return p
}

// TestReleaseInstallAction builds the host's release archive with
// scripts/release, installs it with scripts/install from a file:// release
// folder, and runs the composite action's steps as the runner would.
func TestReleaseInstallAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a release")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the release test runs on Linux")
	}
	for _, tool := range []string{"bash", "curl", "tar", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not on PATH", tool)
		}
	}
	root := repoRoot(t)
	tmp := t.TempDir()
	const tag = "v0.0.0-citest"
	dist := filepath.Join(tmp, "releases", "download", tag)
	name := fmt.Sprintf("bookmarks-ls_%s_%s", runtime.GOOS, runtime.GOARCH)
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "release"), tag)
	cmd.Env = append(os.Environ(), "DIST="+dist, "RELEASE_TARGETS="+runtime.GOOS+"/"+runtime.GOARCH)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/release: %v\n%s", err, out)
	}
	// The archive: the binary, the licence and the docs, nothing else.
	f, err := os.Open(filepath.Join(dist, name+".tar.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var entries []string
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, fmt.Sprintf("%s %o", h.Name, h.Mode))
	}
	f.Close()
	slices.Sort(entries)
	if want := []string{"CHANGELOG.md 644", "LICENSE 644", "README.md 644", "bookmarks-ls 755"}; !slices.Equal(entries, want) {
		t.Errorf("%s.tar.gz holds %q, want %q", name, entries, want)
	}
	sums, _ := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if !regexp.MustCompile(`^[0-9a-f]{64}  ` + name + `\.tar\.gz\n$`).Match(sums) {
		t.Errorf("checksums.txt: %q", sums)
	}

	// scripts/install from the release folder, then a corrupted download.
	env := append(os.Environ(), "BOOKMARKS_LS_RELEASES=file://"+filepath.Join(tmp, "releases"))
	bin := filepath.Join(tmp, "bin")
	cmd = exec.Command("bash", filepath.Join(root, "scripts", "install"), tag, bin)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasSuffix(string(out), "bookmarks-ls "+tag+"\n") {
		t.Fatalf("scripts/install: %v\n%s", err, out)
	}
	if out, _ := exec.Command(filepath.Join(bin, "bookmarks-ls"), "version").Output(); !strings.HasPrefix(string(out), "bookmarks-ls "+tag+"\n") {
		t.Errorf("installed binary: version %q", out)
	}
	os.WriteFile(filepath.Join(dist, "checksums.txt"), []byte(strings.Repeat("0", 64)+"  "+name+".tar.gz\n"), 0o644)
	cmd = exec.Command("bash", filepath.Join(root, "scripts", "install"), tag, filepath.Join(tmp, "bin2"))
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "checksum") {
		t.Errorf("scripts/install with a wrong checksum: %v\n%s; want a failure naming the checksum", err, out)
	}
	os.WriteFile(filepath.Join(dist, "checksums.txt"), sums, 0o644)

	// The composite action, step by step, as the runner runs it.
	work := filepath.Join(tmp, "work")
	if err := os.CopyFS(filepath.Join(work, "book"), os.DirFS(filepath.Join(root, "examples"))); err != nil {
		t.Fatal(err)
	}
	want, _, _ := runBinStdin(t, work, "", "check", "--format", "github", "book")
	steps, defaults := actionSteps(t)
	if defaults["version"] != "latest" || defaults["paths"] != "." || defaults["format"] != "github" {
		t.Errorf("action.yml input defaults %q", defaults)
	}
	for _, format := range []string{"github", "text"} {
		inputs := map[string]string{"version": tag, "paths": "book", "format": format, "args": ""}
		runnerTemp := filepath.Join(tmp, "runner-"+format)
		os.MkdirAll(runnerTemp, 0o755)
		githubPath := filepath.Join(runnerTemp, "github_path")
		os.WriteFile(githubPath, nil, 0o644)
		var last string
		var code int
		for _, s := range steps {
			if s.shell != "bash" {
				t.Fatalf("step %q: shell %q", s.name, s.shell)
			}
			path := os.Getenv("PATH")
			if added, _ := os.ReadFile(githubPath); len(added) > 0 {
				path = strings.TrimSpace(string(added)) + ":" + path
			}
			cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", s.run)
			cmd.Dir = work
			cmd.Env = append(env, "GITHUB_ACTION_PATH="+root, "RUNNER_TEMP="+runnerTemp, "GITHUB_PATH="+githubPath, "PATH="+path)
			for k, v := range s.env {
				cmd.Env = append(cmd.Env, k+"="+expandInputs(v, inputs))
			}
			b, _ := cmd.Output()
			last, code = string(b), cmd.ProcessState.ExitCode()
			if code != 0 && s.name != steps[len(steps)-1].name {
				t.Fatalf("action step %q: status %d\n%s", s.name, code, b)
			}
		}
		if format == "text" {
			matcher := "::add-matcher::" + filepath.Join(root, ".github", "bookmarks-ls-matcher.json") + "\n"
			if !strings.HasPrefix(last, matcher) {
				t.Errorf("format text: the check step does not register the matcher first:\n%.300s", last)
			}
			if _, err := os.Stat(strings.TrimSpace(strings.TrimPrefix(matcher, "::add-matcher::"))); err != nil {
				t.Error(err)
			}
		} else if last != want {
			t.Errorf("action check step output:\n%s\nwant the check --format github output:\n%s", last, want)
		}
		if code != 1 {
			t.Errorf("action check step (format %s) on the example book: status %d, want 1 (the step fails on errors)", format, code)
		}
	}
}

type actionStep struct {
	name, shell, run string
	env              map[string]string
}

// actionSteps reads action.yml's inputs' defaults and its steps. The file
// is ours, written in one plain layout this reader follows.
func actionSteps(t *testing.T) ([]actionStep, map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var steps []actionStep
	defaults := map[string]string{}
	section, input, inRun, inEnv := "", "", false, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		indent := len(line) - len(strings.TrimLeft(line, " "))
		text := strings.TrimSpace(line)
		if indent == 0 && text != "" && !strings.HasPrefix(text, "#") {
			section, _, _ = strings.Cut(text, ":")
			continue
		}
		switch section {
		case "inputs":
			if indent == 2 {
				input = strings.TrimSuffix(text, ":")
			} else if v, ok := strings.CutPrefix(text, "default: "); ok && indent == 4 {
				defaults[input] = strings.Trim(v, `"`)
			}
		case "runs":
			if v, ok := strings.CutPrefix(text, "- name: "); ok && indent == 4 {
				steps = append(steps, actionStep{name: v, env: map[string]string{}})
				inRun, inEnv = false, false
				continue
			}
			if len(steps) == 0 {
				continue
			}
			s := &steps[len(steps)-1]
			switch {
			case inRun && (indent >= 8 || text == ""):
				s.run += strings.TrimPrefix(line, "        ") + "\n"
			case inEnv && indent == 8:
				k, v, _ := strings.Cut(text, ": ")
				s.env[k] = v
			case indent == 6:
				inRun, inEnv = false, false
				switch {
				case text == "run: |":
					inRun = true
				case text == "env:":
					inEnv = true
				case strings.HasPrefix(text, "shell: "):
					s.shell = strings.TrimPrefix(text, "shell: ")
				}
			}
		}
	}
	if len(steps) != 2 || steps[0].run == "" || steps[1].run == "" {
		t.Fatalf("action.yml: steps %+v", steps)
	}
	return steps, defaults
}

func expandInputs(v string, inputs map[string]string) string {
	return regexp.MustCompile(`\$\{\{ inputs\.([a-z-]+) \}\}`).ReplaceAllStringFunc(v, func(m string) string {
		return inputs[regexp.MustCompile(`inputs\.([a-z-]+)`).FindStringSubmatch(m)[1]]
	})
}
