#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Editor integration tests for bookmarks-ls: Neovim, Emacs (Eglot) and VS Code (code-server),
# each driving the real server binary built from this repository on a copy of examples/.
#
#   bash editors/test.sh            (as root on Debian 12; CI calls it from .ci/run)
#
# 1. installs what the tests need: Debian packages (neovim, emacs-nox, elpa-eglot,
#    elpa-package-lint, elpa-cmake-mode, elpa-pip-requirements, chromium and code-server's
#    build tools), the extension's npm dependencies (npm ci), and code-server +
#    Node 24 + playwright-core from the npm registry under $VSCODE_PREFIX
#    (default /opt/bookmarks-ls-editors). An install step that cannot reach its registry stops
#    the run with a FATAL line and a non-zero exit: nothing is skipped.
# 2. builds bookmarks-ls from the repository and puts it first on PATH;
# 3. runs: the extension's type-check, lint, grammar tests and .vsix packaging; the Neovim
#    test; the Emacs test; the VS Code end-to-end test.
# Ends with the line "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
export VSCODE_PREFIX=${VSCODE_PREFIX:-/opt/bookmarks-ls-editors}
export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/local/go/bin:$PATH"
T_START=$(date +%s)
passed=0 failed=0 failed_names=()

fatal() {
  echo "editors: FATAL: $*" >&2
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
}
since() { echo "$(( $(date +%s) - $1 ))s"; }

# run NAME CMD...: one test, counted
run() {
  local name=$1; shift
  local t; t=$(date +%s)
  echo
  echo "=== $name"
  "$@"
  local rc=$?
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); echo "=== $name: PASS ($(since "$t"))"
  else
    failed=$((failed + 1)); failed_names+=("$name"); echo "=== $name: FAIL rc=$rc ($(since "$t"))"
  fi
}

# --- 1. installs --------------------------------------------------------------------------
t=$(date +%s)
echo "=== install: Debian packages"
[ "$(id -u)" -eq 0 ] || fatal "must run as root (apt-get install)"
# elpa-package-lint lints guide-mode.el; elpa-cmake-mode and elpa-pip-requirements are the
# modes guide-mode must leave CMakeLists.txt and requirements.txt to (Emacs test)
APT_PKGS=(neovim emacs-nox elpa-eglot elpa-package-lint elpa-cmake-mode elpa-pip-requirements
  chromium build-essential python3 pkg-config libkrb5-dev curl git)
missing=()
for p in "${APT_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq || fatal "apt-get update failed: Debian's package registry is unreachable"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fatal "apt-get install ${missing[*]} failed: Debian's package registry is unreachable or a package is missing"
fi
for c in nvim emacs /usr/bin/chromium node npm go; do
  command -v "$c" >/dev/null || fatal "$c not found after the installs"
done
echo "neovim $(nvim --version | head -n1 | cut -d' ' -f2), $(emacs --version | head -n1), $(/usr/bin/chromium --version 2>/dev/null | head -n1), node $(node --version) ($(since "$t"))"

t=$(date +%s)
echo "=== install: VS Code extension dependencies (npm ci)"
(cd "$HERE/vscode" && npm ci --no-audit --no-fund --loglevel=error) ||
  fatal "npm ci in editors/vscode failed: the npm registry is unreachable or package-lock.json is out of date"
echo "npm ci done ($(since "$t"))"

t=$(date +%s)
echo "=== install: code-server, Node 24, playwright-core under $VSCODE_PREFIX"
PREFIX=$VSCODE_PREFIX bash "$HERE/vscode/test/install-code-server.sh" ||
  fatal "installing code-server failed: the npm registry is unreachable or code-server's native build failed"
echo "code-server ready ($(since "$t"))"

# --- 2. the server --------------------------------------------------------------------------
t=$(date +%s)
BIN=$(mktemp -d)
trap 'rm -rf "$BIN"' EXIT
echo "=== build: bookmarks-ls"
(cd "$REPO" && go build -o "$BIN/bookmarks-ls" ./cmd/bookmarks-ls) || fatal "go build ./cmd/bookmarks-ls failed"
export PATH="$BIN:$PATH"
export LS_CMD="$BIN/bookmarks-ls"
echo "built $LS_CMD ($(since "$t"))"

# --- 3. tests -------------------------------------------------------------------------------
run "vscode: type-check (tsc)" bash -c "cd '$HERE/vscode' && npm run --silent typecheck"
run "vscode: lint (eslint)" bash -c "cd '$HERE/vscode' && npm run --silent lint"
run "vscode: grammar and manifest tests" bash -c "cd '$HERE/vscode' && npm test --silent"
run "vscode: package .vsix (vsce)" bash -c "cd '$HERE/vscode' && rm -f bookmarks-ls.vsix && npm run --silent package >/dev/null && test -s bookmarks-ls.vsix && bash test/check-vsix.sh bookmarks-ls.vsix && ls -l bookmarks-ls.vsix"
run "vscode: package the linux-x64 .vsix with the server inside" bash -c "cd '$HERE/vscode' && rm -f bookmarks-ls-linux-x64.vsix && bash package-platforms.sh linux-x64 && bash test/check-vsix.sh bookmarks-ls-linux-x64.vsix bookmarks-ls"
run "neovim: headless LSP test" bash "$HERE/neovim/test/run.sh"
run "emacs: batch Eglot test" bash "$HERE/emacs/test/run.sh"
if [ -s "$HERE/vscode/bookmarks-ls.vsix" ]; then
  run "vscode: code-server end-to-end test" bash "$HERE/vscode/test/run.sh"
else
  failed=$((failed + 1)); failed_names+=("vscode: code-server end-to-end test (no .vsix)")
fi
if [ -s "$HERE/vscode/bookmarks-ls-linux-x64.vsix" ]; then
  run "vscode: code-server end-to-end test, linux-x64 .vsix, no Go and no bookmarks-ls on PATH" \
    env BUNDLED=1 VSIX="$HERE/vscode/bookmarks-ls-linux-x64.vsix" bash "$HERE/vscode/test/run.sh"
else
  failed=$((failed + 1)); failed_names+=("vscode: code-server end-to-end test, linux-x64 .vsix (no .vsix)")
fi

echo
echo "editors: total $(since "$T_START")"
[ ${#failed_names[@]} -gt 0 ] && printf 'editors: FAILED: %s\n' "${failed_names[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
