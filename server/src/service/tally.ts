// Counts summed by group over the index's files, with each group's files: made when a view or a
// code lens first asks, then kept as files come, go and change. Summed from every file on each
// keystroke instead, the chapter tree's groups took ~38 ms and a chapter's code lens ~7 ms at
// 10,000 notes.
import type { IndexedFile } from './workspaceIndex.ts';

export class Tally<C extends object> {
  /** Group → index keys of the files that count in it. */
  readonly files = new Map<string, Set<string>>();
  readonly sums = new Map<string, C>();

  constructor(
    /** A file's counts by group (the same groups whenever asked for the same file). */
    private readonly groupsOf: (file: IndexedFile) => Iterable<[string, C]>,
    /** Zero counts: the fields it has are the ones summed. */
    private readonly zero: () => C,
  ) {}

  /** Adds the counts of the file of index key `key`, or takes them away. */
  count(key: string, file: IndexedFile, sign: 1 | -1): void {
    for (const [group, counts] of this.groupsOf(file)) {
      let keys = this.files.get(group);
      if (!keys) this.files.set(group, (keys = new Set()));
      let sum = this.sums.get(group);
      if (!sum) this.sums.set(group, (sum = this.zero()));
      const total = sum as Record<string, number>;
      for (const field of Object.keys(total)) total[field]! += sign * (counts as Record<string, number>)[field]!;
      if (sign > 0) keys.add(key);
      else keys.delete(key);
      if (keys.size === 0) {
        this.files.delete(group);
        this.sums.delete(group);
      }
    }
  }
}
