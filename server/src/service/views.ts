// The client's views: entries as views show them, the page index and the counts for the status
// bar (the chapter tree's groups and pages are in tree.ts).
import type { CountsRequest, EntryItem, PageIndexRequest } from '../protocol.ts';
import type { ServiceContext } from './context.ts';
import type { EntryHit } from './workspaceIndex.ts';
import { entryPagesLabel } from './pageAt.ts';
import { entryPages } from './pageIndex.ts';

export function entryItem(hit: EntryHit): EntryItem {
  const { file, entry } = hit;
  const questions = entry.questions.map((q) => file.model.questions[q]);
  const unanswered = questions.filter((q) => !q.answered).length;
  const pages = entryPages(entry);
  const item: EntryItem = {
    uri: file.uri,
    range: entry.range,
    pageLabel: entryPagesLabel(entry),
    firstPage: pages.length ? pages[0] : -1,
    text: entry.text,
    kind: entry.kind,
    unanswered,
    fileLabel: decodeURIComponent(file.uri.slice(file.uri.lastIndexOf('/') + 1)).normalize('NFC'),
  };
  if (questions.length) item.answered = unanswered === 0;
  if (entry.member) item.member = entry.member;
  return item;
}

/** Every page with its entries; with `near`, the pages closest to it first. */
export function pageIndex(ctx: ServiceContext, params: { near?: number }): PageIndexRequest.PageItem[] {
  const pages = ctx.index
    .pages()
    .map((page) => ({ page, entries: ctx.index.entriesOnPage(page).map(entryItem) }))
    .filter((item) => item.entries.length > 0);
  const near = params.near;
  if (near !== undefined) pages.sort((a, b) => Math.abs(a.page - near) - Math.abs(b.page - near) || a.page - b.page);
  return pages;
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
