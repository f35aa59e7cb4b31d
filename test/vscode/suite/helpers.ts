// Shared helpers of the real-VS-Code suite: the extension's API once it is ready, files of the
// workspace (a temp copy of examples/), and bounded polling instead of sleeps. VS Code and the
// language server answer asynchronously, and other jobs load the machine: every wait polls a
// condition until a generous deadline, then fails with what it saw last.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarginaliaApi } from '../../../client/src/extension.ts';

export const EXTENSION_ID = 'marginalia.marginalia';
/** Default bound of one wait: long enough for a loaded CI machine, short enough to fail clearly. */
export const WAIT_MS = 30_000;
const POLL_MS = 50;

/** Korean UI (`--display-language ko`): the server and the client answer in Korean. */
export const ko = vscode.env.language === 'ko';

/**
 * Polls `probe` until `done(value)` holds, and returns that value. On timeout it fails with the
 * last value seen, so a wrong answer reads as a wrong answer and not as "timed out".
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean = Boolean,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await probe();
      error = undefined;
      if (done(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) {
      const seen = error !== undefined ? `error ${String(error)}` : JSON.stringify(last, replacer, 1)?.slice(0, 2000);
      throw new assert.AssertionError({ message: `timed out after ${timeoutMs / 1000}s waiting for ${what}; last seen: ${seen}` });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** JSON.stringify for VS Code objects: Uris as strings, Ranges as `l:c-l:c`. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof vscode.Uri) return value.toString();
  if (value instanceof vscode.Range) return `${value.start.line}:${value.start.character}-${value.end.line}:${value.end.character}`;
  return value;
}

/** The status bar's text once the first indexing is over: `$(question) 2 / 11`, `$(pass) 0`. */
export const COUNTS = /^\$\((question|pass)\) (\d+)(?: \/ (\d+))?$/;

let ready: Promise<MarginaliaApi> | undefined;

/** The extension's API, once its server runs and has indexed the workspace (status bar shows counts). */
export function marginalia(): Promise<MarginaliaApi> {
  ready ??= (async () => {
    const extension = vscode.extensions.getExtension<MarginaliaApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from the development path`);
    const api = await extension.activate();
    await waitFor('the Marginalia server to run', () => api.client.isRunning());
    await waitFor('the first indexing to finish (status bar counts)', () => api.statusBarText(), (text) => COUNTS.test(text), 60_000);
    return api;
  })();
  return ready;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with the examples copy as its workspace folder');
  return folder.uri;
}

/** A file of the workspace by its path relative to the root, e.g. `ch01/지민.md`. */
export function notesUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

/** `ch01/지민.md` from a Uri or LSP uri string (NFC, for comparisons with literals). */
export function relativePath(uri: vscode.Uri | string): string {
  const u = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  return vscode.workspace.asRelativePath(u, false).normalize('NFC');
}

/** Opens a notes file in the editor (the first column) and returns its editor. */
export async function openNotes(relative: string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(notesUri(relative));
  assert.equal(document.languageId, 'markdown');
  return vscode.window.showTextDocument(document, { preview: false, ...options });
}

/** 0-based position of the `nth` (0-based) occurrence of `needle` in the document, at its start. */
export function positionOf(document: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  const text = document.getText();
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" (#${nth}) occurs in ${relativePath(document.uri)}`);
  }
  return document.positionAt(offset);
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? code.value : code;
}

/** The file's Marginalia diagnostics with `code`, sorted by position. */
export function diagnostics(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'marginalia' && codeOf(d) === code)
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** Lines (1-based, like the CLI and the Problems panel) of the file's `unanswered` diagnostics. */
export function unansweredLines(uri: vscode.Uri): number[] {
  return diagnostics(uri, 'unanswered').map((d) => d.range.start.line + 1);
}

/**
 * Runs `body` on an editor of `relative`, then puts the file's text back as it was (a direct
 * edit, then a save, so no later test and no dirty-file prompt sees the changes).
 */
export async function withScratchEdits<T>(relative: string, body: (editor: vscode.TextEditor) => Promise<T>): Promise<T> {
  const editor = await openNotes(relative);
  const original = editor.document.getText();
  try {
    return await body(editor);
  } finally {
    const document = editor.document;
    if (document.getText() !== original) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
      await vscode.workspace.applyEdit(edit);
    }
    if (document.isDirty) await document.save();
  }
}

/** Inserts `text` at `position` with a WorkspaceEdit (as typing would, without keystroke timing). */
export async function insertText(uri: vscode.Uri, position: vscode.Position, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, position, text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
}

export async function deleteRange(uri: vscode.Uri, range: vscode.Range): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.delete(uri, range);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
}

/** The text of a hover's contents, whatever shape each part has. */
export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Closes every editor, so each test starts from the same workbench. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
