// The "Add answer" edit: where an answer to an unanswered question goes, and in what shape, so
// that the stub looks like the answers the file already has. Pure: text and model in, one
// insertion out. The insertion never touches existing text: it goes at the end of a line,
// before that line's break, so CRLF files and files without a final newline stay intact.
import type { NotesModel, Position, Question, Range } from '../notes/model.ts';
import { LineIndex } from '../notes/lines.ts';

export type AnswerShape =
  /** After the question's own empty separator (`***` then nothing). */
  | 'after-separator'
  /** A new separator, then the answer (the file answers questions after `***`, seed 002). */
  | 'separator'
  /** A reply item `- '지민' : ` (seed 000's comments). */
  | 'comment'
  /** An `A. ` line under a `Q.` question. */
  | 'answer-marker'
  /** A paragraph under a question heading. */
  | 'heading-body'
  /** A nested bullet under a question item (the most common shape in question lists). */
  | 'nested-item'
  /** A paragraph after a question paragraph. */
  | 'paragraph';

export interface AnswerStub {
  shape: AnswerShape;
  /** An empty range: the stub is inserted, nothing is replaced. */
  range: Range;
  newText: string;
  /** Where the cursor belongs after the edit: the end of the stub, in the edited text. */
  cursor: Position;
}

const BULLET = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const COMMENTER = /^[\s*_]*['‘"“][^'’"”]{1,20}['’"”]\s*[:：]/;
const Q_MARKER = /^[\s*_]*(?:Q\s*\d*\s*[.:：)]|Q\d+\b|질문\s*\d*\s*[:：.])/i;
const A_MARKER = /^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[*_]*(A\s*[.:：)]|답변\s*[:：]|답\s*[:：]|回答\s*[:：])/;
const LEADING_WS = /^[ \t]*/;

/** The insertion that gives question `index` an answer stub, or undefined when it needs none. */
export function answerStub(text: string, model: NotesModel, index: number, author: string): AnswerStub | undefined {
  const question = model.questions[index];
  if (!question || question.answered) return undefined;
  const lines = new LineIndex(text);
  if (question.scope.end.line >= lines.lineCount || question.range.start.line >= lines.lineCount) return undefined;
  const eol = lineBreak(text, lines, question.scope.end.line);
  const usesTabs = /^\t+(?:[-*+]|\d+[.)])[ \t]/m.test(text);
  const name = author.trim();
  const qLine = lines.line(question.range.start.line);
  // The last line of the question's extent, trailing blank lines left out.
  let endLine = question.scope.end.line;
  while (endLine > question.range.end.line && !lines.line(endLine).trim()) endLine--;
  const insertAtEnd = (line: number) => ({ line, character: lines.lineEnd(line) - lines.starts[line] });
  const tag = name ? `${name}: ` : '';

  // 1. The question already has its separator: answer right after it.
  if (question.separator) {
    const line = question.separator.start.line;
    const prefix = /^[ \t]*(?:>[ \t]?)*[ \t]*/.exec(lines.line(line))![0];
    return stub('after-separator', insertAtEnd(line), eol + prefix + tag, guard(lines, line, prefix, eol));
  }

  // 2. A question heading: a paragraph under it.
  if (HEADING.test(qLine)) {
    const line = question.range.start.line;
    const next = line + 1 < lines.lineCount ? lines.line(line + 1) : '';
    return stub('heading-body', insertAtEnd(line), eol + eol + tag, next.trim() ? eol : '');
  }

  const indent = contentIndent(lines, question.range.start.line, usesTabs);
  const answered = model.questions.filter((q) => q !== question && q.answered);

  // 3. Seed 000: a comment that asks gets a reply comment; a quoted passage that asks gets a comment.
  const commentStyle = model.entries.some((e) => e.comments.some((c) => c.member));
  const body = qLine.slice(question.range.start.character);
  if (commentStyle && COMMENTER.test(body)) {
    const child = childIndent(lines, question.range.start.line, usesTabs);
    return stub('comment', insertAtEnd(endLine), eol + child + commentItem(name), guard(lines, endLine, child + '  ', eol));
  }
  const entry = question.entry !== undefined ? model.entries[question.entry] : undefined;
  if (commentStyle && entry?.kind === 'quote' && /^[ \t]*>/.test(qLine)) {
    const at = commentIndent(model, lines);
    return stub('comment', insertAtEnd(endLine), eol + eol + at + commentItem(name), guard(lines, endLine, at + '  ', eol));
  }

  // 4. `Q.` questions get an `A.` line, in the marker the file already answers with.
  if (Q_MARKER.test(body)) {
    const marker = answerMarker(answered, lines) ?? 'A.';
    return stub('answer-marker', insertAtEnd(endLine), eol + indent + marker + ' ' + (name ? `(${name}) ` : ''), guard(lines, endLine, indent, eol));
  }

  // 5. The file answers after separators (seed 002): a separator, then the answer.
  const separated = answered.find((q) => q.separator);
  if (separated) {
    const separator = lines.line(separated.separator!.start.line).replace(/^[ \t>]*/, '').trim() || '***';
    return stub('separator', insertAtEnd(endLine), eol + indent + separator + eol + indent + tag, guard(lines, endLine, indent, eol));
  }

  // 6. A question in a list item: a nested bullet; a question paragraph: a paragraph after it.
  if (inListItem(lines, question.range.start.line)) {
    const child = childIndent(lines, question.range.start.line, usesTabs);
    return stub('nested-item', insertAtEnd(endLine), eol + child + '- ' + tag, guard(lines, endLine, child + '  ', eol));
  }
  return stub('paragraph', insertAtEnd(endLine), eol + eol + indent + tag, guard(lines, endLine, indent, eol));
}

