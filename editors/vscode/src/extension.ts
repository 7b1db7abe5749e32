// SPDX-License-Identifier: MIT
// VS Code client for bookmarks-ls, the language server for guide books (the plain-text
// format of the ZeroMQ Guide). It starts the server over stdio, shows the book's profile
// and anchor count in the status bar, and offers "Bookmarks: Regenerate bookmark file".
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
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

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;
let statusGeneration = 0;

/** True when DIR holds `.bookmarks`, `zguide.book` or a chapterN.txt. */
export function isBookDir(dir: string): boolean {
  try {
    if (fs.existsSync(path.join(dir, '.bookmarks')) || fs.existsSync(path.join(dir, 'zguide.book'))) return true;
    return fs.readdirSync(dir).some((f) => /^chapter\d+\.txt$/.test(f));
  } catch {
    return false;
  }
}

/** The book folder FILE belongs to, or undefined. */
export function bookRoot(file: string): string | undefined {
  const xl8n = /^(.*)[/\\]xl8n[/\\]/.exec(file);
  if (xl8n) return isBookDir(xl8n[1]) ? xl8n[1] : undefined;
  const dir = path.dirname(file);
  if (path.basename(file) === '.bookmarks' && path.basename(dir) === 'site' && isBookDir(path.dirname(dir))) {
    return path.dirname(dir);
  }
  return isBookDir(dir) ? dir : undefined;
}

function isBookDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.uri.scheme === 'file' &&
    (doc.languageId === GUIDE_LANGUAGE || doc.languageId === BOOKMARKS_LANGUAGE);
}

/** The filename patterns also match a preface.txt outside any book: give those back to plain text. */
async function checkLanguage(doc: vscode.TextDocument): Promise<void> {
  if (doc.uri.scheme === 'file' && doc.languageId === GUIDE_LANGUAGE && !bookRoot(doc.uri.fsPath)) {
    await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
  }
}

/** Where the extension is installed (set by activate); a platform package has server/ there. */
let extensionPath = '';

/** The server binary shipped inside a platform-specific package, if this package has one. */
export function bundledServer(extPath: string, platform: string = process.platform): string | undefined {
  if (!extPath) return undefined;
  const file = path.join(extPath, 'server', platform === 'win32' ? 'bookmarks-ls.exe' : 'bookmarks-ls');
  if (!fs.existsSync(file)) return undefined;
  if (platform !== 'win32') {
    // The package records the executable bit; an installer that drops it must not stop the server.
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      try {
        fs.chmodSync(file, 0o755);
      } catch {
        // reported when the start fails
      }
    }
  }
  return file;
}

/** bookmarks.server.path if set; else the bundled binary (unless bookmarks.server.bundled is off); else PATH. */
function serverCommand(): string {
  const config = vscode.workspace.getConfiguration('bookmarks');
  const configured = config.get<string>('server.path', '').trim();
  if (configured) {
    if (configured.startsWith('~/')) return path.join(process.env.HOME ?? '', configured.slice(2));
    return configured;
  }
  if (config.get<boolean>('server.bundled', true)) {
    const bundled = bundledServer(extensionPath);
    if (bundled) return bundled;
  }
  return 'bookmarks-ls';
}

function createClient(): LanguageClient {
  const command = serverCommand();
  // No `transport`: the client then talks over stdin/stdout without appending --stdio.
  const serverOptions: ServerOptions = { run: { command, args: [] }, debug: { command, args: [] } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: GUIDE_LANGUAGE },
      { scheme: 'file', language: BOOKMARKS_LANGUAGE },
    ],
    // workspace/configuration requests for section "bookmarks" are answered from the settings;
    // this also sends workspace/didChangeConfiguration when they change.
    synchronize: {
      configurationSection: 'bookmarks',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.txt,.bookmarks,zguide.book}'),
    },
    outputChannel: output,
    initializationFailedHandler: (error) => {
      void vscode.window.showErrorMessage(`bookmarks-ls failed to initialize: ${String(error)}`);
      return false;
    },
  };
  return new LanguageClient('bookmarks', 'Guide books (bookmarks-ls)', serverOptions, clientOptions);
}

async function startClient(): Promise<void> {
  client = createClient();
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) void refreshStatus();
    else if (e.newState === State.Stopped) showStatus('$(error) bookmarks-ls', 'The language server is not running.');
  });
  try {
    await client.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    showStatus('$(error) bookmarks-ls', `Could not start ${serverCommand()}: ${message}`);
    void vscode.window.showErrorMessage(
      `Could not start the guide-book language server (${serverCommand()}): ${message}. ` +
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
  if (doc && bookFile && bookRoot(doc.uri.fsPath)) {
    return doc.uri;
  }
  const found = await vscode.workspace.findFiles('**/{.bookmarks,zguide.book}', '**/node_modules/**', 100);
  const byBook = new Map<string, vscode.Uri>();
  for (const u of found) {
    const root = bookRoot(u.fsPath);
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
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()),
    vscode.workspace.onDidOpenTextDocument((doc) => void checkLanguage(doc)),
    vscode.workspace.onDidSaveTextDocument((doc) => { if (isBookDocument(doc)) void refreshStatus(); }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('bookmarks.server.path') && client) {
        await client.stop();
        await startClient();
      }
    }),
  );
  for (const doc of vscode.workspace.textDocuments) await checkLanguage(doc);
  await startClient();
  void refreshStatus();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
