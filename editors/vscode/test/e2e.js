// SPDX-License-Identifier: MIT
// Drives code-server (real VS Code) with playwright-core + Debian chromium on a copy of the
// example book, with the bookmarks-ls extension installed:
//   1. chapter2.txt opens in language "Guide book"
//   2. the Problems panel shows "Undefined bookmark: nowhere"
//   3. the status bar item shows the profile and anchor count (custom request bookmarks/status)
//   4. hovering [#folding] shows "Chapter 1 - Folding Basics" (screenshot test-artifacts/hover.png,
//      pixel-checked against a screenshot without the hover)
//   5. F12 on [#folding] opens chapter1.txt at the header (line 3)
//   6. typing "[#" lists anchors with their titles
//   7. "Bookmarks: Regenerate bookmark file" rewrites .bookmarks on disk (server command
//      bookmarks.regenerate with the active document's URI, then workspace/applyEdit)
//   8. clicking the code lens "N references" over "+ Launching" opens the references peek with
//      N references (client command bookmarks.showReferences -> editor.action.showReferences)
//   9. a setting written to the book's .vscode/settings.json reaches the server: forward
//      references go off (workspace/didChangeConfiguration, then workspace/configuration)
//  10. a header added on disk to a file that is not open defines "nowhere": the error goes
//      (the watcher the server registered -> workspace/didChangeWatchedFiles)
// Env: CS_URL, FOLDER (the book), SHOT_DIR, PW_DIR; STEP_TIMEOUT_MS (default 20000).
// Every step runs even after a failure; prints STEP/FAIL lines and RESULT PASS|FAIL.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const env = process.env;
const { chromium } = createRequire(path.join(env.PW_DIR, 'node_modules', 'x.js'))('playwright-core');

const CS_URL = env.CS_URL;
const FOLDER = env.FOLDER;
const SHOT_DIR = env.SHOT_DIR;
const T = Number(env.STEP_TIMEOUT_MS || 20000);
const T0 = Date.now();
const failures = [];
const say = (s) => console.log(`[${((Date.now() - T0) / 1000).toFixed(1)}s] ${s}`);
const fail = (s) => { failures.push(s); say('FAIL ' + s); };
const flat = (s) => String(s).replace(/\s*\n\s*/g, ' | ').trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function poll(fn, timeout = T, every = 150) {
  const t1 = Date.now();
  let v;
  while (Date.now() - t1 < timeout) {
    v = await fn().catch(() => undefined);
    if (v) return v;
    await sleep(every);
  }
  return v;
}