// Lines that start a block of their own; any other text line can continue a paragraph lazily.
const BLOCK_START = /^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|>|```|~~~|<|(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$|\|)/;

const THEMATIC_BREAK = /^[ \t>]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;

/**
 * A blank line to close the stub when the text after it would otherwise change its meaning: a
 * paragraph line at the margin after a separator is a paragraph of its own, but after the stub
 * it would continue the stub lazily and be pulled into the answer. (After a paragraph line it
 * already continues that paragraph, and still does after the stub: nothing to guard.)
 */
function guard(lines: LineIndex, line: number, indent: string, eol: string): string {
  if (line + 1 >= lines.lineCount || !THEMATIC_BREAK.test(lines.line(line))) return '';
  const next = lines.line(line + 1);
  if (!next.trim() || BLOCK_START.test(next)) return '';
  return !indent || width(LEADING_WS.exec(next)![0]) < width(indent) ? eol : '';
}

/** Builds the stub: `before` ends where the cursor goes, `after` follows it. */
function stub(shape: AnswerShape, at: Position, before: string, after: string): AnswerStub {
  return { shape, range: { start: at, end: at }, newText: before + after, cursor: advance(at, before) };
}

/** The position reached after inserting `inserted` at `at`. */
export function advance(at: Position, inserted: string): Position {
  const breaks = inserted.match(/\r\n|\r|\n/g)?.length ?? 0;
  if (breaks === 0) return { line: at.line, character: at.character + inserted.length };
  const last = inserted.split(/\r\n|\r|\n/).pop()!;
  return { line: at.line + breaks, character: last.length };
}

/** The file's own line break: the one ending `line`, else the first one, else `\n`. */
function lineBreak(text: string, lines: LineIndex, line: number): string {
  const end = lines.lineEnd(line);
  if (text.startsWith('\r\n', end)) return '\r\n';
  if (text[end] === '\n' || text[end] === '\r') return text[end];
  return /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
}

function commentItem(name: string): string {
  return name ? `- '${name}' : ` : '- ';
}

/** Where an item's content starts, as whitespace: `- ` → 2 spaces, `1. ` → 3, `\t- ` → tab + 2. */
function bulletContent(match: RegExpExecArray): string {
  const [, lead, marker, gap] = match;
  const spacing = gap === '' || (!gap.includes('\t') && gap.length > 4) ? ' ' : gap;
  return lead + ' '.repeat(marker.length) + spacing;
}

function width(whitespace: string): number {
  let column = 0;
  for (const c of whitespace) column = c === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}

/** The bullet line of the item holding `line` (the line itself, or above it within the item). */
function itemBullet(lines: LineIndex, line: number): RegExpExecArray | undefined {
  const own = BULLET.exec(lines.line(line));
  if (own) return own;
  const column = width(LEADING_WS.exec(lines.line(line))![0]);
  for (let l = line - 1; l >= 0 && l >= line - 500; l--) {
    const text = lines.line(l);
    if (HEADING.test(text)) return undefined;
    if (!text.trim()) {
      if (column === 0) return undefined; // a lazy continuation line never follows a blank line
      continue;
    }
    const bullet = BULLET.exec(text);
    // The nearest bullet whose content column holds the line (any bullet, for a lazy line).
    if (bullet && (column === 0 || width(bulletContent(bullet)) <= column)) return bullet;
    // A paragraph starting at the margin: the line is not inside a list item.
    if (!bullet && !LEADING_WS.exec(text)![0] && (l === 0 || !lines.line(l - 1).trim())) return undefined;
  }
  return undefined;
}

function inListItem(lines: LineIndex, line: number): boolean {
  return itemBullet(lines, line) !== undefined;
}

/** The indentation of content that continues the question's item (or of the question's paragraph). */
function contentIndent(lines: LineIndex, line: number, usesTabs: boolean): string {
  const text = lines.line(line);
  const own = BULLET.exec(text);
  if (own) return usesTabs ? own[1] + '\t' : bulletContent(own);
  if (/^[ \t]*>/.test(text) && !/^[ \t]+>/.test(text)) return ''; // a top-level quote: answer outside it
  const lead = LEADING_WS.exec(text)![0];
  if (lead) return lead;
  const bullet = itemBullet(lines, line);
  if (!bullet) return '';
  return usesTabs ? bullet[1] + '\t' : bulletContent(bullet);
}

/** The indentation of an item nested under the question's item: tab files nest by a tab. */
function childIndent(lines: LineIndex, line: number, usesTabs: boolean): string {
  const bullet = itemBullet(lines, line);
  if (!bullet) return contentIndent(lines, line, usesTabs);
  return usesTabs ? bullet[1] + '\t' : bulletContent(bullet);
}

/** The indentation of the file's comment items (`- '준기' : …`), top level by default. */
function commentIndent(model: NotesModel, lines: LineIndex): string {
  for (const entry of model.entries) {
    if (entry.kind !== 'quote') continue;
    for (const comment of entry.comments) {
      const bullet = comment.member ? BULLET.exec(lines.line(comment.range.start.line)) : null;
      if (bullet) return bullet[1];
    }
  }
  return '';
}

/** The answer marker (`A.`, `A:`, `답변:`) the file's answered questions already use. */
function answerMarker(answered: Question[], lines: LineIndex): string | undefined {
  for (const q of answered) {
    if (!q.answerStart || q.answerStart.line >= lines.lineCount) continue;
    const match = A_MARKER.exec(lines.line(q.answerStart.line));
    if (match) return match[1].replace(/\s+/g, '');
  }
  return undefined;
}
