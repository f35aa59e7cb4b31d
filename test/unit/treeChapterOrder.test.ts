// A chapter's entries in the tree: page order, the files interleaved (then file, then line),
// merged from each file's own ordered list. Checked on real notes against a plain sort of
// every entry of the chapter, page by page, before and after a file changes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { WorkspaceIndex } from '../../server/src/service/workspaceIndex.ts';
import { treeEntries, treeGroups } from '../../server/src/service/tree.ts';
import { chapterIdOf, unansweredOf } from '../../server/src/service/fileCounts.ts';
import type { ServiceContext } from '../../server/src/service/context.ts';
import { SHARED_DIR } from '../support/shared.ts';
import { serviceContext } from '../support/serviceContext.ts';

const CORPUS = path.join(SHARED_DIR, 'corpus', 'doyoung0205__study-effective-java');

/** Every entry of the chapter, sorted by first page, URI, line: what the tree must list. */
function plainSort(index: WorkspaceIndex, key: string, onlyUnanswered: boolean): string[] {
  const all: Array<{ page: number; uri: string; line: number }> = [];
  for (const { uri, model } of index.all()) {
    for (const entry of model.entries) {
      if (chapterIdOf(model, entry.chapter) !== key || (onlyUnanswered && unansweredOf(model, entry) === 0)) continue;
      const page = Math.min(Number.MAX_SAFE_INTEGER, ...entry.pages.map((ref) => ref.start));
      all.push({ page, uri, line: entry.range.start.line });
    }
  }
  all.sort((a, b) => a.page - b.page || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.line - b.line);
  return all.map((e) => `${e.uri}:${e.line}`);
}

function checkChapters(ctx: ServiceContext): number {
  let checked = 0;
  for (const onlyUnanswered of [false, true]) {
    for (const group of treeGroups(ctx, { groupBy: 'chapter', onlyUnanswered })) {
      const expected = plainSort(ctx.index, group.key, onlyUnanswered);
      const whole = treeEntries(ctx, { groupBy: 'chapter', key: group.key, onlyUnanswered });
      assert.equal(whole.total, expected.length, `${group.title}: total`);
      assert.deepEqual(whole.entries.map((e) => `${e.uri}:${e.range.start.line}`), expected, `${group.title}: order`);
      const paged: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 7) {
        const page = treeEntries(ctx, { groupBy: 'chapter', key: group.key, onlyUnanswered, offset, limit: 7 });
        paged.push(...page.entries.map((e) => `${e.uri}:${e.range.start.line}`));
      }
      assert.deepEqual(paged, expected, `${group.title}: pages of 7`);
      checked += expected.length;
    }
  }
  return checked;
}

describe('chapter entries in the tree', () => {
  it('list in page, file, line order, whole or a page at a time, and follow a changed file', () => {
    const index = new WorkspaceIndex();
    const files = (fs.readdirSync(CORPUS, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort();
    for (const file of files) index.set(pathToFileURL(path.join(CORPUS, file)).href, '1', parseNotes(fs.readFileSync(path.join(CORPUS, file), 'utf8'), file), false);
    const ctx = serviceContext(index);
    assert.ok(checkChapters(ctx) > 100, 'entries checked');

    // A file changes: its entries move to other pages; the others keep their cached lists.
    const changed = files.find((f) => /p\\.\\s?\\d+|\\d+\\s?쪽/.test(fs.readFileSync(path.join(CORPUS, f), 'utf8'))) ?? files[0]!;
    const text = fs.readFileSync(path.join(CORPUS, changed), 'utf8').replace(/\\d+/g, (n) => String(Number(n) + 3));
    index.set(pathToFileURL(path.join(CORPUS, changed)).href, '2', parseNotes(`${text}\\n- p.1 맨 앞 페이지에 새 메모가 있나요?\\n`, changed));
    assert.ok(checkChapters(ctx) > 100);
  });
});
