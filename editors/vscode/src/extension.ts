// SPDX-License-Identifier: MIT
// VS Code client for bookmarks-ls, the language server for guide books (the plain-text
// format of the ZeroMQ Guide). It starts the server over stdio, shows the book's profile
// and anchor count in the status bar, and offers "Bookmarks: Regenerate bookmark file".
// Files are read with fs.promises: the extension host is shared by every extension, and a
// document open must not wait on the disk.
import { promises as fs, constants as fsConstants } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  Location,
  Position,
  RequestType,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

/** Language ids contributed in package.json. */
export const GUIDE_LANGUAGE = 'zguide';
export const BOOKMARKS_LANGUAGE = 'zguide-bookmarks';

/** Custom request: the book of a document, as the server sees it. */
export interface StatusParams {
  uri: string;
}
export interface StatusResult {
  profile: string;
  anchors: number;
}
export const StatusRequest = new RequestType<StatusParams, StatusResult | null, void>('bookmarks/status');

/** Server workspace command: regenerate the bookmark file of a book folder (argument: its URI). */
export const REGENERATE_SERVER_COMMAND = 'bookmarks.regenerate';

/**
 * Client command of the server's "N references" code lenses, with the arguments
 * [uri, position, locations] in LSP form. Not in the server's executeCommandProvider: the
 * client runs it.
 */
export const SHOW_REFERENCES_COMMAND = 'bookmarks.showReferences';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;
let statusGeneration = 0;

// The book rule of bookmarks-ls (analysis.IsBook, README "Which folders are books"): keep
// these lists as the server has them.
const BOOK_MARKERS = ['bookmarks-ls.toml', 'zguide.book', '.bookmarks', 'site/.bookmarks',
  'bin/buildguide', 'bin/buildpdfs', 'bin/mkguide', 'bin/mkpdfs'];
