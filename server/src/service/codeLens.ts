// Code lenses: on a chapter heading, the whole workspace's count for that chapter (every
// member's file merged); on a page reference, how many notes the group wrote on that page.
import type { CodeLens } from 'vscode-languageserver-types';
import type { PageRef } from '../notes/model.ts';
import { localeOf } from '../notes/messages.ts';
import type { ServiceContext } from './context.ts';
import type { IndexedFile } from './workspaceIndex.ts';
import { fileCounts } from './fileCounts.ts';
import { pagesCovered } from './pageIndex.ts';

/**
 * Client command of a page lens: shows every note on a page (the page index, or a peek).
 * Arguments: `[page: number]` (the first page of a range reference).
 */
export const SHOW_PAGE_COMMAND = 'marginalia.showPage';
/** Client command of a chapter lens: reveals the chapter in the chapter tree. Arguments: `[chapterId: string]`. */
export const SHOW_CHAPTER_COMMAND = 'marginalia.showChapter';

const STRINGS = {
  entries: { en: (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`, ko: (n: number) => `항목 ${n}` },
  unanswered: { en: (n: number) => `${n} unanswered`, ko: (n: number) => `미답변 ${n}` },
  allAnswered: { en: () => 'all answered', ko: () => '모두 답변됨' },
  notesOn: { en: (n: number, pages: string) => `${n} notes on ${pages}`, ko: (n: number, pages: string) => `${pages} 노트 ${n}개` },
} as const;

interface ChapterTotals {
  entries: number;
  questions: number;
  unanswered: number;
  first: number;
  last: number;
}

export function codeLenses(ctx: ServiceContext, uri: string): CodeLens[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const lang = localeOf(ctx.locale);
  const model = file.model;
  const lenses: CodeLens[] = [];

  // Chapter lenses: the aggregates of this file's chapter ids, computed once for the whole call.
  const headingChapters = model.headings.filter((h) => h.chapter !== undefined && model.chapters[h.chapter]);
  if (headingChapters.length) {
    const counts = chapterCounts(ctx, new Set(headingChapters.map((h) => model.chapters[h.chapter!].id)));
    for (const heading of headingChapters) {
      const id = model.chapters[heading.chapter!].id;
      const c = counts.get(id);
      if (!c || (c.entries === 0 && c.questions === 0)) continue;
      const parts: string[] = [STRINGS.entries[lang](c.entries)];
      if (c.questions) parts.push(c.unanswered ? STRINGS.unanswered[lang](c.unanswered) : STRINGS.allAnswered[lang]());
      if (c.first <= c.last) parts.push(pagesLabel(c.first, c.last));
      const title = parts.join(' · ');
      lenses.push({ range: heading.range, command: { title, command: SHOW_CHAPTER_COMMAND, arguments: [id] } });
    }
  }

  // Page lenses only where the group wrote more than one note on the page: a lens that says
  // "1 note" under every reference would only repeat the line it sits on (noise).
  const notesOnPages = new Map<string, number>();
  const seen = new Set<string>();
  for (const ref of model.pageRefs) {
    const key = `${ref.start}-${ref.end}`;
    const where = `${ref.range.start.line}:${key}`;
    if (seen.has(where)) continue;
    seen.add(where);
    let n = notesOnPages.get(key);
    if (n === undefined) notesOnPages.set(key, (n = notesOn(ctx, ref)));
    if (n <= 1) continue;
    const title = STRINGS.notesOn[lang](n, pagesLabel(ref.start, ref.end));
    lenses.push({ range: ref.range, command: { title, command: SHOW_PAGE_COMMAND, arguments: [ref.start] } });
  }
  return lenses;
}

/** Entries, questions and pages per chapter id: the index's sums, the pages from the chapter's files. */
function chapterCounts(ctx: ServiceContext, ids: Set<string>): Map<string, ChapterTotals> {
  const totals = new Map<string, ChapterTotals>();
  const sums = ctx.index.chapterSums();
  for (const id of ids) {
    const sum = sums.get(id);
    const total: ChapterTotals = { entries: sum?.entries ?? 0, questions: sum?.questions ?? 0, unanswered: sum?.unansweredQuestions ?? 0, first: Infinity, last: -Infinity };
    for (const { model } of ctx.index.filesInChapter(id)) {
      const c = fileCounts(model).chapters.get(id)!;
      total.first = Math.min(total.first, c.first);
      total.last = Math.max(total.last, c.last);
    }
    totals.set(id, total);
  }
  return totals;
}

/** Distinct entries, across the workspace, on any page the reference names. */
function notesOn(ctx: ServiceContext, ref: PageRef): number {
  // One page (most references): the files' own counts, without walking their entries.
  if (ref.start === ref.end) {
    let n = 0;
    for (const file of ctx.index.filesOnPage(ref.start)) n += fileCounts(file.model).pages.get(ref.start) ?? 0;
    return n;
  }
  // A range: each entry of the files on its pages that touches one of those pages, counted once.
  const pages = pagesCovered(ref);
  const files = new Set<IndexedFile>();
  for (const page of pages) for (const file of ctx.index.filesOnPage(page)) files.add(file);
  let n = 0;
  for (const file of files) {
    for (const entry of file.model.entries) {
      if (entry.pages.some((r) => pages.some((page) => r.start <= page && page <= r.end))) n++;
    }
  }
  return n;
}

function pagesLabel(first: number, last: number): string {
  return first === last ? `p.${first}` : `pp.${first}–${last}`;
}
