// The chapter tree's data, served a level at a time: first the groups (chapters in book order, or
// members with the most unanswered questions first) with their counts, then one group's entries,
// a page at a time. A 10,000-note workspace has ~200,000 entries: the view must never ask for all.
import { compareChapterIds } from '../notes/chapters.ts';
import type { Entry, NotesModel } from '../notes/model.ts';
import { t } from '../notes/messages.ts';
import type { ChapterItem, ChapterTreeRequest, TreeEntriesRequest, TreeEntry, TreeGroup, TreeGroupsRequest, TreeGrouping } from '../protocol.ts';
import type { ServiceContext } from './context.ts';
import { chapterIdOf, fileCounts, unansweredOf, type GroupCounts } from './fileCounts.ts';
import { entryItem, fileLabelOf } from './views.ts';
import type { EntryHit, IndexedFile, WorkspaceIndex } from './workspaceIndex.ts';

interface Filter {
  groupBy: TreeGrouping;
  onlyUnanswered?: boolean;
}

export function treeGroups(ctx: ServiceContext, params: TreeGroupsRequest.Params): TreeGroup[] {
  const groups = new Map<string, TreeGroup>();
  if (params.groupBy !== 'member') {
    // Chapters (also for a grouping this server does not know): the index keeps their sums.
    const titles = ctx.index.chapterTitles();
    for (const [key, counts] of ctx.index.chapterSums()) {
      const shown = params.onlyUnanswered ? counts.openEntries : counts.entries;
      if (shown > 0) groups.set(key, { key, kind: 'chapter', title: chapterTitle(ctx, titles, key), entries: shown, unanswered: counts.unanswered });
    }
    return [...groups.values()].sort((a, b) => compareChapters(a.key, b.key));
  }
  const grouping = memberGrouping(ctx);
  for (const file of ctx.index.all()) {
    for (const [key, counts] of grouping.countsOf(file)) {
      const shown = params.onlyUnanswered ? counts.openEntries : counts.entries;
      if (shown === 0) continue;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, ...grouping.describe(key), entries: 0, unanswered: 0 }));
      group.entries += shown;
      group.unanswered += counts.unanswered;
    }
  }
  return [...groups.values()].sort(grouping.compare);
}

/** A page of one group's entries, in the group's order. */
export function treeEntries(ctx: ServiceContext, params: TreeEntriesRequest.Params): TreeEntriesRequest.Result {
  const offset = Math.max(0, Math.floor(params.offset ?? 0));
  const limit = params.limit === undefined ? Infinity : Math.max(0, Math.floor(params.limit));
  const { hits, total } = params.groupBy === 'member' ? sortedPage(ctx, params, offset + limit) : chapterPage(ctx.index, params, offset + limit);
  const titles = ctx.index.chapterTitles();
  const entries = hits.slice(offset).map((hit): TreeEntry => ({ ...entryItem(hit), chapterTitle: chapterTitle(ctx, titles, chapterIdOf(hit.file.model, hit.entry.chapter)) }));
  return { entries, total };
}

/** The whole tree in one answer (`marginalia/chapterTree`), built from the same groups and order. */
export function chapterTree(ctx: ServiceContext, params: ChapterTreeRequest.Params): ChapterItem[] {
  const filter: Filter = { groupBy: 'chapter', onlyUnanswered: params.onlyUnanswered };
  return treeGroups(ctx, filter).map((group) => ({
    id: group.key,
    title: group.title,
    entries: treeEntries(ctx, { ...filter, key: group.key }).entries.map(({ chapterTitle: _, ...entry }) => entry),
    unanswered: group.unanswered,
  }));
}

function chapterTitle(ctx: ServiceContext, titles: Map<string, string>, id: string): string {
  return id === '' ? t('noChapter', ctx.locale) : (titles.get(id) ?? id);
}

/** Groups by member (or by file, for entries that name none). */
interface Grouping {
  keyOf(file: IndexedFile, entry: Entry): string;
  /** A file's counts by group key. */
  countsOf(file: IndexedFile): Iterable<[string, GroupCounts]>;
  describe(key: string): Pick<TreeGroup, 'kind' | 'title'>;
  compare(a: TreeGroup, b: TreeGroup): number;
}

/** Book order; entries under no chapter last. */
function compareChapters(a: string, b: string): number {
  return a === b ? 0 : a === '' ? 1 : b === '' ? -1 : compareChapterIds(a, b);
}

