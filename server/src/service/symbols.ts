// Document and workspace symbols: the book's structure in a notes file (chapters → entries →
// questions), never a copy of the heading list VS Code's Markdown support already shows
// (the Marksman lesson, microsoft/vscode#53992).
//
// Symbol kinds, chosen for how they read in VS Code's Outline, breadcrumbs and Ctrl+T:
// - chapter → Namespace: a named group holding a chapter's entries (the `{}` icon sets it apart
//   from the String icon VS Code's own Markdown outline gives every heading);
// - quote entry → String: a passage quoted from the book is literally a string;
// - note entry → Field: a note filed under its chapter at a page, a member of the chapter;
// - question (and an entry that is its own question) → Event: something raised that awaits a
//   response; the lightning icon stands out among entries. Answered or not goes in `detail`
//   (`❓ unanswered`/`❓ 미답변`, `✅ answered`), which the Outline shows beside the name.
import { SymbolKind, type DocumentSymbol, type Range, type WorkspaceSymbol } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Chapter, Entry, NotesModel, Question } from '../notes/model.ts';
import { chapterFromHeading, parseChapterId } from '../notes/chapters.ts';
import { localeOf } from '../notes/messages.ts';
import type { ServiceContext } from './context.ts';
import type { IndexedFile } from './workspaceIndex.ts';
import { mayContain, needlePairs, pairBits } from './pairFilter.ts';
import { comparePositions, entryPagesLabel, fileLabel, oneLine, rangeContainsRange, truncate, unionRange } from './pageAt.ts';

/**
 * Ctrl+T shows a list, not a report, and asks again on every keystroke: a narrower query reaches
 * what a broad one left out. Each result is ~330 bytes (a Hangul path is percent-encoded in its
 * URI), so 500 were ~170 KB per keystroke, on the wire to a remote editor too; language servers
 * cap this list at 100-256 (gopls, clangd, rust-analyzer, TypeScript).
 */
export const MAX_WORKSPACE_SYMBOLS = 200;
const ENTRY_TEXT = 50;
const QUESTION_TEXT = 80;

const STRINGS = {
  en: {
    answered: '✅ answered',
    unanswered: '❓ unanswered',
    unansweredCount: (n: number) => `${n} unanswered`,
    folder: 'folder',
    note: 'note',
    question: 'question',
  },
  ko: {
    answered: '✅ 답변됨',
    unanswered: '❓ 미답변',
    unansweredCount: (n: number) => `미답변 ${n}`,
    folder: '폴더',
    note: '노트',
    question: '질문',
  },
} as const;
type Strings = (typeof STRINGS)['en' | 'ko'];

function strings(locale: string): Strings {
  return STRINGS[localeOf(locale)];
}

// ---- Document symbols ----

interface Node {
  symbol: DocumentSymbol;
  children: Node[];
  /** Set on questions and on entries merged with the question on their own line. */
  unanswered?: boolean;
  isChapter?: boolean;
  /** For a question: the node of the entry it belongs to. */
  owner?: Node;
}

/**
 * The outline of each model, as last asked for: a model never changes (an edit makes a new one),
 * so a repeated request (VS Code asks on every focus, breadcrumbs on every move) costs a lookup.
 * The document it was made with is held weakly: a note closed unchanged keeps its model, and the
 * outline's document kept the whole closed text alive (at 1,000 notes, 18 MB once every note had
 * been opened).
 */
const outlines = new WeakMap<NotesModel, { locale: string; document: WeakRef<TextDocument> | undefined; symbols: DocumentSymbol[] }>();

export function documentSymbols(ctx: ServiceContext, uri: string): DocumentSymbol[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const { model } = file;
  const document = ctx.document(uri);
  const known = outlines.get(model);
  if (known && known.locale === ctx.locale && (document ? known.document?.deref() === document : !known.document)) return known.symbols;
  const symbols = outline(model, document, strings(ctx.locale));
  outlines.set(model, { locale: ctx.locale, document: document && new WeakRef(document), symbols });
  return symbols;
}

