package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLicense checks what a redistributor reads: the MIT licence at the
// root, an SPDX line in every editor source file, and no packaging step
// that skips the licence.
func TestLicense(t *testing.T) {
	root := filepath.Join("..", "..")
	lic, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	if err != nil {
		t.Fatalf("no LICENSE at the repository root: %v", err)
	}
	for _, want := range []string{"MIT License", "Copyright (c) 2026 The bookmarks-ls authors", "THE SOFTWARE IS PROVIDED \"AS IS\""} {
		if !strings.Contains(string(lic), want) {
			t.Errorf("LICENSE lacks %q", want)
		}
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "editors", ".ci", "scripts").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (not a git checkout)", err)
	}
	for _, f := range strings.Fields(string(out)) {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "vsce") && strings.Contains(line, "--skip-license") {
				t.Errorf("%s calls vsce with --skip-license: %s", f, strings.TrimSpace(line))
			}
		}
		switch filepath.Ext(f) {
		case ".ts", ".js", ".mjs", ".lua", ".vim", ".el", ".sh":
			head := string(b)
			if len(head) > 800 {
				head = head[:800]
			}
			if strings.HasPrefix(f, "editors/") && !strings.Contains(head, "SPDX-License-Identifier: MIT") {
				t.Errorf("%s has no SPDX-License-Identifier: MIT line in its header", f)
			}
		}
	}
	el, _ := os.ReadFile(filepath.Join(root, "editors", "emacs", "guide-mode.el"))
	for _, want := range []string{";; Copyright (c) 2026 The bookmarks-ls authors", ";; Author: ", ";; SPDX-License-Identifier: MIT", ";;; License:"} {
		if !strings.Contains(string(el), want) {
			t.Errorf("guide-mode.el header lacks %q", want)
		}
	}
}
