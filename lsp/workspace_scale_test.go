package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// scaleBook is a one-chapter book whose only reference is undefined, so
// that its first diagnostics say it was indexed.
const scaleChapter = ".bookmark intro\n+ Intro\n\nSee [#intro] and [#missing].\n"

// scaleBook is the chapter of book i of a scale workspace; books < 0 is
// one book at the root, which then holds every other file.
func scaleBook(books, i int) string {
	if books < 0 {
		return "chapter1.txt"
	}
	return fmt.Sprintf("book%d/chapter1.txt", i)
}

// writeScaleWorkspace writes books book0…book{books-1} (one chapter each;
// books < 0: one at the root) and junk empty files spread over nested
// folders under junk/.
func writeScaleWorkspace(tb testing.TB, dir string, books, junk int) map[string]string {
	tb.Helper()
	files := map[string]string{}
	for i := 0; i < max(books, 1); i++ {
		name := scaleBook(books, i)
		files[name] = scaleChapter
		writeFile(tb, filepath.Join(dir, name), scaleChapter)
	}
	for i := 0; i < junk; i++ {
		d := filepath.Join(dir, "junk", fmt.Sprintf("d%03d", i%200), fmt.Sprintf("e%02d", (i/200)%50))
		if i < 10000 {
			if err := os.MkdirAll(d, 0o755); err != nil {
				tb.Fatal(err)
			}
		}
		f, err := os.Create(filepath.Join(d, fmt.Sprintf("f%d.c", i)))
		if err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
	return files
}

func writeFile(tb testing.TB, name, text string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// createdBurst sends n Created events for new .txt files outside every
// book, in notifications of 100, as a client does after a checkout. (The
// files are not written: only a Deleted event looks at the disk.)
func (e *env) createdBurst(ctx context.Context, n int) {
	e.t.Helper()
	var changes []protocol.FileEvent
	flush := func() {
		if len(changes) == 0 {
			return
		}
		if err := e.c.Notify(ctx, "workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: changes}); err != nil {
			e.t.Fatal(err)
		}
		changes = nil
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("junk/new%d/n%d.txt", i%20, i)
		changes = append(changes, protocol.FileEvent{URI: e.uri(name), Type: protocol.FileChangeTypeCreated})
		if len(changes) == 100 {
			flush()
		}
	}
	flush()
}

// hoverIntro hovers the reference of book i and returns how long it took.
func (e *env) hoverIntro(ctx context.Context, name string) time.Duration {
	e.t.Helper()
	start := time.Now()
	var h protocol.Hover
	err := e.c.Call(ctx, "textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri(name)}, Position: e.pos(name, "[#intro]", 3),
	}}, &h)
	if err != nil {
		e.t.Fatalf("no hover within %v of a burst of file events: %v", burstBound, err)
	}
	if !strings.Contains(lsptest.HoverText(h), "Intro") {
		e.t.Errorf("hover on [#intro] of %s shows %q, not the Intro section", name, lsptest.HoverText(h))
	}
	return time.Since(start)
}

// burstBound is how long a burst of file events and the hover after it
// may take before a test calls the server frozen (it took minutes).
const burstBound = 45 * time.Second

// scaleRun indexes a workspace of books and junk files, then absorbs a
// burst of created files while a hover is asked for. It returns the time
// to the first diagnostics and the hover's latency after the burst.
func scaleRun(tb testing.TB, books, junk, burst int) (first, hover time.Duration) {
	dir := tb.(interface{ TempDir() string }).TempDir()
	files := writeScaleWorkspace(tb, dir, books, junk)
	start := time.Now()
	e := newEnvAt(tb, dir, files)
	for i := 0; i < max(books, 1); i++ {
		e.diagnostics(scaleBook(books, i), func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "undefined-bookmark" })
	}
	first = time.Since(start)
	start = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), burstBound)
	defer cancel()
	e.createdBurst(ctx, burst)
	hover = e.hoverIntro(ctx, scaleBook(books, max(books, 1)-1))
	tb.Logf("%s, %d other files: first diagnostics %v; %d created events and a hover %v (hover alone %v)", scaleName(books), junk, first, burst, time.Since(start), hover)
	return first, hover
}

