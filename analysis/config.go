package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// ConfigFile is the name of a book's configuration, in the book folder.
const ConfigFile = "bookmarks-ls.toml"

// SevOff is a severity override that drops a diagnostic.
const SevOff Severity = 255

// Config is a book's bookmarks-ls.toml: what the CLI and the server both
// follow. The zero Config is not the default; use DefaultConfig.
type Config struct {
	// Profile forces the main profile; nil detects it.
	Profile *Profile
	// Runs give the tools' run orders, before the driver scripts,
	// zguide.book and the Guide's defaults.
	Runs []ConfigRun
	// Exclude globs: findings in matching files are not reported, and
	// matching files outside every run are not analysed.
	Exclude []string
	// Severity overrides by diagnostic code (SevOff drops the code).
	Severity map[string]Severity
	// CheckOutsideRuns analyses the guide files no run reads (translations).
	CheckOutsideRuns bool
	// OutsideRunsSeverity caps the severity of findings in files outside
	// every run: a translation's errors do not fail the book by default.
	OutsideRunsSeverity Severity
}

// ConfigRun is one [[run]] of the config: a tool and its file arguments.
type ConfigRun struct {
	Tool  string   // mkwikidot, mkdocbook, mkmarkdown, z2w or mkbook
	Files []string // book paths or globs, in run order
}

// DefaultConfig is what a book without bookmarks-ls.toml gets.
func DefaultConfig() *Config {
	return &Config{CheckOutsideRuns: true, OutsideRunsSeverity: SevWarning}
}

// ConfigError is a bad config: the file, the line and the key it is about.
type ConfigError struct {
	File string
	Line int // 1-based; 0 when unknown
	Key  string
	Msg  string
}

func (e *ConfigError) Error() string {
	at := e.File
	if e.Line > 0 {
		at += ":" + strconv.Itoa(e.Line)
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %s", at, e.Key, e.Msg)
	}
	return at + ": " + e.Msg
}

// rawConfig is the file as TOML sees it; ParseConfig checks the values.
type rawConfig struct {
	Profile           *string           `toml:"profile"`
	Runs              []rawRun          `toml:"run"`
	Exclude           []string          `toml:"exclude"`
	Severity          map[string]string `toml:"severity"`
	ForwardReferences *string           `toml:"forwardReferences"`
	CheckOutsideRuns  *bool             `toml:"checkOutsideRuns"`
	OutsideRunsSev    *string           `toml:"outsideRunsSeverity"`
}

type rawRun struct {
	Tool  *string  `toml:"tool"`
	Files []string `toml:"files"`
}

// ParseConfig reads bookmarks-ls.toml. name is used in errors only.
func ParseConfig(name string, src []byte) (*Config, error) {
	var raw rawConfig
	dec := toml.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, tomlError(name, err)
	}
	keys := keyLines(src)
	bad := func(key, format string, args ...any) error {
		return &ConfigError{File: name, Line: keys[key], Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	c := DefaultConfig()
	if raw.Profile != nil {
		p, err := ParseProfile(*raw.Profile)
		if err != nil {
			return nil, bad("profile", "%v", err)
		}
		c.Profile = &p
	}
	for i, r := range raw.Runs {
		key := fmt.Sprintf("run[%d]", i)
		if r.Tool == nil {
			return nil, bad(key, "a [[run]] needs tool = \"mkwikidot\" (or mkdocbook, mkmarkdown, z2w, mkbook)")
		}
		if toolSlot[*r.Tool] == "" && *r.Tool != "mkmarkdown" {
			return nil, bad(key+".tool", "unknown tool %q (want mkwikidot, mkdocbook, mkmarkdown, z2w or mkbook)", *r.Tool)
		}
		if len(r.Files) == 0 {
			return nil, bad(key, "a [[run]] needs files = [\"…\"], the tool's file arguments in order")
		}
		c.Runs = append(c.Runs, ConfigRun{Tool: *r.Tool, Files: r.Files})
	}
	for _, g := range raw.Exclude {
		if !validGlob(g) {
			return nil, bad("exclude", "bad glob %q", g)
		}
	}
	c.Exclude = raw.Exclude
	for code, v := range raw.Severity {
		key := "severity." + code
		if !KnownDiagCode(code) {
			return nil, bad(key, "unknown diagnostic code %q", code)
		}
		sev, ok := parseSeverity(v, true)
		if !ok {
			return nil, bad(key, "severity must be error, warning, information, hint or off, not %q", v)
		}
		if c.Severity == nil {
			c.Severity = map[string]Severity{}
		}
		c.Severity[code] = sev
	}
	if v := raw.ForwardReferences; v != nil {
		sev, ok := parseSeverity(*v, true)
		if !ok || sev == SevError || sev == SevHint {
			return nil, bad("forwardReferences", "must be warning, information or off, not %q", *v)
		}
		// warning is the default: a forward reference that .bookmarks covers
		// stays information.
		if _, set := c.Severity[DiagForwardReference]; !set && sev != SevWarning {
			if c.Severity == nil {
				c.Severity = map[string]Severity{}
			}
			c.Severity[DiagForwardReference] = sev
		}
	}
	if raw.CheckOutsideRuns != nil {
		c.CheckOutsideRuns = *raw.CheckOutsideRuns
	}
	if v := raw.OutsideRunsSev; v != nil {
		sev, ok := parseSeverity(*v, false)
		if !ok {
			return nil, bad("outsideRunsSeverity", "must be error, warning, information or hint, not %q", *v)
		}
		c.OutsideRunsSeverity = sev
	}
	return c, nil
}

// ParseSeverity reads a severity name (error, warning, information, hint).
func ParseSeverity(s string) (Severity, bool) { return parseSeverity(s, false) }

func parseSeverity(s string, off bool) (Severity, bool) {
	switch s {
	case "error":
		return SevError, true
	case "warning":
		return SevWarning, true
	case "information", "info":
		return SevInformation, true
	case "hint":
		return SevHint, true
	case "off":
		return SevOff, off
	}
	return 0, false
}

// tomlError turns the TOML library's error into a ConfigError.
func tomlError(name string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		line, _ := e.Position()
		return &ConfigError{File: name, Line: line, Key: strings.Join(e.Key(), "."), Msg: "unknown key (see README: bookmarks-ls.toml)"}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		// The library names its Go types; say what TOML value was expected.
		if i := strings.Index(msg, " into struct field "); i > 0 {
			want := "another type"
			switch t := msg[strings.LastIndex(msg, " ")+1:]; {
			case t == "bool":
				want = "true or false"
			case strings.HasPrefix(t, "[]"):
				want = "a list"
			case strings.HasPrefix(t, "map["):
				want = "a table"
			case t == "string":
				want = "a string"
			}
			msg = msg[:i] + ", want " + want
		}
		return &ConfigError{File: name, Line: line, Key: strings.Join(de.Key(), "."), Msg: msg}
	}
	return &ConfigError{File: name, Msg: err.Error()}
}
