// SPDX-License-Identifier: MIT
// Unit tests of the extension's book rule (isBookDir, bookRoot, isGuideFile), which must
// agree with the server's (analysis.IsBook): `npm test`. The extension is bundled with
// esbuild and loaded with a stub of the vscode module, which only the editor provides.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');
const esbuild = require('esbuild');

function loadExtension() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bookmarks-ext-')), 'extension.js');
  esbuild.buildSync({ entryPoints: [path.join(__dirname, '..', 'src', 'extension.ts')], bundle: true,
    platform: 'node', format: 'cjs', external: ['vscode'], outfile: out, logLevel: 'warning' });
  const stub = { get: (t, k) => (k in t ? t[k] : new Proxy(function () {}, stub)),
    apply: () => new Proxy(function () {}, stub), construct: () => new Proxy({}, stub) };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? new Proxy({}, stub) : load.call(this, request, ...rest);
  };
  try {
    return require(out);
  } finally {
    Module._load = load;
  }
}

function writeTree(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bookmarks-books-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('books of free file names are found by the server\'s rule', () => {
  const ext = loadExtension();
  const root = writeTree({
    'listed/zguide.book': 'TITLE=Knots\n# content\n./intro.txt\n',
    'listed/intro.txt': '+ Intro\n',
    'listed/notes.txt': 'notes\n',
    'driven/bin/build.sh': '#!/bin/bash\n# build\nBOOK_LANG=C bin/mkwikidot \\\n    front.txt > log.txt\n',
    'driven/front.txt': '+ Front\n',
    'perl/bin/tool': '#!/usr/bin/perl\nmkwikidot a.txt\n',
    'perl/a.txt': '+ A\n',
    'configured/bookmarks-ls.toml': '[[run]]\ntool = "mkwikidot"\nfiles = ["parts/one.txt"]\n',
    'configured/parts/one.txt': '+ One\n',
    'site/site/.bookmarks': 'a A|x\n',
    'book/chapter1.txt': '+ One\n',
    'book/xl8n/kr/chapter1.txt': '+ Eins\n',
  });
  const at = (rel) => path.join(root, rel);
  assert.equal(ext.isGuideFile(at('listed/intro.txt')), true, 'listed in zguide.book');
  assert.equal(ext.isGuideFile(at('listed/notes.txt')), false, 'not listed');
  assert.equal(ext.isGuideFile(at('driven/front.txt')), true, 'an argument of a bin/ script calling mkwikidot');
  assert.equal(ext.isBookDir(at('perl')), false, 'a Perl script naming mkwikidot is no driver');
  assert.equal(ext.isGuideFile(at('configured/parts/one.txt')), true, 'a file of a bookmarks-ls.toml run');
  assert.equal(ext.isBookDir(at('site')), true, 'site/.bookmarks makes a book');
  assert.equal(ext.bookRoot(at('book/xl8n/kr/chapter1.txt')), at('book'), 'translations belong to the book above');
});
