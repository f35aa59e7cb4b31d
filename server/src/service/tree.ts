// The chapter tree's data, served a level at a time: first the groups (chapters in book order, or
// members with the most unanswered questions first) with their counts, then one group's entries,
// a page at a time. A 10,000-note workspace has ~200,000 entries: the view must never ask for all.
import { compareChapterIds } from '../notes/chapters.ts';
import type { Entry } from '../notes/model.ts';
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
  const grouping = groupingOf(ctx, params.groupBy);
  if (params.groupBy === 'chapter') {
    // Chapters: the index keeps their sums.
    for (const [key, counts] of ctx.index.chapterSums()) {
      const shown = params.onlyUnanswered ? counts.openEntries : counts.entries;
      if (shown > 0) groups.set(key, { key, ...grouping.describe(key), entries: shown, unanswered: counts.unanswered });
    }
    return [...groups.values()].sort(grouping.compare);
  }
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

/** A page of one group's entries, in the group's order; the sorted group is kept for the next page. */
export function treeEntries(ctx: ServiceContext, params: TreeEntriesRequest.Params): TreeEntriesRequest.Result {
  const sorted = sortedGroup(ctx, params);
  const offset = Math.max(0, Math.floor(params.offset ?? 0));
  const end = params.limit === undefined ? sorted.length : offset + Math.max(0, Math.floor(params.limit));
  const titles = ctx.index.chapterTitles();
  const entries = sorted.slice(offset, end).map((hit): TreeEntry => ({ ...entryItem(hit), chapterTitle: chapterTitle(ctx, titles, chapterIdOf(hit.file.model, hit.entry.chapter)) }));
  return { entries, total: sorted.length };
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

interface Grouping {
  keyOf(file: IndexedFile, entry: Entry): string;
  /** A file's counts by group key. */
  countsOf(file: IndexedFile): Iterable<[string, GroupCounts]>;
  describe(key: string): Pick<TreeGroup, 'kind' | 'title'>;
  compare(a: TreeGroup, b: TreeGroup): number;
}

function groupingOf(ctx: ServiceContext, groupBy: TreeGrouping): Grouping {
  if (groupBy === 'member') return memberGrouping(ctx);
  const titles = ctx.index.chapterTitles();
  return {
    keyOf: (file, entry) => chapterIdOf(file.model, entry.chapter),
    countsOf: (file) => fileCounts(file.model).chapters,
    describe: (key) => ({ kind: 'chapter', title: chapterTitle(ctx, titles, key) }),
    compare: (a, b) => compareChapters(a.key, b.key),
  };
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

  const grouping = groupingOf(ctx, params.groupBy);
  const placed: Array<{ hit: EntryHit; unanswered: number; chapter: string; page: number }> = [];
  for (const file of params.groupBy === 'chapter' ? index.filesInChapter(params.key) : index.all()) {
    // Most files have no entry in the group: their counts say so without walking their entries.
    if (!inGroup(grouping.countsOf(file), params)) continue;
    const { model } = file;
    model.entries.forEach((entry, at) => {
      const unanswered = unansweredOf(model, entry);
      if ((params.onlyUnanswered && unanswered === 0) || grouping.keyOf(file, entry) !== params.key) return;
      placed.push({ hit: { file, entry, index: at }, unanswered, chapter: chapterIdOf(model, entry.chapter), page: firstPage(entry) });
    });
  }
  // Chapters: page order, the files interleaved. Members: unanswered first, then book order.
  const byPage = (a: (typeof placed)[number], b: (typeof placed)[number]): number =>
    a.page - b.page || compareStrings(a.hit.file.uri, b.hit.file.uri) || a.hit.entry.range.start.line - b.hit.entry.range.start.line;
  if (params.groupBy === 'member') placed.sort((a, b) => Number(b.unanswered > 0) - Number(a.unanswered > 0) || compareChapters(a.chapter, b.chapter) || byPage(a, b));
  else placed.sort(byPage);

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
