package oracle

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"
)

func requireOracle(t *testing.T) string {
	t.Helper()
	dir, err := Dir(".")
	if err == nil {
		err = Available(dir)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the oracle must run in CI: %v", err)
		}
		t.Skipf("oracle not available: %v", err)
	}
	return dir
}

// A run is judged by the CPU it used, not the time it waited: a tool
// starved by a busy machine finishes and is not reported as a hang (10k
// books at nice 19 beside other work reported two), and one that spins is
// stopped after Timeout of CPU.
func TestRunTellsAStarvedRunFromAHang(t *testing.T) {
	dir := requireOracle(t)
	book := map[string]string{"chapter1.txt": "+ Basics\n.bookmark one\n++ One\nSee [#two].\n"}
	hang := map[string]string{"chapter1.txt": ".set X=$(X)\n+ Basics\nA $(X) b\n"}
	defer func(d time.Duration) { Timeout = d }(Timeout)
	Timeout = 500 * time.Millisecond

	// The run is stopped for three times Timeout before it may go on.
	started = func(pgid int) {
		syscall.Kill(-pgid, syscall.SIGSTOP)
		time.AfterFunc(3*Timeout, func() { syscall.Kill(-pgid, syscall.SIGCONT) })
	}
	defer func() { started = nil }()
	f, err := NewFolder(dir, book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Remove()
	r, err := f.Run("mkwikidot", []string{"chapter1.txt"})
	started = nil
	if err != nil {
		t.Fatalf("a small book stopped for a while: %v", err)
	}
	if got, want := r.Messages(), "Undefined bookmark: two\n"; got != want {
		t.Errorf("messages %q, want %q", got, want)
	}

	h, err := NewFolder(dir, hang)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Remove()
	start := time.Now()
	if _, err := h.Run("mkwikidot", []string{"chapter1.txt"}); !errors.Is(err, ErrHang) {
		t.Fatalf("a symbol that names itself: %v, want ErrHang", err)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("the hang was stopped after %v", d)
	}
}
