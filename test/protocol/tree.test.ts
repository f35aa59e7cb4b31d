// The chapter tree a level at a time (`marginalia/treeGroups`, `marginalia/treeEntries`) over
// stdio, on the example notes beside a real study repository from ../shared: the groups and
// pages must add up to the whole tree (`marginalia/chapterTree`), in the same order, and follow
// changes on disk.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { eventually, startServer, type TestServer } from '../support/lspServer.ts';
import { copyOfExamples, SHARED_DIR } from '../support/shared.ts';
import {
  ChapterTreeRequest,
  TreeEntriesRequest,
  TreeGroupsRequest,
  type ChapterItem,
  type EntryItem,
  type TreeEntry,
  type TreeGroup,
  type TreeGrouping,
} from '../../server/src/protocol.ts';

const CORPUS = path.join(SHARED_DIR, 'corpus', 'doyoung0205__study-effective-java');

describe('language server: the chapter tree a level at a time', () => {
  let server: TestServer;
  let workspace: string;
  before(async () => {
    workspace = copyOfExamples('tree');
    server = await startServer({ folders: [workspace, CORPUS] });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const groups = async (groupBy: TreeGrouping, onlyUnanswered = false) =>
    (await server.connection.sendRequest(TreeGroupsRequest.method, { groupBy, onlyUnanswered })) as TreeGroup[];
  const page = async (params: TreeEntriesRequest.Params) => (await server.connection.sendRequest(TreeEntriesRequest.method, params)) as TreeEntriesRequest.Result;
  /** A group's entries fetched `size` at a time, as the view's "more" item does. */
  const allPages = async (groupBy: TreeGrouping, key: string, onlyUnanswered: boolean, size: number) => {
    const entries: TreeEntry[] = [];
    for (;;) {
      const next = await page({ groupBy, key, onlyUnanswered, offset: entries.length, limit: size });
      entries.push(...next.entries);
      if (next.entries.length === 0 || entries.length >= next.total) return { entries, total: next.total };
    }
  };
  const place = (e: EntryItem) => `${e.uri}#${e.range.start.line}:${e.range.start.character}`;

  for (const onlyUnanswered of [false, true]) {
    it(`chapter groups and their pages add up to the whole tree${onlyUnanswered ? ' (unanswered only)' : ''}`, async () => {
      const whole = (await server.connection.sendRequest(ChapterTreeRequest.method, { onlyUnanswered })) as ChapterItem[];
      const chapters = await groups('chapter', onlyUnanswered);
      assert.ok(chapters.length >= 10, `chapters of both folders (${chapters.length})`);
      assert.deepEqual(
        chapters.map((g) => [g.key, g.title, g.entries, g.unanswered]),
        whole.map((c) => [c.id, c.title, c.entries.length, c.unanswered]),
      );
      for (const group of chapters) {
        assert.equal(group.kind, 'chapter');
        const { entries, total } = await allPages('chapter', group.key, onlyUnanswered, 7);
        const expected = whole.find((c) => c.id === group.key)!.entries;
        assert.equal(total, expected.length, group.title);
        assert.deepEqual(
          entries.map(({ chapterTitle: _, ...entry }) => entry),
          expected,
          `${group.title}: pages of 7 = the whole chapter, in order`,
        );
        for (const entry of entries) assert.equal(entry.chapterTitle, group.title);
        if (onlyUnanswered) assert.ok(entries.every((e) => e.unanswered > 0));
      }
    });
  }

  it('groups by member: every entry once, who owes the most first, their open questions first', async () => {
    const whole = (await server.connection.sendRequest(ChapterTreeRequest.method, {})) as ChapterItem[];
    const everyEntry = whole.flatMap((c) => c.entries);
    const members = await groups('member');
    assert.ok(members.some((g) => g.kind === 'member') && members.some((g) => g.kind === 'file'), 'named members and files without names');
    for (let i = 1; i < members.length; i++) assert.ok(members[i - 1].unanswered >= members[i].unanswered, 'most unanswered first');

    const seen = new Set<string>();
    for (const group of members) {
      const { entries, total } = await allPages('member', group.key, false, 50);
      assert.equal(total, group.entries);
      const open = entries.map((e) => e.unanswered > 0);
      assert.deepEqual(open, [...open].sort((a, b) => Number(b) - Number(a)), `${group.title}: open questions first`);
      assert.equal(entries.reduce((n, e) => n + e.unanswered, 0), group.unanswered);
      for (const entry of entries) {
        if (group.kind === 'file') assert.equal(entry.member, undefined, `${group.title} holds entries without a member`);
        else if (entry.member) assert.equal(entry.member.normalize('NFC'), group.title);
        seen.add(place(entry));
      }
    }
    assert.equal(seen.size, new Set(everyEntry.map(place)).size, 'each entry under exactly one member or file');
    assert.equal(
      members.reduce((n, g) => n + g.entries, 0),
      everyEntry.length,
    );
  });

  it('a file named after a member is that member; Notion’s page id is dropped from a file’s name', async () => {
    const members = await groups('member');
    const jimin = members.filter((g) => g.title === '지민');
    assert.deepEqual(
      jimin.map((g) => g.kind),
      ['member'],
    );
    const { entries } = await page({ groupBy: 'member', key: jimin[0].key });
    assert.ok(entries.some((e) => e.member === undefined && e.fileLabel === '지민.md'), '지민.md’s unnamed entries sit under 지민');
    assert.ok(entries.some((e) => e.member === '지민' && e.fileLabel === '민수.md'), '지민’s entries in 민수.md too');
    // `2장 정리 7c3e…70.md`, a Notion export: its entries name no member.
    assert.ok(members.some((g) => g.kind === 'file' && g.title === '2장 정리'), members.map((g) => g.title).join());
  });

  it('answers pages past the end, unknown groups and odd parameters without failing', async () => {
    const [first] = await groups('chapter');
    const past = await page({ groupBy: 'chapter', key: first.key, offset: first.entries + 10, limit: 5 });
    assert.deepEqual(past, { entries: [], total: first.entries });
    assert.deepEqual(await page({ groupBy: 'chapter', key: 'no such chapter' }), { entries: [], total: 0 });
    const none = await page({ groupBy: 'chapter', key: first.key, limit: 0 });
    assert.deepEqual(none, { entries: [], total: first.entries });
    const odd = await page({ groupBy: 'sideways' as TreeGrouping, key: first.key, offset: -3, limit: 2.5 });
    assert.equal(odd.entries.length, 2);
  });

  it('follows a file changed on disk: counts and the group’s entries (no stale page)', async () => {
    const file = path.join(workspace, 'ch02', '지민.md');
    const before = (await groups('chapter')).find((g) => g.key === '2')!;
    const beforeEntries = await page({ groupBy: 'chapter', key: '2' });
    fs.appendFileSync(file, '\n- p.777 이 부분은 아직 잘 모르겠어요. 다들 어떻게 생각하세요?\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(file), type: 2 }] });
    const after = await eventually(
      async () => {
        const group = (await groups('chapter')).find((g) => g.key === '2');
        return group && group.entries === before.entries + 1 ? group : undefined;
      },
      10_000,
      'chapter 2 to count the new entry',
    );
    assert.equal(after.unanswered, before.unanswered + 1);
    const afterEntries = await page({ groupBy: 'chapter', key: '2' });
    assert.equal(afterEntries.total, beforeEntries.total + 1);
    const added = afterEntries.entries.filter((e) => e.pageLabel === 'p.777');
    assert.equal(added.length, 1, 'the new entry is on its page');
    assert.equal(added[0].unanswered, 1);
    const paged = afterEntries.entries.filter((e) => e.firstPage >= 0);
    assert.equal(paged.at(-1), added[0], 'after every other paged entry');
  });
});
