// SPDX-License-Identifier: MIT
// Unit tests of the extension's book rule (isBookDir, bookRoot, isGuideFile), which must
// agree with the server's (analysis.IsBook): `npm test`. The extension is bundled with
// esbuild and loaded with a fake vscode module (test/fake-vscode.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { execFileSync } = require('child_process');
const { loadExtension, writeTree } = require('./fake-vscode');

test('books of free file names are found by the server\'s rule', { timeout: 20000 }, async () => {
  const ext = loadExtension();
  const root = writeTree({
    'listed/zguide.book': 'TITLE=Knots\n# content\n./intro.txt\n',
    'listed/intro.txt': '+ Intro\n',
    'listed/notes.txt': 'notes\n',
    'driven/bin/build.sh': '#!/bin/bash\n# build\nBOOK_LANG=C bin/mkwikidot \\\n    front.txt > log.txt\n',
    'driven/front.txt': '+ Front\n',
    'perl/bin/tool': '#!/usr/bin/perl\nmkwikidot a.txt\n',
    'perl/a.txt': '+ A\n',
    'mixed/bin/prog': '\x7fELF\0\0 mkwikidot a.txt\n',
    'mixed/bin/tool.sh': 'mkdocbook a.txt\n',
    'configured/bookmarks-ls.toml': '[[run]]\ntool = "mkwikidot"\nfiles = ["parts/one.txt"]\n',
    'configured/parts/one.txt': '+ One\n',
    'site/site/.bookmarks': 'a A|x\n',
    'book/chapter1.txt': '+ One\n',
    'book/xl8n/kr/chapter1.txt': '+ Eins\n',
  });
  const at = (rel) => path.join(root, rel);
  assert.equal(await ext.isGuideFile(at('listed/intro.txt')), true, 'listed in zguide.book');
  assert.equal(await ext.isGuideFile(at('listed/notes.txt')), false, 'not listed');
  assert.equal(await ext.isGuideFile(at('driven/front.txt')), true, 'an argument of a bin/ script calling mkwikidot');
  assert.equal(await ext.isBookDir(at('perl')), false, 'a Perl script naming mkwikidot is no driver');
  assert.equal(await ext.isBookDir(at('mixed')), true, 'a driver script beside a program');
  assert.equal(await ext.isBookDir(at('mixed/bin')), false, 'a program naming mkwikidot is no driver');
  if (process.platform !== 'win32') { // a FIFO in bin/ is never opened (that would wait for a writer)
    execFileSync('mkfifo', [at('mixed/bin/pipe')]);
    assert.equal(await ext.isBookDir(at('mixed')), true, 'a driver script beside a FIFO');
  }
  assert.equal(await ext.isGuideFile(at('configured/parts/one.txt')), true, 'a file of a bookmarks-ls.toml run');
  assert.equal(await ext.isBookDir(at('site')), true, 'site/.bookmarks makes a book');
  assert.equal(await ext.bookRoot(at('book/xl8n/kr/chapter1.txt')), at('book'), 'translations belong to the book above');
});
