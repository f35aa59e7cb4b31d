// The notes model against every hand-labelled file in ../shared/gold (issue 2's bar).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { f1, loadGold, precision, recall, scoreFile, total } from '../support/gold.ts';

describe('notes model against the gold labels', () => {
  const reports = loadGold().map((label) => scoreFile(label));
  const pageRefs = total(reports, (r) => r.pageRefs);
  const questions = total(reports, (r) => r.questions);
  const unanswered = total(reports, (r) => r.unanswered);
  const fmt = (x: number) => x.toFixed(3);
  console.log(`gold: ${reports.length} files`);
  console.log(`  page references  precision ${fmt(precision(pageRefs))}  recall ${fmt(recall(pageRefs))}  F1 ${fmt(f1(pageRefs))}`);
  console.log(`  questions        precision ${fmt(precision(questions))}  recall ${fmt(recall(questions))}  F1 ${fmt(f1(questions))}`);
  console.log(`  unanswered       precision ${fmt(precision(unanswered))}  recall ${fmt(recall(unanswered))}  F1 ${fmt(f1(unanswered))}`);
  if (process.env.GOLD_VERBOSE) {
    for (const r of reports) if (r.differences.length) console.log(`\n${r.file}\n  ${r.differences.join('\n  ')}`);
  }

  it('finds page references with precision ≥ 0.95 and recall ≥ 0.90', () => {
    assert.ok(precision(pageRefs) >= 0.95, `precision ${fmt(precision(pageRefs))}`);
    assert.ok(recall(pageRefs) >= 0.9, `recall ${fmt(recall(pageRefs))}`);
  });

  it('finds questions with F1 ≥ 0.85 (±1 line)', () => {
    assert.ok(f1(questions) >= 0.85, `F1 ${fmt(f1(questions))}`);
  });

  it('finds unanswered questions with F1 ≥ 0.85 (±1 line)', () => {
    assert.ok(f1(unanswered) >= 0.85, `F1 ${fmt(f1(unanswered))}`);
  });
});
