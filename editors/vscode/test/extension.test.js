// SPDX-License-Identifier: MIT
// Unit tests of the extension's glue to the editor and the server (`npm test`): the reference
// lenses' command, file reads on document open, settings changes and file watching. The
// extension runs against the fake editor and language client of test/fake-vscode.js.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { activate, bundlePath, configChange, document, fakeEditor, writeTree } = require('./fake-vscode');

/** Waits until COND() holds (the extension's event handlers run detached), at most 5 s. */
async function until(cond) {
  for (const t0 = Date.now(); !cond(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() - t0 > 5000) return false;
  }
  return true;
}

test('a reference lens runs editor.action.showReferences with VS Code types', async () => {
  const ed = fakeEditor();
  await activate(ed);
  const show = ed.commands.get('bookmarks.showReferences');
  assert.ok(show, 'bookmarks.showReferences is registered (the server\'s lenses carry it)');
  // the arguments of a lens as the server sends them (lsp/code_lens.go): [uri, position, locations]
  const range = (l, c1, c2) => ({ start: { line: l, character: c1 }, end: { line: l, character: c2 } });
  await show('file:///books/boats/chapter1.txt', { line: 2, character: 2 }, [
    { uri: 'file:///books/boats/chapter2.txt', range: range(4, 38, 47) },
    { uri: 'file:///books/boats/preface%20web.txt', range: range(10, 126, 135) },
  ]);
  assert.equal(ed.executed.length, 2, 'setContext, then one command');
  const [id, uri, position, locations] = ed.executed[1];
  assert.equal(id, 'editor.action.showReferences');
  assert.ok(uri instanceof ed.vscode.Uri, 'the URI is a vscode.Uri');
  assert.equal(uri.fsPath, '/books/boats/chapter1.txt');
  assert.ok(position instanceof ed.vscode.Position, 'the position is a vscode.Position');
  assert.deepStrictEqual({ ...position }, { line: 2, character: 2 });
  assert.ok(locations.every((l) => l instanceof ed.vscode.Location && l.uri instanceof ed.vscode.Uri &&
    l.range instanceof ed.vscode.Range), 'the locations are vscode.Location with vscode.Uri and vscode.Range');
  assert.deepStrictEqual(locations.map((l) => [l.uri.fsPath, l.range.start.line, l.range.start.character,
    l.range.end.line, l.range.end.character]), [
    ['/books/boats/chapter2.txt', 4, 38, 4, 47],
    ['/books/boats/preface web.txt', 10, 126, 10, 135],
  ]);
});

test('opening documents reads the disk without blocking the extension host', async (t) => {
  const root = writeTree({
    'book/zguide.book': 'TITLE=Knots\n./intro.txt\n',
    'book/intro.txt': '+ Intro\n',
    'book/notes.txt': 'notes\n',
    'loose/preface.txt': 'a preface of no book\n',
  });
  const ed = fakeEditor();
  await activate(ed);
  // every fs.*Sync call the extension's own code makes from here on
  const syncCalls = [];
  const bundle = bundlePath();
  for (const name of Object.keys(fs).filter((n) => n.endsWith('Sync') && typeof fs[n] === 'function')) {
    const original = fs[name];
    t.mock.method(fs, name, function (...args) {
      if ((new Error().stack ?? '').includes(bundle)) syncCalls.push(`${name}(${args[0]})`);
      return original.apply(this, args);
    });
  }
  const docs = {
    listed: document(path.join(root, 'book/intro.txt'), 'plaintext'),
    unlisted: document(path.join(root, 'book/notes.txt'), 'plaintext'),
    loose: document(path.join(root, 'loose/preface.txt'), 'zguide'),
  };
  for (const doc of Object.values(docs)) for (const open of ed.listeners.open) open(doc);
  assert.ok(await until(() => ed.languageSet.length === 2), `languages set: ${JSON.stringify(ed.languageSet)}`);
  await new Promise((r) => setTimeout(r, 100)); // the unlisted file's check ends too
  assert.deepStrictEqual(ed.languageSet.map(([f, l]) => [path.relative(root, f), l]).sort(), [
    ['book/intro.txt', 'zguide'], // listed in zguide.book
    ['loose/preface.txt', 'plaintext'], // named like a guide file, but in no book
  ]);
  assert.equal(docs.unlisted.languageId, 'plaintext');
  assert.equal(syncCalls.length, 0,
    `${syncCalls.length} synchronous file-system calls on document open: ${syncCalls.slice(0, 3).join(', ')}, …`);
});

test('a changed bookmarks setting makes the server pull the settings again', async () => {
  const ed = fakeEditor();
  await activate(ed);
  assert.equal(ed.clients.length, 1);
  const client = ed.clients[0];
  assert.equal(client.clientOptions.synchronize?.configurationSection, undefined,
    'no deprecated synchronize.configurationSection');
  for (const changed of ed.listeners.config) await changed(configChange('editor.fontSize'));
  assert.deepStrictEqual(client.notifications, [], 'other settings are none of the server\'s business');
  for (const changed of ed.listeners.config) await changed(configChange('bookmarks.diagnostics.forwardReferences'));
  // the server (lsp/server.go didChangeConfiguration) then asks workspace/configuration
  assert.deepStrictEqual(client.notifications, [{ method: 'workspace/didChangeConfiguration', params: { settings: null } }]);
});

test('watched-file events come from the server\'s registration alone', async () => {
  const ed = fakeEditor();
  await activate(ed);
  assert.equal(ed.clients.length, 1);
  // the server registers its watcher (client/registerCapability); the client makes it
  assert.equal(ed.clients[0].clientOptions.synchronize?.fileEvents, undefined, 'no synchronize.fileEvents');
  assert.deepStrictEqual(ed.watchers, [], 'file system watchers the extension made itself');
});