function outline(model: NotesModel, document: TextDocument | undefined, s: Strings): DocumentSymbol[] {

  // Chapters: heading chapters nest by their Markdown sections; path chapters stand alone and
  // appear only when something falls under them.
  const chapterNodes = new Map<number, Node>();
  const roots: Node[] = [];
  const headingChapters = chapterSections(model, document);
  for (const { index, range, parent } of headingChapters) {
    const chapter = model.chapters[index]!;
    const node = chapterNode(chapter, range, s);
    chapterNodes.set(index, node);
    if (parent !== undefined) chapterNodes.get(parent)!.children.push(node);
    else roots.push(node);
  }
  const pathChapter = model.chapters.findIndex((c) => c.source === 'path');
  const groupOf = (chapter: number | undefined): Node | undefined => {
    const index = chapter !== undefined && model.chapters[chapter] ? chapter : pathChapter >= 0 ? pathChapter : undefined;
    if (index === undefined) return undefined;
    let node = chapterNodes.get(index);
    if (!node) {
      const c = model.chapters[index]!;
      node = chapterNode(c, c.range, s);
      chapterNodes.set(index, node);
      roots.push(node);
    }
    return node;
  };

  // Entries and questions, each into its chapter's group, then nested by containment there.
  const groups = new Map<Node | undefined, Node[]>();
  const addTo = (group: Node | undefined, node: Node) => {
    let items = groups.get(group);
    if (!items) groups.set(group, (items = []));
    items.push(node);
  };
  const entryNodes = model.entries.map((entry) => {
    const node = entrySymbol(entry, s);
    addTo(groupOf(entry.chapter), node);
    return node;
  });
  model.questions.forEach((question) => {
    const owner = question.entry !== undefined ? entryNodes[question.entry] : undefined;
    const entry = question.entry !== undefined ? model.entries[question.entry] : undefined;
    if (owner && entry && owner.unanswered === undefined && question.range.start.line === entry.range.start.line) {
      // The entry's line is the question itself: one symbol, not the same line twice.
      mergeQuestion(owner, question, s);
      return;
    }
    const node = questionSymbol(question, s);
    if (owner) {
      node.owner = owner;
      addTo(groupOf(entry!.chapter), node);
    } else {
      addTo(groupOf(question.chapter), node);
    }
  });
  for (const [group, items] of groups) {
    const top = nest(items);
    if (group) group.children.push(...top);
    else roots.push(...top);
  }

  for (const root of roots) finish(root, s);
  return sortByStart(roots).map((node) => node.symbol);
}

/** Heading chapters with their section ranges and the chapter whose section holds them. */
function chapterSections(model: NotesModel, document: TextDocument | undefined): Array<{ index: number; range: Range; parent?: number }> {
  const headings = [...model.headings].sort((a, b) => comparePositions(a.range.start, b.range.start));
  const result: Array<{ index: number; range: Range; parent?: number }> = [];
  const stack: Array<{ level: number; index: number }> = [];
  headings.forEach((heading, i) => {
    while (stack.length && stack[stack.length - 1]!.level >= heading.level) stack.pop();
    if (heading.chapter === undefined || !model.chapters[heading.chapter]) return;
    let boundary = model.lineCount;
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j]!.level <= heading.level) {
        boundary = headings[j]!.range.start.line;
        break;
      }
    }
    const item: { index: number; range: Range; parent?: number } = {
      index: heading.chapter,
      range: { start: heading.range.start, end: sectionEnd(document, heading.range.end, boundary) },
    };
    const parent = stack[stack.length - 1];
    if (parent) item.parent = parent.index;
    result.push(item);
    stack.push({ level: heading.level, index: heading.chapter });
  });
  return result;
}

/** End of the last non-blank line before `boundary`; without the text (a closed file) the heading's
 * own end, widened later to the chapter's children. */
function sectionEnd(document: TextDocument | undefined, headingEnd: Range['end'], boundary: number): Range['end'] {
  if (!document) return headingEnd;
  for (let line = Math.min(boundary, document.lineCount) - 1; line > headingEnd.line; line--) {
    const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/(?:\r\n|\r|\n)$/u, '');
    if (text.trim()) return { line, character: text.length };
  }
  return headingEnd;
}

