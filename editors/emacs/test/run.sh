#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Headless Emacs (emacs-nox + elpa-eglot on Emacs 28; built-in Eglot on 29+) end-to-end test
# of editors/emacs/guide-mode.el against bookmarks-ls on a copy of the example book.
#   bash editors/emacs/test/run.sh [BOOK_DIR]      (LS_CMD: server command, default bookmarks-ls)
# Exit 0 = pass, 1 = an assertion failed, 124 = timeout.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
SRC=${1:-$REPO/examples}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp -r "$SRC" "$W/book"
export LS_CMD=${LS_CMD:-bookmarks-ls} HOME=$W/home
mkdir -p "$HOME"
# lint: byte-compile (warnings are errors) and checkdoc, on a copy
cp "$HERE/../guide-mode.el" "$W/guide-mode.el"
emacs --batch --eval "(progn (require 'eglot) (setq byte-compile-error-on-warn t)
  (unless (byte-compile-file \"$W/guide-mode.el\") (kill-emacs 1)))" 2>"$W/compile.log" ||
  { echo "FAIL byte-compile guide-mode.el"; grep -v '^Loading' "$W/compile.log"; exit 1; }
emacs --batch -l "$W/guide-mode.el" --eval "(progn (require 'checkdoc) (checkdoc-file \"$W/guide-mode.el\"))" 2>"$W/checkdoc.log"
if grep -q '^guide-mode.el:\|guide-mode.el:[0-9]' "$W/checkdoc.log"; then
  echo "FAIL checkdoc guide-mode.el"; grep -v '^Loading' "$W/checkdoc.log"; exit 1
fi
echo "LINT guide-mode.el byte-compiles without warnings; checkdoc clean"
rm -f "$W/guide-mode.elc"
# --batch (not -Q): Debian's site-start.d puts elpa-eglot on the load-path.
timeout "${TEST_TIMEOUT:-90}" emacs --batch \
  --eval "(setq user-emacs-directory \"$W/emacs.d/\")" \
  -l "$HERE/../guide-mode.el" -l "$HERE/lsp-test.el" "$W/book" 2>"$W/stderr"
rc=$?
[ $rc -eq 124 ] && echo "RESULT FAIL (timeout)"
[ $rc -ne 0 ] && { echo "--- emacs stderr (tail)"; tail -n 25 "$W/stderr"; }
exit $rc
