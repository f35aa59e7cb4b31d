// The page reference under a position, the entries and references it leads to across the
// workspace, and the short labels (pages, files, chapters) that navigation, hover and symbols share.
import type { Chapter, Entry, NotesModel, PageRef, Position, Range } from '../notes/model.ts';
import { chapterRange } from '../notes/chapters.ts';
import { pagesCovered } from './pageIndex.ts';
import type { EntryHit, RefHit, WorkspaceIndex } from './workspaceIndex.ts';

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Inclusive at both ends: a cursor just after `p.45` is still on it (as VS Code's word ranges). */
export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

export function rangeContainsRange(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function unionRange(a: Range, b: Range): Range {
  return {
    start: comparePositions(a.start, b.start) <= 0 ? a.start : b.start,
    end: comparePositions(a.end, b.end) >= 0 ? a.end : b.end,
  };
}

/** The page reference under `position`, if any. When two touch (`p.1,p.2`), the one starting there wins. */
export function pageRefAt(model: NotesModel, position: Position | undefined): PageRef | undefined {
  if (!position || !Number.isInteger(position.line) || !Number.isInteger(position.character)) return undefined;
  let found: PageRef | undefined;
  for (const ref of model.pageRefs) {
    if (!rangeContains(ref.range, position)) continue;
    if (!found || comparePositions(ref.range.start, position) === 0) found = ref;
  }
  return found;
}

/** Every entry on a page the reference names (a range reference: any page of it), once each. */
export function entriesOnRef(index: WorkspaceIndex, ref: Pick<PageRef, 'start' | 'end'>): EntryHit[] {
  const seen = new Set<string>();
  const hits: EntryHit[] = [];
  for (const page of pagesCovered(ref)) {
    for (const hit of index.entriesOnPage(page)) {
      const key = `${hit.file.uri}#${hit.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push(hit);
    }
  }
  return hits.sort((a, b) => compareText(a.file.uri, b.file.uri) || comparePositions(a.entry.range.start, b.entry.range.start));
}

/** Every page reference that shares a page with `ref` (ranges included: `p.2~p.9` refers to p.5), once each. */
export function refsToRef(index: WorkspaceIndex, ref: Pick<PageRef, 'start' | 'end'>): RefHit[] {
  const seen = new Set<string>();
  const hits: RefHit[] = [];
  for (const page of pagesCovered(ref)) {
    for (const hit of index.refsToPage(page)) {
      const key = `${hit.file.uri}#${hit.ref.range.start.line}:${hit.ref.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push(hit);
    }
  }
  return hits.sort((a, b) => compareText(a.file.uri, b.file.uri) || comparePositions(a.ref.range.start, b.ref.range.start));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- Labels ----

/** `p.45` or `pp.44–46`. */
export function refLabel(ref: Pick<PageRef, 'start' | 'end'>): string {
  return ref.start === ref.end ? `p.${ref.start}` : `pp.${ref.start}–${ref.end}`;
}

/** The pages of an entry as written, in order, at most three: `p.7, p.20`, `pp.2–9`. */
export function entryPagesLabel(entry: Entry): string {
  if (entry.pages.length <= 1) return entry.pages.length ? refLabel(entry.pages[0]!) : ''; // most entries: no Set per Ctrl+T result
  const labels = [...new Set(entry.pages.map(refLabel))];
  return labels.length > 3 ? labels.slice(0, 3).join(', ') + ', …' : labels.join(', ');
}

/** At most `max` code points (never splits an emoji's surrogate pair), `…` when cut. */
export function truncate(text: string, max: number): string {
  // Counted in code points (an emoji is one), reading no further than needed: entry texts can
  // be whole paragraphs, and workspace symbols cut hundreds of them per keystroke.
  if (text.length <= max) return text;
  let cut = 0;
  let points = 0;
  for (let at = 0; at < text.length; points++) {
    if (points === max - 1) cut = at;
    if (points === max) return text.slice(0, cut).trimEnd() + '…';
    at += isSurrogatePair(text, at) ? 2 : 1;
  }
  return text;
}

function isSurrogatePair(text: string, at: number): boolean {
  const high = text.charCodeAt(at);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(at + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}

// Anything `oneLine` would change: a heading marker, markup, whitespace other than single spaces
// between words. Most entry and question texts have none, and are named as they are.
const NOT_ONE_LINE = /^[\s#]|\*\*|__|~~|`|[^\S ]|\s\s|\s$/;

/** One line, markup and heading markers stripped, for names in outlines and hovers. */
export function oneLine(text: string): string {
  if (!NOT_ONE_LINE.test(text)) return text;
  return text
    .replace(/^\s*#{1,6}\s+/, '')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `ch01/지민.md`: the folder and the file, decoded and NFC (two members' `지민.md` stay apart). */
export function fileLabel(uri: string): string {
  const path = uri.replace(/[?#].*$/u, '');
  const parts = path.split('/').filter((p) => p.length > 0);
  return parts.slice(-2).map(decode).join('/').normalize('NFC');
}

/** `지민.md`. */
export function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/u, '');
  return decode(path.slice(path.lastIndexOf('/') + 1)).normalize('NFC');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `3장`/`Ch. 3` for numbered chapters (ranges `1~3장`/`Ch. 1–3`), else the heading or folder as written. */
export function chapterLabel(chapter: Pick<Chapter, 'id' | 'title'>, locale: string): string {
  const range = chapterRange(chapter.id);
  if (range && /^\d+(?:-\d+)?$/u.test(chapter.id)) {
    const [start, end] = range;
    if (locale === 'ko') return start === end ? `${start}장` : `${start}~${end}장`;
    return start === end ? `Ch. ${start}` : `Ch. ${start}–${end}`;
  }
  return truncate(oneLine(chapter.title) || chapter.id, 40);
}
