// Hover on a page reference: what the whole group noted on that page, file by file, each note
// with its member, chapter, first words, answered or not, and a link to its line.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';
import type { EntryHit } from './workspaceIndex.ts';
import { uriKey } from './workspaceIndex.ts';
import { localeOf } from '../notes/messages.ts';
import { chapterLabel, entriesOnRef, entryPagesLabel, fileLabel, fileName, oneLine, pageRefAt, refLabel, truncate } from './pageAt.ts';

/** More than this and the hover becomes a wall; the rest is counted ("and 12 more"). */
export const MAX_HOVER_ENTRIES = 20;
const TEXT_LENGTH = 60;

const STRINGS = {
  en: {
    notes: (notes: number, files: number) => `${notes} ${notes === 1 ? 'note' : 'notes'} in ${files} ${files === 1 ? 'file' : 'files'}`,
    none: (page: string) => `No notes on ${page} yet.`,
    more: (n: number) => `…and ${n} more`,
    answered: 'answered',
    unanswered: 'unanswered',
  },
  ko: {
    notes: (notes: number, files: number) => `노트 ${notes}개 (파일 ${files}개)`,
    none: (page: string) => `${page}에 대한 노트가 아직 없습니다.`,
    more: (n: number) => `…외 ${n}개 더`,
    answered: '답변됨',
    unanswered: '미답변',
  },
} as const;

export function hover(ctx: ServiceContext, uri: string, position: Position): Hover | null {
  const file = ctx.index.get(uri);
  const ref = file && pageRefAt(file.model, position);
  if (!file || !ref) return null;
  const s = STRINGS[localeOf(ctx.locale)];
  const page = refLabel(ref);
  const hits = entriesOnRef(ctx.index, ref);

  const groups = groupByFile(hits, uriKey(file.uri));
  const lines: string[] = [];
  lines.push(hits.length ? `**${page}** · ${s.notes(hits.length, groups.length)}` : escapeMarkdown(s.none(page)));
  let shown = 0;
  for (const group of groups) {
    if (shown >= MAX_HOVER_ENTRIES) break;
    lines.push('', `**${escapeMarkdown(fileLabel(group[0].file.uri))}**`, '');
    for (const hit of group) {
      if (shown >= MAX_HOVER_ENTRIES) break;
      lines.push(entryLine(ctx, hit, s));
      shown++;
    }
  }
  if (hits.length > shown) lines.push('', s.more(hits.length - shown));
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: ref.range };
}

/** The hovered file's notes first (what the reader is looking at), then the others by path. */
function groupByFile(hits: EntryHit[], ownKey: string): EntryHit[][] {
  const groups = new Map<string, EntryHit[]>();
  for (const hit of hits) {
    const key = uriKey(hit.file.uri);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(hit);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === ownKey ? -1 : b === ownKey ? 1 : a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}

/** `- ❓ unanswered · p.12 · **지민** · 1장 — 디스크 한 개는… · [지민.md:14](file:///…#L14)` */
function entryLine(ctx: ServiceContext, hit: EntryHit, s: (typeof STRINGS)['en' | 'ko']): string {
  const { file, entry } = hit;
  const parts: string[] = [];
  const questions = entry.questions.map((q) => file.model.questions[q]).filter((q) => q !== undefined);
  if (questions.length) parts.push(questions.every((q) => q.answered) ? `✅ ${s.answered}` : `❓ ${s.unanswered}`);
  const pages = entryPagesLabel(entry);
  if (pages) parts.push(escapeMarkdown(pages));
  if (entry.member) parts.push(`**${escapeMarkdown(entry.member)}**`);
  const chapter = entry.chapter !== undefined ? file.model.chapters[entry.chapter] : undefined;
  if (chapter) parts.push(escapeMarkdown(chapterLabel(chapter, localeOf(ctx.locale))));
  const line = entry.range.start.line + 1;
  const link = `[${escapeMarkdown(`${fileName(file.uri)}:${line}`)}](${linkTarget(file.uri)}#L${line})`;
  const text = truncate(oneLine(entry.text), TEXT_LENGTH);
  return `- ${parts.join(' · ')}${text ? ` — ${escapeMarkdown(text)}` : ''} · ${link}`;
}

/** Backslash-escapes what Markdown would read as markup inside a line of note text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>!&~|#]/gu, '\\$&');
}

/** A URI safe as a Markdown link destination: spaces, parentheses, brackets and non-ASCII
 * (Hangul, NFD names) percent-encoded as UTF-8, existing `%XX` escapes kept, any fragment dropped. */
export function linkTarget(uri: string): string {
  const bare = uri.replace(/#.*$/su, '');
  return bare.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?@$&+,;=%]/gu, (c) =>
    Array.from(new TextEncoder().encode(c), (b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''),
  );
}