/**
 * Whose entry this is: its member, else its file's name (one file per member is the usual layout,
 * `지민.md`), Notion's page id dropped. A file name that is also a member's name is that member.
 */
function memberGrouping(ctx: ServiceContext): Grouping {
  const members = memberNames(ctx.index);
  const fileKeys = new Map<IndexedFile, string>();
  const collator = new Intl.Collator(ctx.locale);
  const fileKey = (file: IndexedFile): string => {
    let key = fileKeys.get(file);
    if (key === undefined) {
      const name = ownerName(fileLabelOf(file.uri));
      fileKeys.set(file, (key = members.has(name) ? `m:${name}` : `f:${name}`));
    }
    return key;
  };
  return {
    keyOf: (file, entry) => (entry.member ? `m:${entry.member.normalize('NFC')}` : fileKey(file)),
    *countsOf(file) {
      for (const [member, counts] of fileCounts(file.model).members) yield [member ? `m:${member}` : fileKey(file), counts];
    },
    describe: (key) => ({ kind: key.startsWith('m:') ? 'member' : 'file', title: key.slice(2) }),
    // Who owes the most first; then named members before file names; then by name.
    compare: (a, b) => b.unanswered - a.unanswered || Number(b.kind === 'member') - Number(a.kind === 'member') || collator.compare(a.title, b.title),
  };
}

const memberNamesCache = new WeakMap<WorkspaceIndex, { generation: number; names: Set<string> }>();

/** Every member an entry names (NFC), across the workspace. */
function memberNames(index: WorkspaceIndex): Set<string> {
  const cached = memberNamesCache.get(index);
  if (cached?.generation === index.generation) return cached.names;
  const names = new Set<string>();
  for (const { model } of index.all()) for (const member of fileCounts(model).members.keys()) if (member) names.add(member);
  memberNamesCache.set(index, { generation: index.generation, names });
  return names;
}

/** `지민.md` → `지민`; `Week 3 0123456789abcdef0123456789abcdef.md` (Notion) → `Week 3`. */
function ownerName(fileLabel: string): string {
  const stem = fileLabel.replace(/\.(md|markdown)$/i, '').replace(/\s+[0-9a-f]{32}$/i, '');
  return stem || fileLabel;
}

/** An entry of a chapter with what orders it: page, then file, then line. */
interface ChapterEntry {
  entry: Entry;
  index: number;
  unanswered: number;
  page: number;
}

/** Each model's entries by chapter id, in page then line order: made once per model. */
const chapterLists = new WeakMap<NotesModel, Map<string, ChapterEntry[]>>();

function chapterListsOf(model: NotesModel): Map<string, ChapterEntry[]> {
  let lists = chapterLists.get(model);
  if (!lists) {
    lists = new Map();
    model.entries.forEach((entry, index) => {
      const id = chapterIdOf(model, entry.chapter);
      let list = lists!.get(id);
      if (!list) lists!.set(id, (list = []));
      list.push({ entry, index, unanswered: unansweredOf(model, entry), page: firstPage(entry) });
    });
    for (const list of lists.values()) list.sort((a, b) => a.page - b.page || a.entry.range.start.line - b.entry.range.start.line);
    chapterLists.set(model, lists);
  }
  return lists;
}

/**
 * The first `end` entries of a chapter in page order, the files interleaved: the chapter's files'
 * own ordered lists merged, so a keystroke re-orders one file, not the chapter (sorting a chapter
 * of 7,500 entries on every keystroke took ~30 ms at 10,000 notes).
 */
function chapterPage(index: WorkspaceIndex, params: TreeEntriesRequest.Params, end: number): { hits: EntryHit[]; total: number } {
  const sums = index.chapterSums().get(params.key);
  const total = (params.onlyUnanswered ? sums?.openEntries : sums?.entries) ?? 0;
  const wanted = (item: ChapterEntry) => !params.onlyUnanswered || item.unanswered > 0;
  const cursors: Array<{ file: IndexedFile; list: ChapterEntry[]; at: number }> = [];
  for (const file of index.filesInChapter(params.key)) {
    const list = chapterListsOf(file.model).get(params.key) ?? [];
    const at = list.findIndex(wanted);
    if (at >= 0) cursors.push({ file, list, at });
  }
  const before = (a: (typeof cursors)[number], b: (typeof cursors)[number]) => {
    const x = a.list[a.at]!;
    const y = b.list[b.at]!;
    return x.page - y.page || compareStrings(a.file.uri, b.file.uri) || x.entry.range.start.line - y.entry.range.start.line;
  };
  const heap = new MinHeap(cursors, before);
  const hits: EntryHit[] = [];
  while (hits.length < end && heap.size > 0) {
    const cursor = heap.top;
    const item = cursor.list[cursor.at]!;
    hits.push({ file: cursor.file, entry: item.entry, index: item.index });
    do cursor.at++;
    while (cursor.at < cursor.list.length && !wanted(cursor.list[cursor.at]!));
    if (cursor.at < cursor.list.length) heap.replaceTop(cursor);
    else heap.pop();
  }
  return { hits, total };
}

