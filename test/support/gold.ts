// Scores the notes model against the hand labels in ../shared/gold (precision, recall, F1).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNotes } from '../../server/src/notes/parse.ts';
import type { NotesModel } from '../../server/src/notes/model.ts';
import { SHARED_DIR } from './shared.ts';

export interface GoldLabel {
  file: string;
  pageRefs: Array<{ line: number; start: number; end: number }>;
  questions: Array<{ line: number; answered: boolean }>;
  chapters: string[];
  notes?: string;
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export const precision = (s: Score) => (s.truePositives + s.falsePositives === 0 ? 1 : s.truePositives / (s.truePositives + s.falsePositives));
export const recall = (s: Score) => (s.truePositives + s.falseNegatives === 0 ? 1 : s.truePositives / (s.truePositives + s.falseNegatives));
export const f1 = (s: Score) => {
  const p = precision(s);
  const r = recall(s);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};

export interface FileReport {
  file: string;
  model: NotesModel;
  pageRefs: Score;
  questions: Score;
  unanswered: Score;
  /** What differs, for reading: `+` found but not labelled, `-` labelled but not found. */
  differences: string[];
}

export function loadGold(): GoldLabel[] {
  const dir = path.join(SHARED_DIR, 'gold');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as GoldLabel);
}

/** Matches found to expected items one to one, each within `tolerance` lines, nearest first. */
function matchLines<T extends { line: number }, U extends { line: number }>(found: T[], expected: U[], tolerance: number, same: (a: T, b: U) => boolean = () => true): Array<[T, U]> {
  const pairs: Array<[T, U]> = [];
  const used = new Set<U>();
  for (let distance = 0; distance <= tolerance; distance++) {
    for (const f of found) {
      if (pairs.some(([a]) => a === f)) continue;
      const match = expected.find((e) => !used.has(e) && Math.abs(e.line - f.line) === distance && same(f, e));
      if (match) {
        used.add(match);
        pairs.push([f, match]);
      }
    }
  }
  return pairs;
}

function score(found: number, expected: number, matched: number): Score {
  return { truePositives: matched, falsePositives: found - matched, falseNegatives: expected - matched };
}

/** Scores one labelled file; `baseDir` is what `label.file` is relative to (../shared by default). */
export function scoreFile(label: GoldLabel, baseDir = SHARED_DIR): FileReport {
  const model = parseNotes(fs.readFileSync(path.join(baseDir, label.file), 'utf8'), label.file);
  const differences: string[] = [];

  const refs = model.pageRefs.map((r) => ({ line: r.range.start.line + 1, start: r.start, end: r.end, text: r.text }));
  const refPairs = matchLines(refs, label.pageRefs, 0, (a, b) => a.start === b.start && a.end === b.end);
  for (const r of refs) if (!refPairs.some(([a]) => a === r)) differences.push(`+ pageRef L${r.line} ${r.text} (${r.start}-${r.end})`);
  for (const r of label.pageRefs) if (!refPairs.some(([, b]) => b === r)) differences.push(`- pageRef L${r.line} (${r.start}-${r.end})`);

  const questions = model.questions.map((q) => ({ line: q.range.start.line + 1, answered: q.answered, text: q.text }));
  const qPairs = matchLines(questions, label.questions, 1);
  for (const q of questions) if (!qPairs.some(([a]) => a === q)) differences.push(`+ question L${q.line} ${q.answered ? 'answered' : 'UNANSWERED'}: ${q.text.slice(0, 70)}`);
  for (const q of label.questions) if (!qPairs.some(([, b]) => b === q)) differences.push(`- question L${q.line} ${q.answered ? 'answered' : 'UNANSWERED'}`);
  for (const [a, b] of qPairs) if (a.answered !== b.answered) differences.push(`~ question L${b.line} labelled ${b.answered ? 'answered' : 'unanswered'}, found ${a.answered ? 'answered' : 'unanswered'}: ${a.text.slice(0, 60)}`);

  const foundOpen = questions.filter((q) => !q.answered);
  const expectedOpen = label.questions.filter((q) => !q.answered);
  const openPairs = matchLines(foundOpen, expectedOpen, 1);

  return {
    file: label.file,
    model,
    pageRefs: score(refs.length, label.pageRefs.length, refPairs.length),
    questions: score(questions.length, label.questions.length, qPairs.length),
    unanswered: score(foundOpen.length, expectedOpen.length, openPairs.length),
    differences,
  };
}

export function total(reports: FileReport[], pick: (r: FileReport) => Score): Score {
  return reports.reduce(
    (sum, r) => {
      const s = pick(r);
      return { truePositives: sum.truePositives + s.truePositives, falsePositives: sum.falsePositives + s.falsePositives, falseNegatives: sum.falseNegatives + s.falseNegatives };
    },
    { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
  );
}