function chapterNode(chapter: Chapter, range: Range, s: Strings): Node {
  const name = truncate(oneLine(chapter.title), QUESTION_TEXT) || chapter.id || '…';
  const symbol: DocumentSymbol = { name, kind: SymbolKind.Namespace, range, selectionRange: chapter.range, children: [] };
  if (chapter.source === 'path') symbol.detail = s.folder;
  return { symbol, children: [], isChapter: true };
}

function entrySymbol(entry: Entry, s: Strings): Node {
  const pages = entryPagesLabel(entry);
  const text = truncate(oneLine(entry.text), ENTRY_TEXT);
  const name = pages && text ? `${pages} — ${text}` : pages || text || s.note;
  const symbol: DocumentSymbol = {
    name,
    kind: entry.kind === 'quote' ? SymbolKind.String : SymbolKind.Field,
    range: unionRange(entry.scope, entry.range),
    selectionRange: entry.range,
    children: [],
  };
  if (entry.member) symbol.detail = entry.member;
  return { symbol, children: [] };
}

function questionSymbol(question: Question, s: Strings): Node {
  const symbol: DocumentSymbol = {
    name: truncate(oneLine(question.text), QUESTION_TEXT) || s.question,
    kind: SymbolKind.Event,
    detail: questionDetail(question, s),
    range: unionRange(question.scope, question.range),
    selectionRange: question.range,
    children: [],
  };
  return { symbol, children: [], unanswered: !question.answered };
}

function mergeQuestion(node: Node, question: Question, s: Strings): void {
  node.symbol.kind = SymbolKind.Event;
  node.symbol.detail = [...new Set([questionDetail(question, s), node.symbol.detail].filter(Boolean).join(' · ').split(' · '))].join(' · ');
  node.symbol.range = unionRange(node.symbol.range, question.scope);
  node.unanswered = !question.answered;
}

/** `❓ unanswered · @박은정 · 해동`: status, then who it is asked of, then who asked. */
function questionDetail(question: Question, s: Strings): string {
  return [...new Set([question.answered ? s.answered : s.unanswered, ...question.addressees.map((n) => '@' + n), ...question.askers])].join(' · ');
}

/** Nests one chapter's entries and questions by containment (a follow-up question inside an
 * answer goes under that question); a question stays under its own entry in any case. */
function nest(items: Node[]): Node[] {
  const sorted = [...items].sort(
    (a, b) =>
      comparePositions(a.symbol.range.start, b.symbol.range.start) ||
      comparePositions(b.symbol.range.end, a.symbol.range.end) ||
      (a.owner ? 1 : 0) - (b.owner ? 1 : 0),
  );
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const node of sorted) {
    while (stack.length && !rangeContainsRange(stack[stack.length - 1]!.symbol.range, node.symbol.range)) stack.pop();
    let parent = stack[stack.length - 1];
    if (node.owner && !stack.includes(node.owner)) parent = node.owner;
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}

/** Children sorted, each parent's range widened to hold them (VS Code needs it for breadcrumbs),
 * chapters told how many questions under them are unanswered. Returns that count. */
function finish(node: Node, s: Strings): number {
  let unanswered = node.unanswered ? 1 : 0;
  for (const child of node.children) {
    unanswered += finish(child, s);
    node.symbol.range = unionRange(node.symbol.range, child.symbol.range);
  }
  node.symbol.range = unionRange(node.symbol.range, node.symbol.selectionRange);
  node.symbol.children = sortByStart(node.children).map((child) => child.symbol);
  if (node.isChapter && unanswered > 0) node.symbol.detail = [node.symbol.detail, s.unansweredCount(unanswered)].filter(Boolean).join(' · ');
  return unanswered;
}

function sortByStart(nodes: Node[]): Node[] {
  return nodes.sort((a, b) => comparePositions(a.symbol.range.start, b.symbol.range.start));
}

// ---- Workspace symbols ----

