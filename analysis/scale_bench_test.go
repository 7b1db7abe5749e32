package analysis_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
	"github.com/bookmarks-ls/bookmarks-ls/internal/scale"
)

// scaledBooks are the books the scaled benchmarks grow: the corpus book
// and the project's example book, from the analysis folder.
var scaledBooks = []struct{ name, dir string }{
	{"zguide-2025", filepath.Join("..", "..", "shared", "corpus", "zguide-2025")},
	{"example", filepath.Join("..", "examples")},
}

// forScales runs f for each book at each scale, as book/N=n.
func forScales(b *testing.B, f func(b *testing.B, fsys fstest.MapFS, order []string)) {
	for _, bk := range scaledBooks {
		for _, n := range scales {
			b.Run(fmt.Sprintf("%s/N=%d", bk.name, n), func(b *testing.B) {
				fsys, order := scaledBook(b, bk.dir, n)
				f(b, fsys, order)
			})
		}
	}
}

// scaledBook returns the book in dir scaled n times, in memory.
func scaledBook(b testing.TB, dir string, n int) (fstest.MapFS, []string) {
	src, _ := filepath.Abs(dir)
	if _, err := os.Stat(src); err != nil {
		b.Skip("book not found: " + src)
	}
	book, err := scale.Make(src, n)
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	if err := book.Write(out); err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name := range book.Files {
		data, _ := os.ReadFile(filepath.Join(out, name))
		fsys[name] = &fstest.MapFile{Data: data}
	}
	data, _ := os.ReadFile(filepath.Join(out, ".bookmarks"))
	fsys[".bookmarks"] = &fstest.MapFile{Data: data}
	return fsys, book.Order
}

var scales = []int{1, 4, 16, 64}

// BenchmarkScaledColdIndex is discovery, scan and link of the whole book
// scaled N times (cost should grow linearly).
func BenchmarkScaledColdIndex(b *testing.B) {
	forScales(b, func(b *testing.B, fsys fstest.MapFS, order []string) {
		size := 0
		for _, f := range fsys {
			size += len(f.Data)
		}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := analysis.Load(analysis.FS(fsys), analysis.Options{Order: order}); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		// Heap in use after indexing, relative to the source size.
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		p, _ := analysis.Load(analysis.FS(fsys), analysis.Options{Order: order})
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/float64(size), "heap-bytes/source-byte")
		runtime.KeepAlive(p)
	})
}

// keystroke is the benchmarks' edit: a line inserted in the middle of a
// file, so that the headers after it move. It is made in the file nearest
// the middle of the run that relinks alone: the example book's middle
// chapters hold a code block left open across them on purpose, and such an
// edit relinks the whole run (relink.go).
func keystroke(b *testing.B, base *analysis.Project) (k int, variants [][]byte) {
	var files []analysis.SourceFile
	for _, f := range base.Main.Files {
		files = append(files, f.SourceFile)
	}
	mid := len(files) / 2
	for d := 0; d < len(files); d++ {
		for _, k := range []int{mid + d, mid - d} {
			if k < 0 || k >= len(files) {
				continue
			}
			orig := files[k].Syntax.Src
			at := bytes.IndexByte(orig[len(orig)/2:], '\n') + len(orig)/2 + 1
			edited := append(append(append([]byte{}, orig[:at]...), "An edited line.\n"...), orig[at:]...)
			run := append([]analysis.SourceFile(nil), files...)
			run[k].Syntax = analysis.Scan(edited, analysis.Classic, files[k].Syntax.Entry)
			next := analysis.Link(analysis.LinkInput{Profile: base.Profile, Files: run, Bookmarks: base.Main.Bookmarks, Symbols: base.Layout.BookSymbols, Prev: base.Main})
			if &next.Registrations[0] == &base.Main.Registrations[0] {
				return k, [][]byte{edited, orig}
			}
		}
	}
	b.Fatal("no file of the book relinks alone")
	return 0, nil
}

