// The client's views: entries as views show them, the page index and the counts for the status
// bar (the chapter tree's groups and pages are in tree.ts).
import type { CountsRequest, EntryItem, PageIndexRequest } from '../protocol.ts';
import type { ServiceContext } from './context.ts';
import type { EntryHit } from './workspaceIndex.ts';
import { entryPagesLabel } from './pageAt.ts';
import { entryPages } from './pageIndex.ts';
import { unansweredOf } from './fileCounts.ts';

export function entryItem(hit: EntryHit): EntryItem {
  const { file, entry } = hit;
  const unanswered = unansweredOf(file.model, entry);
  const pages = entryPages(entry);
  const item: EntryItem = {
    uri: file.uri,
    range: entry.range,
    pageLabel: entryPagesLabel(entry),
    firstPage: pages.length ? pages[0] : -1,
    text: entry.text,
    kind: entry.kind,
    unanswered,
    fileLabel: fileLabelOf(file.uri),
  };
  if (entry.questions.length) item.answered = unanswered === 0;
  if (entry.member) item.member = entry.member;
  return item;
}

/** A file's name as views show it: decoded, NFC. */
export function fileLabelOf(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name).normalize('NFC');
  } catch {
    return name.normalize('NFC');
  }
}

/** Every page with its entries; with `near`, the pages closest to it first; with `limit`, only the first pages. */
export function pageIndex(ctx: ServiceContext, params: PageIndexRequest.Params): PageIndexRequest.PageItem[] {
  const pages = ctx.index.pages();
  const near = params.near;
  if (typeof near === 'number') pages.sort((a, b) => Math.abs(a - near) - Math.abs(b - near) || a - b);
  const limit = typeof params.limit === 'number' ? Math.max(0, Math.floor(params.limit)) : Infinity;
  // Entries are made only for the pages returned; a page with references but no entry is skipped.
  const items: PageIndexRequest.PageItem[] = [];
  for (const page of pages) {
    if (items.length >= limit) break;
    const entries = ctx.index.entriesOnPage(page).map(entryItem);
    if (entries.length) items.push({ page, entries });
  }
  return items;
}

export function counts(ctx: ServiceContext, params: CountsRequest.Params, indexing: boolean): CountsRequest.Result {
  const result: CountsRequest.Result = { files: ctx.index.size, ...ctx.index.totals(), indexing };
  const own = params.uri ? ctx.index.get(params.uri) : undefined;
  if (own) {
    result.document = {
      entries: own.model.entries.length,
      questions: own.model.questions.length,
      unanswered: own.model.questions.filter((q) => !q.answered).length,
    };
  }
  return result;
}
