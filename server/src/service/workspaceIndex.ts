// The workspace index: one compact notes model per file (never a Markdown tree), updated one
// file at a time, with lookups by page, chapter and member kept current incrementally.
import type { Entry, NotesModel, PageRef, Question } from '../notes/model.ts';
import { entryPages, pagesCovered } from './pageIndex.ts';
import { fileCounts, type GroupCounts } from './fileCounts.ts';
import { Tally } from './tally.ts';

export interface IndexedFile {
  uri: string;
  /** Document version for open files, a content fingerprint for files read from disk. */
  version: string;
  model: NotesModel;
}

export interface EntryHit {
  file: IndexedFile;
  entry: Entry;
  index: number;
}

export interface RefHit {
  file: IndexedFile;
  ref: PageRef;
}

export interface QuestionHit {
  file: IndexedFile;
  question: Question;
  index: number;
}

/** Map keys: URIs compared decoded and NFC-normalised (macOS and Notion store names as NFD). */
export function uriKey(uri: string): string {
  try {
    return decodeURIComponent(uri).normalize('NFC');
  } catch {
    return uri.normalize('NFC');
  }
}

type Listener = (uris: string[]) => void;

/** A chapter's counts summed over every file (entries under no chapter: id ''). */
export interface ChapterSums extends GroupCounts {
  questions: number;
  unansweredQuestions: number;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** page → keys of files with an entry or a reference on that page. */
  private readonly pageFiles = new Map<number, Set<string>>();
  private readonly listeners = new Set<Listener>();
  /** chapter id → title → how many files use that title for it. */
  private readonly titleVotes = new Map<string, Map<string, number>>();
  private titlesCache: Map<string, string> | undefined;
  /** Keys in URI order, kept until a file comes or goes (an edit replaces a file, not its place). */
  private orderCache: string[] | undefined;
  /** The files in that order, kept until any file changes: Ctrl+T reads them on every keystroke. */
  private orderedFiles: IndexedFile[] | undefined;
  private changes = 0;
  /** Kept as files come and go, so the status bar's counts cost nothing on large workspaces. */
  private readonly counts = { entries: 0, questions: 0, unanswered: 0 };
  /** Counts by group kept as files come and go (tally.ts), by name. */
  private readonly tallies = new Map<string, Tally<object>>();

  /** Grows with every change: views key what they compute from the index by it. */
  get generation(): number {
    return this.changes;
  }

  get size(): number {
    return this.files.size;
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(uriKey(uri));
  }

  has(uri: string, version?: string): boolean {
    const file = this.files.get(uriKey(uri));
    return !!file && (version === undefined || file.version === version);
  }

