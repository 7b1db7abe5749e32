//go:build unix

// writefile_unix_test.go: through the binary, concurrent `bookmarks
// --write` runs and an appender that takes the documented lock lose no
// entry, and a full disk or a closed pipe on stdout is exit status 2 with a
// message, in every output format.

package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigChapter is a chapter with many sections and bookmarks: mkwikidot
// writes every anchor, mkdocbook only the chapter's bookmark.
func bigChapter() string {
	var b strings.Builder
	b.WriteString(".bookmark start\n+ Start\n\nText.\n\n")
	for i := range 60 {
		fmt.Fprintf(&b, ".bookmark part-%d\n++ Part %d\n\nText of part %d.\n\n", i, i, i)
	}
	return b.String()
}

// appendLocked appends one entry to the bookmark file as another writer
// would: under an flock of FILE.lock, as the README documents.
func appendLocked(t *testing.T, bm, line string) {
	lock, err := os.OpenFile(bm+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Error(err)
		return
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Error(err)
		return
	}
	f, err := os.OpenFile(bm, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	if _, err := f.WriteString(line); err != nil {
		t.Error(err)
	}
}

// keepAppending appends entries until stop closes and sends their anchors.
func keepAppending(t *testing.T, bm string, run int, stop <-chan struct{}, anchors chan<- []string) {
	var added []string
	for i := 0; ; i++ {
		select {
		case <-stop:
			anchors <- added
			return
		default:
		}
		a := fmt.Sprintf("extra-%d-%d", run, i)
		appendLocked(t, bm, a+" Extra "+a+"\n")
		added = append(added, a)
		time.Sleep(300 * time.Microsecond)
	}
}

func TestWriteConcurrentWritersLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := buildBinary(t)
	dir := writeBook(t, "chapter1.txt", bigChapter())
	bm := filepath.Join(dir, ".bookmarks")
	profiles := []string{"mkwikidot", "mkdocbook"}
	want := map[string]bool{}
	for _, p := range profiles {
		out, errs, code := runBin(t, dir, "bookmarks", "--fresh", "--profile", p, ".")
		if code != 0 {
			t.Fatalf("bookmarks --profile %s: status %d %s", p, code, errs)
		}
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			a, _, _ := strings.Cut(line, " ")
			want[a] = true
		}
	}
	const runs = 12
	lostRuns := 0
	for run := range runs {
		os.Remove(bm)
		stop, appended := make(chan struct{}), make(chan []string)
		go keepAppending(t, bm, run, stop, appended)
		var cmds []*exec.Cmd
		for _, p := range profiles {
			cmd := exec.Command(bin, "bookmarks", "--write", "--profile", p, dir)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("run %d: %s: %v %s", run, cmd.Args, err, cmd.Stderr)
			}
		}
		close(stop)
		all := maps.Clone(want)
		for _, a := range <-appended {
			all[a] = true
		}
		got := readBookmarksFile(t, bm)
		var lost []string
		for a := range all {
			if _, ok := got[a]; !ok {
				lost = append(lost, a)
			}
		}
		if len(lost) > 0 {
			lostRuns++
			slices.Sort(lost)
			t.Errorf("run %d: .bookmarks lost %d of %d entries, e.g. %s", run, len(lost), len(all), lost[0])
		}
	}
	if lostRuns > 0 {
		t.Errorf("entries lost in %d of %d runs of mkwikidot and mkdocbook --write with an appender", lostRuns, runs)
	}
}

// runWithStdout runs the binary with stdout on f and returns stderr and
// the exit status (-1 for a death by signal).
func runWithStdout(t *testing.T, bin string, f *os.File, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = f, &errb
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("%q: %v", args, err)
		}
	}
	return errb.String(), cmd.ProcessState.ExitCode()
}

func TestOutputWriteErrorsExitTwo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := buildBinary(t)
	examples, _ := filepath.Abs(filepath.Join("..", "..", "examples"))
	var cases [][]string
	for _, f := range []string{"text", "json", "sarif", "github", "tool"} {
		cases = append(cases, []string{"check", "--format", f, examples})
	}
	cases = append(cases, []string{"bookmarks", examples})
	for _, args := range cases {
		cmd := args[0]
		if full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err == nil {
			errs, code := runWithStdout(t, bin, full, args...)
			full.Close()
			if want := "bookmarks-ls " + cmd + ": cannot write the output: write /dev/stdout: no space left on device\n"; code != 2 || errs != want {
				t.Errorf("%s > /dev/full: status %d, stderr %q; want 2, %q", strings.Join(args, " "), code, errs, want)
			}
		}
		// A pipe whose reader is gone before the first write.
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		errs, code := runWithStdout(t, bin, w, args...)
		w.Close()
		if want := "bookmarks-ls " + cmd + ": cannot write the output: write /dev/stdout: broken pipe\n"; code != 2 || errs != want {
			t.Errorf("%s | (closed pipe): status %d, stderr %q; want 2, %q", strings.Join(args, " "), code, errs, want)
		}
	}
}