/**
 * A hit, turned into a symbol only if it makes the capped list: no closure or name per hit, as a
 * common word hits ~1,000 places at 1,000 notes.
 */
interface Hit {
  rank: number;
  file: IndexedFile;
  range: Range;
  /** What was hit: an entry on the queried page, a chapter by its number, or text in a
   * question, chapter title or entry. */
  kind: 'page' | 'chapter' | 'question' | 'chapterText' | 'entry';
  /** Index of the entry, chapter or question in the file's model. */
  item: number;
  /** For a text hit, where the query starts in the item's folded text; for a page hit, the page. */
  at: number;
}

/**
 * The lower-cased NFC texts of a model's questions, chapters and entries in one string, items
 * separated by a character no query holds, made once per model version (models are replaced on
 * change, so a WeakMap forgets stale ones): a keystroke in Ctrl+T runs at most one `indexOf`
 * scan per file (none where the pair filter rules the query out), never reads the files.
 */
interface SearchText {
  text: string;
  /** Start offset of each item in `text`: questions, then chapters, then entries. */
  starts: number[];
  chapterBase: number;
  entryBase: number;
  /** The pairs of adjacent characters in `text` (pairFilter.ts). */
  pairs: Uint32Array;
}

const SEPARATOR = '\u0000';
const searchTexts = new WeakMap<NotesModel, SearchText>();

/** Makes a model's search text ahead of the first query that needs it (searchPriming.ts). */
export function prepareSearch(model: NotesModel): void {
  searchTextOf(model);
}

function searchTextOf(model: NotesModel): SearchText {
  let found = searchTexts.get(model);
  if (!found) {
    const fold = (text: string) => oneLine(text).normalize('NFC').toLowerCase().replaceAll(SEPARATOR, ' ');
    const items = [...model.questions.map((q) => fold(q.text)), ...model.chapters.map((c) => fold(c.title)), ...model.entries.map((e) => fold(e.text))];
    const starts: number[] = [];
    let at = 0;
    for (const item of items) {
      starts.push(at);
      at += item.length + 1;
    }
    const text = items.join(SEPARATOR);
    found = { text, starts, chapterBase: model.questions.length, entryBase: model.questions.length + model.chapters.length, pairs: pairBits(text) };
    searchTexts.set(model, found);
  }
  return found;
}

/** Calls `hit(item, offsetInItem)` for the first occurrence of `needle` in each item that holds
 * it, among the items that start before `end`. */
function scanItems(search: SearchText, needle: string, end: number, hit: (item: number, at: number) => void): void {
  const { text, starts } = search;
  let from = 0;
  let item = 0;
  for (;;) {
    const found = text.indexOf(needle, from);
    if (found < 0 || found >= end) return;
    item = itemAt(starts, found, item);
    hit(item, found - starts[item]!);
    if (++item >= starts.length) return;
    from = starts[item]!;
  }
}

/** The last item from `first` on that starts at or before `offset` (a file has hundreds of items
 * and a rare word one hit: no walk over the items before it). */
