#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Headless Neovim end-to-end test of editors/neovim against bookmarks-ls on a copy of the
# example book. Needs `nvim` (>= 0.7.2) and the server (LS_CMD, default bookmarks-ls on PATH).
#   bash editors/neovim/test/run.sh [BOOK_DIR]
# Exit 0 = pass, 1 = an assertion failed, 124 = timeout.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
SRC=${1:-$REPO/examples}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp -r "$SRC" "$W/book"
export XDG_CONFIG_HOME=$W/config XDG_DATA_HOME=$W/data XDG_STATE_HOME=$W/state XDG_CACHE_HOME=$W/cache
export LS_CMD=${LS_CMD:-bookmarks-ls}
# chapter2.txt line 5 (0-based 4): "... see [#folding] for the hull ..."
export LSP_LINE=4 LSP_CHAR=42
export EXPECT_FT=zguide EXPECT_DIAG='Undefined bookmark: nowhere'
export EXPECT_HOVER='Chapter 1 - Folding Basics'
export EXPECT_DEF_FILE=chapter1.txt EXPECT_DEF_LINE=2
export COMPLETE_LINE=4 COMPLETE_TEXT='Also see [#'
export EXPECT_COMPLETION=folding EXPECT_COMPLETION_DETAIL='Chapter 1 - Folding Basics'
# init.lua sets bookmarks.diagnostics.forwardReferences=off: preface.txt's forward references vanish
export SETTING_FILE=preface.txt SETTING_ABSENT_CODE=forward-reference
cd "$W/book" || exit 2
echo "--- filetypes and syntax (no server), filetype.vim as on Neovim 0.7"
BOOK=$W/book timeout 30 nvim --headless -n -i NONE --cmd "set rtp^=$HERE/.." -c 'syntax on' \
  -c "luafile $HERE/ft_test.lua" -c 'cquit 3' 2>"$W/stderr-ft"
ft_rc=$?
echo "--- filetypes and syntax (no server), Lua filetype detection as on Neovim 0.8+"
BOOK=$W/book timeout 30 nvim --headless -n -i NONE --cmd "set rtp^=$HERE/.." \
  --cmd 'let g:do_filetype_lua = 1 | let g:did_load_filetypes = 0' -c 'syntax on' \
  -c "luafile $HERE/ft_test.lua" -c 'cquit 3' 2>>"$W/stderr-ft"
[ $? -ne 0 ] && ft_rc=1
echo "--- the 0.8-0.10 and 0.11+ code paths (stubbed vim.lsp.start / vim.lsp.config+enable)"
BOOK=$W/book timeout 30 nvim --headless -n -i NONE --cmd "set rtp^=$HERE/.." \
  -c "luafile $HERE/api_test.lua" -c 'cquit 3' 2>>"$W/stderr-ft"
[ $? -ne 0 ] && ft_rc=1
echo "--- LSP against ${LS_CMD}"
timeout "${TEST_TIMEOUT:-90}" nvim --headless -n -i NONE -u "$HERE/init.lua" "$W/book/chapter2.txt" \
  -c "luafile $HERE/lsp_test.lua" -c 'cquit 3' 2>"$W/stderr"
rc=$?
[ $rc -eq 124 ] && echo "RESULT FAIL (timeout)"
# The editor day with no settings at all, through the keys: K, gd, CTRL-], <C-x><C-o>
# Completion on chapter2.txt's blank line 4 (0-based 3): by a title word, [#Basics -> [#folding]
# (its header is "Folding Basics"); $( is left to vim.lsp.omnifunc and leaves no reference there.
# So the lens of "+ Folding Basics" (chapter1.txt line 3) lists its 2 references,
# chapter2.txt:5 and preface.txt:11.
echo "--- the editor day, no settings (K, gd, CTRL-], omni completion, code lens)"
BARE_SETUP=1 COMPLETE_LINE=3 EXPECT_COMPLETION='folding]' EXPECT_ACCEPTED='Also see [#folding]' \
  COMPLETE_TEXT_2='Also see [#Basics' EXPECT_ACCEPTED_2='Also see [#folding]' \
  COMPLETE_TEXT_3='Also $(RE' EXPECT_ACCEPTED_3='Also $(REPO)' \
  DEFAULT_FILE=preface.txt DEFAULT_CODE=forward-reference \
  LENS_FILE=chapter1.txt LENS_LINE=2 EXPECT_LENS_COUNT=2 EXPECT_LENS_FIRST=chapter2.txt:5 \
  EXPECT_LENS_TITLE='References of Folding Basics' \
  timeout "${TEST_TIMEOUT:-90}" nvim --headless -n -i NONE -u "$HERE/init.lua" "$W/book/chapter2.txt" \
  -c "luafile $HERE/day_test.lua" -c 'cquit 3' 2>>"$W/stderr"
day_rc=$?
[ $day_rc -ne 0 ] && [ $rc -eq 0 ] && rc=$day_rc
echo "--- :checkhealth bookmarks_ls and :help bookmarks_ls"
BARE_SETUP=1 timeout "${TEST_TIMEOUT:-90}" nvim --headless -n -i NONE -u "$HERE/init.lua" "$W/book/chapter2.txt" \
  -c "luafile $HERE/health_test.lua" -c 'cquit 3' 2>>"$W/stderr"
health_rc=$?
[ $health_rc -ne 0 ] && [ $rc -eq 0 ] && rc=$health_rc

