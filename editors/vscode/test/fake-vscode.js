// SPDX-License-Identifier: MIT
// Loads the extension outside VS Code for unit tests: src/extension.ts bundled with esbuild,
// with a fake `vscode` module (which only the editor provides) that records what the extension
// asks of the editor, and a fake LanguageClient that records what it would send to the server.
// The client's protocol2CodeConverter is the real one of vscode-languageclient, built on the
// fake module's Uri, Position, Range and Location.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');
const esbuild = require('esbuild');
const protocol = require('vscode-languageserver-protocol/node'); // installs the node runtime layer

const ROOT = path.join(__dirname, '..');
let bundle;

/** The extension bundled once per test process; vscode and the language client stay external. */
function bundlePath() {
  if (bundle) return bundle;
  bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bookmarks-ext-')), 'extension.js');
  esbuild.buildSync({ entryPoints: [path.join(ROOT, 'src', 'extension.ts')], bundle: true,
    platform: 'node', format: 'cjs', external: ['vscode', 'vscode-languageclient/node'],
    outfile: bundle, logLevel: 'warning' });
  return bundle;
}

// Anything the fake does not define is a function that returns more of the same.
const anything = { get: (t, k) => (k in t ? t[k] : new Proxy(function () {}, anything)),
  apply: () => new Proxy(function () {}, anything), construct: () => new Proxy({}, anything) };

class Uri {
  constructor(scheme, authority, p) { Object.assign(this, { scheme, authority, path: p }); }
  static parse(s) {
    const u = new URL(s);
    return new Uri(u.protocol.slice(0, -1), u.host, decodeURIComponent(u.pathname));
  }
  static file(p) { return new Uri('file', '', p); }
  get fsPath() { return this.path; }
  toString() { return `${this.scheme}://${this.authority}${encodeURI(this.path)}`; }
}
class Position {
  constructor(line, character) { Object.assign(this, { line, character }); }
}
class Range {
  constructor(a, b, c, d) {
    if (a instanceof Position) Object.assign(this, { start: a, end: b });
    else Object.assign(this, { start: new Position(a, b), end: new Position(c, d) });
  }
}
class Location {
  constructor(uri, range) { Object.assign(this, { uri, range }); }
}

/** A text document as the extension sees it. */
function document(file, languageId) {
  return { uri: Uri.file(file), languageId, isClosed: false, version: 1, isDirty: false };
}

/** A fresh fake editor: `vscode` is the module, the rest records what the extension did. */
function fakeEditor(settings = {}) {
  const ed = {
    commands: new Map(), // registered command id -> handler
    executed: [], // [id, ...args] of vscode.commands.executeCommand
    languageSet: [], // [file, language] of vscode.languages.setTextDocumentLanguage
    watchers: [], // glob patterns of vscode.workspace.createFileSystemWatcher
    listeners: { open: [], save: [], config: [], editor: [] },
    clients: [], // every fake LanguageClient the extension made
    textDocuments: [],
  };
  const on = (list) => (fn) => { list.push(fn); return { dispose() {} }; };
  ed.vscode = new Proxy({
    Uri, Position, Range, Location,
    StatusBarAlignment: { Left: 1, Right: 2 },
    commands: {
      registerCommand: (id, fn) => {
        if (ed.commands.has(id)) throw new Error(`command '${id}' already exists`);
        ed.commands.set(id, fn);
        return { dispose() {} };
      },
      executeCommand: async (id, ...args) => { ed.executed.push([id, ...args]); },
    },
    languages: {
      setTextDocumentLanguage: async (doc, language) => {
        ed.languageSet.push([doc.uri.fsPath, language]);
        doc.languageId = language;
        return doc;
      },
    },
    window: new Proxy({
      activeTextEditor: undefined,
      onDidChangeActiveTextEditor: on(ed.listeners.editor),
      createOutputChannel: () => ({ show() {}, dispose() {}, appendLine() {} }),
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
    }, anything),
    workspace: new Proxy({
      get textDocuments() { return ed.textDocuments; },
      getConfiguration: (section) => ({
        get: (key, dflt) => (`${section}.${key}` in settings ? settings[`${section}.${key}`] : dflt),
      }),
      createFileSystemWatcher: (glob) => {
        ed.watchers.push(glob);
        return new Proxy({}, anything);
      },
      onDidOpenTextDocument: on(ed.listeners.open),
      onDidSaveTextDocument: on(ed.listeners.save),
      onDidChangeConfiguration: on(ed.listeners.config),
      findFiles: async () => [],
    }, anything),
  }, anything);

  // the real converter, on the fake module (its own require('vscode') must see it)
  const p2c = withModules({ vscode: ed.vscode }, () =>
    require(path.join(ROOT, 'node_modules/vscode-languageclient/lib/common/protocolConverter.js')));
  const State = { Stopped: 1, Running: 2, Starting: 3 };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, state: State.Stopped });
      this.notifications = []; // {method, params}
      this.protocol2CodeConverter = p2c.createConverter(undefined, true, false, false);
      ed.clients.push(this);
    }
    onDidChangeState() { return { dispose() {} }; }
    async start() { this.state = State.Running; }
    async stop() { this.state = State.Stopped; }
    async restart() {}
    async sendRequest() { return null; }
    async sendNotification(type, params) { this.notifications.push({ method: type.method, params }); }
  }
  ed.languageClient = { ...protocol, LanguageClient, State };
  return ed;
}

/** Runs FN with require() answering the named modules from MODULES. */
function withModules(modules, fn) {
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request in modules ? modules[request] : load.call(this, request, ...rest);
  };
  try {
    return fn();
  } finally {
    Module._load = load;
  }
}

/** A fresh copy of the extension module, talking to the fake editor ED. */
function loadExtension(ed = fakeEditor()) {
  const out = bundlePath();
  delete require.cache[out];
  return withModules({ vscode: ed.vscode, 'vscode-languageclient/node': ed.languageClient }, () => require(out));
}

/** Activates a fresh copy of the extension in ED; returns the module. */
async function activate(ed) {
  const ext = loadExtension(ed);
  await ext.activate({ extensionPath: '', subscriptions: [] });
  return ext;
}

/** A configuration change event for the settings KEYS (and their parents). */
function configChange(...keys) {
  return { affectsConfiguration: (s) => keys.some((k) => k === s || k.startsWith(s + '.')) };
}

/** Files under a new temp folder: {relative path: text}; returns the folder. */
function writeTree(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bookmarks-books-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

module.exports = { activate, bundlePath, configChange, document, fakeEditor, loadExtension, writeTree };