const TOOLS = new Set(['mkwikidot', 'mkdocbook', 'z2w', 'mkbook']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ksh', 'zsh']);
/** The server reads no larger file (analysis.DefaultMaxFileSize), so no larger script is a driver. */
const MAX_SCRIPT_SIZE = 8 << 20;
/** A NUL byte in the first bytes of a bin/ file means a program, not a script: read no further. */
const SNIFF_BYTES = 4096;

async function readText(file: string): Promise<string | undefined> {
  try {
    return (await fs.stat(file)).isFile() ? await fs.readFile(file, 'latin1') : undefined;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** True when TEXT is a shell script with a command that runs a converter. */
export function callsTool(text: string): boolean {
  if (text.includes('\0')) return false;
  if (text.startsWith('#!') && !text.slice(2).split('\n')[0].split(/[/\s]+/).some((w) => SHELLS.has(w))) return false;
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const cmd of line.split(/[;|&()]/)) {
      const words = cmd.split(/\s+/).filter((w) => w !== '');
      while (words.length > 0 && (/^\w+=/.test(words[0]) || ['exec', 'perl', 'env', 'time'].includes(words[0]))) words.shift();
      if (words.length > 0 && TOOLS.has(path.basename(words[0]))) return true;
    }
  }
  return false;
}

/**
 * The text of FILE when it may be a script: a file over the server's size limit, or one with a
 * NUL byte near its start (the /usr/bin programs above a loose file), is not read whole.
 */
async function readScript(file: string): Promise<string | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    const info = await fs.stat(file); // before open: opening a FIFO would wait for a writer
    if (!info.isFile() || info.size > MAX_SCRIPT_SIZE) return undefined;
    handle = await fs.open(file, 'r');
    const head = Buffer.alloc(Math.min(info.size, SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    if (head.includes(0)) return undefined;
    return await fs.readFile(file, 'latin1');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** How many bin/ files are read at once: a bin/ of a thousand programs must not open them all. */
const SCRIPT_BATCH = 16;

/** The texts of the bin/ files of DIR that are shell scripts calling a converter. */
async function* driverScripts(dir: string): AsyncGenerator<string> {
  let names: string[];
  try {
    names = await fs.readdir(path.join(dir, 'bin'));
  } catch {
    return;
  }
  const candidates = names.filter((n) => !n.startsWith('.') && !TOOLS.has(n) && n !== 'mkmarkdown');
  for (let i = 0; i < candidates.length; i += SCRIPT_BATCH) {
    const batch = candidates.slice(i, i + SCRIPT_BATCH);
    for (const text of await Promise.all(batch.map((n) => readScript(path.join(dir, 'bin', n))))) {
      if (text !== undefined && callsTool(text)) yield text;
    }
  }
}

/** True when DIR is a book: a marker file, a chapterN.txt, or a bin/ script calling a tool. */
export async function isBookDir(dir: string): Promise<boolean> {
  try {
    if ((await Promise.all(BOOK_MARKERS.map((m) => exists(path.join(dir, m))))).some(Boolean)) return true;
    if ((await fs.readdir(dir)).some((f) => /^chapter\d+\.txt$/.test(f))) return true;
    for await (const _ of driverScripts(dir)) return true;
    return false;
  } catch {
    return false;
  }
}

/** The book folder FILE belongs to, or undefined: the nearest book folder above it. */
export async function bookRoot(file: string): Promise<string | undefined> {
  let dir = path.dirname(file);
  const xl8n = /^(.*)[/\\]xl8n[/\\]/.exec(file);
  if (xl8n) dir = xl8n[1]; // translations belong to the book around them, never to xl8n/kr
  else if (path.basename(file) === '.bookmarks' && path.basename(dir) === 'site') dir = path.dirname(dir);
  for (;;) {
    if (await isBookDir(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** True when REL (slash path inside the book ROOT) is named by zguide.book, bookmarks-ls.toml or a driver script. */
export async function isListed(root: string, rel: string): Promise<boolean> {
  const strip = (w: string) => w.replace(/^\.\//, '');
  for (const line of (await readText(path.join(root, 'zguide.book')) ?? '').split('\n')) {
    const w = line.trim().split(/\s+/)[0];
    if (w && !w.startsWith('#') && !w.includes('=') && strip(w) === rel) return true;
  }
  for (const m of (await readText(path.join(root, 'bookmarks-ls.toml')) ?? '').matchAll(/"([^"\n]+)"/g)) {
    if (strip(m[1]) === rel) return true;
  }
  for await (const text of driverScripts(root)) {
    if (text.split(/[\s\\;|&()'"]+/).some((w) => strip(w) === rel)) return true;
  }
  return false;
}

/** Whether a .txt file is a guide file: named like one, in xl8n/, or listed by its book. */
export async function isGuideFile(file: string): Promise<boolean> {
  if (!file.endsWith('.txt')) return false;
  const root = await bookRoot(file);
  if (!root) return false;
  if (/[/\\]xl8n[/\\]/.test(file) || /^(chapter\d+|part\d+|preface.*|postface)\.txt$/.test(path.basename(file))) return true;
  return await isListed(root, path.relative(root, file).split(path.sep).join('/'));
}

function isBookDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.uri.scheme === 'file' &&
    (doc.languageId === GUIDE_LANGUAGE || doc.languageId === BOOKMARKS_LANGUAGE);
}

/**
 * The filename patterns also match a preface.txt outside any book: give those back to plain
 * text; and a free-named .txt that its book lists (zguide.book, bookmarks-ls.toml, a driver
 * script) is a guide file.
 */
export async function checkLanguage(doc: vscode.TextDocument): Promise<void> {
  if (doc.uri.scheme !== 'file') return;
  const language = doc.languageId;
  let wanted: string | undefined;
  if (language === GUIDE_LANGUAGE && !(await bookRoot(doc.uri.fsPath))) wanted = 'plaintext';
  else if (language === 'plaintext' && (await isGuideFile(doc.uri.fsPath))) wanted = GUIDE_LANGUAGE;
  // the document may have closed, or been given a language by hand, while the disk was read
  if (wanted && !doc.isClosed && doc.languageId === language) {
    await vscode.languages.setTextDocumentLanguage(doc, wanted);
  }
}

/** Where the extension is installed (set by activate); a platform package has server/ there. */
let extensionPath = '';

/** The server binary shipped inside a platform-specific package, if this package has one. */
export async function bundledServer(extPath: string, platform: string = process.platform): Promise<string | undefined> {
  if (!extPath) return undefined;
  const file = path.join(extPath, 'server', platform === 'win32' ? 'bookmarks-ls.exe' : 'bookmarks-ls');
  if (!(await exists(file))) return undefined;
  if (platform !== 'win32') {
    // The package records the executable bit; an installer that drops it must not stop the server.
    try {
      await fs.access(file, fsConstants.X_OK);
    } catch {
      try {
        await fs.chmod(file, 0o755);
      } catch {
        // reported when the start fails
      }
    }
  }
  return file;
}

/** bookmarks.server.path if set; else the bundled binary (unless bookmarks.server.bundled is off); else PATH. */
async function serverCommand(): Promise<string> {
  const config = vscode.workspace.getConfiguration('bookmarks');
  const configured = config.get<string>('server.path', '').trim();
  if (configured) {
    if (configured.startsWith('~/')) return path.join(process.env.HOME ?? '', configured.slice(2));
    return configured;
  }
  if (config.get<boolean>('server.bundled', true)) {
    const bundled = await bundledServer(extensionPath);
    if (bundled) return bundled;
  }
  return 'bookmarks-ls';
}

function createClient(command: string): LanguageClient {
  // No `transport`: the client then talks over stdin/stdout without appending --stdio.
  const serverOptions: ServerOptions = { run: { command, args: [] }, debug: { command, args: [] } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: GUIDE_LANGUAGE },
      { scheme: 'file', language: BOOKMARKS_LANGUAGE },
    ],
    // No `synchronize`: the server pulls its settings with workspace/configuration (answered
    // from section "bookmarks"; onSettingsChanged tells it when to pull again), and registers
    // the file watcher it needs itself (client/registerCapability), so events come once.
    outputChannel: output,
    initializationFailedHandler: (error) => {
      void vscode.window.showErrorMessage(`bookmarks-ls failed to initialize: ${String(error)}`);
      return false;
    },
  };
  return new LanguageClient('bookmarks', 'Guide books (bookmarks-ls)', serverOptions, clientOptions);
}

async function startClient(): Promise<void> {
  const command = await serverCommand();
  client = createClient(command);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) void refreshStatus();
    else if (e.newState === State.Stopped) showStatus('$(error) bookmarks-ls', 'The language server is not running.');
  });
  try {
    await client.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    showStatus('$(error) bookmarks-ls', `Could not start ${command}: ${message}`);
    void vscode.window.showErrorMessage(
      `Could not start the guide-book language server (${command}): ${message}. ` +
      'Install bookmarks-ls or set "bookmarks.server.path".');
  }
}

function showStatus(text: string, tooltip: string): void {
  if (!statusItem) return;
  statusItem.text = text;
  statusItem.tooltip = tooltip;
  statusItem.show();
}

/** Ask the server for the profile and anchor count of the active document's book. */
export async function refreshStatus(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  const generation = ++statusGeneration;
  if (!statusItem) return;
  if (!isBookDocument(doc)) {
    statusItem.hide();
    return;
  }
  if (!client || client.state !== State.Running) {
    showStatus('$(sync~spin) bookmarks-ls', 'Starting the language server…');
    return;
  }
  try {
    const status = await client.sendRequest(StatusRequest, { uri: doc.uri.toString() });
    if (generation !== statusGeneration) return;
    if (!status) {
      showStatus('$(bookmark) no book', 'This file belongs to no guide book the server knows.');
      return;
    }
    const anchors = `${status.anchors} anchor${status.anchors === 1 ? '' : 's'}`;
    showStatus(`$(bookmark) ${status.profile} · ${anchors}`,
      `Guide book profile ${status.profile}, ${anchors} (bookmarks-ls). Click for the server output.`);
  } catch (err) {
    if (generation !== statusGeneration) return;
    showStatus('$(bookmark) bookmarks-ls', `bookmarks/status failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The argument of the server command bookmarks.regenerate: the URI of a file of the book
 * (the active document when it belongs to a book; a bookmark file regenerates that file),
 * else the .bookmarks / zguide.book of a book of the workspace (asks when there are several).
 */
async function pickBookFile(): Promise<vscode.Uri | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  const bookFile = doc !== undefined && doc.uri.scheme === 'file' && (doc.languageId === GUIDE_LANGUAGE ||
    doc.languageId === BOOKMARKS_LANGUAGE || path.basename(doc.uri.fsPath) === 'zguide.book');
  if (doc && bookFile && (await bookRoot(doc.uri.fsPath))) {
    return doc.uri;
  }
  const found = await vscode.workspace.findFiles('**/{.bookmarks,zguide.book}', '**/node_modules/**', 100);
  const byBook = new Map<string, vscode.Uri>();
  for (const u of found) {
    const root = await bookRoot(u.fsPath);
    if (!root) continue;
    // prefer the book's .bookmarks over site/.bookmarks and zguide.book
    const prev = byBook.get(root);
    if (!prev || path.join(root, '.bookmarks') === u.fsPath) byBook.set(root, u);
  }
  if (byBook.size === 0) {
    void vscode.window.showWarningMessage('No guide book (.bookmarks or zguide.book) in this workspace.');
    return undefined;
  }
  if (byBook.size === 1) return [...byBook.values()][0];
  const picked = await vscode.window.showQuickPick(
    [...byBook.entries()].map(([root, uri]) => ({ label: vscode.workspace.asRelativePath(root), uri })),
    { placeHolder: 'Regenerate the bookmark file of which book?' });
  return picked?.uri;
}

function isBookmarkFile(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && path.basename(doc.uri.fsPath) === '.bookmarks';
}

async function regenerateBookmarkFile(): Promise<boolean> {
  if (!client || client.state !== State.Running) {
    void vscode.window.showErrorMessage('The guide-book language server is not running.');
    return false;
  }
  const target = await pickBookFile();
  if (!target) return false;
  const versions = new Map(vscode.workspace.textDocuments.filter(isBookmarkFile).map((d) => [d.uri.toString(), d.version]));
  try {
    // The server answers with workspace/applyEdit (the client applies it), then null.
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: REGENERATE_SERVER_COMMAND,
      arguments: [target.toString()],
    });
  } catch (err) {
    void vscode.window.showErrorMessage(`Regenerating the bookmark file failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  // Save what the edit changed: the tool itself writes the file.
  const changed = vscode.workspace.textDocuments.filter((d) =>
    isBookmarkFile(d) && d.isDirty && versions.get(d.uri.toString()) !== d.version);
  for (const d of changed) await d.save();
  const where = changed.map((d) => vscode.workspace.asRelativePath(d.uri)).join(', ');
  void vscode.window.setStatusBarMessage(changed.length ? `Regenerated ${where}` : 'The bookmark file is already as the tool writes it', 5000);
  void refreshStatus();
  return changed.length > 0;
}

/** Opens the references peek of a lens: its arguments come from the server in LSP form. */
export async function showReferences(uri: string, position: Position, locations: Location[]): Promise<void> {
  if (!client) return;
  const p2c = client.protocol2CodeConverter;
  await vscode.commands.executeCommand('editor.action.showReferences',
    p2c.asUri(uri), p2c.asPosition(position), await p2c.asReferences(locations));
}

/** A bookmarks.* setting changed: restart for a new server, else have the server pull again. */
async function onSettingsChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!client) return;
  if (e.affectsConfiguration('bookmarks.server.path')) {
    await client.stop();
    await startClient();
  } else if (e.affectsConfiguration('bookmarks') && client.state === State.Running) {
    // The server ignores the payload and answers with workspace/configuration.
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('Guide books (bookmarks-ls)', { log: true });
  statusItem = vscode.window.createStatusBarItem('bookmarks.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Guide book';
  statusItem.command = 'bookmarks.showOutput';
  context.subscriptions.push(output, statusItem);
  await vscode.commands.executeCommand('setContext', 'bookmarks.active', true);

  context.subscriptions.push(
    vscode.commands.registerCommand('bookmarks.regenerateBookmarkFile', regenerateBookmarkFile),
    vscode.commands.registerCommand('bookmarks.restartServer', async () => {
      if (client) await client.restart();
      else await startClient();
    }),
    vscode.commands.registerCommand('bookmarks.showOutput', () => output?.show(true)),
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, showReferences),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()),
    vscode.workspace.onDidOpenTextDocument((doc) => void checkLanguage(doc)),
    vscode.workspace.onDidSaveTextDocument((doc) => { if (isBookDocument(doc)) void refreshStatus(); }),
    vscode.workspace.onDidChangeConfiguration(onSettingsChanged),
  );
  for (const doc of vscode.workspace.textDocuments) await checkLanguage(doc);
  await startClient();
  void refreshStatus();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
