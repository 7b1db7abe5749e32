// SPDX-License-Identifier: MIT
// Unit tests of the TextMate grammars with VS Code's own tokenizer (vscode-textmate +
// vscode-oniguruma): `npm test`. Checks the scopes of the constructs of the guide format.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const oniguruma = require('vscode-oniguruma');
const vsctm = require('vscode-textmate');

const ROOT = path.join(__dirname, '..');
const GRAMMARS = {
  'text.zguide': 'syntaxes/zguide.tmLanguage.json',
  'text.zguide-bookmarks': 'syntaxes/zguide-bookmarks.tmLanguage.json',
};

async function registry() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  return new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => GRAMMARS[scope]
      ? vsctm.parseRawGrammar(fs.readFileSync(path.join(ROOT, GRAMMARS[scope]), 'utf8'), path.join(ROOT, GRAMMARS[scope]))
      : null,
  });
}

/** Tokenize TEXT; returns, per line, [{text, scopes}]. */
function tokenize(grammar, text) {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.join(' ') }));
  });
}

/** Scopes of the first token on LINE whose text contains NEEDLE. */
function scopesOf(lines, line, needle) {
  const tok = lines[line].find((t) => t.text.includes(needle));
  assert.ok(tok, `no token containing ${JSON.stringify(needle)} on line ${line}: ${JSON.stringify(lines[line])}`);
  return tok.scopes;
}

const BOOK = [
  '.- a comment',                                    // 0
  '.set REPO=https://example.org/boats',              // 1
  '.bookmark folding',                                // 2
  '+ Folding Basics',                                 // 3
  '++ Paper 101',                                     // 4
  '+++ Summary',                                      // 5
  'See [#folding] and $(REPO) and %(HOME?x), //it// **b** {{mono}} zmq_socket[3] [figure].', // 6
  '[[code language="C"]]',                            // 7
  '.endfor is inert',                                 // 8
  '+ not a header',                                   // 9
  '[[/code]]',                                        // 10
  '. an illegal directive',                           // 11
  '[[code type="example" name="x" title="y"]]',       // 12
  '+ a real header after an unparsed opener',         // 13
  '[[code type="textdiagram" title="Folds"]]',        // 14
  '+---+ diagram',                                    // 15
  '[[/code]]',                                        // 16
  '.end-of-draft',                                    // 17
  '[http://example.org/folds external links] <a@example.org>', // 18
].join('\n');

test('guide grammar', async (t) => {
  const grammar = await (await registry()).loadGrammar('text.zguide');
  assert.ok(grammar);
  const L = tokenize(grammar, BOOK);
  const cases = [
    [0, '.- a comment', 'comment.line'],
    [1, 'set', 'keyword.control.directive.set'],
    [1, 'REPO', 'variable.other.constant'],
    [2, 'bookmark', 'keyword.control.directive.bookmark'],
    [2, 'folding', 'entity.name.label.bookmark'],
    [3, 'Folding Basics', 'markup.heading.1'],
    [4, 'Paper 101', 'markup.heading.2'],
    [5, 'Summary', 'markup.heading.3'],
    [6, 'folding', 'meta.link.reference'],
    [6, 'REPO', 'variable.other.constant'],
    [6, 'HOME', 'variable.other.constant'],
    [6, 'it', 'markup.italic'],
    [6, 'b', 'markup.bold'],
    [6, 'mono', 'markup.inline.raw'],
    [6, 'zmq_socket[3]', 'markup.underline.link.manpage'],
    [6, '[figure]', 'constant.language.figure'],
    [7, 'code', 'entity.name.tag.code'],
    [7, 'language', 'entity.other.attribute-name'],
    [8, '.endfor is inert', 'markup.raw.block'],
    [9, '+ not a header', 'markup.raw.block'],
    [11, '. an illegal directive', 'invalid.illegal.directive'],
    [12, '[[code', 'invalid.illegal.unparsed-code-block'],
    [13, 'a real header', 'markup.heading.1'],
    [15, '+---+ diagram', 'markup.raw.block'],
    [17, 'end', 'keyword.control.directive.end'],
    [18, 'http://example.org/folds', 'markup.underline.link'],
    [18, 'a@example.org', 'markup.underline.link.email'],
  ];
  for (const [line, needle, scope] of cases) {
    await t.test(`line ${line} ${JSON.stringify(needle)} is ${scope}`, () => {
      assert.match(scopesOf(L, line, needle), new RegExp(scope.replace(/\./g, '\\.')));
    });
  }
  await t.test('nothing inside a code block is a header, directive or reference', () => {
    for (const line of [8, 9, 15]) {
      for (const tok of L[line]) assert.doesNotMatch(tok.scopes, /heading|directive|reference/);
    }
  });
});

