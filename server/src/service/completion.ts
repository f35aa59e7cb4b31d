// Completion in notes files: members after `@`, the workspace's pages after `p.`/`p`, and the
// notes snippets (the same file the client contributes) with the configured author filled in.
// Ranges are computed on the line's UTF-16 text, so Hangul and emoji before the cursor are safe.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
// The snippet file is JSON under a `.code-snippets` name; esbuild loads it with the json loader
// because of the import attribute (server/src/snippets.d.ts declares the module).
import snippetFile from '../../../snippets/marginalia.code-snippets' with { type: 'json' };
import { formatPageRef } from '../notes/pageRefs.ts';
import { localeOf } from '../notes/messages.ts';
import type { ServiceContext } from './context.ts';
import type { Settings } from './settings.ts';

interface Snippet {
  name: string;
  prefixes: string[];
  body: string;
  description: string;
}

/** Past this many pages only the first ones are offered (digits typed narrow the list first). */
const MAX_PAGE_ITEMS = 500;

// `@` starts a mention unless it is part of an address or a word (`me@example.com`).
const MEMBER_CONTEXT = /(?:^|[^\p{L}\p{N}_.%+\-@])@([\p{L}\p{N}_.\-]*)$/u;
// A page marker standing alone (`p.4`, `P`, `pp. 1`), not the end of a word, path or URL.
const PAGE_CONTEXT = /(?:^|[^A-Za-z0-9_./\\@#$%&=?+^\-])((?:pp|PP|p|P)(?:[.．] ?)?)(\d{0,5})$/;
// Block snippets belong at the start of a line: a word typed there, nothing else before it.
const SNIPPET_CONTEXT = /^[ \t]*([\p{L}\p{N}_]*)$/u;

const STRINGS = {
  mentions: { en: (n: number) => `${n} mention${n === 1 ? '' : 's'}`, ko: (n: number) => `${n}회 언급` },
  files: { en: (n: number) => `${n} file${n === 1 ? '' : 's'}`, ko: (n: number) => `파일 ${n}개` },
  notes: { en: (n: number) => `${n} note${n === 1 ? '' : 's'}`, ko: (n: number) => `노트 ${n}개` },
  refs: { en: (n: number) => `${n} reference${n === 1 ? '' : 's'}`, ko: (n: number) => `언급 ${n}개` },
  chapter: { en: (id: string) => (/^\d/.test(id) ? `ch.${id}` : id), ko: (id: string) => (/^\d/.test(id) ? `${id}장` : id) },
  roles: {
    en: { presenter: 'presenter', asker: 'asker', addressee: 'asked', commenter: 'commenter' },
    ko: { presenter: '발표', asker: '질문', addressee: '받은 질문', commenter: '코멘트' },
  },
} as const;

const SNIPPETS: Snippet[] = readSnippets(snippetFile);

export async function completion(ctx: ServiceContext, uri: string, position: Position): Promise<CompletionItem[]> {
  const document = ctx.document(uri);
  // Notes files only: the index holds exactly the files the include/exclude settings select.
  if (!document || !ctx.index.get(uri) || !validPosition(position)) return [];
  const prefix = document.getText({ start: { line: position.line, character: 0 }, end: position });
  if (prefix.length !== position.character) return []; // past the end of the line: a stale request
  const lang = localeOf(ctx.locale);

  const member = MEMBER_CONTEXT.exec(prefix);
  if (member) return memberItems(ctx, lang, { start: { line: position.line, character: position.character - member[1].length }, end: position });

  const page = PAGE_CONTEXT.exec(prefix);
  if (page) {
    const [, marker, digits] = page;
    const range = { start: { line: position.line, character: position.character - marker.length - digits.length }, end: position };
    return pageItems(ctx, lang, range, marker, digits, await ctx.settings(uri));
  }

  // VS Code shows the snippets it contributes itself; other editors get them from here.
  const word = ctx.clientSnippets ? null : SNIPPET_CONTEXT.exec(prefix);
  if (word) {
    const range = { start: { line: position.line, character: position.character - word[1].length }, end: position };
    return snippetItems(range, (await ctx.settings(uri)).author);
  }
  return [];
}

function memberItems(ctx: ServiceContext, lang: 'en' | 'ko', range: Range): CompletionItem[] {
  // One pass over the mentions for where and how each member is named.
  const files = new Map<string, Set<string>>();
  const roles = new Map<string, Map<string, number>>();
  for (const file of ctx.index.all()) {
    for (const mention of file.model.members) {
      let set = files.get(mention.name);
      if (!set) files.set(mention.name, (set = new Set()));
      set.add(fileName(file.uri));
      let byRole = roles.get(mention.name);
      if (!byRole) roles.set(mention.name, (byRole = new Map()));
      byRole.set(mention.role, (byRole.get(mention.role) ?? 0) + 1);
    }
  }
  const ranked = [...ctx.index.members()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return ranked.map(([name, count], rank): CompletionItem => {
    const where = [...(files.get(name) ?? [])];
    const roleText = [...(roles.get(name) ?? [])]
      .map(([role, n]) => `${STRINGS.roles[lang][role as keyof (typeof STRINGS.roles)['en']] ?? role} ${n}`)
      .join(' · ');
    return {
      label: name,
      kind: CompletionItemKind.Reference,
      detail: `${STRINGS.mentions[lang](count)} · ${STRINGS.files[lang](where.length)}`,
      documentation: { kind: MarkupKind.Markdown, value: `**@${name}** — ${roleText}\n\n${where.slice(0, 8).join(', ')}${where.length > 8 ? ', …' : ''}` },
      sortText: String(rank).padStart(6, '0'),
      filterText: name,
      textEdit: { range, newText: name },
    };
  });
}

function pageItems(ctx: ServiceContext, lang: 'en' | 'ko', range: Range, marker: string, digits: string, settings: Settings): CompletionItem[] {
  const pages = ctx.index
    .pages()
    .filter((page) => String(page).startsWith(digits))
    .slice(0, MAX_PAGE_ITEMS);
  return pages.map((page): CompletionItem => {
    const hits = ctx.index.entriesOnPage(page);
    const chapters = [
      ...new Set(
        hits.map(({ file, entry }) => (entry.chapter !== undefined ? file.model.chapters[entry.chapter]?.id : undefined)).filter((id): id is string => !!id),
      ),
    ];
    const count = hits.length ? STRINGS.notes[lang](hits.length) : STRINGS.refs[lang](ctx.index.refsToPage(page).length);
    const detail = [count, ...chapters.slice(0, 3).map(STRINGS.chapter[lang])].join(' · ');
    const lines = hits.slice(0, 6).map(({ file, entry }) => `- ${fileName(file.uri)}${entry.member ? ` (${entry.member})` : ''} — ${firstWords(entry.text)}`);
    if (hits.length > 6) lines.push('- …');
    // The configured style, except `Np`: a suffix cannot follow the `p` the writer has just typed.
    const newText = settings.pageRefStyle === 'Np' ? `${marker}${page}` : formatPageRef(page, page, settings.pageRefStyle);
    return {
      label: newText,
      kind: CompletionItemKind.Value,
      detail,
      documentation: lines.length ? { kind: MarkupKind.Markdown, value: lines.join('\n') } : undefined,
      sortText: String(page).padStart(6, '0'),
      // What the writer typed (`p.4`, `p4`) must match the item, whatever the inserted style.
      filterText: `${marker}${page}`,
      textEdit: { range, newText },
    };
  });
}

function snippetItems(range: Range, author: string): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const snippet of SNIPPETS) {
    const body = withAuthor(snippet.body, author);
    for (const prefix of snippet.prefixes) {
      items.push({
        label: prefix,
        kind: CompletionItemKind.Snippet,
        detail: snippet.name,
        documentation: { kind: MarkupKind.Markdown, value: `${snippet.description}\n\n\`\`\`markdown\n${preview(body)}\n\`\`\`` },
        insertTextFormat: InsertTextFormat.Snippet,
        filterText: prefix,
        textEdit: { range, newText: body },
      });
    }
  }
  return items;
}

/** Fills the `author` placeholders (`${3:author}`) with the configured name; left as placeholders when unset. */
export function withAuthor(body: string, author: string): string {
  const name = author.trim();
  if (!name) return body;
  const escaped = name.replace(/[\\$}]/g, (c) => '\\' + c);
  return body.replace(/\$\{(\d+):author\}/g, (_m, n: string) => `\${${n}:${escaped}}`);
}

