#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks what the Marketplace shows of a packaged extension: the licence file, the
# CHANGELOG, and the README's screenshot as an absolute URL (vsce --baseImagesUrl).
# Usage: check-vsix.sh FILE.vsix
set -euo pipefail
python3 - "$1" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = [n.lower() for n in z.namelist()]
readme = z.read('extension/readme.md').decode()
problems = []
if 'extension/license.txt' not in names:
    problems.append('no extension/LICENSE.txt')
if 'extension/changelog.md' not in names:
    problems.append('no extension/CHANGELOG.md')
if '](https://raw.githubusercontent.com/bookmarks-ls/bookmarks-ls/main/editors/vscode/screenshot-hover.png)' not in readme:
    problems.append('the README screenshot is not an absolute raw.githubusercontent.com URL')
if problems:
    sys.exit(sys.argv[1] + ': ' + '; '.join(problems))
print(sys.argv[1] + ': licence, changelog and absolute README image present')
PY