func scaleName(books int) string {
	if books < 0 {
		return "1 book at the root"
	}
	return fmt.Sprintf("%d books", books)
}

// A burst of created files neither freezes the server nor rescans the
// workspace per event: the hover that follows it answers.
func TestCreatedBurstInLargeWorkspaceKeepsServing(t *testing.T) {
	scaleRun(t, 1, 20000, 2000)
}

// The same with the book at the root, holding every file.
func TestCreatedBurstInLargeRootBookKeepsServing(t *testing.T) {
	scaleRun(t, -1, 20000, 2000)
}

// Many books: discovery and indexing stay linear in files + books.
func TestManyBooksIndexAndServe(t *testing.T) {
	scaleRun(t, 100, 20000, 2000)
}

// A folder with more files than the cap is listed up to it, and the user
// is told why books beyond it are missing.
func TestWorkspaceListingCapIsShown(t *testing.T) {
	dir := t.TempDir()
	files := writeScaleWorkspace(t, dir, 1, 60)
	e := newEnvServer(t, dir, files, func(s *lsp.Server) { s.MaxFiles = 50 })
	msg := e.waitMessage("window/showMessage", func(raw json.RawMessage) bool { return strings.Contains(string(raw), "files") })
	want := "bookmarks-ls: " + dir + " holds more than 50 files; only the first 50 were listed, so books beyond them are not served. Open the book's own folder instead."
	if !strings.Contains(msg, want) {
		t.Errorf("showMessage %s, want %q", msg, want)
	}
	// book0/ sorts before junk/: it was listed and is served.
	e.diagnostics("book0/chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "undefined-bookmark" })
}

// Books inside VCS, dependency and hidden folders are not walked into:
// only the workspace's own book is served.
func TestWorkspaceWalkSkipsVCSAndDependencies(t *testing.T) {
	var archive strings.Builder
	archive.WriteString("-- chapter1.txt --\n" + scaleChapter)
	skipped := []string{".git", ".hg", ".svn", "node_modules/pkg", "vendor/lib", ".cache"}
	for _, d := range skipped {
		archive.WriteString("-- " + d + "/chapter1.txt --\n" + scaleChapter)
	}
	e := newEnv(t, archive.String())
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "undefined-bookmark" })
	// One publish round covers every book: the root's is out, so any other would be too.
	for _, m := range e.c.Messages("textDocument/publishDiagnostics") {
		var p protocol.PublishDiagnosticsParams
		if (lsp.Codec{}).Unmarshal(m.Params, &p) == nil && p.URI != e.uri("chapter1.txt") {
			t.Errorf("diagnostics published for %s, a folder the walk should skip", p.URI)
		}
	}
}

// BenchmarkLargeWorkspace reports the time to the first diagnostics and
// the hover latency after a burst of 2,000 created files, with
// BOOKMARKS_SCALE_FILES other files (200,000 unless set):
//
//	go test ./lsp -run '^$' -bench LargeWorkspace -benchtime 1x -timeout 30m
func BenchmarkLargeWorkspace(b *testing.B) {
	junk := 200_000
	if n, err := strconv.Atoi(os.Getenv("BOOKMARKS_SCALE_FILES")); err == nil {
		junk = n
	}
	for _, books := range []int{1, -1, 100} {
		b.Run(strings.ReplaceAll(scaleName(books), " ", "-"), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				first, hover := scaleRun(b, books, junk, 2000)
				b.ReportMetric(float64(first.Milliseconds()), "first-diagnostics-ms")
				b.ReportMetric(float64(hover.Microseconds())/1000, "hover-after-burst-ms")
			}
		})
	}
}
