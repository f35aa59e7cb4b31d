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

/**
 * The whole tree in one answer, every entry included: for scripts and small workspaces. The
 * VS Code view asks for groups and then a page of one group's entries at a time instead
 * (`TreeGroupsRequest`, `TreeEntriesRequest`): 10,000 notes make ~200,000 entries, ~80 MB of JSON.
 */
export namespace ChapterTreeRequest {
  export const method = 'marginalia/chapterTree';
  export interface Params {
    onlyUnanswered?: boolean;
  }
  export const type = new RequestType<Params, ChapterItem[], void>(method);
}

/** How the tree groups entries: by chapter (book order), or by member (who owes answers first). */
export type TreeGrouping = 'chapter' | 'member';

/** A top-level node of the tree: a chapter, a member, or a file whose entries name no member. */
export interface TreeGroup {
  /** The group's key for `TreeEntriesRequest`: the chapter id, or `m:<member>` / `f:<file name>`. */
  key: string;
  kind: 'chapter' | 'member' | 'file';
  title: string;
  /** Entries the group shows (with the filter applied). */
  entries: number;
  unanswered: number;
}

export namespace TreeGroupsRequest {
  export const method = 'marginalia/treeGroups';
  export interface Params {
    groupBy: TreeGrouping;
    onlyUnanswered?: boolean;
  }
  export const type = new RequestType<Params, TreeGroup[], void>(method);
}

/** An entry under a tree group; under a member, its chapter's title says where it is. */
export interface TreeEntry extends EntryItem {
  chapterTitle: string;
}

export namespace TreeEntriesRequest {
  export const method = 'marginalia/treeEntries';
  export interface Params {
    groupBy: TreeGrouping;
    onlyUnanswered?: boolean;
    /** `TreeGroup.key`. */
    key: string;
    /** A page of the group's entries: from `offset` (default 0), at most `limit` (default all). */
    offset?: number;
    limit?: number;
  }
  export interface Result {
    entries: TreeEntry[];
    /** All the group's entries, so the view can offer the rest. */
    total: number;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

export namespace PageIndexRequest {
  export const method = 'marginalia/pageIndex';
  export interface PageItem {
    page: number;
    entries: EntryItem[];
  }
  export interface Params {
    /** The pages closest to this one first. */
    near?: number;
    /** At most this many pages (a 10,000-note workspace has ~200,000 entries on its pages). */
    limit?: number;
  }
  export const type = new RequestType<Params, PageItem[], void>(method);
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
