package analysis

// profile is the main profile a config asks for: its profile key, else
// the tool of its first run.
func (c *Config) profile() (Profile, bool) {
	if c.Profile != nil {
		return *c.Profile, true
	}
	if len(c.Runs) > 0 {
		switch c.Runs[0].Tool {
		case "mkwikidot":
			return Mkwikidot, true
		case "mkdocbook":
			return Mkdocbook, true
		case "mkbook":
			return Mkbook, true
		case "mkmarkdown":
			return Mkmarkdown, true
		case "z2w":
			return Z2W, true
		}
	}
	return 0, false
}

// excluded reports whether a book path matches an exclude glob.
func excluded(c *Config, opts Options, p string) bool {
	for _, g := range c.Exclude {
		if MatchGlob(g, p) {
			return true
		}
	}
	for _, g := range opts.Exclude {
		if MatchGlob(g, p) {
			return true
		}
	}
	return false
}

// applyConfig rewrites the project's diagnostics as the config says:
// excluded files report nothing, a code's severity is overridden or the
// code is dropped, and findings in files outside every run are capped
// (translations are reported without failing the book). The links keep
// the tools' own severities; only what is reported changes.
func (p *Project) applyConfig(c *Config, opts Options) {
	if len(c.Exclude) == 0 && len(opts.Exclude) == 0 && len(c.Severity) == 0 && len(opts.Severity) == 0 && !p.hasOutside(opts) {
		return
	}
	// Keys stay, empty: the server publishes every key, clearing the file.
	for path, ds := range p.Diagnostics {
		if excluded(c, opts, path) {
			p.Diagnostics[path] = nil
			continue
		}
		outside := opts.Translation || p.outsideRuns(path)
		var out []Diagnostic
		for i, d := range ds {
			sev, keep := policySeverity(c, opts, d, outside)
			if out == nil && keep && sev == d.Severity {
				continue // unchanged so far: per keystroke, most files are
			}
			if out == nil {
				out = append(make([]Diagnostic, 0, len(ds)), ds[:i]...)
			}
			if keep {
				d.Severity = sev
				out = append(out, d)
			}
		}
		if out != nil {
			p.Diagnostics[path] = out
		}
	}
}

// policySeverity is a diagnostic's reported severity, and false when the
// config turns its code off.
func policySeverity(c *Config, opts Options, d Diagnostic, outside bool) (Severity, bool) {
	sev, ok := opts.Severity[d.Code]
	if !ok {
		sev, ok = c.Severity[d.Code]
	}
	if !ok || sev == 0 { // 0: the analysis's own severity, whatever the config says
		sev = d.Severity
	}
	if sev == SevOff {
		return 0, false
	}
	if outside && sev < c.OutsideRunsSeverity {
		sev = c.OutsideRunsSeverity
	}
	return sev, true
}

func (p *Project) hasOutside(opts Options) bool { return opts.Translation || len(p.Singles) > 0 }

// outsideRuns reports whether a guide file is built alone because no run
// of its book reads it. A folder without runs has no book to fail: its
// loose files keep their severities.
func (p *Project) outsideRuns(path string) bool {
	b := p.Owner[path]
	if b == nil || b == p.Main || b == p.Companion || b == p.Site || len(p.Main.Files) == 0 {
		return false
	}
	return true
}
