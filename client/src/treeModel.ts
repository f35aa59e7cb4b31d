// The chapter tree's nodes, made from the server's answers (`marginalia/treeGroups`, then a page
// of one group's entries at a time from `marginalia/treeEntries`). Pure (no `vscode`): the server
// groups and orders; these nodes only give every item an id that is stable across refreshes.
import type { EntryItem, TreeEntry, TreeGroup } from '../../server/src/protocol.ts';

export type TreeNode = GroupNode | EntryNode | MoreNode;

export interface GroupNode {
  kind: 'group';
  /** Stable across refreshes, so VS Code keeps the node's expansion state. */
  id: string;
  group: TreeGroup;
}

export interface EntryNode {
  kind: 'entry';
  id: string;
  entry: TreeEntry;
  parent: GroupNode;
}

/** The last child of a group shown in part: a click loads the next page. */
export interface MoreNode {
  kind: 'more';
  id: string;
  parent: GroupNode;
  /** Entries of the group not shown yet. */
  remaining: number;
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

export function groupNodes(groups: TreeGroup[]): GroupNode[] {
  return groups.map((group) => ({ kind: 'group', id: `${group.kind}:${group.key}`, group }));
}

/**
 * A group's children: its entries loaded so far, then a "more" node when some are not.
 * Ids are unique in the whole tree: two entries may start at the same place.
 */
export function entryNodes(parent: GroupNode, entries: TreeEntry[], total: number): Array<EntryNode | MoreNode> {
  const seen = new Map<string, number>();
  const nodes: Array<EntryNode | MoreNode> = entries.map((entry) => {
    const base = `entry:${parent.id}:${entry.uri}#${entry.range.start.line}:${entry.range.start.character}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { kind: 'entry', id: n === 0 ? base : `${base}~${n}`, entry, parent };
  });
  if (total > entries.length) nodes.push({ kind: 'more', id: `more:${parent.id}`, parent, remaining: total - entries.length });
  return nodes;
}
