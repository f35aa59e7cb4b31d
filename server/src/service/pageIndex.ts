// The page index: every entry on each page of the book, across files. A range entry
// (`p.356-7`) is listed under every page it covers.
import type { Entry, NotesModel, PageRef } from '../notes/model.ts';

/** Ranges wider than this are listed under their first and last page only (`pp.1-400` is a summary, not a place). */
export const MAX_RANGE_PAGES = 60;

export interface PageIndexItem {
  model: NotesModel;
  entry: Entry;
}

export function pagesCovered(ref: Pick<PageRef, 'start' | 'end'>): number[] {
  if (ref.end - ref.start >= MAX_RANGE_PAGES) return [ref.start, ref.end];
  const pages: number[] = [];
  for (let page = ref.start; page <= ref.end; page++) pages.push(page);
  return pages;
}

export function entryPages(entry: Entry): number[] {
  return [...new Set(entry.pages.flatMap(pagesCovered))].sort((a, b) => a - b);
}

export function buildPageIndex(models: Iterable<NotesModel>): Map<number, PageIndexItem[]> {
  const index = new Map<number, PageIndexItem[]>();
  for (const model of models) {
    for (const entry of model.entries) {
      for (const page of entryPages(entry)) {
        let items = index.get(page);
        if (!items) index.set(page, (items = []));
        items.push({ model, entry });
      }
    }
  }
  return new Map([...index.entries()].sort((a, b) => a[0] - b[0]));
}