  all(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  /** Every file in URI order: for results listed by file, without sorting on every request. */
  inUriOrder(): readonly IndexedFile[] {
    this.orderCache ??= [...this.files.keys()].sort((a, b) => compareUris(this.files.get(a)!.uri, this.files.get(b)!.uri));
    this.orderedFiles ??= this.orderCache.map((key) => this.files.get(key)!);
    return this.orderedFiles;
  }

  /** Puts a file's model in the index (replacing an older one) and tells listeners. */
  set(uri: string, version: string, model: NotesModel, notify = true): IndexedFile {
    const key = uriKey(uri);
    if (this.files.get(key)?.uri !== uri) this.orderCache = undefined;
    this.orderedFiles = undefined;
    this.forget(key);
    const file: IndexedFile = { uri, version, model };
    this.files.set(key, file);
    this.count(model, 1);
    this.vote(model, 1);
    for (const tally of this.tallies.values()) tally.count(key, file, 1);
    for (const page of pagesOf(model)) {
      let set = this.pageFiles.get(page);
      if (!set) this.pageFiles.set(page, (set = new Set()));
      set.add(key);
    }
    this.changed();
    if (notify) this.emit([uri]);
    return file;
  }

  /** A new version of a file whose model is unchanged (opened as it is on disk): nothing to re-index or tell. */
  relabel(uri: string, version: string): void {
    const key = uriKey(uri);
    const file = this.files.get(key);
    if (!file) return;
    if (file.uri !== uri) this.orderCache = undefined;
    this.orderedFiles = undefined;
    this.files.set(key, { uri, version, model: file.model });
  }

  delete(uri: string): boolean {
    const key = uriKey(uri);
    if (!this.files.has(key)) return false;
    this.forget(key);
    this.files.delete(key);
    this.orderCache = undefined;
    this.orderedFiles = undefined;
    this.changed();
    this.emit([uri]);
    return true;
  }

  /** Deletes every file under a folder URI (a folder deleted or removed from the workspace). */
  deleteUnder(folderUri: string): string[] {
    const prefix = uriKey(folderUri.endsWith('/') ? folderUri : folderUri + '/');
    const gone = [...this.files.keys()].filter((key) => key.startsWith(prefix));
    for (const key of gone) {
      this.forget(key);
      this.files.delete(key);
    }
    if (gone.length) {
      this.orderCache = undefined;
      this.orderedFiles = undefined;
      this.changed();
      this.emit(gone);
    }
    return gone;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every entry whose pages include `page`, across files. */
  entriesOnPage(page: number): EntryHit[] {
    const hits: EntryHit[] = [];
    for (const key of this.pageFiles.get(page) ?? []) {
      const file = this.files.get(key)!;
      file.model.entries.forEach((entry, index) => {
        if (entry.pages.some((ref) => ref.start <= page && page <= ref.end)) hits.push({ file, entry, index });
      });
    }
    return hits.sort(byFileThenLine);
  }

  /** Files with an entry or a reference on `page`. */
  *filesOnPage(page: number): IterableIterator<IndexedFile> {
    for (const key of this.pageFiles.get(page) ?? []) yield this.files.get(key)!;
  }

  /** Every page reference that covers `page`, across files. */
  refsToPage(page: number): RefHit[] {
    const hits: RefHit[] = [];
    for (const key of this.pageFiles.get(page) ?? []) {
      const file = this.files.get(key)!;
      for (const ref of file.model.pageRefs) if (ref.start <= page && page <= ref.end) hits.push({ file, ref });
    }
    return hits.sort((a, b) => compareUris(a.file.uri, b.file.uri) || a.ref.range.start.line - b.ref.range.start.line);
  }

  /** Pages that have at least one entry or reference, ascending. */
  pages(): number[] {
    return [...this.pageFiles.keys()].sort((a, b) => a - b);
  }

  /**
   * Each chapter id's title across files, the same whichever file was indexed first: each file
   * votes once for each of its titles; the most files' title wins, then the shortest.
   */
  chapterTitles(): Map<string, string> {
    if (this.titlesCache) return this.titlesCache;
    const titles = new Map<string, string>();
    for (const [id, counts] of this.titleVotes) {
      const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
      titles.set(id, ranked[0]?.[0] || id);
    }
    this.titlesCache = titles;
    return titles;
  }

  /** The tally of this name, made by `make` and filled from every file the first time. */
  tally<C extends object>(name: string, make: () => Tally<C>): Tally<C> {
    let tally = this.tallies.get(name) as Tally<C> | undefined;
    if (!tally) {
      tally = make();
      for (const [key, file] of this.files) tally.count(key, file, 1);
      this.tallies.set(name, tally);
    }
    return tally;
  }

  /** Each chapter id's counts, summed over the files. */
  chapterSums(): ReadonlyMap<string, ChapterSums> {
    return this.chapters().sums;
  }

  /** Files with an entry or a question in the chapter of this id ('' for none). */
  filesInChapter(id: string): IndexedFile[] {
    return this.filesOf(this.chapters(), id);
  }

  /** The files a tally counts in one of its groups. */
  filesOf(tally: Tally<object>, group: string): IndexedFile[] {
    return [...(tally.files.get(group) ?? [])].map((key) => this.files.get(key)!);
  }

  private chapters(): Tally<ChapterSums> {
    return this.tally('chapters', () => new Tally<ChapterSums>((file) => fileCounts(file.model).chapters, () => ({ entries: 0, openEntries: 0, unanswered: 0, questions: 0, unansweredQuestions: 0 })));
  }

  /** Questions asked by, or addressed to, a member (names compared NFC). */
  questionsOf(member: string): QuestionHit[] {
    const name = member.normalize('NFC');
    const hits: QuestionHit[] = [];
    for (const file of this.files.values()) {
      file.model.questions.forEach((question, index) => {
        if ([...question.askers, ...question.addressees].some((n) => n.normalize('NFC') === name)) hits.push({ file, question, index });
      });
    }
    return hits;
  }

  /** Every member named anywhere, with how often. */
  members(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const file of this.files.values()) {
      for (const mention of file.model.members) counts.set(mention.name, (counts.get(mention.name) ?? 0) + 1);
    }
    return counts;
  }

  /** Entries, questions and unanswered questions over the whole index. */
  totals(): { entries: number; questions: number; unanswered: number } {
    return { ...this.counts };
  }

  private count(model: NotesModel, sign: 1 | -1): void {
    this.counts.entries += sign * model.entries.length;
    this.counts.questions += sign * model.questions.length;
    for (const question of model.questions) if (!question.answered) this.counts.unanswered += sign;
  }

  /** Each file votes once for each of its chapter titles. */
  private vote(model: NotesModel, sign: 1 | -1): void {
    const seen = new Set<string>();
    for (const { id, title } of model.chapters) {
      if (seen.has(id + '\0' + title)) continue;
      seen.add(id + '\0' + title);
      let counts = this.titleVotes.get(id);
      if (!counts) this.titleVotes.set(id, (counts = new Map()));
      const n = (counts.get(title) ?? 0) + sign;
      if (n > 0) counts.set(title, n);
      else counts.delete(title);
      if (counts.size === 0) this.titleVotes.delete(id);
    }
  }

  private changed(): void {
    this.changes++;
    this.titlesCache = undefined;
  }

  private forget(key: string): void {
    const old = this.files.get(key);
    if (!old) return;
    this.count(old.model, -1);
    this.vote(old.model, -1);
    for (const tally of this.tallies.values()) tally.count(key, old, -1);
    for (const page of pagesOf(old.model)) {
      const set = this.pageFiles.get(page);
      set?.delete(key);
      if (set?.size === 0) this.pageFiles.delete(page);
    }
  }

  private emit(uris: string[]): void {
    for (const listener of this.listeners) listener(uris);
  }
}

function pagesOf(model: NotesModel): Set<number> {
  const pages = new Set<number>();
  for (const ref of model.pageRefs) for (const page of pagesCovered(ref)) pages.add(page);
  for (const entry of model.entries) for (const page of entryPages(entry)) pages.add(page);
  return pages;
}

function compareUris(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byFileThenLine(a: EntryHit, b: EntryHit): number {
  return compareUris(a.file.uri, b.file.uri) || a.entry.range.start.line - b.entry.range.start.line;
}