// Pixel check, done in a blank chromium page: the hover box of WITH differs from the same
// box in WITHOUT (the same screen after Escape), and holds text (many distinct colours).
async function pixelCheck(browser, withPng, withoutPng, box) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async ({ a, b, box }) => {
      const load = (src) => new Promise((res, rej) => { const i = new Image(); i.onload = () => res(i); i.onerror = rej; i.src = src; });
      const [ia, ib] = await Promise.all([load(a), load(b)]);
      const px = (img) => {
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        return g.getImageData(Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height)).data;
      };
      const da = px(ia), db = px(ib);
      let diff = 0; const colours = new Set();
      for (let i = 0; i < da.length; i += 4) {
        if (Math.abs(da[i] - db[i]) + Math.abs(da[i + 1] - db[i + 1]) + Math.abs(da[i + 2] - db[i + 2]) > 24) diff++;
        colours.add((da[i] << 16) | (da[i + 1] << 8) | da[i + 2]);
      }
      return { width: ia.width, height: ia.height, pixels: da.length / 4, diff, colours: colours.size };
    }, { a: 'data:image/png;base64,' + fs.readFileSync(withPng).toString('base64'),
      b: 'data:image/png;base64,' + fs.readFileSync(withoutPng).toString('base64'), box });
  } finally { await page.close(); }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const editorSel = '.editor-group-container.active .monaco-editor';
  const activeTab = () => page.locator('.tabs-container .tab.active').first().innerText().then((s) => s.replace(/\s+/g, ''));
  const cursorPos = () => page.locator('#status\\.editor\\.selection').innerText().then((s) => s.trim());
  const gotoLine = async (line1) => { // Ctrl+G "N:1" -> column 1 of line N (1-based)
    // The click only focuses the editor. Seen once in CI: something (a toast, the closing
    // Problems panel) kept it from being clickable for 30 s; dismiss overlays and force it.
    const lines = page.locator(`${editorSel} .view-lines`).first();
    try {
      await lines.click({ position: { x: 5, y: 5 }, timeout: 5000 });
    } catch {
      await page.keyboard.press('Escape');
      await lines.click({ position: { x: 5, y: 5 }, force: true, timeout: T });
    }
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: T });
    await page.keyboard.type(`${line1}:1`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: T });
  };
  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: T });
    await page.keyboard.type(title, { delay: 5 });
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title.split(': ').pop()}"]`, { timeout: T });
    await page.keyboard.press('Enter');
  };
  let step = 'open';
  try {
    // 1. open the book folder with chapter2.txt (VS Code web's payload=[["openFile", uri]])
    const host = new URL(CS_URL).host;
    const fileUri = `vscode-remote://${host}${path.join(FOLDER, 'chapter2.txt')}`;
    const url = `${CS_URL}/?folder=${encodeURIComponent(FOLDER)}&payload=${encodeURIComponent(JSON.stringify([['openFile', fileUri]]))}`;
    // the first load of the workbench is the slowest step on a busy machine: give it longer
    const TLOAD = Math.max(T, 60000);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TLOAD });
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: TLOAD });
    await page.waitForSelector('.tabs-container .tab.active[aria-label^="chapter2.txt"], .tabs-container .tab.active:has-text("chapter2.txt")', { timeout: T });
    await page.waitForSelector(`${editorSel} .view-lines .view-line`, { timeout: T });
    const lang = await poll(async () => {
      const t = (await page.locator('#status\\.editor\\.mode').innerText()).trim();
      return t === 'Guide book' ? t : undefined;
    });
    if (lang) say('STEP language: chapter2.txt is "Guide book"');
    else fail(`language of chapter2.txt is ${await page.locator('#status\\.editor\\.mode').innerText().catch(() => '?')}, expected "Guide book"`);

    // 2. diagnostics: a squiggle, then the Problems panel (Ctrl+Shift+M)
    step = 'diagnostics';
    const want = 'Undefined bookmark: nowhere';
    const squiggle = await page.waitForSelector(`${editorSel} .squiggly-error`, { timeout: T }).catch(() => null);
    if (!squiggle) fail('textDocument/publishDiagnostics: no error squiggle in chapter2.txt');
    await page.keyboard.press('Control+Shift+M');
    const rows = await poll(async () => {
      const r = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      return r.some((d) => d.includes(want)) ? r : undefined;
    });
    if (rows) say(`STEP problems: ${rows.length} rows, one is "${flat(rows.find((d) => d.includes(want)))}"`);
    else fail(`Problems panel has no "${want}": ${flat((await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).slice(0, 5).join('\n'))}`);
    await page.keyboard.press('Control+Shift+M');

    // 3. status bar: profile and anchor count from the custom request bookmarks/status
    step = 'status';
    const status = await poll(async () => {
      const items = await page.locator('.statusbar-item').allInnerTexts();
      return items.find((t) => /anchor/.test(t));
    }, 8000);
    if (status && /mkwikidot/.test(status) && /\d+ anchors?/.test(status)) say(`STEP status bar: "${flat(status)}"`);
    else {
      const ours = await page.locator('.statusbar-item[aria-label*="bookmarks-ls"], .statusbar-item:has-text("bookmarks-ls"), .statusbar-item:has-text("no book")').allInnerTexts().catch(() => []);
      const tip = await page.locator('.statusbar-item:has-text("bookmarks-ls")').first().getAttribute('aria-label').catch(() => null);
      fail(`bookmarks/status {"uri": "${fileUri.replace(/^vscode-remote:\/\/[^/]+/, 'file://')}"}: status bar shows ${JSON.stringify(status || ours.join(' | '))}` +
        `${tip ? ` (${tip})` : ''}, expected "mkwikidot · N anchors"`);
    }

    // 4. hover over [#folding] at chapter2.txt line 5 (1-based), column 43
    step = 'hover';
    await gotoLine(5);
    for (let i = 0; i < 42; i++) await page.keyboard.press('ArrowRight');
    await sleep(300);
    const cur = await page.locator(`${editorSel} .cursors-layer .cursor`).first().boundingBox();
    const hoverSel = '.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents';
    let hover = '';
    if (cur) {
      await page.mouse.move(cur.x + 3, cur.y + cur.height / 2);
      await page.mouse.move(cur.x + 5, cur.y + cur.height / 2);
      hover = await poll(async () => {
        const t = await page.locator(hoverSel).first().innerText({ timeout: 500 });
        return t.includes('Chapter 1') ? t : undefined;
      }, 8000) || '';
    }
    if (!hover) { // keyboard: editor.action.showHover
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      hover = await poll(async () => page.locator(hoverSel).first().innerText({ timeout: 500 }), 8000) || '';
    }
    const hoverPng = path.join(SHOT_DIR, 'hover.png');
    const hoverBox = await page.locator('.monaco-hover:not(.hidden)').first().boundingBox().catch(() => null);
    await page.screenshot({ path: hoverPng });
    if (hover.includes('Chapter 1 - Folding Basics')) say(`STEP hover: "${flat(hover).slice(0, 160)}"`);
    else fail(`textDocument/hover on [#folding] (line 4, character 42): hover shows "${flat(hover).slice(0, 200)}", expected "Chapter 1 - Folding Basics"`);
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 400);
    await sleep(500);
    const noHoverPng = path.join(SHOT_DIR, 'no-hover.png');
    await page.screenshot({ path: noHoverPng });
    const size = fs.existsSync(hoverPng) ? fs.statSync(hoverPng).size : 0;
    if (size < 20000) fail(`screenshot ${hoverPng} is ${size} bytes`);
    if (!hoverBox || hoverBox.width < 50 || hoverBox.height < 20) fail(`hover widget box ${JSON.stringify(hoverBox)}`);
    else {
      const px = await pixelCheck(browser, hoverPng, noHoverPng, hoverBox);
      const frac = px.diff / px.pixels;
      say(`STEP hover screenshot: ${size} bytes ${px.width}x${px.height}; hover box ${Math.round(hoverBox.width)}x${Math.round(hoverBox.height)}: ${(100 * frac).toFixed(0)}% pixels differ from the screen without hover, ${px.colours} colours`);
      if (frac < 0.1 || px.colours < 8) fail('hover widget not visible in hover.png (pixel check)');
    }

    // 5. go to definition: F12 at the same position -> chapter1.txt, Ln 3
    step = 'definition';
    await gotoLine(5);
    for (let i = 0; i < 42; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('F12');
    const def = await poll(async () => {
      const [tab, pos] = [await activeTab(), await cursorPos()];
      // the tab switches before the status bar shows the new cursor: wait for both
      return tab.startsWith('chapter1.txt') && /Ln 3,/.test(pos) ? `${tab} ${pos}` : undefined;
    });
    if (def && /Ln 3,/.test(def)) say(`STEP definition: ${flat(def)}`);
    else fail(`textDocument/definition on [#folding] (line 4, character 42): editor shows ${flat(def || (await activeTab()) + ' ' + (await cursorPos()))}, expected chapter1.txt Ln 3`);
    await page.screenshot({ path: path.join(SHOT_DIR, 'definition.png') });

    // 6. completion: in chapter2.txt, on the empty line 4, type "Also see [#"
    step = 'completion';
    await page.locator('.tabs-container .tab:has-text("chapter2.txt")').first().click();
    await page.waitForSelector('.tabs-container .tab.active:has-text("chapter2.txt")', { timeout: T });
    await gotoLine(4);
    await page.keyboard.type('Also see [#', { delay: 30 });
    const suggestRows = '.editor-widget.suggest-widget.visible .monaco-list-row';
    const anchors = async () => {
      const r = await page.locator(suggestRows).allInnerTexts();
      return r.some((t) => /^folding\b/.test(flat(t))) ? r : undefined;
    };
    let labels = await poll(anchors, 8000);
    if (!labels) { // explicit trigger: Ctrl+Space
      await page.keyboard.press('Control+Space');
      labels = await poll(anchors, 8000);
    }
    labels = labels || await page.locator(suggestRows).allInnerTexts();
    const ariaLabels = await page.locator(suggestRows).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || ''));
    await page.screenshot({ path: path.join(SHOT_DIR, 'completion.png') });
    const folding = labels.map(flat).find((t) => /^folding\b/.test(t));
    say(`STEP completion list: ${labels.slice(0, 6).map(flat).join(' ; ')}`);
    if (!folding) fail(`textDocument/completion after "[#" (line 3, character 11): no item "folding" in ${JSON.stringify(labels.slice(0, 6).map(flat))}`);
    else if (!/Chapter 1 - Folding Basics/.test(folding + ariaLabels.join(' '))) fail(`completion item "folding" shows no title: ${folding}`);
    await page.keyboard.press('Escape');
    // undo the typing so the book stays as it was
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Z');

    // 7. Bookmarks: Regenerate bookmark file -> workspace/executeCommand bookmarks.regenerate
    step = 'regenerate';
    const bmFile = path.join(FOLDER, '.bookmarks');
    const before = fs.readFileSync(bmFile, 'utf8');
    await runCommand('Bookmarks: Regenerate bookmark file');
    const changed = await poll(async () => {
      const now = fs.readFileSync(bmFile, 'utf8');
      return now !== before ? now : undefined;
    }, 10000);
    const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
    if (changed && /^About-This-Book /m.test(changed)) say(`STEP regenerate: .bookmarks rewritten on disk (${before.split('\n').length} -> ${changed.split('\n').length} lines)`);
    else if (changed) fail(`bookmarks.regenerate wrote a .bookmarks without the missing entry About-This-Book: ${flat(changed).slice(0, 200)}`);
    else fail(`workspace/executeCommand {"command": "bookmarks.regenerate", "arguments": ["file://${FOLDER}/chapter2.txt"]}: .bookmarks unchanged` +
      `${toasts.length ? '; notifications: ' + flat(toasts.join(' / ')).slice(0, 300) : ''}`);
    await page.screenshot({ path: path.join(SHOT_DIR, 'regenerate.png') });

    // 8. code lens over "+ Launching" (chapter2.txt line 3) -> references peek
    step = 'code lens';
    await page.locator('.tabs-container .tab:has-text("chapter2.txt")').first().click();
    await page.waitForSelector('.tabs-container .tab.active:has-text("chapter2.txt")', { timeout: T });
    await gotoLine(1); // scrolled to the top: the topmost lens is the first header's
    const lensTitle = await poll(async () => {
      const lenses = await page.locator(`${editorSel} .codelens-decoration a`).evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent.trim(), y: e.getBoundingClientRect().y })));
      const refs = lenses.filter((l) => /^\d+ references?$/.test(l.text)).sort((a, b) => a.y - b.y);
      return refs.length ? refs[0].text : undefined;
    });
    const peekSel = '.peekview-widget .peekview-title';
    let peek = '';
    for (let attempt = 0; lensTitle && !peek && attempt < 3; attempt++) {
      // The lens is re-rendered when lenses are re-resolved: find it again for each try.
      const lens = page.locator(`${editorSel} .codelens-decoration a`, { hasText: lensTitle }).first();
      await lens.click({ timeout: 5000 }).catch(() => page.keyboard.press('Escape'));
      peek = await poll(async () => (await page.locator(peekSel).first().innerText({ timeout: 500 })).trim(), 5000) || '';
    }
    const peekRows = await page.locator('.peekview-widget .monaco-list-row').allInnerTexts().catch(() => []);
    await page.screenshot({ path: path.join(SHOT_DIR, 'code-lens.png') });
    const lensCount = lensTitle ? lensTitle.split(' ')[0] : '';
    // the peek's title ends with the count: "2 references" or "Locations (2)"
    const peekCount = (title) => ((/(\d+) references?|\((\d+)\)/.exec(title) || []).slice(1).find(Boolean));
    if (!lensTitle) fail('textDocument/codeLens: no "N references" lens in chapter2.txt');
    else if (!peek) fail(`clicking the lens "${lensTitle}" (bookmarks.showReferences) opened no references peek`);
    else if (lensTitle !== '2 references' || peekCount(peek) !== lensCount ||
      !peekRows.some((r) => r.startsWith('preface.txt')) || !peekRows.some((r) => /^chapter1\.txt\s*xl8n/.test(r))) {
      fail(`the lens over "+ Launching" reads "${lensTitle}" and its peek "${flat(peek)}" (rows ${peekRows.map(flat).join(' ; ')}), expected 2 references (preface.txt, xl8n/chapter1.txt)`);
    } else say(`STEP code lens: "${lensTitle}" opens the peek "${flat(peek)}"; rows ${peekRows.map(flat).join(' ; ')}`);
    await page.keyboard.press('Escape');

    // 9. .vscode/settings.json: forward references off -> the two in preface.txt (infos) go
    step = 'settings';
    const problemCounts = async () => {
      const label = await page.locator('#status\\.problems').first().getAttribute('aria-label', { timeout: 2000 });
      const n = (kind) => Number((new RegExp(`${kind}: (\\d+)`, 'i').exec(label || '') || [])[1] || 0);
      return { errors: n('Errors'), warnings: n('Warnings'), infos: n('Infos'), label };
    };
    const before9 = await problemCounts();
    fs.mkdirSync(path.join(FOLDER, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(FOLDER, '.vscode', 'settings.json'), '{"bookmarks.diagnostics.forwardReferences": "off"}\n');
    const after9 = await poll(async () => {
      const c = await problemCounts();
      return c.infos === before9.infos - 2 && c.warnings === before9.warnings && c.errors === before9.errors ? c : undefined;
    });
    if (after9) say(`STEP settings: .vscode/settings.json forwardReferences "off" -> problems "${before9.label}" become "${after9.label}"`);
    else fail(`bookmarks.diagnostics.forwardReferences "off" in .vscode/settings.json did not reach the server: problems "${before9.label}" -> "${(await problemCounts()).label}", expected 2 infos fewer`);

    // 10. postface.txt (never opened) gains ".bookmark nowhere" on disk: one error fewer
    step = 'file watcher';
    const before10 = await problemCounts();
    fs.appendFileSync(path.join(FOLDER, 'postface.txt'), '\n.bookmark nowhere\n+ Nowhere Land\n');
    const after10 = await poll(async () => {
      const c = await problemCounts();
      return c.errors === before10.errors - 1 ? c : undefined;
    });
    if (after10) say(`STEP file watcher: postface.txt changed on disk -> problems "${before10.label}" become "${after10.label}"`);
    else fail(`a change of postface.txt on disk did not reach the server (workspace/didChangeWatchedFiles): problems "${before10.label}" -> "${(await problemCounts()).label}", expected 1 error fewer (Undefined bookmark: nowhere)`);
  } catch (e) {
    fail(`exception in step ${step}: ${e && e.message ? e.message.split('\n')[0] : e}`);
    await page.screenshot({ path: path.join(SHOT_DIR, 'failure.png') }).catch(() => {});
  }
  for (const e of pageErrors.slice(0, 3)) say('PAGEERROR ' + flat(e).slice(0, 200));
  say(failures.length ? `RESULT FAIL (${failures.length})` : 'RESULT PASS');
  await browser.close();
  process.exit(failures.length ? 1 : 0);
})();
