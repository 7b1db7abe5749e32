// Command benchdriver builds bookmarks-ls, drives it over stdio on the
// corpus book scaled N times and prints one table: start-up, the first
// diagnostics of every file, request latencies, edit-to-diagnostics
// latency and peak RSS. Run it through scripts/bench.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	lspuri "go.lsp.dev/uri"

	"github.com/bookmarks-ls/bookmarks-ls/internal/scale"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus/zguide-2025", "book to scale")
	sizes := flag.String("n", "1,16,64", "scale factors")
	reqs := flag.Int("requests", 200, "requests of each kind")
	edits := flag.Int("edits", 200, "edits")
	profiles := flag.String("cpuprofile", "", "write the server's CPU profile for each N to DIR/serve-N<n>.prof")
	memProfiles := flag.String("memprofile", "", "write the server's heap profile at the end of each N's session to DIR/heap-N<n>.prof")
	floor := flag.String("floor", "", "internal: serve as the raw floor server with the results recorded in FILE")
	floorJSON := flag.String("floor-json", "", "internal: serve as the JSON-RPC floor server with the results recorded in FILE")
	summary := flag.String("summary", "", "instead: print median and min–max of each figure over the runs that -json appended to FILE, by server and N")
	jsonOut := flag.String("json", "", "also append each N's figures (microseconds, kB) to FILE as one JSON object a line")
	open := flag.String("open-folder", "", "instead: open this folder (e.g. /) as the workspace and time the walk, a chapter's diagnostics and a hover")
	chapter := flag.String("chapter", "../shared/corpus/zguide-2025/chapter1.txt", "with -open-folder: the chapter to open")
	server := flag.String("server", "", "drive this bookmarks-ls binary instead of building ./cmd/bookmarks-ls (to compare two builds with one driver)")
	flag.Parse()
	if *floor != "" {
		serveFloor(*floor)
		return
	}
	if *summary != "" {
		summarize(*summary)
		return
	}
	if *floorJSON != "" {
		serveFloorJSON(*floorJSON)
		return
	}
	// The driver shares the machine's two cores with the server: its own
	// collector (a 53 KB completion answer per request) must not run every
	// few milliseconds while it measures. Its heap stays a few megabytes.
	debug.SetGCPercent(1000)
	tmp, err := os.MkdirTemp("", "bookmarks-bench-")
	check(err)
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bookmarks-ls")
	if *server != "" {
		bin, err = filepath.Abs(*server)
		check(err)
	} else if out, err := releaseBuild(bin).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	if *open != "" {
		ch, err := filepath.Abs(*chapter)
		check(err)
		openFolder(bin, *open, ch)
		return
	}
	host, _ := os.Hostname()
	fmt.Printf("bookmarks-ls over stdio, %s, %d cores (%s), %s\n\n", time.Now().Format("2006-01-02"), runtime.NumCPU(), host, runtime.Version())
	fmt.Println("| N | book | initialize | all files' first diagnostics | definition p50/p99 | hover p50/p99 | completion `[#` p50/p99 | references p50/p99 | edit→diagnostics p50/p99 | server CPU per edit | peak RSS | definition/hover/references p50 ÷ raw floor's | ÷ JSON-RPC floor's |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		check(err)
		book, err := scale.Make(*corpus, n)
		check(err)
		dir := filepath.Join(tmp, "n"+strconv.Itoa(n))
		check(os.MkdirAll(dir, 0o755))
		check(book.Write(dir))
		r := measure(bin, dir, book, *reqs, *edits, profileArgs(*profiles, *memProfiles, n)...)
		raw, rpc := r.raw, r.rpc
		fmt.Printf("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f MB | %s | %s |\n", n, book.Describe(), ms(r.init), ms(r.diags),
			pct(r.lat["definition"]), pct(r.lat["hover"]), pct(r.lat["completion"]), pct(r.lat["references"]), pct(r.lat["edit"]), ms(r.cpu["edit"]), float64(r.rssKB)/1024,
			floorRatios(r.lat, raw), floorRatios(r.lat, rpc))
		if *jsonOut != "" {
			writeJSON(*jsonOut, bin, n, r, raw, rpc)
		}
	}
}

// profileArgs are the server's flags that write its CPU profile to
// cpuDir and its heap profile to memDir (either "": none) for scale n.
func profileArgs(cpuDir, memDir string, n int) []string {
	var args []string
	if cpuDir != "" {
		abs, err := filepath.Abs(filepath.Join(cpuDir, "serve-N"+strconv.Itoa(n)+".prof"))
		check(err)
		args = []string{"--cpuprofile", abs}
	}
	if memDir != "" {
		abs, err := filepath.Abs(filepath.Join(memDir, "heap-N"+strconv.Itoa(n)+".prof"))
		check(err)
		args = append(args, "--memprofile", abs)
	}
	return args
}

