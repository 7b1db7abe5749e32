package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// commands are the subcommands with their synopsis, for --help and
// `bookmarks-ls help CMD`.
var commands = map[string]string{
	"check": `Usage: bookmarks-ls check [flags] PATH...

Reports problems in book folders or single guide files; exit status 1 when an
error is found, 2 on bad usage or unreadable input, 0 otherwise. Flags may come
before or after the PATHs. PATH - reads one guide or bookmark file from stdin,
analysed as the file --stdin-filename names, in its book (for editors that lint
through stdin: ALE, nvim-lint, efm-langserver).
`,
	"bookmarks": `Usage: bookmarks-ls bookmarks [flags] PATH

Prints the bookmark file the profile's tool leaves after one run; --write
replaces it atomically. --repair prints instead the file as a fixed tool
writes it (stale entries removed, titles corrected, missing entries added, the
order of the lines that stay kept). PATH - reads the file --stdin-filename
names from stdin.

--write writes only into a book (bookmarks-ls.toml, zguide.book, a driver
script in bin/ or chapterN.txt: a bookmark file alone is not enough); it holds
an flock on FILE.lock beside the bookmark file (left in place) while it reads
the book again and writes, so writers that take the same lock (such as
flock .bookmarks.lock CMD) never lose each other's entries; through a symlink
it replaces the file the link points to and keeps the link; it refuses a
read-only bookmark file unless --force. Exit status 2 when it writes nothing.
`,
	"version": `Usage: bookmarks-ls version

Prints the version (first line), the commit and the Go release of the build.
`,
	"bookmarks-ls": `Usage: bookmarks-ls [--stdio] [flags]

Serves the Language Server Protocol on stdin/stdout. Logs go to stderr or
--log-file, never to stdout.
`,
}

// parseArgs parses a subcommand's arguments with flags allowed anywhere
// (`check examples --format json`; after "--" everything is a PATH, and "-"
// alone is a PATH). -h, -help and --help print the command's usage on
// stdout. It returns done when the caller must return status at once.
func parseArgs(fl *flag.FlagSet, args []string, stdout io.Writer) (done bool, status int) {
	var flags, paths []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			paths = append(paths, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			paths = append(paths, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if name == "h" || name == "help" {
			printUsage(fl, stdout)
			return true, 0
		}
		flags = append(flags, a)
		if strings.Contains(name, "=") {
			continue
		}
		f := fl.Lookup(name)
		if f == nil {
			continue // Parse reports it
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 == len(args) {
			fmt.Fprintf(fl.Output(), "bookmarks-ls %s: flag needs an argument: %s\n", fl.Name(), a)
			return true, 2
		}
		i++
		flags = append(flags, args[i])
	}
	if err := fl.Parse(append(append(flags, "--"), paths...)); err != nil {
		return true, 2
	}
	return false, 0
}

// printUsage writes a command's synopsis and its flags.
func printUsage(fl *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, commands[fl.Name()])
	if hasFlags(fl) {
		fmt.Fprintln(w, "\nFlags:")
		old := fl.Output()
		fl.SetOutput(w)
		fl.PrintDefaults()
		fl.SetOutput(old)
	}
}

func hasFlags(fl *flag.FlagSet) bool {
	n := 0
	fl.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// runHelp is `bookmarks-ls help [CMD]`.
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return 0
	}
	switch args[0] {
	case "check":
		return runCheck([]string{"--help"}, stdout, stderr)
	case "bookmarks":
		return runBookmarks([]string{"--help"}, stdout, stderr)
	case "version":
		return runVersion([]string{"--help"}, stdout, stderr)
	case "serve", "bookmarks-ls":
		return runServe([]string{"--help"}, nil, stdout, stderr)
	}
	fmt.Fprintf(stderr, "bookmarks-ls help: unknown command %q (want check, bookmarks, version or serve)\n", args[0])
	return 2
}

// runVersion is `bookmarks-ls version`.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("version", flag.ContinueOnError)
	fl.SetOutput(stderr)
	if done, status := parseArgs(fl, args, stdout); done {
		return status
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "bookmarks-ls version: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	printVersion(stdout)
	return 0
}
