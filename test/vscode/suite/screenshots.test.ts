// Screenshots of the real workbench for docs/screenshots/ (run with `--display-language ko`): the
// chapter tree, the Outline, a hover on a page reference and the Problems panel, each on Korean
// notes. Every test first checks that what the picture should show is there; the launcher then
// photographs the page. Under @vscode/test-electron `takeScreenshot` only logs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { takeScreenshot } from '../launcher/screenshot.ts';
import { closeAllEditors, hoverText, marginalia, notesUri, openNotes, positionOf, unansweredLines, waitFor } from './helpers.ts';

/**
 * The workbench paints a moment after a command returns, and the extension host cannot see the
 * page: this is the suite's one fixed wait, before each picture only (never before an assertion).
 */
const PAINT_MS = 800;
const paint = () => new Promise((resolve) => setTimeout(resolve, PAINT_MS));
/** The Explorer's file tree, and the side bar container of the chapter tree (package.json). */
const FOLDERS_VIEW = 'workbench.explorer.fileView';
const MARGINALIA_CONTAINER = 'workbench.view.extension.marginalia';

/** Opens `relative` alone, with the cursor on `needle` (or at the top) and that line in view. */
async function showAlone(relative: string, needle?: string): Promise<vscode.TextEditor> {
  await closeAllEditors();
  const document = await vscode.workspace.openTextDocument(notesUri(relative));
  const at = needle ? positionOf(document, needle) : new vscode.Position(0, 0);
  const editor = await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Selection(at, at) });
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

async function run(command: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await vscode.commands.executeCommand(command);
}

describe('screenshots', () => {
  before(async () => {
    await marginalia();
    await run('workbench.action.closePanel');
  });
  after(async () => {
    await run('workbench.action.closePanel');
    await closeAllEditors();
  });

  it('chapter tree beside a Korean notes file', async () => {
    const api = await marginalia();
    await showAlone('ch01/지민.md');
    await run('marginalia.focusTree');
    // A wider side bar, so entries show their first words (it stays wide for the next pictures):
    // "Decrease Editor Width" acts on the editor part whatever has the focus (the headless page
    // may have none), and the side bar takes the room.
    await run('workbench.action.decreaseViewWidth', 3);
    const items = await waitFor('the tree', () => api.treeItems(), (i) => i.length === 3);
    assert.ok((items[0]!.children?.length ?? 0) > 10);
    await waitFor('the status bar counts', () => api.statusBarText(), (t) => t === '$(question) 1 / 11');
    await paint();
    await takeScreenshot('chapter-tree');
  });

  it('hover on a page reference', async () => {
    const editor = await showAlone('ch01/지민.md', 'p12.');
    await run('marginalia.focusTree');
    await run('workbench.action.focusActiveEditorGroup');
    const at = editor.selection.active.translate(0, 1);
    editor.selection = new vscode.Selection(at, at);
    const text = await waitFor(
      'the hover',
      async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at)),
      (t) => t.includes('ch01/haruto.md'),
    );
    assert.ok(text.includes('ch01/지민.md'));
    await run('editor.action.showHover');
    await paint();
    await takeScreenshot('hover');
    await run('editor.action.hideHover').then(undefined, () => undefined);
  });

  it('Problems panel on Korean notes files', async () => {
    const first = await showAlone('ch01/지민.md');
    const editor = await openNotes('ch02/지민.md', { selection: new vscode.Selection(22, 4, 22, 4) });
    await waitFor('the warnings of ch01/지민.md', () => unansweredLines(first.document.uri), (l) => l.length === 1);
    await waitFor('the warnings of ch02/지민.md', () => unansweredLines(editor.document.uri), (l) => l.length === 2);
    await run('workbench.actions.view.problems');
    await paint();
    await takeScreenshot('problems');
  });

  it('Outline of a Korean notes file: chapters → entries → questions', async () => {
    const editor = await showAlone('ch02/지민.md', 'ORM을 써도');
    await waitFor(
      'Marginalia symbols',
      async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri)) ?? [],
      (s) => s.some((x) => x.kind === vscode.SymbolKind.Namespace),
    );
    await run('workbench.action.closePanel');
    // The Outline gets the Explorer's height: the file tree moves out for the picture (VS Code
    // cannot hide it), and the timeline is hidden.
    await vscode.commands.executeCommand('vscode.moveViews', { viewIds: [FOLDERS_VIEW], destinationId: MARGINALIA_CONTAINER });
    await run('timeline.removeView');
    await run('workbench.view.explorer');
    await run('outline.focus');
    await run('workbench.action.focusActiveEditorGroup');
    await paint();
    await takeScreenshot('outline');
    await vscode.commands.executeCommand('vscode.moveViews', { viewIds: [FOLDERS_VIEW], destinationId: 'workbench.view.explorer' });
  });
});
