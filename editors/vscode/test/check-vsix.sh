#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks what the Marketplace shows of a packaged extension: the licence file, the
# CHANGELOG, the icon, and the README's screenshots as absolute URLs (vsce --baseImagesUrl).
# With a second argument, the server binary bundled in a platform package: bookmarks-ls or
# bookmarks-ls.exe under extension/server/, executable.
# Usage: check-vsix.sh FILE.vsix [bookmarks-ls|bookmarks-ls.exe]
set -euo pipefail
python3 - "$@" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
if len(sys.argv) > 2:
    try:
        info = z.getinfo('extension/server/' + sys.argv[2])
    except KeyError:
        sys.exit(sys.argv[1] + ': no extension/server/' + sys.argv[2])
    if not sys.argv[2].endswith('.exe') and (info.external_attr >> 16) & 0o111 == 0:
        sys.exit(sys.argv[1] + ': the bundled server is not executable')
    print('%s: bundles server/%s (%d bytes; package %d bytes)' % (sys.argv[1], sys.argv[2], info.file_size, __import__('os').path.getsize(sys.argv[1])))
else:
    if any(n.startswith('extension/server/') for n in z.namelist()):
        sys.exit(sys.argv[1] + ': the generic package must not bundle a server')
names = [n.lower() for n in z.namelist()]
readme = z.read('extension/readme.md').decode()
problems = []
if 'extension/license.txt' not in names:
    problems.append('no extension/LICENSE.txt')
if 'extension/icon.png' not in names or z.read('extension/icon.png')[1:4] != b'PNG':
    problems.append('no extension/icon.png')
if 'extension/changelog.md' not in names:
    problems.append('no extension/CHANGELOG.md')
for shot in ('screenshot-hover.png', 'screenshot-completion.png'):
    if '](https://raw.githubusercontent.com/bookmarks-ls/bookmarks-ls/main/editors/vscode/' + shot + ')' not in readme:
        problems.append('the README screenshot ' + shot + ' is not an absolute raw.githubusercontent.com URL')
if problems:
    sys.exit(sys.argv[1] + ': ' + '; '.join(problems))
print(sys.argv[1] + ': licence, changelog, icon and absolute README images present')
PY
