// Real assertions against the real VS Code API, run inside code-server's extension host.
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { takeScreenshot } = require('../out/screenshot.js'); // built from launcher/screenshot.ts by selftest.mjs

describe('launcher probe', () => {
  it('runs in a real VS Code extension host', () => {
    console.log(`[probe] VS Code ${vscode.version} (${vscode.env.appName}, host ${vscode.env.appHost}, remote ${vscode.env.remoteName}, ui ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}), language ${vscode.env.language}, node ${process.version}`);
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    if (process.env.MARGINALIA_PROBE_LANGUAGE) assert.strictEqual(vscode.env.language, process.env.MARGINALIA_PROBE_LANGUAGE);
  });

  it('sees the environment of the code-server process', () => {
    assert.ok(process.env.MARGINALIA_SCREENSHOT_DIR, 'MARGINALIA_SCREENSHOT_DIR reaches the extension host');
    assert.strictEqual(process.env.MARGINALIA_PROBE_ENV, 'hello from the launcher');
  });

  it('activates the probe on startup and runs its command', async () => {
    const ext = vscode.extensions.getExtension('marginalia.marginalia-launcher-probe');
    assert.ok(ext, 'probe extension is loaded from the development path');
    const api = await ext.activate();
    assert.ok(ext.isActive);
    assert.ok(api.activatedAt > 0);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('marginaliaProbe.ping'));
    const res = await vscode.commands.executeCommand('marginaliaProbe.ping', 'hi');
    assert.strictEqual(res.pong, 'hi');
    assert.strictEqual(res.pings, 1);
    // vscode.l10n uses the probe's l10n/bundle.l10n.<language>.json (ko: 퐁) when there is one.
    assert.strictEqual(res.word, vscode.env.language === 'ko' ? '퐁' : 'pong');
  });

  it('opens a markdown file of the workspace and gets its document symbols', async () => {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    assert.ok(folder, 'a workspace folder is open');
    const uri = vscode.Uri.joinPath(folder.uri, 'notes.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.languageId, 'markdown');
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(path.basename(vscode.window.activeTextEditor.document.uri.path), 'notes.md');
    // The built-in markdown extension may still be starting: poll, bounded.
    let symbols;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
      if (symbols && symbols.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(symbols && symbols.length, 'markdown document symbols');
    const name = (s) => s.name.replace(/^#+\s*/, '');
    console.log(`[probe] symbols: ${JSON.stringify(symbols.map((s) => [s.name, (s.children || []).map((c) => c.name)]))}`);
    assert.strictEqual(name(symbols[0]), 'Reading notes');
    assert.deepStrictEqual(symbols[0].children.map(name), ['Chapter 1', 'Chapter 2']);
  });

  it('asks the launcher for a screenshot', async () => {
    // Command palette filtered to the probe's command: its title comes from package.nls(.ko).json.
    await vscode.commands.executeCommand('workbench.action.quickOpen', '>Marginalia');
    await new Promise((r) => setTimeout(r, 500)); // let the quick pick render its items
    await takeScreenshot('probe-notes');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  // Lets the self-test check the launcher's failure path: MARGINALIA_PROBE_FAIL=1 (via --env).
  if (process.env.MARGINALIA_PROBE_FAIL) {
    it('fails on purpose (MARGINALIA_PROBE_FAIL)', () => {
      assert.strictEqual(1 + 1, 3);
    });
  }
  if (process.env.MARGINALIA_PROBE_HANG) {
    it('hangs on purpose (MARGINALIA_PROBE_HANG)', function () {
      this.timeout(0);
      return new Promise(() => {});
    });
  }
});
