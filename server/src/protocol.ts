// Custom requests and notifications shared by the language server and the VS Code client.
// One module, imported by both sides, so method names and payloads cannot drift apart.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** An entry as the chapter tree and the page index show it. */
export interface EntryItem {
  uri: string;
  /** 0-based LSP range of the entry's own line. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** `p.45`, `pp.356–357`, or '' for a question without a page. */
  pageLabel: string;
  /** First page, for ordering; Infinity-free: -1 when none. */
  firstPage: number;
  text: string;
  kind: 'quote' | 'note' | 'question';
  /** undefined for an entry without questions. */
  answered?: boolean;
  unanswered: number;
  member?: string;
  /** File name shown beside the entry. */
  fileLabel: string;
}

export interface ChapterItem {
  /** Chapter id (`"3"`, `"1-3"`, `"item72"`), or '' for entries outside any chapter. */
  id: string;
  title: string;
  entries: EntryItem[];
  unanswered: number;
}

export namespace ChapterTreeRequest {
  export const method = 'marginalia/chapterTree';
  export interface Params {
    onlyUnanswered?: boolean;
  }
  export const type = new RequestType<Params, ChapterItem[], void>(method);
}

export namespace PageIndexRequest {
  export const method = 'marginalia/pageIndex';
  export interface PageItem {
    page: number;
    entries: EntryItem[];
  }
  export const type = new RequestType<{ near?: number }, PageItem[], void>(method);
}

export namespace CountsRequest {
  export const method = 'marginalia/counts';
  export interface Params {
    /** A document to count too, besides the whole workspace. */
    uri?: string;
  }
  export interface Result {
    files: number;
    entries: number;
    questions: number;
    unanswered: number;
    /** The document's own counts, when `uri` was given and is indexed. */
    document?: { entries: number; questions: number; unanswered: number };
    /** True while the first indexing of the workspace is still running. */
    indexing: boolean;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** Sent when the index changed (debounced), so views refresh. */
export namespace IndexChangedNotification {
  export const method = 'marginalia/indexChanged';
  export interface Params {
    /** URIs whose notes changed (empty after a full re-index). */
    uris: string[];
  }
  export const type = new NotificationType<Params>(method);
}
