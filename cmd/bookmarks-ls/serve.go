package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	mem := &memoryPolicy{limit: os.Getenv("GOMEMLIMIT") == "", percent: os.Getenv("GOGC") == "", live: liveHeap}
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
// The soft memory limit keeps the Go runtime's memory near what the books
// need: twice their sources (the bytes, and the index, which is about
// their size) plus 14 MiB (the runtime's own metadata, the open
// documents, the protocol's buffers). The collector then runs when a
// large book's garbage would pass that, instead of letting the heap
// double between collections. On the corpus book scaled 16 times
// (11.5 MB of sources, 21 MB live) peak RSS went 55 → 40 MB for about
// 0.2 ms more CPU per keystroke, spent by the collector on the other core
// (scripts/bench; edit→diagnostics median unchanged). A limit the live
// heap comes near makes the collector run without end: the limit never
// falls below 1.25 times the live heap plus 8 MiB (read at each publish),
// nor below 24 MiB.
//
// A small book's live heap is a few megabytes, under the collector's 4 MB
// minimum goal: at GOGC=100 it ran every five or six keystrokes and took a
// core for a millisecond each time, the largest part of the edit latency's
// 99th percentile. GOGC=200 below 4 MB of sources halves that for a few
// megabytes (RSS 15 → 18 MB on the corpus book, scripts/bench); the limit
// does not bind there.
type memoryPolicy struct {
	limit, percent bool
	// live is the live heap as of the last collection (liveHeap; a test
	// sets its own).
	live func() int64
	// applied is what was set last: the runtime calls stop the world, so
	// they are made only when a value changes, not on every keystroke. The
	// publisher, the only caller, calls from one goroutine.
	applied struct{ limit, percent int64 }
}

func (m *memoryPolicy) size(sourceBytes int64) {
	limit := 2*sourceBytes + 14<<20
	if m.live != nil {
		if live := m.live(); live+live/4+8<<20 > limit {
			limit = live + live/4 + 8<<20
		}
	}
	limit = max(limit, 24<<20)
	limit = (limit + 1<<20 - 1) &^ (1<<20 - 1) // whole MiB: a live heap that moves a little does not reset it
	percent := int64(100)
	if sourceBytes < 4<<20 {
		percent = 200
	}
	if m.limit && limit != m.applied.limit {
		debug.SetMemoryLimit(limit)
	}
	if m.percent && percent != m.applied.percent {
		debug.SetGCPercent(int(percent))
	}
	m.applied.limit, m.applied.percent = limit, percent
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}