test('bookmarks grammar', async () => {
  const grammar = await (await registry()).loadGrammar('text.zguide-bookmarks');
  const L = tokenize(grammar, 'folding Chapter 1 - Folding Basics\nlaunching Chapter 2 - Launching|chapter2\nPaper Paper 101\r');
  assert.match(scopesOf(L, 0, 'folding'), /entity\.name\.label\.anchor/);
  assert.match(scopesOf(L, 0, 'Chapter 1 - Folding Basics'), /string\.unquoted\.title/);
  assert.match(scopesOf(L, 1, 'chapter2'), /entity\.name\.type\.document/);
  assert.match(scopesOf(L, 2, '\r'), /invalid\.illegal\.carriage-return/);
});

test('package.json contributions', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;
  for (const key of ['bookmarks.profile', 'bookmarks.bookOrder', 'bookmarks.diagnostics.forwardReferences',
    'bookmarks.maxFileSize', 'bookmarks.trace.server', 'bookmarks.server.path']) {
    assert.ok(props[key], `setting ${key}`);
  }
  assert.deepStrictEqual(props['bookmarks.profile'].enum.slice(1), ['mkwikidot', 'mkdocbook', 'mkmarkdown', 'z2w', 'z2w-2012-11']);
  assert.deepStrictEqual(props['bookmarks.diagnostics.forwardReferences'].enum, ['warning', 'information', 'off']);
  const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets/zguide.json'), 'utf8'));
  const bodies = Object.values(snippets).map((s) => s.body.join('\n'));
  for (const form of ['[[code language="', '[[code type="example" title="', '[[code type="textdiagram" title="', '[[code]]']) {
    assert.ok(bodies.some((b) => b.includes(form)), `snippet for ${form}`);
  }
});

test('package.json licence: MIT, packaged with the LICENSE file, no --skip-license', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.strictEqual(pkg.license, 'MIT');
  for (const [name, script] of Object.entries(pkg.scripts)) {
    assert.ok(!script.includes('--skip-license'), `script ${name} skips the licence: ${script}`);
  }
  assert.match(pkg.scripts.prepackage, /\.\.\/\.\.\/LICENSE/);
});

test('package.json: workspace trust, virtual workspaces, README links for the Marketplace', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.strictEqual(pkg.capabilities.virtualWorkspaces, false);
  // Safe in untrusted workspaces only because no workspace can name the server program.
  assert.strictEqual(pkg.contributes.configuration.properties['bookmarks.server.path'].scope, 'machine');
  const bundled = pkg.contributes.configuration.properties['bookmarks.server.bundled'];
  assert.deepStrictEqual([bundled.type, bundled.default, bundled.scope], ['boolean', true, 'machine']);
  assert.match(pkg.scripts.package, / --baseContentUrl https:\/\/github\.com\/bookmarks-ls\/bookmarks-ls\/blob\/main\/editors\/vscode /);
  assert.match(pkg.scripts.package, / --baseImagesUrl https:\/\/raw\.githubusercontent\.com\/bookmarks-ls\/bookmarks-ls\/main\/editors\/vscode /);
  assert.ok(fs.existsSync(path.join(ROOT, 'CHANGELOG.md')), 'CHANGELOG.md of the extension');
  // The Marketplace wants a PNG icon of at least 128x128.
  const icon = fs.readFileSync(path.join(ROOT, pkg.icon));
  assert.strictEqual(icon.subarray(1, 4).toString(), 'PNG');
  assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'icon at least 128x128');
});
