// Opening notes at a place, and the quick pick of entries shared by Go to Page… and Show Page.
import * as vscode from 'vscode';
import type { EntryItem, PageIndexRequest } from '../../server/src/protocol.ts';
import { entryLook, firstWords, type EntryLook } from './treeModel.ts';

export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** Command arguments come from anywhere (code lenses, other extensions, tests): check them. */
export function toPosition(value: unknown): vscode.Position | undefined {
  const p = value as Partial<LspPosition> | undefined;
  if (!p || !Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line! < 0 || p.character! < 0) return undefined;
  return new vscode.Position(p.line!, p.character!);
}

export function toRange(value: unknown): vscode.Range | undefined {
  const r = value as Partial<LspRange> | undefined;
  const start = toPosition(r?.start);
  const end = toPosition(r?.end);
  return start && end ? new vscode.Range(start, end) : undefined;
}

export function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
}

/**
 * Opens `uri` and puts the selection on `range` (or the cursor at its start), centred.
 * The range is clamped to the document: the index may lag an edit by a moment.
 */
export async function showRange(
  uri: vscode.Uri,
  range: vscode.Range,
  options: { select: boolean; preview?: boolean; preserveFocus?: boolean },
): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const target = document.validateRange(range);
  const selection = options.select ? new vscode.Selection(target.start, target.end) : new vscode.Selection(target.start, target.start);
  const editor = await vscode.window.showTextDocument(document, {
    selection,
    preview: options.preview,
    preserveFocus: options.preserveFocus ?? false,
  });
  editor.selection = selection;
  editor.revealRange(target, vscode.TextEditorRevealType.InCenter);
  return editor;
}

export function showEntry(entry: EntryItem, options: { preview?: boolean; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> | undefined {
  const uri = toUri(entry.uri);
  const range = toRange(entry.range);
  if (!uri || !range) return undefined;
  return showRange(uri, range, { select: true, ...options });
}

export const LOOK_ICONS: Record<EntryLook, string> = {
  unanswered: 'question',
  answered: 'pass',
  quote: 'quote',
  note: 'note',
};

interface EntryPick extends vscode.QuickPickItem {
  entry?: EntryItem;
}

/**
 * A quick pick of the entries on `pages` (one separator per page), each showing its text, page,
 * member and file; moving through the list previews the entry, accepting opens and selects it,
 * and dismissing returns to where the user was.
 */
export async function pickEntries(pages: PageIndexRequest.PageItem[], title: string, placeholder: string): Promise<void> {
  const items: EntryPick[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    const entries = page.entries.filter((entry) => {
      const key = `${entry.uri}#${entry.range.start.line}:${entry.range.start.character}`;
      if (seen.has(key)) return false; // a range entry (pp.60–62) is listed once, at its nearest page
      seen.add(key);
      return true;
    });
    if (!entries.length) continue;
    items.push({ label: `p.${page.page}`, kind: vscode.QuickPickItemKind.Separator });
    for (const entry of entries) {
      items.push({
        label: `$(${LOOK_ICONS[entryLook(entry)]}) ${firstWords(entry.text, 80)}`,
        description: [entry.pageLabel, entry.member].filter(Boolean).join(' · '),
        detail: vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri)),
        entry,
      });
    }
  }

  const before = vscode.window.activeTextEditor;
  const openBefore = new Set(openTabUris());
  const restore = before ? { uri: before.document.uri, selection: before.selection, column: before.viewColumn } : undefined;
  const quickPick = vscode.window.createQuickPick<EntryPick>();
  quickPick.title = title;
  quickPick.placeholder = placeholder;
  quickPick.items = items;
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;

  let accepted = false;
  let previewed = false;
  await new Promise<void>((resolve) => {
    quickPick.onDidChangeActive((active) => {
      const entry = active[0]?.entry;
      if (!entry) return;
      previewed = true;
      void showEntry(entry, { preview: true, preserveFocus: true })?.then(undefined, () => undefined);
    });
    quickPick.onDidAccept(() => {
      const entry = quickPick.selectedItems[0]?.entry ?? quickPick.activeItems[0]?.entry;
      if (!entry) return;
      accepted = true;
      quickPick.hide();
      void showEntry(entry, { preview: false })?.then(undefined, (error) =>
        vscode.window.showErrorMessage(vscode.l10n.t('Could not open {0}: {1}', entry.fileLabel, String(error))),
      );
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve();
    });
    quickPick.show();
  });
  if (!accepted && previewed) {
    // Dismissed: close the preview tabs the browsing opened, and go back to where the user was.
    const opened = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.isPreview && tab.input instanceof vscode.TabInputText && !openBefore.has(tab.input.uri.toString()));
    if (opened.length) await vscode.window.tabGroups.close(opened, true).then(undefined, () => false);
  }
  if (!accepted && previewed && restore) {
    const editor = await vscode.window.showTextDocument(restore.uri, { selection: restore.selection, viewColumn: restore.column, preview: false }).then(
      (e) => e,
      () => undefined,
    );
    editor?.revealRange(restore.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function openTabUris(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : [])),
  );
}
