package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version overrides the version read from the build information; release
// builds set it with -ldflags "-X main.version=v1.2.3".
var version = ""

// buildInfo is what the binary knows of its own build: the version that
// `version`, the LSP serverInfo and the SARIF driver all report, and the
// commit it was built from when the build stamped one.
type buildInfo struct {
	Version  string // a module version (v1.2.3, a pseudo-version) or devel[-REV][+dirty]
	Revision string // vcs.revision, empty when unknown
	Modified bool   // vcs.modified: built from a tree with uncommitted changes
	Go       string // the Go release that built it
}

// readBuildInfo is the one place that decides the version string.
func readBuildInfo() buildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return fromBuildInfo(info, version)
}

// fromBuildInfo reads the module version and the VCS stamp; override (the
// -ldflags version) wins over both.
func fromBuildInfo(info *debug.BuildInfo, override string) buildInfo {
	b := buildInfo{Version: "devel", Go: runtime.Version()}
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
		if v := info.Main.Version; v != "" && v != "(devel)" {
			// go install module@version, or go build in a VCS checkout
			// (Go 1.24+: a pseudo-version, +dirty when modified).
			b.Version = v
		} else if b.Revision != "" {
			b.Version = "devel-" + short(b.Revision)
			if b.Modified {
				b.Version += "+dirty"
			}
		}
	}
	if override != "" {
		b.Version = override
	}
	return b
}

// Version is the version every output of the binary reports.
func Version() string { return readBuildInfo().Version }

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// printVersion is the `version` command: the version on the first line
// (scripts read that one), then the commit and the toolchain.
func printVersion(w io.Writer) {
	b := readBuildInfo()
	fmt.Fprintln(w, "bookmarks-ls", b.Version)
	if b.Revision != "" {
		mod := ""
		if b.Modified {
			mod = " (modified)"
		}
		fmt.Fprintf(w, "commit %s%s\n", b.Revision, mod)
	}
	fmt.Fprintf(w, "built with %s for %s/%s\n", b.Go, runtime.GOOS, runtime.GOARCH)
}
