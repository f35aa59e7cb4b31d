// Folding for what a study group reads by: each entry with its comments, each question with its
// answer, and each chapter section. Read off the notes model, never the Markdown again.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { NotesModel } from '../notes/model.ts';
import type { ServiceContext } from './context.ts';

export function foldingRanges(ctx: ServiceContext, uri: string): FoldingRange[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const text = ctx.document(uri)?.getText();
  const lines = text === undefined ? undefined : text.split(/\r\n|\r|\n/);
  const model = file.model;

  // Start line → end line; on a shared start line the larger range wins (one fold per line).
  const folds = new Map<number, number>();
  const add = (start: number, end: number) => {
    end = Math.min(trimBlankEnd(lines, start, end), model.lineCount - 1);
    if (end <= start) return; // single-line ranges fold nothing
    folds.set(start, Math.max(folds.get(start) ?? end, end));
  };

  for (const entry of model.entries) add(entry.scope.start.line, entry.scope.end.line);
  for (const question of model.questions) add(question.scope.start.line, question.scope.end.line);
  for (const [start, end] of chapterSections(model)) add(start, end);

  return [...folds]
    .sort((a, b) => a[0] - b[0])
    .map(([startLine, endLine]) => ({ startLine, endLine, kind: FoldingRangeKind.Region }));
}

/** Each chapter heading to the line before the next heading of its level or higher. */
function chapterSections(model: NotesModel): Array<[number, number]> {
  const sections: Array<[number, number]> = [];
  model.headings.forEach((heading, i) => {
    if (heading.chapter === undefined) return;
    let end = model.lineCount - 1;
    for (const next of model.headings.slice(i + 1)) {
      if (next.level <= heading.level) {
        end = next.range.start.line - 1;
        break;
      }
    }
    sections.push([heading.range.start.line, end]);
  });
  return sections;
}

/** Leaves blank lines at the end of a range unfolded, as VS Code's own Markdown folding does. */
function trimBlankEnd(lines: string[] | undefined, start: number, end: number): number {
  if (!lines) return end;
  while (end > start && !(lines[end] ?? '').trim()) end--;
  return end;
}
