// Every Marginalia command. Arguments of the commands the server's code lenses and code actions
// run (`showPage`, `showChapter`, `revealPosition`) are checked: they may come from anywhere.
import * as vscode from 'vscode';
import { PageIndexRequest } from '../../server/src/protocol.ts';
import type { MarginaliaClient } from './client.ts';
import { OPEN_ENTRY_COMMAND, VIEW_ID, type ChapterTree } from './chapterTree.ts';
import { pickEntries, showRange, toPosition, toRange, toUri } from './navigate.ts';
import { snippetFor, type InsertKind } from './snippets.ts';

export const COMMANDS = {
  restartServer: 'marginalia.restartServer',
  showOutput: 'marginalia.showOutput',
  refreshTree: 'marginalia.refreshTree',
  toggleUnanswered: 'marginalia.toggleUnanswered',
  /** The same toggle, shown in the view's toolbar while the filter is on (another icon). */
  showAllEntries: 'marginalia.showAllEntries',
  toggleGroupByMember: 'marginalia.toggleGroupByMember',
  /** The same toggle, shown in the view's toolbar while grouped by member (another icon). */
  groupByChapter: 'marginalia.groupByChapter',
  focusTree: 'marginalia.focusTree',
  goToPage: 'marginalia.goToPage',
  nextUnanswered: 'marginalia.nextUnanswered',
  previousUnanswered: 'marginalia.previousUnanswered',
  insertQuote: 'marginalia.insertQuote',
  insertQuestion: 'marginalia.insertQuestion',
  insertAnswer: 'marginalia.insertAnswer',
  addAnswer: 'marginalia.addAnswer',
  showPage: 'marginalia.showPage',
  showChapter: 'marginalia.showChapter',
  revealPosition: 'marginalia.revealPosition',
  openEntry: OPEN_ENTRY_COMMAND,
} as const;

/** Highest page number Go to Page… accepts: books are long, but not this long. */
const MAX_PAGE = 99_999;
/** Pages listed when the asked-for page has no notes. */
const NEAREST_PAGES = 5;
const ADD_ANSWER_TITLE = /^(Add answer|답변 추가)/;

export function registerCommands(context: vscode.ExtensionContext, server: MarginaliaClient, tree: ChapterTree): void {
  const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register(COMMANDS.restartServer, () => server.restart());
  register(COMMANDS.showOutput, () => server.output.show(true));
  register(COMMANDS.refreshTree, () => tree.reload());
  register(COMMANDS.toggleUnanswered, () => tree.setOnlyUnanswered(!tree.onlyUnanswered));
  register(COMMANDS.showAllEntries, () => tree.setOnlyUnanswered(false));
  register(COMMANDS.toggleGroupByMember, () => tree.setGroupByMember(!tree.groupByMember));
  register(COMMANDS.groupByChapter, () => tree.setGroupByMember(false));
  register(COMMANDS.focusTree, () => vscode.commands.executeCommand(`${VIEW_ID}.focus`));

  register(COMMANDS.goToPage, () => goToPage(server));
  register(COMMANDS.showPage, (page) => showPage(server, page));
  register(COMMANDS.showChapter, async (id) => {
    if (typeof id !== 'string') return false;
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    return tree.revealChapter(id);
  });
  register(COMMANDS.nextUnanswered, () => goToUnanswered(1));
  register(COMMANDS.previousUnanswered, () => goToUnanswered(-1));

  register(COMMANDS.insertQuote, () => insert('quote'));
  register(COMMANDS.insertQuestion, () => insert('question'));
  register(COMMANDS.insertAnswer, () => insert('answer'));
  register(COMMANDS.addAnswer, () => addAnswer());

  register(COMMANDS.revealPosition, async (uriArg, positionArg) => {
    const uri = toUri(uriArg);
    const position = toPosition(positionArg);
    if (!uri || !position) return false;
    await showRange(uri, new vscode.Range(position, position), { select: false });
    return true;
  });
  register(COMMANDS.openEntry, async (uriArg, rangeArg) => {
    const uri = toUri(uriArg);
    const range = toRange(rangeArg);
    if (!uri || !range) return false;
    await showRange(uri, range, { select: true, preview: true });
    return true;
  });
}

async function goToPage(server: MarginaliaClient): Promise<void> {
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Go to Page'),
    prompt: vscode.l10n.t('Page number of the book'),
    placeHolder: vscode.l10n.t('e.g. 45'),
    validateInput: (value) => (parsePage(value) === undefined && value.trim() !== '' ? vscode.l10n.t('Enter a page number from 1 to {0}.', MAX_PAGE) : undefined),
  });
  const page = input === undefined ? undefined : parsePage(input);
  if (page === undefined) return;
  await showPage(server, page);
}