function itemAt(starts: number[], offset: number, first: number): number {
  let low = first;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * `p.45`, `45`, `p45` (also `45p`, `45쪽`, `page 45`): the entries on page 45, range entries
 * covering it after the exact ones. `3장`, `chapter 3`, `ch3` (`第3章`, `item 7`, `week 2`): the
 * chapters. Anything else: questions, chapters and entries whose text holds it (case-insensitive,
 * NFC). An empty query lists the chapters.
 *
 * VS Code drops results whose name does not fuzzy-match the query (microsoft/vscode#265722,
 * #98125), so a name always holds the query: `ch3 · 3장 @김윤우`, `…text around the match…`.
 */
export function workspaceSymbols(ctx: ServiceContext, query: string, rangesOnResolve = false): WorkspaceSymbol[] {
  const q = query.normalize('NFC').trim();
  const needle = q.toLowerCase();
  const request: Request = { query: q, compactQuery: q.replace(/\s+/gu, '').toLowerCase(), needle, rangesOnResolve };
  const page = parsePageQuery(q);
  if (page !== undefined) {
    // Already in URI then line order: only the exact pages go first.
    const hits = ctx.index.entriesOnPage(page).map(({ file, entry, index }): Hit => {
      const exact = entry.pages.some((ref) => ref.start === page && ref.end === page);
      return { rank: exact ? 0 : 1, file, range: entry.range, kind: 'page', item: index, at: page };
    });
    return finishResults([hits.filter((hit) => hit.rank === 0), hits.filter((hit) => hit.rank === 1)], request);
  }

  const chapter = q ? parseChapterQuery(q) : undefined;
  const searchesText = q !== '' && !needle.includes(SEPARATOR);
  const pairs = needlePairs(needle);
  // Files in URI order and each file's hits by position: the ranks' lists come out in result order.
  const byRank: Hit[][] = [[], [], [], [], []];
  const fileHits: Hit[] = [];
  for (const file of ctx.index.inUriOrder()) {
    // The list is cut at the cap, best rank first: a hit can make it only while fewer than the cap
    // of its rank or better are held. Those counts only grow, so a common word soon stops
    // collecting (and scanning, as entries come last in a search text) what would be cut.
    const worst = worstRankKept(byRank);
    if (worst < 0) break;
    const { model } = file;
    if (!q || chapter) {
      model.chapters.forEach((c, item) => {
        const rank = chapter ? chapterMatch(chapter, c.id) : 0;
        if (rank !== undefined && rank <= worst) fileHits.push({ rank, file, range: c.range, kind: 'chapter', item, at: 0 });
      });
    }
    const search = searchesText && worst >= 2 ? searchTextOf(model) : undefined;
    if (search && mayContain(search.pairs, pairs)) {
      const lastItem = worst >= 4 ? search.starts.length : worst === 3 ? search.entryBase : search.chapterBase;
      scanItems(search, needle, search.starts[lastItem] ?? search.text.length, (item, at) => {
        if (item < search.chapterBase) {
          const rank = at === 0 ? 2 : 3;
          if (rank <= worst) fileHits.push({ rank, file, range: model.questions[item]!.range, kind: 'question', item, at });
        } else if (item < search.entryBase) {
          const c = model.chapters[item - search.chapterBase]!;
          if (chapter && chapterMatch(chapter, c.id) !== undefined) return;
          fileHits.push({ rank: 3, file, range: c.range, kind: 'chapterText', item: item - search.chapterBase, at });
        } else {
          const entry = item - search.entryBase;
          fileHits.push({ rank: 4, file, range: model.entries[entry]!.range, kind: 'entry', item: entry, at });
        }
      });
    }
    if (fileHits.length === 0) continue;
    // By position, the best rank first; one result per place (its best rank). Stable: of hits
    // at the same place with the same rank, the first found stays. (A hit left out above for its
    // rank leaves no worse one to take its place: that one would be left out too.)
    fileHits.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.rank - b.rank);
    for (let i = 0; i < fileHits.length; i++) {
      const hit = fileHits[i]!;
      if (i > 0 && comparePositions(fileHits[i - 1]!.range.start, hit.range.start) === 0) continue;
      byRank[hit.rank]!.push(hit);
    }
    fileHits.length = 0;
  }
  return finishResults(byRank, request);
}

/** The worst rank whose hits can still make the capped list, -1 when none can. */
function worstRankKept(byRank: Hit[][]): number {
  let held = 0;
  for (let rank = 0; rank < byRank.length; rank++) {
    held += byRank[rank]!.length;
    if (held >= MAX_WORKSPACE_SYMBOLS) return rank - 1;
  }
  return byRank.length - 1;
}

/** What a request asked, worked out once for all its results. */
interface Request {
  /** The query, NFC and trimmed. */
  query: string;
  /** Lower-cased without spaces, as VS Code's fuzzy filter reads it. */
  compactQuery: string;
  /** Lower-cased: what is searched for in folded texts. */
  needle: string;
  /** The client fills in ranges with `workspaceSymbol/resolve` when one is picked. */
  rangesOnResolve: boolean;
}

/** The lists of hits, best rank first, each in result order, cut at the cap and made into symbols. */
function finishResults(byRank: Hit[][], request: Request): WorkspaceSymbol[] {
  const kept: WorkspaceSymbol[] = [];
  for (const hits of byRank) {
    for (const hit of hits) {
      if (kept.length >= MAX_WORKSPACE_SYMBOLS) return kept;
      kept.push(symbolOf(hit, request));
    }
  }
  return kept;
}

function symbolOf(hit: Hit, request: Request): WorkspaceSymbol {
  const { file, range, item, at } = hit;
  const { model } = file;
  const { needle } = request;
  switch (hit.kind) {
    case 'page': {
      const entry = model.entries[item]!;
      const label = entryPagesLabel(entry);
      const pages = label.split(', ').includes(`p.${at}`) ? label : `p.${at} (${label})`;
      const text = truncate(oneLine(entry.text), ENTRY_TEXT);
      return symbol(matchable(text ? `${pages} — ${text}` : pages, request), entryKind(file, entry), file, range, containerOf(file, entry.chapter), request);
    }
    case 'chapter': {
      const c = model.chapters[item]!;
      return symbol(matchable(oneLine(c.title) || c.id, request), SymbolKind.Namespace, file, range, containerOf(file, undefined), request);
    }
    case 'question': {
      const question = model.questions[item]!;
      return symbol(matchable(around(oneLine(question.text), at, needle.length, QUESTION_TEXT), request), SymbolKind.Event, file, range, containerOf(file, question.chapter), request);
    }
    case 'chapterText':
      return symbol(matchable(around(oneLine(model.chapters[item]!.title), at, needle.length, QUESTION_TEXT), request), SymbolKind.Namespace, file, range, containerOf(file, undefined), request);
    case 'entry': {
      const entry = model.entries[item]!;
      const pages = entryPagesLabel(entry);
      const shown = around(oneLine(entry.text), at, needle.length, ENTRY_TEXT);
      return symbol(matchable(pages ? `${pages} — ${shown}` : shown, request), entryKind(file, entry), file, range, containerOf(file, entry.chapter), request);
    }
  }
}

function symbol(name: string, kind: SymbolKind, file: IndexedFile, range: Range, containerName: string | undefined, request: Request): WorkspaceSymbol {
  const result: WorkspaceSymbol = request.rangesOnResolve
    ? { name: name || '…', kind, location: { uri: file.uri }, data: [range.start.line, range.start.character, range.end.line, range.end.character] }
    : { name: name || '…', kind, location: { uri: file.uri, range } };
  if (containerName) result.containerName = containerName;
  return result;
}

/**
 * The range of a symbol sent without one. Its four numbers ride along in `data`: a quarter of the
 * bytes of a range, and no state kept between the query and the pick (the range is the one the
 * query saw, as it would have been in full). Ctrl+T receives up to 500 symbols per keystroke and
 * resolves only the one picked.
 */
export function resolveWorkspaceSymbol(symbol: WorkspaceSymbol): WorkspaceSymbol {
  const { data } = symbol;
  if ('range' in symbol.location || !Array.isArray(data) || data.length !== 4 || !data.every((n) => Number.isSafeInteger(n) && n >= 0)) return symbol;
  const [line, character, endLine, endCharacter] = data as number[];
  return { ...symbol, location: { uri: symbol.location.uri, range: { start: { line: line!, character: character! }, end: { line: endLine!, character: endCharacter! } } } };
}

function entryKind(file: IndexedFile, entry: Entry): SymbolKind {
  if (entry.questions.some((q) => file.model.questions[q]?.range.start.line === entry.range.start.line)) return SymbolKind.Event;
  return entry.kind === 'quote' ? SymbolKind.String : SymbolKind.Field;
}

/** `1장 @기윤 권 · 지민.md`: where a hit sits, shown in grey beside its name. */
function containerOf(file: IndexedFile, chapter: number | undefined): string {
  let labels = containerLabels.get(file);
  if (!labels) {
    const label = fileLabel(file.uri);
    labels = { file: label, chapters: file.model.chapters.map((c) => [truncate(oneLine(c.title), 40), label].filter(Boolean).join(' · ')) };
    containerLabels.set(file, labels);
  }
  return (chapter !== undefined ? labels.chapters[chapter] : undefined) ?? labels.file;
}

/** Container names per indexed file (replaced with its model), made once: 200 results share a few. */
const containerLabels = new WeakMap<IndexedFile, { file: string; chapters: string[] }>();

const PAGE_QUERY = /^(?:(?:pp?\.?|pages?)\s*)?(\d{1,5})(?:\s*(?:p|쪽|페이지|ページ))?$/iu;

/** `p.45`, `p. 45`, `p45`, `45`, `45p`, `45쪽`, `page 45` → 45. */
export function parsePageQuery(query: string): number | undefined {
  const m = PAGE_QUERY.exec(query);
  if (!m) return undefined;
  const page = Number(m[1]);
  return page > 0 ? page : undefined;
}

// What is left of a chapter query once its numbers and punctuation are gone: only a unit word.
const CHAPTER_WORDS = new Set(['장', '제장', '章', '第章', 'chapter', 'chapters', 'chap', 'ch', 'item', 'items', '아이템', 'part', '부', '第部', 'week', 'weeks', '주차', '第週', 'w']);

/** `3장`, `제3장`, `chapter 3`, `ch3`, `ch.3`, `第3章`, `item 7`, `week 2`, `2주차` → a chapter id. */
export function parseChapterQuery(query: string): string | undefined {
  if (query.length > 30 || !/\d/u.test(query)) return undefined;
  const word = query.replace(/[\d\s.:_~\-–]/gu, '').toLowerCase();
  if (!CHAPTER_WORDS.has(word)) return undefined;
  return chapterFromHeading(word === 'w' ? query.replace(/w/iu, 'week') : query)?.id;
}

/** 0: the same chapter, 1: a chapter range holding it (`3-4` for `3장`), undefined otherwise. */
function chapterMatch(queryId: string, id: string): number | undefined {
  if (queryId === id) return 0;
  const q = parsedChapterId(queryId);
  const c = parsedChapterId(id);
  if (!q || !c || q.kind !== c.kind || q.suffix !== c.suffix) return undefined;
  return c.start <= q.start && q.end <= c.end ? 1 : undefined;
}

// A chapter query compares with every chapter of the workspace (3,000 at 1,000 notes), whose ids
// are a few dozen strings: each is parsed once.
const parsedIds = new Map<string, ReturnType<typeof parseChapterId>>();

function parsedChapterId(id: string): ReturnType<typeof parseChapterId> {
  if (!parsedIds.has(id)) {
    if (parsedIds.size >= 10_000) parsedIds.clear(); // ids are made by the model, but never unbounded
    parsedIds.set(id, parseChapterId(id));
  }
  return parsedIds.get(id);
}

/** The name with the query in front when VS Code's fuzzy filter would not find the query in it. */
function matchable(name: string, request: Request): string {
  if (!request.query || isSubsequence(request.compactQuery, name.toLowerCase())) return name;
  return `${request.query} · ${name}`;
}

/** Whether `needle`'s characters appear in `haystack` in order (compared by UTF-16 unit: a
 * false match needs half an emoji in common, and only drops the query from in front). */
function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (let at = 0; at < haystack.length && i < needle.length; at++) if (haystack.charCodeAt(at) === needle.charCodeAt(i)) i++;
  return i >= needle.length;
}

/** At most `max` characters of `text` showing the match at `at` (found in its lower-cased NFC
 * fold, which keeps offsets for composed text), with `…` where cut. */
function around(text: string, at: number, length: number, max: number): string {
  const nfc = text.normalize('NFC');
  if (nfc.length <= max || at + length <= max - 1) return truncate(nfc, max);
  let start = Math.max(0, Math.min(at - 10, nfc.length - (max - 2)));
  const code = nfc.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start--; // never half an emoji
  return '…' + truncate(nfc.slice(start), max - 1);
}
