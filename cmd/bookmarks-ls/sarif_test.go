package main

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// sarifBooks copies the example book to folders whose names need
// percent-encoding, chdirs to their parent and returns the check
// arguments: relative paths with a space and non-ASCII letters, and an
// absolute path.
func sarifBooks(t *testing.T) (dir string, args [][]string) {
	t.Helper()
	examples, _ := filepath.Abs(filepath.Join("..", "..", "examples"))
	dir = t.TempDir()
	for _, name := range []string{"bök with space", "примеры #1"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(examples)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir, [][]string{
		{"bök with space"},
		{"примеры #1"},
		{filepath.Join(dir, "bök with space")},
		{"bök with space", filepath.Join(dir, "примеры #1")},
		{filepath.Join("bök with space", "chapter2.txt")},
	}
}

// TestSARIFLog checks the properties a SARIF consumer relies on, without
// the Multitool: valid percent-encoded URIs that resolve to the files,
// columns in code points, every rule described from the README tables.
func TestSARIFLog(t *testing.T) {
	dir, argsets := sarifBooks(t)
	for _, args := range argsets {
		out, errs, code := cli(t, append([]string{"check", "--format", "sarif"}, args...)...)
		if code != 1 || errs != "" {
			t.Fatalf("%q: status %d, stderr %q", args, code, errs)
		}
		var log sarifLog
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		run := log.Runs[0]
		if run.ColumnKind != "unicodeCodePoints" {
			t.Errorf("%q: columnKind %q", args, run.ColumnKind)
		}
		base, err := url.Parse(run.OriginalURIBaseIDs[srcRoot].URI)
		if err != nil || base.Scheme != "file" || !strings.HasSuffix(base.Path, "/") || filepath.FromSlash(strings.TrimSuffix(base.Path, "/")) != dir {
			t.Fatalf("%q: originalUriBaseIds %+v (err %v), want file URI of %s/", args, run.OriginalURIBaseIDs, err, dir)
		}
		if len(run.Tool.Driver.Rules) < len(rules) {
			t.Errorf("%q: %d rules, want all %d of the README tables", args, len(run.Tool.Driver.Rules), len(rules))
		}
		for _, r := range run.Tool.Driver.Rules {
			if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.HelpURI != rulesHelpURI ||
				(r.DefaultConfiguration.Level != "error" && r.DefaultConfiguration.Level != "warning" && r.DefaultConfiguration.Level != "note") {
				t.Errorf("rule %s is not fully described: %+v", r.ID, r)
			}
		}
		if len(run.Results) == 0 {
			t.Fatalf("%q: no results", args)
		}
		for _, res := range run.Results {
			if res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
				t.Errorf("result %s: ruleIndex %d names another rule", res.RuleID, res.RuleIndex)
			}
			for _, loc := range append(res.Locations, res.RelatedLocations...) {
				a := loc.PhysicalLocation.ArtifactLocation
				for _, c := range a.URI {
					if c == ' ' || c == '#' || c >= utf8.RuneSelf {
						t.Fatalf("%q: URI %q is not percent-encoded", args, a.URI)
					}
				}
				u, err := url.Parse(a.URI)
				if err != nil {
					t.Fatalf("%q: URI %q: %v", args, a.URI, err)
				}
				switch {
				case u.IsAbs():
					if u.Scheme != "file" || a.URIBaseID != "" {
						t.Errorf("%q: absolute URI %q with base %q", args, a.URI, a.URIBaseID)
					}
				case a.URIBaseID != srcRoot || strings.HasPrefix(a.URI, "/"):
					t.Errorf("%q: relative URI %q with base %q", args, a.URI, a.URIBaseID)
				default:
					u = base.ResolveReference(u)
				}
				if _, err := os.Stat(filepath.FromSlash(u.Path)); err != nil {
					t.Errorf("%q: URI %q does not resolve to a file: %v", args, a.URI, err)
				}
			}
		}
	}
}

