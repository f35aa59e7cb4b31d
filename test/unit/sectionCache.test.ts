// The section cache behind incremental re-parsing keeps what it caches, and nothing more: a long
// editing session on a large note must not keep every version of its text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parseNotes, parseNotesInSteps, type SectionCache } from '../../server/src/notes/parse.ts';
import { LruSectionCache } from '../../server/src/notes/sectionCache.ts';
import { analyzeSection } from '../../server/src/notes/section.ts';
import { largeCorpusNote } from '../support/shared.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Live heap after full collections. */
function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
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
    const lines = largeCorpusNote(400_000);
    const cache = new LruSectionCache(1_000_000);
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

  it('parses in steps, one per section read, to the model of a parse at once', () => {
    // A document opened as it is on disk fills the cache this way, a slice at a time between requests.
    const lines = largeCorpusNote(400_000);
    const text = lines.join('\n');
    const lru = new LruSectionCache(2 * text.length);
    let read = 0;
    const cache: SectionCache = { get: (key) => lru.get(key), set: (key, section) => (read++, lru.set(key, section)) };
    const stepThrough = (source: string) => {
      const steps = parseNotesInSteps(source, 'notes.md', { cache });
      for (let pauses = 0; ; pauses++) {
        const step = steps.next();
        if (step.done) return { model: step.value, pauses };
      }
    };
    const first = stepThrough(text);
    assert.ok(read > 100, `${read} sections read`);
    assert.equal(first.pauses, read, 'a pause after each section read');
    assert.deepEqual(first.model, parseNotes(text, 'notes.md'));

    const again = stepThrough(text);
    assert.equal(again.pauses, 0, 'cached sections are not paused at');
    assert.deepEqual(again.model, first.model);

    read = 0;
    const at = Math.floor(lines.length / 2);
    const edited = [...lines.slice(0, at), `p.45 ${lines[at]}`, ...lines.slice(at + 1)].join('\n');
    const afterEdit = stepThrough(edited);
    assert.equal(afterEdit.pauses, 1, 'an edit reads one section again');
    assert.deepEqual(afterEdit.model, parseNotes(edited, 'notes.md'));
  });

  it('keeps sections up to its bound, least recently used out first; the bound only rises', () => {
    const section = (n: number) => analyzeSection(`- p.${n} 인용\n`, false);
    const cache = new LruSectionCache(10);
    cache.set('aaaa', section(1));
    cache.set('bbbb', section(2));
    cache.get('aaaa');
    cache.set('cccc', section(3)); // 12 characters: the least recently used goes
    assert.equal(cache.get('bbbb'), undefined);
    assert.ok(cache.get('aaaa') && cache.get('cccc'));
    cache.set('dddddd', section(4)); // over half the bound: not kept
    assert.equal(cache.get('dddddd'), undefined);
    cache.holdAtLeast(4);
    cache.holdAtLeast(40);
    cache.set('dddddd', section(4));
    cache.set('eeeeeeeeee', section(5));
    assert.ok(cache.get('aaaa') && cache.get('cccc') && cache.get('dddddd') && cache.get('eeeeeeeeee'));
  });
});
