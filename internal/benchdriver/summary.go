package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// summarize reads the JSON lines that -json appended (several runs of
// one or more servers, interleaved) and prints, for each N and figure,
// each server's median and min–max over its runs, servers in the order
// they first appear. Usage: benchdriver -summary FILE.
func summarize(file string) {
	f, err := os.Open(file)
	check(err)
	defer f.Close()
	type key struct {
		server string
		n      int
	}
	runs := map[key][]map[string]float64{}
	var servers []string
	var sizes []int
	figures := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		check(json.Unmarshal(sc.Bytes(), &rec))
		k := key{rec["server"].(string), int(rec["n"].(float64))}
		if !contains(servers, k.server) {
			servers = append(servers, k.server)
		}
		if !containsInt(sizes, k.n) {
			sizes = append(sizes, k.n)
		}
		vals := map[string]float64{}
		for name, v := range rec {
			if x, ok := v.(float64); ok && name != "n" {
				vals[name] = x
				figures[name] = true
			}
		}
		runs[k] = append(runs[k], vals)
	}
	check(sc.Err())
	sort.Ints(sizes)
	names := make([]string, 0, len(figures))
	for name := range figures {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Printf("| N | figure | %s |\n|---|---|%s\n", strings.Join(servers, " | "), strings.Repeat("---|", len(servers)))
	for _, n := range sizes {
		for _, name := range names {
			row := fmt.Sprintf("| %d | %s |", n, name)
			for _, s := range servers {
				var xs []float64
				for _, r := range runs[key{s, n}] {
					if x, ok := r[name]; ok {
						xs = append(xs, x)
					}
				}
				if len(xs) == 0 {
					row += " - |"
					continue
				}
				sort.Float64s(xs)
				row += fmt.Sprintf(" %s (%s–%s, %d runs) |", num(xs[len(xs)/2]), num(xs[0]), num(xs[len(xs)-1]), len(xs))
			}
			fmt.Println(row)
		}
	}
}

func num(x float64) string {
	if x >= 100 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
