// Per-file counts by chapter, by member and by page, computed once per model (a model never changes: an
// edit makes a new one). Workspace-wide counts are then a merge of small per-file tables, so
// a view or a code lens at 10,000 notes does not walk 200,000 entries on every edit.
import type { Entry, NotesModel } from '../notes/model.ts';
import { entryPages } from './pageIndex.ts';

export interface GroupCounts {
  entries: number;
  /** Entries with an unanswered question (what the "unanswered only" filter shows). */
  openEntries: number;
  /** Unanswered questions of those entries. */
  unanswered: number;
}

export interface ChapterCounts extends GroupCounts {
  /** Every question of the chapter, also those outside any entry (`- **[면접질문] …?**`). */
  questions: number;
  unansweredQuestions: number;
  /** First and last page of its entries; Infinity / -Infinity when none has a page. */
  first: number;
  last: number;
}

export interface FileCounts {
  /** By chapter id ('' for entries under no chapter). */
  chapters: Map<string, ChapterCounts>;
  /** By member (NFC); '' for entries that name no member. */
  members: Map<string, GroupCounts>;
  /** Entries per page they cover (as the page index lists them). */
  pages: Map<number, number>;
}

const cache = new WeakMap<NotesModel, FileCounts>();

export function fileCounts(model: NotesModel): FileCounts {
  let counts = cache.get(model);
  if (counts) return counts;
  counts = { chapters: new Map(), members: new Map(), pages: new Map() };
  for (const entry of model.entries) {
    const unanswered = unansweredOf(model, entry);
    const chapter = chapterCounts(counts.chapters, chapterIdOf(model, entry.chapter));
    add(chapter, unanswered);
    const pages = entryPages(entry);
    for (const page of pages) counts.pages.set(page, (counts.pages.get(page) ?? 0) + 1);
    if (pages.length) {
      chapter.first = Math.min(chapter.first, pages[0]);
      chapter.last = Math.max(chapter.last, pages[pages.length - 1]);
    }
    const member = entry.member ? entry.member.normalize('NFC') : '';
    let group = counts.members.get(member);
    if (!group) counts.members.set(member, (group = { entries: 0, openEntries: 0, unanswered: 0 }));
    add(group, unanswered);
  }
  for (const question of model.questions) {
    const chapter = chapterCounts(counts.chapters, chapterIdOf(model, question.chapter));
    chapter.questions++;
    if (!question.answered) chapter.unansweredQuestions++;
  }
  cache.set(model, counts);
  return counts;
}

export function unansweredOf(model: NotesModel, entry: Entry): number {
  let n = 0;
  for (const q of entry.questions) if (!model.questions[q].answered) n++;
  return n;
}

/** The chapter id of a chapter index in a model; '' for none. */
export function chapterIdOf(model: NotesModel, chapter: number | undefined): string {
  return chapter !== undefined ? (model.chapters[chapter]?.id ?? '') : '';
}

function add(group: GroupCounts, unanswered: number): void {
  group.entries++;
  if (unanswered > 0) group.openEntries++;
  group.unanswered += unanswered;
}

function chapterCounts(chapters: Map<string, ChapterCounts>, id: string): ChapterCounts {
  let counts = chapters.get(id);
  if (!counts) chapters.set(id, (counts = { entries: 0, openEntries: 0, unanswered: 0, questions: 0, unansweredQuestions: 0, first: Infinity, last: -Infinity }));
  return counts;
}