// floorRatios is the table's cell for one floor: the server's median
// definition, hover and references latencies divided by the floor's, and
// the floor's medians.
func floorRatios(lat, fl map[string][]time.Duration) string {
	var rs, fs []string
	for _, kind := range []string{"definition", "hover", "references"} {
		ratio := "-" // not timed (-requests 0)
		if len(lat[kind]) > 0 && len(fl[kind]) > 0 {
			ratio = strconv.FormatFloat(float64(median(lat[kind]))/float64(median(fl[kind])), 'f', 2, 64)
		}
		rs = append(rs, ratio)
		fs = append(fs, ms(median(fl[kind])))
	}
	return strings.Join(rs, " / ") + " (floor " + strings.Join(fs, " / ") + ")"
}

// writeJSON appends one N's figures to file: medians and 99th percentiles
// in microseconds (fractional), peak RSS in kB, the two floors' medians.
func writeJSON(file, bin string, n int, r result, raw, rpc map[string][]time.Duration) {
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1000 }
	rec := map[string]any{"server": bin, "n": n, "init_us": us(r.init), "diags_us": us(r.diags), "rss_kb": r.rssKB}
	for kind, d := range r.lat {
		if len(d) == 0 {
			continue // -edits 0 or -requests 0
		}
		sortDurations(d)
		rec[kind+"_p50_us"] = us(d[len(d)/2])
		rec[kind+"_p99_us"] = us(d[len(d)*99/100])
	}
	for kind, d := range r.cpu {
		rec[kind+"_cpu_us"] = us(d)
	}
	for kind := range raw {
		rec["floor_raw_"+kind+"_us"] = us(median(raw[kind]))
		rec["floor_json_"+kind+"_us"] = us(median(rpc[kind]))
		if lat := r.lat[kind]; len(lat) > 0 && !strings.HasSuffix(kind, "_cpu") {
			// The ratios of one run: their median over runs is the figure.
			rec[kind+"_per_raw_floor"] = float64(median(lat)) / float64(median(raw[kind]))
			rec[kind+"_per_json_floor"] = float64(median(lat)) / float64(median(rpc[kind]))
		}
	}
	line, err := json.Marshal(rec)
	check(err)
	fh, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	check(err)
	_, err = fh.Write(append(line, '\n'))
	check(err)
	check(fh.Close())
}

type result struct {
	init, diags time.Duration
	lat         map[string][]time.Duration
	cpu         map[string]time.Duration // the server's CPU time per request or edit, all threads
	rssKB       int
	// raw and rpc are the floors' latencies by kind, and their CPU per
	// request as a one-element series under kind+"_cpu".
	raw, rpc map[string][]time.Duration
}

func measure(bin, dir string, book *scale.Book, reqs, edits int, args ...string) result {
	res := result{lat: map[string][]time.Duration{}, cpu: map[string]time.Duration{}, raw: map[string][]time.Duration{}, rpc: map[string][]time.Duration{}}
	start := time.Now()
	cmd, c := startClient(bin, append([]string{"--log-level", "error"}, args...)...)
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
	uri := func(name string) string { return root + "/" + name }
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": root, "capabilities": map[string]any{
		"general": map[string]any{"positionEncodings": []string{"utf-16"}},
		// As VS Code and Neovim 0.10+ declare: the completion list's edit range comes once,
		// and hovers may be Markdown (so does Eglot with markdown-mode installed).
		"textDocument": map[string]any{
			"completion": map[string]any{"completionList": map[string]any{"itemDefaults": []string{"commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"}}},
			"hover":      map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
		},
	}})
	res.init = time.Since(start)
	c.notify("initialized", map[string]any{})
	want := append([]string{".bookmarks"}, book.Order...)
	for {
		all := true
		for _, f := range want {
			if c.publishes(uri(f)) == 0 {
				all = false
			}
		}
		if all {
			break
		}
		<-c.changed
	}
	res.diags = time.Since(start)

	target := book.Order[len(book.Order)/2]
	text := string(book.Files[target])
	ref := strings.Index(text, "[#")
	if ref < 0 {
		target, text = "chapter1.txt", string(book.Files["chapter1.txt"])
		ref = strings.Index(text, "[#")
	}
	pos := position(text, ref+3)
	after := position(text, ref+2)
	bm := strings.Index(text, ".bookmark ") + len(".bookmark ")
	tdp := protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: lspuri.URI(uri(target))}, Position: pos}
	queries := []query{
		{"definition", "textDocument/definition", tdp},
		{"hover", "textDocument/hover", tdp},
		{"completion", "textDocument/completion", protocol.TextDocumentPositionParams{TextDocument: tdp.TextDocument, Position: after}},
		{"references", "textDocument/references", map[string]any{"textDocument": tdp.TextDocument, "position": position(text, bm), "context": map[string]any{"includeDeclaration": true}}},
	}
	timeQueries(c, cmd, &res, queries, reqs)

	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lspuri.URI(uri(target)), LanguageID: "zguide", Version: 1, Text: text}})
	cpu0 := cpuTime(cmd.Process.Pid)
	res.lat["edit"] = timeEdits(c, uri(target), text, edits)
	if edits > 0 {
		res.cpu["edit"] = (cpuTime(cmd.Process.Pid) - cpu0) / time.Duration(edits)
	}
	res.rssKB = peakRSS(cmd.Process.Pid)
	c.call("shutdown", nil)
	c.notify("exit", nil)
	_ = cmd.Wait()
	return res
}