// TestRulesMatchREADME keeps the SARIF rules equal to the README's
// diagnostics tables, and complete: every code the analysis reports.
func TestRulesMatchREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	section := text[strings.Index(text, "\n## Diagnostics\n"):]
	section = section[:strings.Index(section[1:], "\n## ")+1]
	row := regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| ((?:[^|\\\\]|\\\\.)+) \\| ((?:[^|\\\\]|\\\\.)+) \\| ((?:[^|\\\\]|\\\\.)+) \\|$")
	var got []rule
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		unesc := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), `\|`, "|") }
		got = append(got, rule{m[1], unesc(m[2]), unesc(m[3]), unesc(m[4])})
	}
	if len(got) != len(rules) {
		t.Fatalf("README has %d diagnostic rows, rules.go %d", len(got), len(rules))
	}
	for i := range got {
		if got[i] != rules[i] {
			t.Errorf("row %d: README %+v\nrules.go %+v", i, got[i], rules[i])
		}
	}
	src, _ := os.ReadFile(filepath.Join("..", "..", "analysis", "diagnostic.go"))
	known := map[string]bool{}
	for _, r := range rules {
		known[r.code] = true
	}
	for _, m := range regexp.MustCompile(`Code\w+\s*=\s*"([a-z-]+)"`).FindAllStringSubmatch(string(src), -1) {
		if !known[m[1]] {
			t.Errorf("code %s has no row in the README's diagnostics tables", m[1])
		}
	}
}

// multitool finds the SARIF Multitool: $SARIF_MULTITOOL, or Sarif.Multitool
// or sarif on PATH. CI installs it (npm @microsoft/sarif-multitool-linux)
// and must not skip.
func multitool(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SARIF_MULTITOOL"); p != "" {
		return p
	}
	for _, name := range []string{"Sarif.Multitool", "sarif"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("SARIF Multitool not found (set SARIF_MULTITOOL; .ci/run installs @microsoft/sarif-multitool-linux)")
	}
	t.Skip("SARIF Multitool not found: set SARIF_MULTITOOL to Sarif.Multitool of npm @microsoft/sarif-multitool-linux")
	return ""
}

// TestSARIFMultitool validates the logs with the SARIF Multitool, with the
// SARIF and the GitHub rule sets: no error.
func TestSARIFMultitool(t *testing.T) {
	mt := multitool(t)
	old := version
	version = "v1.2.3" // a release's version; a devel build draws a warning (SARIF2005)
	t.Cleanup(func() { version = old })
	dir, argsets := sarifBooks(t)
	for i, args := range argsets {
		out, _, _ := cli(t, append([]string{"check", "--format", "sarif"}, args...)...)
		in := filepath.Join(dir, "in"+string(rune('0'+i))+".sarif")
		res := filepath.Join(dir, "out"+string(rune('0'+i))+".sarif")
		os.WriteFile(in, []byte(out), 0o644)
		cmd := exec.Command(mt, "validate", "--rule-kind", "Sarif;Gh", "--output", res, in)
		cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1")
		console, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s validate: %v\n%s", mt, err, console)
		}
		b, err := os.ReadFile(res)
		if err != nil {
			t.Fatalf("validator wrote no log: %v\n%s", err, console)
		}
		var v struct {
			Runs []struct {
				Results []struct {
					RuleID  string    `json:"ruleId"`
					Level   string    `json:"level"`
					Message sarifText `json:"message"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(b, &v); err != nil || len(v.Runs) == 0 {
			t.Fatalf("validator log: %v", err)
		}
		errors, warnings := 0, 0
		for _, r := range v.Runs[0].Results {
			switch r.Level {
			case "error":
				errors++
				t.Errorf("check %q: %s: %s", args, r.RuleID, r.Message.Text)
			case "", "warning":
				warnings++
				t.Logf("check %q: warning %s: %s", args, r.RuleID, r.Message.Text)
			}
		}
		t.Logf("check --format sarif %q: %d results, Multitool (SARIF+GitHub rules): %d errors, %d warnings", args, strings.Count(out, `"ruleId"`), errors, warnings)
	}
}
