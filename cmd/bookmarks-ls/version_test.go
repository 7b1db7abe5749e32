package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	rev := "1d19be7abcdef0123456789abcdef0123456789a"
	settings := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name     string
		info     *debug.BuildInfo
		override string
		want     buildInfo
	}{
		{"no build info", nil, "", buildInfo{Version: "devel"}},
		{"go test binary", &debug.BuildInfo{Main: debug.Module{Version: ""}}, "", buildInfo{Version: "devel"}},
		{"go install module@v1.2.3", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "", buildInfo{Version: "v1.2.3"}},
		{"go build in a clean checkout", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203064631-1d19be7abcde"}, Settings: settings("false")}, "",
			buildInfo{Version: "v0.0.0-20261203064631-1d19be7abcde", Revision: rev}},
		{"(devel) with a VCS stamp, modified", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("true")}, "",
			buildInfo{Version: "devel-1d19be7abcde+dirty", Revision: rev, Modified: true}},
		{"(devel) with a VCS stamp, clean", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("false")}, "",
			buildInfo{Version: "devel-1d19be7abcde", Revision: rev}},
		{"-ldflags -X main.version wins", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("true")}, "v2.0.0",
			buildInfo{Version: "v2.0.0", Revision: rev, Modified: true}},
	} {
		got := fromBuildInfo(tc.info, tc.override)
		got.Go = ""
		if got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// buildWith builds the binary from dir with extra go build flags.
func buildWith(t *testing.T, dir string, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bookmarks-ls")
	args := append([]string{"build", "-o", bin}, flags...)
	cmd := exec.Command("go", append(args, "./cmd/bookmarks-ls")...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %v: %v\n%s", flags, err, out)
	}
	return bin
}

// initializeServerInfo starts the server, sends initialize, shutdown and
// exit, and returns the serverInfo of the initialize response.
func initializeServerInfo(t *testing.T, bin string) (name, version string) {
	t.Helper()
	var in bytes.Buffer
	for _, m := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
	} {
		fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(m), m)
	}
	cmd := exec.Command(bin, "--stdio", "--log-level", "error")
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("server: %v\n%s", err, out)
	}
	for _, part := range strings.Split(string(out), "Content-Length: ") {
		i := strings.Index(part, "\r\n\r\n")
		if i < 0 {
			continue
		}
		var msg struct {
			ID     int `json:"id"`
			Result struct {
				ServerInfo struct{ Name, Version string } `json:"serverInfo"`
			} `json:"result"`
		}
		if json.Unmarshal([]byte(part[i+4:]), &msg) == nil && msg.ID == 1 {
			return msg.Result.ServerInfo.Name, msg.Result.ServerInfo.Version
		}
	}
	t.Fatalf("no initialize response in %q", out)
	return "", ""
}

// TestVersionEverywhere: `version`, the LSP serverInfo and the SARIF driver
// report the one version, and -ldflags -X main.version sets it.
func TestVersionEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	bin := buildWith(t, root, "-ldflags", "-X main.version=v9.8.7-test")
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "bookmarks-ls v9.8.7-test\n") {
		t.Errorf("version: %q %v; want first line \"bookmarks-ls v9.8.7-test\"", out, err)
	}
	if name, v := initializeServerInfo(t, bin); name != "bookmarks-ls" || v != "v9.8.7-test" {
		t.Errorf("serverInfo %q %q, want bookmarks-ls v9.8.7-test", name, v)
	}
	cmd := exec.Command(bin, "check", "--format", "sarif", "examples")
	cmd.Dir = root
	out, _ = cmd.Output()
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil || log.Runs[0].Tool.Driver.Version != "9.8.7-test" {
		t.Errorf("SARIF driver version: %v %+v", err, log.Runs[0].Tool.Driver)
	}
}

// TestVersionFromGit builds the working tree's Go sources committed in a
// fresh git repository: the version is the module's pseudo-version for
// that commit, and a tree with changes says so.
func TestVersionFromGit(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a git repository and builds the binary twice")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	files, err := exec.Command("git", "-C", root, "ls-files", "-co", "--exclude-standard", "--", "go.mod", "go.sum", "*.go").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (not a git checkout)", err)
	}
	clone := filepath.Join(t.TempDir(), "repo")
	for _, f := range strings.Fields(string(files)) {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the working tree
		}
		os.MkdirAll(filepath.Join(clone, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(clone, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", clone, "-c", "user.name=test", "-c", "user.email=test@example.invalid"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "snapshot")
	rev := git("rev-parse", "HEAD")
	// -buildvcs=true: GOFLAGS may turn the stamp off on a developer machine.
	bin := buildWith(t, clone, "-buildvcs=true")
	out, _ := exec.Command(bin, "version").Output()
	want := regexp.MustCompile(`^bookmarks-ls v\d+\.\d+\.\d+-(\d+\.)?\d{14}-` + rev[:12] + "\ncommit " + rev + "\nbuilt with go")
	if !want.Match(out) {
		t.Errorf("version in a clean clone at %s:\n%s\nwant it to match %s", rev[:12], out, want)
	}
	os.WriteFile(filepath.Join(clone, "cmd", "bookmarks-ls", "zz_local.go"), []byte("package main\n"), 0o644)
	bin = buildWith(t, clone, "-buildvcs=true")
	out, _ = exec.Command(bin, "version").Output()
	if !strings.Contains(string(out), rev[:12]+"+dirty\n") || !strings.Contains(string(out), "commit "+rev+" (modified)\n") {
		t.Errorf("version of a build with uncommitted changes:\n%s\nwant +dirty and (modified)", out)
	}
}
