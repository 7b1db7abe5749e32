// Package oracle runs the Guide's real Perl build scripts (shared/oracle)
// on a book held in memory, the way the differential tests compare them
// with bookmarks-ls: in a scratch folder, once or several times in a row,
// returning the printed messages and the bookmark file left behind.
package oracle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Tools lists the tools of shared/oracle/run, of every era.
var Tools = []string{"mkwikidot", "mkdocbook", "mkmarkdown", "z2w-2012-12", "mkbook-2012-12", "z2w-2012-11", "mkbook-2012-11"}

// Dir finds shared/oracle from a folder inside the repository: it looks for
// ../shared/oracle/run beside each ancestor. BOOKMARKS_ORACLE overrides it.
func Dir(from string) (string, error) {
	if d := os.Getenv("BOOKMARKS_ORACLE"); d != "" {
		return d, nil
	}
	abs, err := filepath.Abs(from)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "..", "shared", "oracle")
		if _, err := os.Stat(filepath.Join(cand, "run")); err == nil {
			return filepath.Clean(cand), nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("oracle: no ../shared/oracle/run beside the repository")
		}
	}
}

// Available reports why the oracle cannot run here, or nil.
func Available(dir string) error {
	if _, err := exec.LookPath("perl"); err != nil {
		return errors.New("perl is not installed (apt-get install perl)")
	}
	if _, err := os.Stat(filepath.Join(dir, "run")); err != nil {
		return fmt.Errorf("no oracle at %s: %w", dir, err)
	}
	return nil
}

// BookmarkFile is the bookmark file the tool reads and writes.
func BookmarkFile(tool string) string {
	if tool == "mkmarkdown" {
		return "site/.bookmarks"
	}
	return ".bookmarks"
}

// Timeout bounds the CPU time of one run: the scripts loop forever on
// some inputs (a symbol whose value names itself, a stored title that
// references itself). A run of a small book takes some 40 ms. CPU time,
// not wall time, so that a run starved on a busy machine is not taken for
// a hang; wallTimeout is the backstop.
var Timeout = 5 * time.Second

const wallTimeout = 10 * time.Minute

// ErrHang is returned for a run that used Timeout of CPU without ending.
var ErrHang = errors.New("oracle: the tool did not finish (it loops forever on this book)")

// Result is what one run of a tool printed and left.
type Result struct {
	Stdout []byte // progress lines removed, as shared/oracle/run prints it
	// Bookmarks is the bookmark file after the run (nil when none exists).
	Bookmarks []byte
	ExitCode  int
	Stderr    []byte
}

// Folder is a scratch copy of a book that tools run in.
type Folder struct {
	oracle string
	Path   string
}

// NewFolder writes files (slash paths → contents) into a new scratch folder.
func NewFolder(oracleDir string, files map[string]string) (*Folder, error) {
	d, err := os.MkdirTemp("", "bookmarks-oracle-*")
	if err != nil {
		return nil, err
	}
	f := &Folder{oracle: oracleDir, Path: d}
	for name, data := range files {
		if strings.HasPrefix(name, "bin/") {
			continue // the book's own driver scripts: the run gets its arguments, and bin/ the era's tools
		}
		if err := f.Write(name, []byte(data)); err != nil {
			f.Remove()
			return nil, err
		}
	}
	return f, nil
}

// Write replaces one file of the folder.
func (f *Folder) Write(name string, data []byte) error {
	p := filepath.Join(f.Path, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Delete removes one file of the folder, if present.
func (f *Folder) Delete(name string) {
	os.Remove(filepath.Join(f.Path, filepath.FromSlash(name)))
}

// Remove deletes the folder.
func (f *Folder) Remove() { os.RemoveAll(f.Path) }

// Run runs tool over files (the run's arguments; none means zguide.book
// for mkmarkdown).
func (f *Folder) Run(tool string, files []string) (*Result, error) {
	args := append([]string{tool, f.Path}, files...)
	ctx, cancel := context.WithTimeout(context.Background(), wallTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(f.oracle, "run"), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	if started != nil {
		started(cmd.Process.Pid)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	err, hung := waitOrSpin(cmd.Process.Pid, done)
	if hung || ctx.Err() != nil {
		return nil, ErrHang
	}
	r := &Result{Stdout: out.Bytes(), Stderr: errb.Bytes()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.ExitCode = exit.ExitCode()
		if r.ExitCode == 2 && bytes.HasPrefix(r.Stderr, []byte("run:")) {
			return nil, fmt.Errorf("oracle: %s", bytes.TrimSpace(r.Stderr))
		}
	case err != nil:
		return nil, fmt.Errorf("oracle: %w", err)
	}
	if data, err := os.ReadFile(filepath.Join(f.Path, filepath.FromSlash(BookmarkFile(tool)))); err == nil {
		r.Bookmarks = data
	}
	return r, nil
}

// started, when set (by tests), is told each run's process group.
var started func(pgid int)

// waitOrSpin waits for a run; once it has taken a second it looks at the
// CPU its process group used and kills the group at Timeout of CPU.
func waitOrSpin(pgid int, done <-chan error) (err error, hung bool) {
	select {
	case err := <-done:
		return err, false
	case <-time.After(time.Second):
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err, false
		case <-tick.C:
			if groupCPU(pgid) >= Timeout {
				syscall.Kill(-pgid, syscall.SIGKILL)
				return <-done, true
			}
		}
	}
}

// groupCPU is the user and system time of the live processes of a
// process group, read from /proc (clock ticks of 10 ms).
func groupCPU(pgid int) time.Duration {
	ents, _ := os.ReadDir("/proc")
	var ticks int64
	for _, e := range ents {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// After "pid (comm)": state ppid pgrp session tty tpgid flags
		// minflt cminflt majflt cmajflt utime stime.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 13 || f[2] != strconv.Itoa(pgid) {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + st
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// gluedProgress is a progress line that shared/oracle/run cannot drop
// because `E: undefined symbol "X"` (printed without a newline) glued it to
// the end of a message: the message stays, the progress text goes.
var gluedProgress = regexp.MustCompile(`(E: undefined symbol "[^"\n]*")(?:I: saving signatures\.\.\. \d+ saved|Processing [^\n]*\.\.\.|Converting [^\n]*)\n`)

// Messages is the run's stdout as the tool's messages: with the progress
// text that a glued message kept removed.
func (r *Result) Messages() string {
	return gluedProgress.ReplaceAllString(string(r.Stdout), "$1")
}

// SortedBookmarks is the bookmark file with its lines in byte order: the
// Wikidot and DocBook converters write Perl hash order, which changes from
// run to run; mkmarkdown already sorts. A missing file is "".
func SortedBookmarks(data []byte) string {
	if len(data) == 0 {
		return string(data)
	}
	s := string(data)
	final := strings.HasSuffix(s, "\n")
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	sort.Strings(lines)
	out := strings.Join(lines, "\n")
	if final {
		out += "\n"
	}
	return out
}
