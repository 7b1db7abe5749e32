package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	profileName := fl.String("profile", "", "tool profile: mkwikidot, mkdocbook, mkmarkdown, z2w, z2w-2012-11 (default: detected)")
	format := fl.String("format", "text", "output format: text, json, sarif, github or tool")
	fresh := fl.Bool("fresh", false, "simulate a run without bookmark files (a fresh checkout)")
	alone := fl.Bool("alone", false, "build a single file alone, as a translator does, not as part of its book's runs")
	failOn := fl.String("fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or information")
	var exclude []string
	fl.Func("exclude", "glob of files whose findings are not reported (repeatable)", func(g string) error {
		exclude = append(exclude, g)
		return nil
	})
	stdinName := fl.String("stdin-filename", "", "the file whose content PATH - reads from stdin")
	if done, status := parseArgs(fl, args, stdout); done {
		return status
	}
	threshold, ok := analysis.ParseSeverity(*failOn)
	if !ok || threshold == analysis.SevHint {
		fmt.Fprintf(stderr, "bookmarks-ls check: unknown --fail-on %q (want error, warning or information)\n", *failOn)
		return 2
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, "bookmarks-ls check: no PATH given (a book folder or a guide file)")
		return 2
	}
	switch *format {
	case "text", "json", "sarif", "github", "tool":
	default:
		fmt.Fprintf(stderr, "bookmarks-ls check: unknown format %q (want text, json, sarif, github or tool)\n", *format)
		return 2
	}
	if err := stdinArgs(fl.Args(), *stdinName); err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls check:", err)
		return 2
	}
	profile, err := parseProfileFlag(*profileName)
	if err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls check:", err)
		return 2
	}
	targets, err := loadTargets(fl.Args(), loadOptions{profile: profile, fresh: *fresh, alone: *alone, exclude: exclude, stdinName: *stdinName, stdin: cliStdin})
	if err != nil {
		fmt.Fprintln(stderr, "bookmarks-ls check:", err)
		return 2
	}
	all, status := findings(targets, threshold)
	out := newOutput(stdout)
	if err := writeFindings(out, *format, all, targets); err != nil && out.Flush() == nil {
		fmt.Fprintln(stderr, "bookmarks-ls check:", err)
		return 2
	}
	return out.finish("check", stderr, status)
}

// findings lists the targets' reported findings (hints are for the editor,
// beside the text); status is 1 when one is at least as severe as
// threshold.
func findings(targets []*target, threshold analysis.Severity) (all []located, status int) {
	for _, t := range targets {
		for _, d := range t.project.AllDiagnostics() {
			if !t.reported(d.Path) || d.Severity == analysis.SevHint {
				continue
			}
			if d.Severity <= threshold {
				status = 1
			}
			all = append(all, located{t, d})
		}
	}
	return all, status
}

// writeFindings writes the findings in a format of check; an error is
// SARIF's encoding error (write errors are left to output.finish).
func writeFindings(out output, format string, all []located, targets []*target) error {
	switch format {
	case "text":
		for _, l := range all {
			d := l.d
			fmt.Fprintf(out, "%s:%d:%d: %s: %s [%s]\n", l.t.display(d.Path), d.Line+1, l.column(d.Location, d.Col), d.Severity, d.Message, d.Code)
		}
	case "json":
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		for _, l := range all {
			if enc.Encode(l.json()) != nil {
				break // a write error: finish reports it
			}
		}
	case "sarif":
		return writeSARIF(out, all)
	case "github":
		for _, l := range all {
			writeGitHub(out, l)
		}
	case "tool":
		for _, t := range targets {
			io.WriteString(out, t.book.ToolOutput())
		}
	}
	return nil
}

func parseProfileFlag(name string) (*analysis.Profile, error) {
	if name == "" {
		return nil, nil
	}
	p, err := analysis.ParseProfile(name)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// located is a diagnostic with the target it belongs to.
type located struct {
	t *target
	d analysis.Diagnostic
}

// column converts a byte column to a 1-based character column (UTF-8
// characters; an invalid byte counts as one).
func (l located) column(at analysis.Location, byteCol int) int {
	src := l.t.project.Sources[at.Path]
	start := lineStart(src, at.Line)
	end := start + byteCol
	if end > len(src) {
		end = len(src)
	}
	if start > end {
		return byteCol + 1
	}
	return utf8.RuneCount(src[start:end]) + 1
}

// lineStart is the byte offset of 0-based line n (LF-separated).
func lineStart(src []byte, n int) int {
	off := 0
	for i := 0; i < n; i++ {
		j := bytes.IndexByte(src[off:], '\n')
		if j < 0 {
			return len(src)
		}
		off += j + 1
	}
	return off
}

type jsonLocation struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
}

type jsonRelated struct {
	jsonLocation
	Message string `json:"message"`
}

type jsonDiagnostic struct {
	jsonLocation
	Severity string        `json:"severity"`
	Code     string        `json:"code"`
	Message  string        `json:"message"`
	Related  []jsonRelated `json:"related,omitempty"`
}

func (l located) loc(at analysis.Location) jsonLocation {
	return jsonLocation{
		File: l.t.display(at.Path), Line: at.Line + 1, Column: l.column(at, at.Col),
		EndLine: at.Line + 1, EndColumn: l.column(at, at.EndCol),
	}
}

func (l located) json() jsonDiagnostic {
	j := jsonDiagnostic{jsonLocation: l.loc(l.d.Location), Severity: l.d.Severity.String(), Code: l.d.Code, Message: l.d.Message}
	for _, r := range l.d.Related {
		j.Related = append(j.Related, jsonRelated{l.loc(r.Location), r.Message})
	}
	return j
}
