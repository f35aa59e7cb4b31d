// The workspace index: one compact notes model per file (never a Markdown tree), updated one
// file at a time, with lookups by page, chapter and member kept current incrementally.
import type { Entry, NotesModel, PageRef, Question } from '../notes/model.ts';
import { compareChapterIds } from '../notes/chapters.ts';
import { entryPages, pagesCovered } from './pageIndex.ts';

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

export interface ChapterGroup {
  /** `""` for entries under no chapter. */
  id: string;
  title: string;
  entries: EntryHit[];
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

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** page → keys of files with an entry or a reference on that page. */
  private readonly pageFiles = new Map<number, Set<string>>();
  private readonly listeners = new Set<Listener>();
  private chaptersCache: ChapterGroup[] | undefined;
  /** Kept as files come and go, so the status bar's counts cost nothing on large workspaces. */
  private readonly counts = { entries: 0, questions: 0, unanswered: 0 };

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

  /** Puts a file's model in the index (replacing an older one) and tells listeners. */
  set(uri: string, version: string, model: NotesModel, notify = true): IndexedFile {
    const key = uriKey(uri);
    this.forget(key);
    const file: IndexedFile = { uri, version, model };
    this.files.set(key, file);
    this.count(model, 1);
    for (const page of pagesOf(model)) {
      let set = this.pageFiles.get(page);
      if (!set) this.pageFiles.set(page, (set = new Set()));
      set.add(key);
    }
    this.chaptersCache = undefined;
    if (notify) this.emit([uri]);
    return file;
  }

  delete(uri: string): boolean {
    const key = uriKey(uri);
    if (!this.files.has(key)) return false;
    this.forget(key);
    this.files.delete(key);
    this.chaptersCache = undefined;
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
      this.chaptersCache = undefined;
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

  /** Chapters across files in book order, every member's file for a chapter merged. */
  chapters(): ChapterGroup[] {
    if (this.chaptersCache) return this.chaptersCache;
    const groups = new Map<string, ChapterGroup>();
    const titles = new Map<string, Map<string, number>>();
    for (const file of this.files.values()) {
      const { model } = file;
      model.entries.forEach((entry, index) => {
        const chapter = entry.chapter !== undefined ? model.chapters[entry.chapter] : undefined;
        const id = chapter?.id ?? '';
        let group = groups.get(id);
        if (!group) groups.set(id, (group = { id, title: '', entries: [] }));
        group.entries.push({ file, entry, index });
      });
      // Each file votes once for each of its chapter titles.
      for (const chapter of new Map(model.chapters.map((c) => [c.id + '\0' + c.title, c])).values()) {
        let counts = titles.get(chapter.id);
        if (!counts) titles.set(chapter.id, (counts = new Map()));
        counts.set(chapter.title, (counts.get(chapter.title) ?? 0) + 1);
      }
    }
    // The same title whichever file was indexed first: the most files', then the shortest.
    for (const group of groups.values()) {
      const counts = [...(titles.get(group.id) ?? new Map<string, number>())];
      counts.sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
      group.title = counts[0]?.[0] || group.id;
    }
    const ordered = [...groups.values()].sort((a, b) => (a.id === '' ? 1 : b.id === '' ? -1 : compareChapterIds(a.id, b.id)));
    for (const group of ordered) group.entries.sort(byPageThenFile);
    this.chaptersCache = ordered;
    return ordered;
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

  private forget(key: string): void {
    const old = this.files.get(key);
    if (!old) return;
    this.count(old.model, -1);
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

function firstPage(entry: Entry): number {
  return entry.pages.length ? Math.min(...entry.pages.map((p) => p.start)) : Number.MAX_SAFE_INTEGER;
}

function byPageThenFile(a: EntryHit, b: EntryHit): number {
  return firstPage(a.entry) - firstPage(b.entry) || byFileThenLine(a, b);
}
