// The section cache behind incremental re-parsing keeps what it caches, and nothing more: a long
// editing session on a large note must not keep every version of its text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { LruSectionCache } from '../../server/src/notes/sectionCache.ts';
import { SHARED_DIR } from '../support/shared.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Live heap after full collections. */
function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** ~400 KB of real notes: corpus files of one repository, one after another. */
function largeNote(): string[] {
  const corpus = path.join(SHARED_DIR, 'corpus');
  const files = (fs.readdirSync(corpus, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.md')).sort();
  const lines: string[] = [];
  for (const file of files) {
    lines.push(...fs.readFileSync(path.join(corpus, file), 'utf8').split('\n'));
    if (lines.join('\n').length > 400_000) break;
  }
  return lines;
}

describe('section cache', () => {
  it('lets an edit keep the moved ranges of the sections it did not move, and nothing else', () => {
    const cache = new LruSectionCache();
    const text = '# 1장\n\n- p.1 첫 인용\n- p.2 질문: 왜죠?\n\n# 2장\n\n- p.30 둘째 인용\n';
    const before = parseNotes(text, 'notes.md', { cache });
    const after = parseNotes(text.replace('둘째 인용', '둘째 인용, 고침'), 'notes.md', { cache });
    assert.equal(after.entries[1]!.range, before.entries[1]!.range, 'the range of an entry of section 1');
    assert.equal(after.pageRefs[0], before.pageRefs[0], 'a page reference of section 1');
    assert.notEqual(after.entries[1], before.entries[1], 'entries are made anew (their chapter and scope are set per parse)');
    assert.notEqual(after.entries.at(-1)!.range, before.entries.at(-1)!.range, 'the edited section is read again');
    const moved = parseNotes(`\n${text}`, 'notes.md', { cache });
    assert.notEqual(moved.entries[1]!.range, before.entries[1]!.range, 'a section one line down has new ranges');
    assert.equal(moved.entries[1]!.range.start.line, before.entries[1]!.range.start.line + 1);
  });

  it('keeps no copy of the whole document per edit (100 edits of a 400 KB note)', () => {
    const lines = largeNote();
    const cache = new LruSectionCache();
    let model = parseNotes(lines.join('\n'), 'notes.md', { cache });
    const before = liveHeap();
    for (let i = 0; i < 100; i++) {
      const at = 50 + ((i * 37) % (lines.length - 100));
      lines[at] = `p.${i + 1} ${lines[at]}`;
      model = parseNotes(lines.join('\n'), 'notes.md', { cache });
    }
    const grown = liveHeap() - before;
    assert.ok(model.entries.length > 0);
    // Measured: 0.4 MB; 24 MB when each cached analysis kept its version of the text.
    assert.ok(grown < 8e6, `the heap grew ${(grown / 1e6).toFixed(1)} MB over 100 edits`);
  });
});
