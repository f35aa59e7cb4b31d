// The chapter tree's data, served a level at a time: first the groups (chapters in book order, or
// members with the most unanswered questions first) with their counts, then one group's entries,
// a page at a time. A 10,000-note workspace has ~200,000 entries: the view must never ask for all.
// The view asks again after every change of the index, so groups come from sums the index keeps
// (tally.ts), and a group's page is merged from its files' own ordered lists: a keystroke
// re-counts and re-orders one file, never the workspace.
import { compareChapterIds } from '../notes/chapters.ts';
import type { Entry, NotesModel } from '../notes/model.ts';
import { t } from '../notes/messages.ts';
import type { ChapterItem, ChapterTreeRequest, TreeEntriesRequest, TreeEntry, TreeGroup, TreeGroupsRequest, TreeGrouping } from '../protocol.ts';
import type { ServiceContext } from './context.ts';
import { chapterIdOf, fileCounts, unansweredOf, type GroupCounts } from './fileCounts.ts';
import { Tally } from './tally.ts';
import { entryItem, fileLabelOf } from './views.ts';
import type { EntryHit, IndexedFile, WorkspaceIndex } from './workspaceIndex.ts';

interface Filter {
  groupBy: TreeGrouping;
  onlyUnanswered?: boolean;
}

export function treeGroups(ctx: ServiceContext, params: TreeGroupsRequest.Params): TreeGroup[] {
  const groups = new Map<string, TreeGroup>();
  const add = (key: string, counts: GroupCounts, describe: () => Pick<TreeGroup, 'kind' | 'title'>) => {
    const shown = params.onlyUnanswered ? counts.openEntries : counts.entries;
    if (shown === 0) return;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, ...describe(), entries: 0, unanswered: 0 }));
    group.entries += shown;
    group.unanswered += counts.unanswered;
  };
  if (params.groupBy !== 'member') {
    // Chapters (also for a grouping this server does not know).
    const titles = ctx.index.chapterTitles();
    for (const [key, counts] of ctx.index.chapterSums()) add(key, counts, () => ({ kind: 'chapter', title: chapterTitle(ctx, titles, key) }));
    return [...groups.values()].sort((a, b) => compareChapters(a.key, b.key));
  }
  const members = memberGroups(ctx.index);
  for (const [group, counts] of members.tally.sums) {
    const key = members.keyOf(group);
    add(key, counts, () => ({ kind: key.startsWith('m:') ? 'member' : 'file', title: key.slice(2) }));
  }
  // Who owes the most first; then named members before file names; then by name.
  const collator = new Intl.Collator(ctx.locale);
  return [...groups.values()].sort((a, b) => b.unanswered - a.unanswered || Number(b.kind === 'member') - Number(a.kind === 'member') || collator.compare(a.title, b.title));
}

