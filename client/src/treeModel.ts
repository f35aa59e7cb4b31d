// The chapter tree's shape, computed from the server's `marginalia/chapterTree` answer. Pure (no
// `vscode`): chapters → entries in book order, or members → their entries with the unanswered
// questions first ("who still owes answers"). The view only renders these nodes.
import type { ChapterItem, EntryItem } from '../../server/src/protocol.ts';

export type TreeNode = ChapterNode | MemberNode | EntryNode;

export interface ChapterNode {
  kind: 'chapter';
  /** Stable across refreshes, so VS Code keeps the node's expansion state. */
  id: string;
  chapter: ChapterItem;
  children: EntryNode[];
}

export interface MemberNode {
  kind: 'member';
  id: string;
  name: string;
  /** False when the name is only a file's (its entries name no member): shown with a file icon. */
  isMember: boolean;
  unanswered: number;
  children: EntryNode[];
}

export interface EntryNode {
  kind: 'entry';
  id: string;
  entry: EntryItem;
  /** Title of the entry's chapter (shown in the member grouping, where the chapter is not the parent). */
  chapterTitle: string;
  parent: ChapterNode | MemberNode;
}

/** What an entry's icon says: an open question wins over the entry's kind. */
export type EntryLook = 'unanswered' | 'answered' | 'quote' | 'note';

export function entryLook(entry: EntryItem): EntryLook {
  if (entry.unanswered > 0) return 'unanswered';
  if (entry.kind === 'quote') return 'quote';
  if (entry.kind === 'question' || entry.answered === true) return 'answered';
  return 'note';
}

/** The first words of an entry, cut at a word boundary when one is near the limit. */
export function firstWords(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  // Korean and Japanese lines may have few spaces: only back off to one that is close.
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:、，。·-]+$/, '') + '…';
}

/**
 * Whose entry this is: its member, else its file's name (one file per member is the usual layout,
 * `지민.md`), Notion's page id dropped. A file name that is also a member's name is that member.
 */
export function ownerOf(entry: EntryItem, members: ReadonlySet<string> = new Set()): { name: string; isMember: boolean } {
  if (entry.member) return { name: entry.member.normalize('NFC'), isMember: true };
  const stem = entry.fileLabel.replace(/\.(md|markdown)$/i, '').replace(/\s+[0-9a-f]{32}$/i, '').normalize('NFC');
  const name = stem || entry.fileLabel;
  return { name, isMember: members.has(name) };
}

export function chapterNodes(chapters: ChapterItem[]): ChapterNode[] {
  const ids = new UniqueIds();
  return chapters.map((chapter) => {
    const node: ChapterNode = { kind: 'chapter', id: ids.take(`chapter:${chapter.id}`), chapter, children: [] };
    node.children = chapter.entries.map((entry) => ({
      kind: 'entry',
      id: ids.take(`entry:${chapter.id}:${entryKey(entry)}`),
      entry,
      chapterTitle: chapter.title,
      parent: node,
    }));
    return node;
  });
}

/**
 * Members (or files) with the most unanswered questions first; inside each, unanswered entries
 * first, then the rest, each part in book order (the server's chapter and page order).
 */
export function memberNodes(chapters: ChapterItem[], locale?: string): MemberNode[] {
  const ids = new UniqueIds();
  const groups = new Map<string, { node: MemberNode; order: Array<{ entry: EntryItem; chapterTitle: string; rank: number }> }>();
  const members = new Set(chapters.flatMap((c) => c.entries.flatMap((e) => (e.member ? [e.member.normalize('NFC')] : []))));
  let rank = 0;
  for (const chapter of chapters) {
    for (const entry of chapter.entries) {
      const owner = ownerOf(entry, members);
      const key = `${owner.isMember ? 'm' : 'f'}:${owner.name}`;
      let group = groups.get(key);
      if (!group) {
        const node: MemberNode = { kind: 'member', id: ids.take(`member:${key}`), name: owner.name, isMember: owner.isMember, unanswered: 0, children: [] };
        groups.set(key, (group = { node, order: [] }));
      }
      group.node.unanswered += entry.unanswered;
      group.order.push({ entry, chapterTitle: chapter.title, rank: rank++ });
    }
  }
  const collator = new Intl.Collator(locale);
  const nodes = [...groups.values()].map(({ node, order }) => {
    order.sort((a, b) => Number(b.entry.unanswered > 0) - Number(a.entry.unanswered > 0) || a.rank - b.rank);
    node.children = order.map(({ entry, chapterTitle }) => ({
      kind: 'entry',
      id: ids.take(`entry:${node.id}:${entryKey(entry)}`),
      entry,
      chapterTitle,
      parent: node,
    }));
    return node;
  });
  // Who owes the most first; then named members before file names; then by name.
  return nodes.sort((a, b) => b.unanswered - a.unanswered || Number(b.isMember) - Number(a.isMember) || collator.compare(a.name, b.name));
}

function entryKey(entry: EntryItem): string {
  return `${entry.uri}#${entry.range.start.line}:${entry.range.start.character}`;
}

/** Tree item ids must be unique in the whole tree; two entries may start at the same place. */
class UniqueIds {
  private readonly seen = new Map<string, number>();
  take(id: string): string {
    const n = this.seen.get(id) ?? 0;
    this.seen.set(id, n + 1);
    return n === 0 ? id : `${id}~${n}`;
  }
}
