// Code actions: "Add answer" on an unanswered question (a stub in the shape the file already
// uses, then the cursor moved there by the client), and "Normalize page reference" to the
// configured style (one reference, or every reference of the file as a source action).
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import { parseNotes } from '../notes/parse.ts';
import { findPageRefs, formatPageRef, type PageRefStyle } from '../notes/pageRefs.ts';
import type { NotesModel, PageRef, Position } from '../notes/model.ts';
import { localeOf } from '../notes/messages.ts';
import { LineIndex } from '../notes/lines.ts';
import type { ServiceContext } from './context.ts';
import { answerStub } from './answerStub.ts';

/**
 * Client command run after "Add answer" is applied: puts the cursor at `position` in `uri`.
 * Arguments: `[uri: string, position: { line: number; character: number }]` (0-based, UTF-16,
 * in the text after the edit). A plain WorkspaceEdit cannot move the cursor in LSP.
 */
export const REVEAL_POSITION_COMMAND = 'marginalia.revealPosition';
/** Kind of the "normalize every page reference of this file" source action. */
export const NORMALIZE_ALL_KIND = `${CodeActionKind.Source}.marginalia.normalizePageRefs`;

const STRINGS = {
  addAnswer: { en: 'Add answer', ko: '답변 추가' },
  addAnswerTo: { en: (what: string) => `Add answer: ${what}`, ko: (what: string) => `답변 추가: ${what}` },
  normalize: { en: (to: string) => `Normalize page reference to ${to}`, ko: (to: string) => `쪽 표기를 ${to}${particle(to)} 바꾸기` },
  normalizeAll: {
    en: (style: string, n: number) => `Normalize all page references in this file to ${style} (${n})`,
    ko: (style: string, n: number) => `이 파일의 쪽 표기를 모두 ${style} 형식으로 바꾸기 (${n}개)`,
  },
} as const;

/** `로` or `으로` after a page label, by how its last character is read (3 삼, 6 육, 0 십/백/천 → 으로). */
function particle(label: string): string {
  return /[036]$/.test(label) ? '으로' : '로';
}

export async function codeActions(ctx: ServiceContext, uri: string, range: Range, context: CodeActionContext): Promise<CodeAction[]> {
  const document = ctx.document(uri);
  const file = ctx.index.get(uri);
  if (!document || !file || !isRange(range)) return [];
  const text = document.getText();
  // The server brings the model up to date first; parse here only if it still lags the text.
  const model = file.version === `v${document.version}` ? file.model : parseNotes(text, file.model.path);
  const settings = await ctx.settings(uri);
  const ko = localeOf(ctx.locale) === 'ko';

  const actions: CodeAction[] = [
    ...addAnswerActions(uri, text, model, range, context.diagnostics ?? [], settings.author, ko),
    ...normalizeActions(uri, text, model, range, settings.pageRefStyle, ko),
  ];
  const only = context.only;
  if (!only?.length) return actions;
  return actions.filter((a) => only.some((kind) => a.kind === kind || a.kind?.startsWith(kind + '.')));
}

function addAnswerActions(uri: string, text: string, model: NotesModel, range: Range, diagnostics: Diagnostic[], author: string, ko: boolean): CodeAction[] {
  // Questions named by `unanswered` diagnostics in the request, then the one under the cursor.
  const wanted = new Map<number, Diagnostic | undefined>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== 'unanswered') continue;
    const index = questionOf(model, diagnostic);
    if (index !== undefined && !wanted.has(index)) wanted.set(index, diagnostic);
  }
  model.questions.forEach((question, index) => {
    if (!question.answered && !wanted.has(index) && overlaps(question.range, range)) wanted.set(index, undefined);
  });

  const actions: CodeAction[] = [];
  for (const [index, diagnostic] of wanted) {
    const stub = answerStub(text, model, index, author);
    if (!stub) continue;
    const question = model.questions[index];
    const title =
      wanted.size > 1 ? STRINGS.addAnswerTo[ko ? 'ko' : 'en'](shorten(question.text)) : STRINGS.addAnswer[ko ? 'ko' : 'en'];
    const edit: TextEdit = { range: stub.range, newText: stub.newText };
    const action: CodeAction = {
      title,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      edit: { changes: { [uri]: [edit] } },
      command: { title, command: REVEAL_POSITION_COMMAND, arguments: [uri, stub.cursor] },
    };
    if (diagnostic) action.diagnostics = [diagnostic];
    actions.push(action);
  }
  return actions;
}