/** A page of one group's entries, in the group's order. */
export function treeEntries(ctx: ServiceContext, params: TreeEntriesRequest.Params): TreeEntriesRequest.Result {
  const offset = Math.max(0, Math.floor(params.offset ?? 0));
  const limit = params.limit === undefined ? Infinity : Math.max(0, Math.floor(params.limit));
  const { hits, total } = params.groupBy === 'member' ? memberPage(ctx.index, params, offset + limit) : chapterPage(ctx.index, params, offset + limit);
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

/** Book order; entries under no chapter last. */
function compareChapters(a: string, b: string): number {
  return a === b ? 0 : a === '' ? 1 : b === '' ? -1 : compareChapterIds(a, b);
}

/**
 * Whose entry this is: its member, else its file's name (one file per member is the usual layout,
 * `지민.md`), Notion's page id dropped. A file name that is also a member's name is that member.
 * The tally's groups: `n:<member>` for entries naming a member, `o:<file's owner name>` for the
 * others; which of those owners are members is known only once every file is counted.
 */
function memberGroups(index: WorkspaceIndex) {
  const tally = index.tally(
    'members',
    () =>
      new Tally<GroupCounts>(
        function* (file) {
          for (const [member, counts] of fileCounts(file.model).members) yield [member ? `n:${member}` : `o:${ownerName(fileLabelOf(file.uri))}`, counts];
        },
        () => ({ entries: 0, openEntries: 0, unanswered: 0 }),
      ),
  );
  const isMember = (name: string) => tally.sums.has(`n:${name}`);
  return {
    tally,
    isMember,
    /** The tree's key of a tally group: `m:<member>` or `f:<file's owner name>`. */
    keyOf: (group: string) => (group.startsWith('n:') || isMember(group.slice(2)) ? 'm:' : 'f:') + group.slice(2),
  };
}

/** `지민.md` → `지민`; `Week 3 0123456789abcdef0123456789abcdef.md` (Notion) → `Week 3`. */
function ownerName(fileLabel: string): string {
  const stem = fileLabel.replace(/\.(md|markdown)$/i, '').replace(/\s+[0-9a-f]{32}$/i, '');
  return stem || fileLabel;
}

/** An entry with what orders it in its group. */
interface Placed {
  entry: Entry;
  index: number;
  unanswered: number;
  chapter: string;
  page: number;
}

/** A file's entries, grouped and ordered once per model (a model never changes). */
const chapterLists = new WeakMap<NotesModel, Map<string, Placed[]>>();
const memberLists = new WeakMap<NotesModel, Map<string, Placed[]>>();

/** Chapters: page order (then file, then line). */
const byPage = (a: Placed, b: Placed) => a.page - b.page;
/** Members: unanswered first, then book order (then file, then line). */
const byOpenThenBook = (a: Placed, b: Placed) => Number(b.unanswered > 0) - Number(a.unanswered > 0) || compareChapters(a.chapter, b.chapter) || a.page - b.page;

function listsOf(cache: WeakMap<NotesModel, Map<string, Placed[]>>, model: NotesModel, groupOf: (entry: Entry) => string, order: (a: Placed, b: Placed) => number): Map<string, Placed[]> {
  let lists = cache.get(model);
  if (!lists) {
    lists = new Map();
    model.entries.forEach((entry, index) => {
      const group = groupOf(entry);
      let list = lists!.get(group);
      if (!list) lists!.set(group, (list = []));
      list.push({ entry, index, unanswered: unansweredOf(model, entry), chapter: chapterIdOf(model, entry.chapter), page: firstPage(entry) });
    });
    for (const list of lists.values()) list.sort((a, b) => order(a, b) || a.entry.range.start.line - b.entry.range.start.line);
    cache.set(model, lists);
  }
  return lists;
}

function chapterPage(index: WorkspaceIndex, params: TreeEntriesRequest.Params, end: number): { hits: EntryHit[]; total: number } {
  const sums = index.chapterSums().get(params.key);
  const lists = index.filesInChapter(params.key).map((file) => ({
    file,
    list: listsOf(chapterLists, file.model, (entry) => chapterIdOf(file.model, entry.chapter), byPage).get(params.key) ?? [],
  }));
  return { hits: merged(lists, byPage, params.onlyUnanswered, end), total: (params.onlyUnanswered ? sums?.openEntries : sums?.entries) ?? 0 };
}

function memberPage(index: WorkspaceIndex, params: TreeEntriesRequest.Params, end: number): { hits: EntryHit[]; total: number } {
  if (!/^[mf]:/.test(params.key)) return { hits: [], total: 0 };
  const { tally, isMember } = memberGroups(index);
  const name = params.key.slice(2);
  // `m:X`: entries naming X, and the unnamed entries of X's own files; `f:X`: the unnamed
  // entries of files named X, when no entry names X.
  const parts: Array<{ group: string; member: string }> = [];
  if (params.key.startsWith('m:')) parts.push({ group: `n:${name}`, member: name });
  if (params.key.startsWith('m:') === isMember(name)) parts.push({ group: `o:${name}`, member: '' });
  let total = 0;
  const lists: Array<{ file: IndexedFile; list: Placed[] }> = [];
  for (const { group, member } of parts) {
    const sums = tally.sums.get(group);
    total += (params.onlyUnanswered ? sums?.openEntries : sums?.entries) ?? 0;
    for (const file of index.filesOf(tally, group)) {
      lists.push({ file, list: listsOf(memberLists, file.model, (entry) => (entry.member ? entry.member.normalize('NFC') : ''), byOpenThenBook).get(member) ?? [] });
    }
  }
  return { hits: merged(lists, byOpenThenBook, params.onlyUnanswered, end), total };
}

/**
 * The first `end` entries of ordered lists merged (a heap on `order`, then file, then line),
 * unanswered ones only if asked: one page costs its length, not the group's.
 */
function merged(lists: Array<{ file: IndexedFile; list: Placed[] }>, order: (a: Placed, b: Placed) => number, onlyUnanswered: boolean | undefined, end: number): EntryHit[] {
  const wanted = (item: Placed) => !onlyUnanswered || item.unanswered > 0;
  const cursors: Cursor[] = [];
  for (const { file, list } of lists) {
    const at = list.findIndex(wanted);
    if (at >= 0) cursors.push({ file, list, at });
  }
  const heap = new MinHeap(cursors, (a, b) => {
    const x = a.list[a.at]!;
    const y = b.list[b.at]!;
    return order(x, y) || compareStrings(a.file.uri, b.file.uri) || x.entry.range.start.line - y.entry.range.start.line;
  });
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
  return hits;
}

interface Cursor {
  file: IndexedFile;
  list: Placed[];
  at: number;
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

function firstPage(entry: Entry): number {
  let first = Number.MAX_SAFE_INTEGER;
  for (const ref of entry.pages) if (ref.start < first) first = ref.start;
  return first;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
