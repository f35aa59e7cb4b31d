// Our own example notes (examples/) against the labels written with them: every page
// reference, question and answered state exactly as the writer meant.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scoreFile, type GoldLabel } from '../support/gold.ts';
import { PROJECT_ROOT } from '../support/shared.ts';

const labels = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/examples-expected.json'), 'utf8')) as GoldLabel[];

describe('example notes', () => {
  for (const label of labels) {
    it(`reads ${label.file} as labelled`, () => {
      const report = scoreFile(label, PROJECT_ROOT);
      assert.deepEqual(report.differences, []);
      assert.deepEqual([...new Set(report.model.chapters.map((c) => c.id))], label.chapters);
    });
  }
});
