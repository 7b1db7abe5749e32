package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
)

// runServe serves LSP on stdin/stdout. Logs go to stderr or --log-file,
// never to stdout, which carries the protocol.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("bookmarks-ls", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Bool("stdio", true, "serve on stdin/stdout (the default; accepted for clients that pass it)")
	logFile := fl.String("log-file", "", "write logs to FILE instead of stderr")
	logLevel := fl.String("log-level", "info", "log level: debug, info, warn or error")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the whole session to FILE (for scripts/bench -cpuprofile)")
	memProfile := fl.String("memprofile", "", "write a heap profile (live and allocated) to FILE when the session ends (for scripts/bench -memprofile)")
	if done, status := parseArgs(fl, args, stdout); done {
		return status
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "bookmarks-ls: --cpuprofile: %v\n", err)
			return 2
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if *memProfile == "" {
		// No heap profile is wanted: the sampled allocations' buckets
		// were 1.4 MB of a 38 MB process (N=16, scripts/bench).
		runtime.MemProfileRate = 0
	} else {
		f, err := os.Create(*memProfile)
		if err != nil {
			fmt.Fprintf(stderr, "bookmarks-ls: --memprofile: %v\n", err)
			return 2
		}
		defer func() { runtime.GC(); pprof.Lookup("heap").WriteTo(f, 0); f.Close() }()
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "bookmarks-ls: unknown command %q\n%s", fl.Arg(0), usage)
		return 2
	}
	logger, closeLog, err := newLogger(*logFile, *logLevel, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "bookmarks-ls: %v\n", err)
		return 2
	}
	defer closeLog()

	out, ok := stdout.(io.WriteCloser)
	if !ok {
		out = nopCloser{stdout}
	}
	mem := &memoryPolicy{limit: os.Getenv("GOMEMLIMIT") == "", percent: os.Getenv("GOGC") == ""}
	code, err := lsp.Serve(context.Background(), lsp.NewStdio(stdin, out), lsp.Options{
		Logger:       logger,
		Version:      Version(),
		OnSourceSize: mem.size,
	})
	if err != nil {
		logger.Info("serving ended", zap.Error(err))
	}
	return code
}

// newLogger is the server's logger at level (a --log-level), on logFile
// when not "" or else on stderr; closeLog syncs it and closes the file.
func newLogger(logFile, level string, stderr io.Writer) (logger *zap.Logger, closeLog func(), err error) {
	lv, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, nil, fmt.Errorf("--log-level: %v", err)
	}
	sink := zapcore.AddSync(stderr)
	closeFile := func() {}
	if logFile != "" {
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("--log-file: %v", err)
		}
		closeFile = func() { f.Close() }
		sink = zapcore.AddSync(f)
	}
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	logger = zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(sink), lv))
	return logger, func() { logger.Sync(); closeFile() }, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// memoryPolicy sizes the collector to the books, unless the user set
// GOMEMLIMIT or GOGC.
//
// A large book's heap is mostly what it keeps between keystrokes (the
// sources, about as much index, the open documents): at GOGC=100 the
// heap doubled that between collections. Above 8 MB of sources GOGC=30
// lets it grow by three tenths: on the corpus book scaled 16 times (11.5 MB
// of sources, 21 MB live) peak RSS went 53–56 MB (GOGC=100) → 44–48 MB
// (GOGC=40, with go.lsp.dev v1's larger binary) → 43–44 MB, and at 64
// times 161–168 → 127–135 MB, for a few tenths of a millisecond more CPU
// per keystroke, spent by the collector mostly on the other core
// (scripts/bench; edit→diagnostics median unchanged within noise). A memory limit set
// near the live heap did better at 16 times (40 MB) but made the
// collector run without end at 64 times, while requests grew the heap
// between two publishes: a limit stays a ceiling far above the heap.
//
// The soft memory limit keeps the heap under four times the books' size:
// the collector runs more often for a huge workspace. Small books keep a
// generous floor, so that the limit never makes the collector run for
// nothing.
//
// A small book's live heap is a few megabytes, under the collector's 4 MB
// minimum goal (4 MB × GOGC/100): the percent sets the heap a small book
// grows to between collections. On the corpus book (scripts/bench -n 1
// -requests 1000 -edits 500, five runs each), peak RSS and CPU per
// keystroke were 20.1 MB and 0.53 ms at GOGC=150, 18.9 MB and 0.55 ms at
// 120, 18.3 MB and 0.59 ms at 100 (the collector then runs every fifteen
// or so keystrokes, and the edit latency's 99th percentile doubles).
type memoryPolicy struct {
	limit, percent bool
	// applied is what was set last: the runtime calls stop the world, so
	// they are made only when a value changes, not on every keystroke. The
	// publisher, the only caller, calls from one goroutine.
	applied struct{ limit, percent int64 }
}

func (m *memoryPolicy) size(sourceBytes int64) {
	limit := 4*sourceBytes + 16<<20
	if limit < 128<<20 {
		limit = 128 << 20
	}
	percent := int64(100)
	switch {
	case sourceBytes < 4<<20:
		percent = 120
	case sourceBytes >= 8<<20:
		percent = 30
	}
	if m.limit && limit != m.applied.limit {
		debug.SetMemoryLimit(limit)
	}
	if m.percent && percent != m.applied.percent {
		debug.SetGCPercent(int(percent))
	}
	m.applied.limit, m.applied.percent = limit, percent
}