# The same day on a copy of the real Guide (../shared/corpus/zguide-2025 next to the repository)
CORPUS=${CORPUS:-$REPO/../shared/corpus/zguide-2025}
if [ -d "$CORPUS" ]; then
  cp -r "$CORPUS" "$W/zguide" && chmod -R u+w "$W/zguide"
  echo "--- the editor day on a copy of $(cd "$CORPUS" && pwd)"
  # chapter1.txt line 226 (0-based 225): "In [#sockets-and-patterns] we'll explain ..."; line 4 is blank.
  # [#Lazy: the server matches the title word "Lazy" of "Client-Side Reliability (Lazy Pirate Pattern)"
  (cd "$W/zguide" && BARE_SETUP=1 LSP_LINE=225 LSP_CHAR=6 EXPECT_HOVER='Chapter 2 - Sockets and Patterns' \
    EXPECT_DEF_FILE=chapter2.txt EXPECT_DEF_LINE=2 COMPLETE_LINE=3 COMPLETE_TEXT='See [#sockets' \
    EXPECT_COMPLETION= EXPECT_ACCEPTED='See [#sockets-and-patterns]' \
    COMPLETE_TEXT_2='See [#Lazy' EXPECT_ACCEPTED_2='See [#Client-Side-Reliability-Lazy-Pirate-Pattern]' \
    DEFAULT_FILE= DEFAULT_CODE= \
    timeout "${TEST_TIMEOUT:-90}" nvim --headless -n -i NONE -u "$HERE/init.lua" "$W/zguide/chapter1.txt" \
    -c "luafile $HERE/day_test.lua" -c 'cquit 3' 2>>"$W/stderr")
  corpus_rc=$?
  [ $corpus_rc -ne 0 ] && [ $rc -eq 0 ] && rc=$corpus_rc
else
  echo "--- the editor day on the real Guide: $CORPUS not found, not run"
fi

# A book whose files have free names, ordered only by its zguide.book: the plugin must
# recognise start.txt as a guide file (it is listed) and the server must serve it.
mkdir -p "$W/knots"
printf 'TITLE=Knots\n./start.txt\nlater.txt\n' > "$W/knots/zguide.book"
printf '.output start.wd\n+ Start Here\n\nTie [#bowline] first. See [#nowhere].\nAlso.\n' > "$W/knots/start.txt"
printf '.output later.wd\n.bookmark bowline\n+ The Bowline\n\nA loop that does not slip.\n' > "$W/knots/later.txt"
echo "--- LSP on a book of free file names (zguide.book)"
(cd "$W/knots" && LSP_LINE=3 LSP_CHAR=7 EXPECT_FT=zguide EXPECT_DIAG='Undefined bookmark: nowhere' \
  EXPECT_HOVER='The Bowline' EXPECT_DEF_FILE=later.txt EXPECT_DEF_LINE=2 \
  COMPLETE_LINE=4 COMPLETE_TEXT='Also [#' EXPECT_COMPLETION=bowline EXPECT_COMPLETION_DETAIL='The Bowline' \
  SETTING_FILE= SETTING_ABSENT_CODE= \
  timeout "${TEST_TIMEOUT:-90}" nvim --headless -n -i NONE -u "$HERE/init.lua" "$W/knots/start.txt" \
  -c "luafile $HERE/lsp_test.lua" -c 'cquit 3' 2>>"$W/stderr")
free_rc=$?
[ $free_rc -ne 0 ] && [ $rc -eq 0 ] && rc=$free_rc

# The plugin as a repository of its own, as a plugin manager installs it by name: the
# folder's history split out (git subtree split), its tree at the root, loaded from there.
echo "--- the plugin split out with git subtree split --prefix=editors/neovim"
split_rc=0
if git -C "$REPO" rev-parse --verify -q HEAD >/dev/null; then
  git clone -q "$REPO" "$W/clone" && split=$(git -C "$W/clone" subtree split -q --prefix=editors/neovim HEAD) &&
    mkdir "$W/plugin" && git -C "$W/clone" archive "$split" | tar -x -C "$W/plugin" || split_rc=1
  for f in lua/bookmarks_ls.lua lua/bookmarks_ls/health.lua doc/bookmarks_ls.txt lsp/bookmarks_ls.lua ftdetect/zguide.lua syntax/zguide.vim test/init.lua; do
    [ -f "$W/plugin/$f" ] || { echo "split plugin lacks $f"; split_rc=1; }
  done
  if [ $split_rc -eq 0 ]; then
    (cd "$W/book" && timeout "${TEST_TIMEOUT:-90}" nvim --headless -n -i NONE -u "$W/plugin/test/init.lua" "$W/book/chapter2.txt" \
      -c "luafile $W/plugin/test/lsp_test.lua" -c 'cquit 3' 2>"$W/stderr-split") || split_rc=1
  fi
  if [ $split_rc -ne 0 ]; then
    echo "RESULT FAIL (the plugin split out of the repository)"; tail -n 20 "$W/stderr-split" 2>/dev/null
    [ $rc -eq 0 ] && rc=1
  fi
else
  echo "not a git checkout: split not tried"
fi
[ $ft_rc -ne 0 ] && { echo "filetype/syntax/API check failed (rc=$ft_rc)"; cat "$W/stderr-ft"; [ $rc -eq 0 ] && rc=1; }
[ $rc -ne 0 ] && { echo "--- nvim stderr (tail)"; tail -n 20 "$W/stderr"; tail -n 20 "$XDG_CACHE_HOME/nvim/lsp.log" "$XDG_STATE_HOME/nvim/lsp.log" 2>/dev/null; }
exit $rc