/** A binary min-heap: the merge's cursors by their current entry. */
class MinHeap<T> {
  constructor(
    private readonly items: T[],
    private readonly before: (a: T, b: T) => number,
  ) {
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.items.length;
  }

  get top(): T {
    return this.items[0]!;
  }

  /** The top's order changed (it moved on): it sinks to its place. */
  replaceTop(item: T): void {
    this.items[0] = item;
    this.down(0);
  }

  pop(): void {
    const last = this.items.pop()!;
    if (this.items.length > 0) this.replaceTop(last);
  }

  private down(i: number): void {
    const { items, before } = this;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) return;
      const right = left + 1;
      const child = right < items.length && before(items[right]!, items[left]!) < 0 ? right : left;
      if (before(items[child]!, items[i]!) >= 0) return;
      [items[i], items[child]] = [items[child]!, items[i]!];
      i = child;
    }
  }
}

/** The first `end` entries of a member's or file's group; the sorted group is kept for the next page. */
function sortedPage(ctx: ServiceContext, params: TreeEntriesRequest.Params, end: number): { hits: EntryHit[]; total: number } {
  const sorted = sortedGroup(ctx, params);
  return { hits: sorted.slice(0, end), total: sorted.length };
}

/** The last groups sorted, per index: paging through a group sorts it once. */
const sortedCache = new WeakMap<WorkspaceIndex, { generation: number; groups: Map<string, EntryHit[]> }>();
const SORTED_GROUPS_KEPT = 8;

function sortedGroup(ctx: ServiceContext, params: TreeEntriesRequest.Params): EntryHit[] {
  const { index } = ctx;
  let cache = sortedCache.get(index);
  if (cache?.generation !== index.generation) sortedCache.set(index, (cache = { generation: index.generation, groups: new Map() }));
  const cacheKey = `${params.groupBy}\0${params.onlyUnanswered ? 1 : 0}\0${params.key}`;
  const hit = cache.groups.get(cacheKey);
  if (hit) return hit;

  const grouping = memberGrouping(ctx);
  const placed: Array<{ hit: EntryHit; unanswered: number; chapter: string; page: number }> = [];
  for (const file of index.all()) {
    // Most files have no entry in the group: their counts say so without walking their entries.
    if (!inGroup(grouping.countsOf(file), params)) continue;
    const { model } = file;
    model.entries.forEach((entry, at) => {
      const unanswered = unansweredOf(model, entry);
      if ((params.onlyUnanswered && unanswered === 0) || grouping.keyOf(file, entry) !== params.key) return;
      placed.push({ hit: { file, entry, index: at }, unanswered, chapter: chapterIdOf(model, entry.chapter), page: firstPage(entry) });
    });
  }
  // Unanswered first, then book order.
  const byPage = (a: (typeof placed)[number], b: (typeof placed)[number]): number =>
    a.page - b.page || compareStrings(a.hit.file.uri, b.hit.file.uri) || a.hit.entry.range.start.line - b.hit.entry.range.start.line;
  placed.sort((a, b) => Number(b.unanswered > 0) - Number(a.unanswered > 0) || compareChapters(a.chapter, b.chapter) || byPage(a, b));

  const sorted = placed.map((p) => p.hit);
  if (cache.groups.size >= SORTED_GROUPS_KEPT) cache.groups.delete(cache.groups.keys().next().value!);
  cache.groups.set(cacheKey, sorted);
  return sorted;
}

function inGroup(counts: Iterable<[string, GroupCounts]>, params: TreeEntriesRequest.Params): boolean {
  for (const [key, c] of counts) if (key === params.key && (params.onlyUnanswered ? c.openEntries : c.entries) > 0) return true;
  return false;
}

function firstPage(entry: Entry): number {
  let first = Number.MAX_SAFE_INTEGER;
  for (const ref of entry.pages) if (ref.start < first) first = ref.start;
  return first;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
