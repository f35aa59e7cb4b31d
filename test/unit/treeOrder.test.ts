// The tree's groups and their entries, from the sums the index keeps and from each file's own
// ordered lists merged: checked on real notes against plain sums and a plain sort of every
// entry, whole and page by page, before and after files change.
// Chapters: page order, the files interleaved (then file, then line). Members: unanswered
// first, then book order; an entry naming no member is its file's owner's (`지민.md`), who is
// a member when some entry names them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { WorkspaceIndex } from '../../server/src/service/workspaceIndex.ts';
import { treeEntries, treeGroups } from '../../server/src/service/tree.ts';
import { chapterIdOf, unansweredOf } from '../../server/src/service/fileCounts.ts';
import { compareChapterIds } from '../../server/src/notes/chapters.ts';
import type { ServiceContext } from '../../server/src/service/context.ts';
import type { TreeGrouping } from '../../server/src/protocol.ts';
import { SHARED_DIR } from '../support/shared.ts';
import { serviceContext } from '../support/serviceContext.ts';

const CORPUS = path.join(SHARED_DIR, 'corpus', 'doyoung0205__study-effective-java');

interface Plain {
  key: string;
  unanswered: number;
  chapter: string;
  page: number;
  uri: string;
  line: number;
}

const ownerOf = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).normalize('NFC').replace(/\.(md|markdown)$/i, '').replace(/\s+[0-9a-f]{32}$/i, '');
const compareChapters = (a: string, b: string) => (a === b ? 0 : a === '' ? 1 : b === '' ? -1 : compareChapterIds(a, b));
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every entry with its group key, the plain way. */
function plainEntries(index: WorkspaceIndex, groupBy: TreeGrouping): Plain[] {
  const members = new Set<string>();
  for (const { model } of index.all()) for (const entry of model.entries) if (entry.member) members.add(entry.member.normalize('NFC'));
  const all: Plain[] = [];
  for (const { uri, model } of index.all()) {
    for (const entry of model.entries) {
      const chapter = chapterIdOf(model, entry.chapter);
      const owner = ownerOf(uri);
      const key = groupBy === 'chapter' ? chapter : entry.member ? `m:${entry.member.normalize('NFC')}` : `${members.has(owner) ? 'm' : 'f'}:${owner}`;
      const page = Math.min(Number.MAX_SAFE_INTEGER, ...entry.pages.map((ref) => ref.start));
      all.push({ key, unanswered: unansweredOf(model, entry), chapter, page, uri, line: entry.range.start.line });
    }
  }
  const inFile = (a: Plain, b: Plain) => compareText(a.uri, b.uri) || a.line - b.line;
  if (groupBy === 'chapter') return all.sort((a, b) => a.page - b.page || inFile(a, b));
  return all.sort((a, b) => Number(b.unanswered > 0) - Number(a.unanswered > 0) || compareChapters(a.chapter, b.chapter) || a.page - b.page || inFile(a, b));
}

/** Checks every group's counts and entries against the plain way; returns how many entries were checked. */
function checkGroups(ctx: ServiceContext, groupBy: TreeGrouping): number {
  let checked = 0;
  const place = (e: { uri: string; range: { start: { line: number } } }) => `${e.uri}:${e.range.start.line}`;
  for (const onlyUnanswered of [false, true]) {
    const plain = plainEntries(ctx.index, groupBy).filter((e) => !onlyUnanswered || e.unanswered > 0);
    const groups = treeGroups(ctx, { groupBy, onlyUnanswered });
    assert.deepEqual(groups.map((g) => g.key).sort(), [...new Set(plain.map((e) => e.key))].sort(), `${groupBy}: the groups`);
    for (const group of groups) {
      const expected = plain.filter((e) => e.key === group.key);
      assert.equal(group.entries, expected.length, `${group.title}: entries`);
      const whole = treeEntries(ctx, { groupBy, key: group.key, onlyUnanswered });
      assert.equal(whole.total, expected.length, `${group.title}: total`);
      assert.deepEqual(whole.entries.map(place), expected.map((e) => `${e.uri}:${e.line}`), `${group.title}: order`);
      const paged: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 7) {
        paged.push(...treeEntries(ctx, { groupBy, key: group.key, onlyUnanswered, offset, limit: 7 }).entries.map(place));
      }
      assert.deepEqual(paged, whole.entries.map(place), `${group.title}: pages of 7`);
      checked += expected.length;
    }
  }
  return checked;
}

describe('tree groups and their entries', () => {
  for (const groupBy of ['chapter', 'member'] as const) {
    it(`by ${groupBy}: counts, order, pages, and after files change`, () => {
      const index = new WorkspaceIndex();
      const files = (fs.readdirSync(CORPUS, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort();
      const uriOf = (file: string) => pathToFileURL(path.join(CORPUS, file)).href;
      for (const file of files) index.set(uriOf(file), '1', parseNotes(fs.readFileSync(path.join(CORPUS, file), 'utf8'), file), false);
      const ctx = serviceContext(index);
      assert.ok(checkGroups(ctx, groupBy) > 100, 'entries checked');

      // Files change: pages move, a question is asked, a member names an entry; a file goes;
      // files come named after members (one of the corpus, one new), so their unnamed entries
      // are those members'.
      for (const file of files.slice(0, 5)) {
        const text = fs.readFileSync(path.join(CORPUS, file), 'utf8').replace(/\d+/g, (n) => String(Number(n) + 3));
        index.set(uriOf(file), '2', parseNotes(`${text}\n- p.1 맨 앞 페이지에 새 메모가 있나요?\n  - '민수': 제 생각은 이렇습니다\n`, file));
      }
      index.delete(uriOf(files.at(-1)!));
      for (const member of ['민수', '도영']) {
        index.set(uriOf(`${member}.md`), '1', parseNotes('# 3장\n\n- p.12 이름 없는 메모는 누구 것인가요?\n- p.13 또 하나의 메모', `${member}.md`));
      }
      assert.ok(groupBy === 'chapter' || treeGroups(ctx, { groupBy }).some((g) => g.key === 'm:도영' && g.entries > 2), 'a member named by entries and by a file');
      assert.ok(checkGroups(ctx, groupBy) > 100);
    });
  }
});