/** The snippet as it will read: placeholders replaced by their defaults. */
function preview(body: string): string {
  let text = body;
  for (let i = 0; i < 3; i++) text = text.replace(/\$\{\d+:((?:[^{}\\]|\\.)*)\}/g, '$1');
  return text.replace(/\$\{\d+\}|\$\d+/g, '').replace(/\\([\\$}])/g, '$1');
}

/** The snippet file's entries, checked: a malformed entry is skipped, never thrown. */
function readSnippets(file: unknown): Snippet[] {
  if (typeof file !== 'object' || file === null) return [];
  const snippets: Snippet[] = [];
  for (const [name, value] of Object.entries(file as Record<string, unknown>)) {
    const entry = value as { prefix?: unknown; body?: unknown; description?: unknown };
    const prefixes = (Array.isArray(entry.prefix) ? entry.prefix : [entry.prefix]).filter((p): p is string => typeof p === 'string' && p !== '');
    const body = Array.isArray(entry.body) ? entry.body.filter((l): l is string => typeof l === 'string').join('\n') : entry.body;
    if (!prefixes.length || typeof body !== 'string') continue;
    snippets.push({ name, prefixes, body, description: typeof entry.description === 'string' ? entry.description : name });
  }
  return snippets;
}

function fileName(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last).normalize('NFC');
  } catch {
    return last;
  }
}

function firstWords(text: string): string {
  return text.length > 48 ? text.slice(0, 47) + '…' : text;
}

function validPosition(position: Position | undefined): position is Position {
  return !!position && Number.isInteger(position.line) && Number.isInteger(position.character) && position.line >= 0 && position.character >= 0;
}