// query is one kind of timed request.
type query struct {
	kind, method string
	params       any
}

// timeQueries times each query reqs times on the server and, but
// completion, on each floor: from the request written (encoded before) to
// the last byte of its response read. They take turns by blocks: a block
// is short enough that the three see the same machine, long enough that
// each answers warm, as when requests follow each other.
func timeQueries(c *wireClient, cmd *exec.Cmd, res *result, queries []query, reqs int) {
	// The floors answer with what the server answers.
	recorded := floorResults{}
	for _, q := range queries {
		recorded[q.method] = c.doKept(c.request(q.method, q.params))
	}
	raw, rpc := startFloor("-floor", recorded), startFloor("-floor-json", recorded)
	defer raw.stop()
	defer rpc.stop()
	const block = 25
	for _, q := range queries {
		floors := q.kind != "completion" && reqs > 0
		cpu0, raw0, rpc0 := cpuTime(cmd.Process.Pid), cpuTime(raw.cmd.Process.Pid), cpuTime(rpc.cmd.Process.Pid)
		for done := 0; done < reqs; done += block {
			k := min(block, reqs-done)
			for range k {
				id, data := c.request(q.method, q.params)
				t0 := time.Now()
				c.do(id, data)
				res.lat[q.kind] = append(res.lat[q.kind], time.Since(t0))
			}
			for i := 0; floors && i < k; i++ {
				res.raw[q.kind] = append(res.raw[q.kind], raw.time(q.method, q.params))
			}
			for i := 0; floors && i < k; i++ {
				res.rpc[q.kind] = append(res.rpc[q.kind], rpc.time(q.method, q.params))
			}
		}
		if reqs == 0 {
			continue
		}
		res.cpu[q.kind] = (cpuTime(cmd.Process.Pid) - cpu0) / time.Duration(reqs)
		if floors {
			res.raw[q.kind+"_cpu"] = []time.Duration{(cpuTime(raw.cmd.Process.Pid) - raw0) / time.Duration(reqs)}
			res.rpc[q.kind+"_cpu"] = []time.Duration{(cpuTime(rpc.cmd.Process.Pid) - rpc0) / time.Duration(reqs)}
		}
	}
}

// timeEdits times n edits in the middle of an open file, each from the
// didChange written to the file's next publishDiagnostics read; the edits
// insert a reference and take it out again, in turn.
func timeEdits(c *wireClient, uri, text string, n int) []time.Duration {
	var lat []time.Duration
	mid := strings.Index(text[len(text)/2:], "\n") + len(text)/2 + 1
	at := position(text, mid)
	for i := 0; i < n; i++ {
		before := c.publishes(uri)
		r := protocol.Range{Start: at, End: at}
		insert := "[#zz] "
		if i%2 == 1 {
			r.End.Character += 6
			insert = ""
		}
		data := frame(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": i + 2}, "contentChanges": []any{map[string]any{"range": r, "text": insert}},
		}})
		t0 := time.Now()
		c.write(data)
		for c.publishes(uri) == before {
			select {
			case <-c.changed:
			case <-time.After(10 * time.Second):
				fmt.Fprintln(os.Stderr, "no publish after an edit")
				os.Exit(1)
			}
		}
		lat = append(lat, time.Since(t0))
	}
	return lat
}

// position is the UTF-16 position of a byte offset.
func position(text string, off int) protocol.Position {
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	units := 0
	for _, r := range text[start:off] {
		units++
		if r > 0xFFFF {
			units++
		}
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// cpuTime is the CPU time a process's threads have run, from
// /proc/PID/task/*/schedstat (nanoseconds, unlike the clock ticks of
// /proc/PID/stat): the work a request or an edit costs the server,
// whatever the machine's load adds to its latency. 0 without /proc.
func cpuTime(pid int) time.Duration {
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/schedstat")
	var total time.Duration
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		if f := strings.Fields(string(data)); len(f) > 0 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			total += time.Duration(ns)
		}
	}
	return total
}

// peakRSS reads VmHWM (kB) from /proc.
func peakRSS(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

func pct(d []time.Duration) string {
	if len(d) == 0 {
		return "-"
	}
	sortDurations(d)
	return ms(d[len(d)/2]) + " / " + ms(d[len(d)*99/100])
}

func sortDurations(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64) + " ms"
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// releaseBuild builds the server as scripts/release does (static, with
// -trimpath): the binary measured is the one users run. A cgo build links
// libc, which alone adds about 1.3 MB to the peak RSS.
func releaseBuild(out string) *exec.Cmd {
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "./cmd/bookmarks-ls")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	return cmd
}
