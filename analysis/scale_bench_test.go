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

// scaledBook returns the corpus book scaled n times, in memory.
func scaledBook(b *testing.B, n int) (fstest.MapFS, []string) {
	src, _ := filepath.Abs(filepath.Join("..", "..", "shared", "corpus", "zguide-2025"))
	if _, err := os.Stat(src); err != nil {
		b.Skip("corpus not found")
	}
	book, err := scale.Make(src, n)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := book.Write(dir); err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name := range book.Files {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		fsys[name] = &fstest.MapFile{Data: data}
	}
	data, _ := os.ReadFile(filepath.Join(dir, ".bookmarks"))
	fsys[".bookmarks"] = &fstest.MapFile{Data: data}
	return fsys, book.Order
}

var scales = []int{1, 4, 16, 64}

// BenchmarkScaledColdIndex is discovery, scan and link of the whole book
// scaled N times (cost should grow linearly).
func BenchmarkScaledColdIndex(b *testing.B) {
	for _, n := range scales {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			fsys, order := scaledBook(b, n)
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
}

// BenchmarkScaledRelink is one keystroke in the middle chapter of the book
// scaled N times: the edited file is rescanned and the run relinked from
// the previous link, every other scan reused (what the server does per
// edit, without the companion runs). The edit inserts a line, so that the
// headers after it move. Its cost must not grow with N.
func BenchmarkScaledRelink(b *testing.B) {
	for _, n := range scales {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			fsys, order := scaledBook(b, n)
			base, err := analysis.Load(analysis.FS(fsys), analysis.Options{Order: order})
			if err != nil {
				b.Fatal(err)
			}
			var files []analysis.SourceFile
			for _, f := range base.Main.Files {
				files = append(files, f.SourceFile)
			}
			k := len(files) / 2
			orig := files[k].Syntax.Src
			at := bytes.IndexByte(orig[len(orig)/2:], '\n') + len(orig)/2 + 1
			edited := append(append(append([]byte{}, orig[:at]...), "An edited line.\n"...), orig[at:]...)
			variants := [][]byte{edited, orig}
			prev := base.Main
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run := append([]analysis.SourceFile(nil), files...)
				run[k].Syntax = analysis.Scan(variants[i%2], analysis.Classic, files[k].Syntax.Entry)
				next := analysis.Link(analysis.LinkInput{Profile: base.Profile, Files: run, Bookmarks: base.Main.Bookmarks, Prev: prev})
				if &next.Registrations[0] != &prev.Registrations[0] {
					b.Fatal("the edit was not relinked incrementally")
				}
				prev = next
			}
		})
	}
}

// BenchmarkScaledReload is what the server does per keystroke: load the
// whole project again (discovery, every run, the audits) reusing the
// previous project, after one edit in the middle chapter.
func BenchmarkScaledReload(b *testing.B) {
	for _, n := range scales {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			fsys, order := scaledBook(b, n)
			// The server's source hands out the bytes it holds, not copies.
			src := sliceSource{}
			for k, f := range fsys {
				src[k] = f.Data
			}
			prev, err := analysis.Load(src, analysis.Options{Order: order})
			if err != nil {
				b.Fatal(err)
			}
			name := prev.Main.Files[len(prev.Main.Files)/2].Path
			orig := src[name]
			at := bytes.IndexByte(orig[len(orig)/2:], '\n') + len(orig)/2 + 1
			edited := append(append(append([]byte{}, orig[:at]...), "An edited line.\n"...), orig[at:]...)
			variants := [][]byte{edited, orig}
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
