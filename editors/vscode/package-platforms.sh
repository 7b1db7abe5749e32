#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Platform-specific packages of the extension, each with its own bookmarks-ls binary inside
# (server/bookmarks-ls, or server/bookmarks-ls.exe), so that users need no Go and no PATH set-up:
#   bash package-platforms.sh [TARGET...]   (npm run package:platforms -- TARGET...)
# TARGETs are vsce targets: linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64
# win32-arm64 (default: all). Writes bookmarks-ls-TARGET.vsix. Needs Go (the binaries are
# built from this repository: static, -trimpath) and `npm ci` done. VERSION sets the binary's
# version (default: git describe).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="/usr/local/go/bin:$PATH"
repo=$(cd ../.. && pwd)
version=${VERSION:-$(git -C "$repo" describe --tags --always --dirty 2>/dev/null || echo devel)}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64)

# The licence goes into every package; vsce runs vscode:prepublish (the bundle) itself.
node -e "require('fs').copyFileSync('../../LICENSE', 'LICENSE')"
trap 'rm -rf server' EXIT
for target in "${targets[@]}"; do
	case "$target" in
	linux-x64) goos=linux goarch=amd64 ;;
	linux-arm64) goos=linux goarch=arm64 ;;
	darwin-x64) goos=darwin goarch=amd64 ;;
	darwin-arm64) goos=darwin goarch=arm64 ;;
	win32-x64) goos=windows goarch=amd64 ;;
	win32-arm64) goos=windows goarch=arm64 ;;
	*) echo "package-platforms: unknown target $target" >&2; exit 2 ;;
	esac
	exe=bookmarks-ls
	[ "$goos" = windows ] && exe=bookmarks-ls.exe
	rm -rf server && mkdir server
	(cd "$repo" && CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath -buildvcs=auto \
		-ldflags "-s -w -X main.version=$version" -o "editors/vscode/server/$exe" ./cmd/bookmarks-ls)
	npx vsce package --no-dependencies --target "$target" \
		--baseContentUrl https://github.com/bookmarks-ls/bookmarks-ls/blob/main/editors/vscode \
		--baseImagesUrl https://raw.githubusercontent.com/bookmarks-ls/bookmarks-ls/main/editors/vscode \
		-o "bookmarks-ls-$target.vsix" >/dev/null
	ls -l "bookmarks-ls-$target.vsix"
done