/** The question an `unanswered` diagnostic is about: by its `data.question`, checked against its range. */
function questionOf(model: NotesModel, diagnostic: Diagnostic): number | undefined {
  const data = diagnostic.data as { question?: unknown } | undefined;
  const index = typeof data?.question === 'number' ? data.question : undefined;
  const sameStart = (p: Position) => p.line === diagnostic.range?.start?.line && p.character === diagnostic.range?.start?.character;
  if (index !== undefined && model.questions[index] && sameStart(model.questions[index].range.start)) return index;
  const found = model.questions.findIndex((q) => !q.answered && sameStart(q.range.start));
  return found >= 0 ? found : undefined;
}

function normalizeActions(uri: string, text: string, model: NotesModel, range: Range, style: PageRefStyle, ko: boolean): CodeAction[] {
  const lines = new LineIndex(text);
  const textAt = (r: Range) => text.slice(lines.offset(r.start), lines.offset(r.end));
  const candidates = model.pageRefs
    .map((ref) => ({ ref, to: normalized(ref, style) }))
    .filter((f): f is { ref: PageRef; to: string } => f.to !== undefined && textAt(f.ref.range) === f.ref.text);
  // Only rewrites that still read as the same pages (`p.418, p.419` → `p418, p419` would read as
  // variables, `p9.` → `9p.` as nothing): each alone, and all of a line together.
  const single = candidates.filter((f) => stillReads(lines, [f]));
  const byLine = new Map<number, typeof single>();
  for (const f of single) byLine.set(f.ref.range.start.line, [...(byLine.get(f.ref.range.start.line) ?? []), f]);
  const fixable = [...byLine.values()].filter((group) => stillReads(lines, group)).flat();
  const actions: CodeAction[] = [];
  for (const { ref, to } of single) {
    if (!overlaps(ref.range, range)) continue;
    actions.push({
      title: STRINGS.normalize[ko ? 'ko' : 'en'](to),
      kind: CodeActionKind.RefactorRewrite,
      edit: { changes: { [uri]: [{ range: ref.range, newText: to }] } },
    });
  }
  if (fixable.length) {
    actions.push({
      title: STRINGS.normalizeAll[ko ? 'ko' : 'en'](style, fixable.length),
      kind: NORMALIZE_ALL_KIND,
      edit: { changes: { [uri]: fixable.map(({ ref, to }) => ({ range: ref.range, newText: to })) } },
    });
  }
  return actions;
}

/**
 * The reference in the configured style, or undefined when it already is, or when it is a word of
 * the sentence (`page 72`, `23쪽`, `37페이지`): rewriting prose into `p.72` would change the writing.
 */
export function normalized(ref: PageRef, style: PageRefStyle): string | undefined {
  if (/page|pg|페이지|쪽|ページ|頁/i.test(ref.text)) return undefined;
  const to = formatPageRef(ref.start, ref.end, style);
  return to === ref.text ? undefined : to;
}

/** Whether a line with these rewrites still has each rewritten reference, on the same pages. */
function stillReads(lines: LineIndex, rewrites: Array<{ ref: PageRef; to: string }>): boolean {
  const line = rewrites[0].ref.range.start.line;
  let text = lines.line(line);
  const sorted = [...rewrites].sort((a, b) => b.ref.range.start.character - a.ref.range.start.character);
  for (const { ref, to } of sorted) text = text.slice(0, ref.range.start.character) + to + text.slice(ref.range.end.character);
  const found = findPageRefs(text.replace(/<[^>]*>|`[^`]*`/g, (m) => ' '.repeat(m.length))).refs;
  let shift = 0;
  return [...rewrites]
    .sort((a, b) => a.ref.range.start.character - b.ref.range.start.character)
    .every(({ ref, to }) => {
      const at = ref.range.start.character + shift;
      shift += to.length - (ref.range.end.character - ref.range.start.character);
      return found.some((f) => f.offset === at && f.length === to.length && f.start === ref.start && f.end === ref.end);
    });
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Position, y: Position) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function isRange(range: Range | undefined): range is Range {
  return !!range && Number.isInteger(range.start?.line) && Number.isInteger(range.end?.line);
}

function shorten(text: string): string {
  return text.length > 40 ? text.slice(0, 39) + '…' : text;
}