// BenchmarkScaledRelink is one keystroke in the middle of the book scaled
// N times: the edited file is rescanned and the run relinked from the
// previous link, every other scan reused (what the server does per edit,
// without the companion runs). Its cost must not grow with N.
func BenchmarkScaledRelink(b *testing.B) {
	forScales(b, func(b *testing.B, fsys fstest.MapFS, order []string) {
		base, err := analysis.Load(analysis.FS(fsys), analysis.Options{Order: order})
		if err != nil {
			b.Fatal(err)
		}
		var files []analysis.SourceFile
		for _, f := range base.Main.Files {
			files = append(files, f.SourceFile)
		}
		k, variants := keystroke(b, base)
		prev := base.Main
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			run := append([]analysis.SourceFile(nil), files...)
			run[k].Syntax = analysis.Scan(variants[i%2], analysis.Classic, files[k].Syntax.Entry)
			next := analysis.Link(analysis.LinkInput{Profile: base.Profile, Files: run, Bookmarks: base.Main.Bookmarks, Symbols: base.Layout.BookSymbols, Prev: prev})
			if &next.Registrations[0] != &prev.Registrations[0] {
				b.Fatal("the edit was not relinked incrementally")
			}
			prev = next
		}
	})
}

// BenchmarkScaledReload is what the server does per keystroke: load the
// whole project again (discovery, every run, the audits) reusing the
// previous project, after the same edit.
func BenchmarkScaledReload(b *testing.B) {
	forScales(b, func(b *testing.B, fsys fstest.MapFS, order []string) {
		src, prev := loadSlices(b, fsys, order)
		k, variants := keystroke(b, prev)
		name := prev.Main.Files[k].Path
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			src[name] = variants[i%2]
			next, err := analysis.Load(src, analysis.Options{Order: order, Reuse: prev})
			if err != nil {
				b.Fatal(err)
			}
			prev = next
		}
	})
}

// loadSlices loads a book from a source that hands out the bytes it
// holds, not copies, as the server's does.
func loadSlices(b *testing.B, fsys fstest.MapFS, order []string) (sliceSource, *analysis.Project) {
	src := sliceSource{}
	for k, f := range fsys {
		src[k] = f.Data
	}
	p, err := analysis.Load(src, analysis.Options{Order: order})
	if err != nil {
		b.Fatal(err)
	}
	return src, p
}

// sliceSource is a book in memory that returns the slices it holds.
type sliceSource map[string][]byte

func (m sliceSource) Files() ([]string, error) {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

func (m sliceSource) ReadFile(name string, limit int64) ([]byte, error) {
	data, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return data, nil
}

// BenchmarkScaledKeystroke is the edit scripts/bench times, in process:
// "[#zz] " typed at the start of the middle line of the run's middle file
// and taken out again, in turn, each followed by what the server does per
// keystroke (Load reusing the previous project). Heap-MB is the live heap
// after the last Load, with the sources held; reproduce with
//
//	go test -run '^$' -bench 'ScaledKeystroke/zguide-2025' -benchmem ./analysis
//
// (add -cpuprofile/-memprofile to see where it goes).
func BenchmarkScaledKeystroke(b *testing.B) {
	forScales(b, func(b *testing.B, fsys fstest.MapFS, order []string) {
		src, prev := loadSlices(b, fsys, order)
		name := order[len(order)/2]
		orig := src[name]
		at := bytes.IndexByte(orig[len(orig)/2:], '\n') + len(orig)/2 + 1
		typed := append(append(append([]byte{}, orig[:at]...), "[#zz] "...), orig[at:]...)
		variants := [][]byte{typed, orig}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			src[name] = variants[i%2]
			next, err := analysis.Load(src, analysis.Options{Order: order, Reuse: prev})
			if err != nil {
				b.Fatal(err)
			}
			prev = next
		}
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
		runtime.KeepAlive(prev)
	})
}