/** `45`, `p.45`, `45p`, `45쪽`: the number, if it is a plausible page. */
export function parsePage(value: string): number | undefined {
  const match = /^\s*(?:p\.?\s*)?(\d{1,6})\s*(?:p|쪽|페이지)?\s*$/i.exec(value);
  if (!match) return undefined;
  const page = Number(match[1]);
  return page >= 1 && page <= MAX_PAGE ? page : undefined;
}

/** The entries on `page`, or on the nearest pages when there are none, in a quick pick. */
async function showPage(server: MarginaliaClient, pageArg: unknown): Promise<void> {
  const page = typeof pageArg === 'number' && Number.isInteger(pageArg) && pageArg > 0 ? pageArg : undefined;
  if (page === undefined) {
    await vscode.commands.executeCommand(COMMANDS.goToPage);
    return;
  }
  const pages = await server.request(PageIndexRequest.type, { near: page, limit: NEAREST_PAGES }, []);
  if (!pages.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No notes name a page yet.'));
    return;
  }
  const exact = pages.find((p) => p.page === page);
  if (exact) {
    const n = exact.entries.length;
    await pickEntries([exact], vscode.l10n.t('Notes on p.{0}', page), n === 1 ? vscode.l10n.t('1 note') : vscode.l10n.t('{0} notes', n));
  } else {
    await pickEntries(pages.slice(0, NEAREST_PAGES), vscode.l10n.t('No notes on p.{0}: the nearest pages', page), vscode.l10n.t('Pick a note to open'));
  }
}

/** Moves the cursor to the next (1) or previous (-1) unanswered question of the file, wrapping. */
async function goToUnanswered(direction: 1 | -1): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown notes file first.'));
    return;
  }
  const questions = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => codeOf(d) === 'unanswered')
    .map((d) => d.range)
    .sort((a, b) => a.start.compareTo(b.start));
  if (!questions.length) {
    const off = vscode.workspace.getConfiguration('marginalia', editor.document).get('diagnostics.unanswered') === 'off';
    void vscode.window.showInformationMessage(
      off
        ? vscode.l10n.t('Unanswered questions are not reported: marginalia.diagnostics.unanswered is off.')
        : vscode.l10n.t('No unanswered questions in this file.'),
    );
    return;
  }
  const here = editor.selection.active;
  let target = direction === 1 ? questions.find((r) => r.start.isAfter(here)) : [...questions].reverse().find((r) => r.start.isBefore(here));
  if (!target) {
    target = direction === 1 ? questions[0] : questions[questions.length - 1];
    vscode.window.setStatusBarMessage(
      direction === 1 ? vscode.l10n.t('Wrapped around to the first unanswered question') : vscode.l10n.t('Wrapped around to the last unanswered question'),
      3000,
    );
  }
  editor.selection = new vscode.Selection(target.start, target.start);
  editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? code.value : code;
}

async function insert(kind: InsertKind): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown notes file first.'));
    return;
  }
  const author = vscode.workspace.getConfiguration('marginalia', editor.document).get<string>('author', '');
  const line = editor.document.lineAt(editor.selection.active.line);
  const plan = snippetFor(kind, line.text, author, {
    name: vscode.l10n.t('name'),
    passage: vscode.l10n.t('passage'),
    question: vscode.l10n.t('question'),
    member: vscode.l10n.t('member'),
  });
  const snippet = new vscode.SnippetString(plan.snippet);
  if (plan.at === 'cursor') {
    await editor.insertSnippet(snippet, editor.selection);
    return;
  }
  // A new line first, then the snippet at its column 0: there VS Code adds no indentation, so
  // the snippet's own (absolute) indentation stands. One undo step for both edits.
  const breaks = plan.blankLineBefore ? '\n\n' : '\n';
  const added = await editor.edit((edit) => edit.insert(line.range.end, breaks), { undoStopBefore: true, undoStopAfter: false });
  if (!added) return;
  await editor.insertSnippet(snippet, new vscode.Position(line.lineNumber + breaks.length, 0), { undoStopBefore: false, undoStopAfter: true });
}

/** Applies the server's "Add answer" quick fix for the question under the cursor. */
async function addAnswer(): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown notes file first.'));
    return false;
  }
  const { document, selection } = editor;
  const actions =
    (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider',
      document.uri,
      selection,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  const candidates = actions.filter(
    (a): a is vscode.CodeAction => 'kind' in a && !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && ADD_ANSWER_TITLE.test(a.title),
  );
  // With several questions on the selection, the one whose diagnostic holds the cursor wins.
  const action = candidates.find((a) => a.diagnostics?.some((d) => d.range.contains(selection.active))) ?? candidates[0];
  if (!action) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No unanswered question under the cursor.'));
    return false;
  }
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) return false;
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return true;
}
