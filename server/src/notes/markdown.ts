// CommonMark (+GFM) block structure of one section of a notes file, by unified + remark-parse,
// reduced to the compact blocks the notes model needs. Offsets are relative to the section's
// first character, so a cached result stays valid when text above the section changes.
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import type { Nodes, Parents, Root } from 'mdast';

export type BlockKind = 'heading' | 'paragraph' | 'html' | 'quote' | 'list' | 'item' | 'break' | 'code' | 'table';

export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  children?: Block[];
  /** Heading level. */
  level?: number;
}

export interface LinkSpan {
  url: string;
  start: number;
  end: number;
  image: boolean;
}

/** A range that is not prose; `code` ranges still read well in displayed text, markup does not. */
export interface Mask {
  start: number;
  end: number;
  code: boolean;
}

export interface ParsedSection {
  blocks: Block[];
  /** [start, end) ranges that are not prose: code, HTML tags, link destinations, images. */
  masks: Mask[];
  links: LinkSpan[];
}

/**
 * The GFM constructs that change block structure: tables and footnote definitions. The rest of
 * GFM changes nothing the model reads (strikethrough, task-list boxes) or is found faster by
 * `BARE_URL` (autolink literals). Like remark-gfm, it adds its extensions to the processor.
 */
function remarkGfmBlocks(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmFootnote());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmFootnoteFromMarkdown());
}

const commonMark = unified().use(remarkParse);
const withGfmBlocks = unified().use(remarkParse).use(remarkGfmBlocks);

// The table construct is tried at every line (a fifth of the parse time on the bench notes), so
// only text that can hold a table pays for it: a delimiter row (only `-`, `|`, `:`, spaces and
// container markers, with a `-` and a `|` or `:`), or a footnote label.
const DELIMITER_ROW = /^(?=[^\n]*-)(?=[^\n]*[|:])[ \t>*+\d.)|:\r-]+$/m;

export function needsGfmBlocks(text: string): boolean {
  return text.includes('[^') || DELIMITER_ROW.test(text);
}

/** The remark tree of a piece of notes, with GFM's block extensions where they can matter. */
export function parseMarkdown(text: string): Root {
  return (needsGfmBlocks(text) ? withGfmBlocks : commonMark).parse(text) as Root;
}

// GFM autolink literals (`https://…`, `www.…`, e-mail addresses) as masks, without the extension's
// per-character cost: trailing punctuation is not part of the link.
const BARE_URL = /(?<![\p{L}\p{N}_@.+\/:-])(?:(?:https?:\/\/|www\.)[^\s<]*[^\s<?!.,:;*_~'")\]]|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})/gu;

/** Deeper re-parses of accidental indented code would only repeat work on real code. */
const MAX_REPARSE_DEPTH = 4;
const HTML_TAG = /<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][^<>]*>?/g;

export function parseSection(text: string): ParsedSection {
  const result: ParsedSection = { blocks: [], masks: [], links: [] };
  result.blocks = parseFragment(text, (offset) => offset, result, 0);
  // As in GFM, no autolink literal inside code, links or HTML: those are masked already.
  const parsed = result.masks.slice().sort((a, b) => a.start - b.start);
  let next = 0;
  let reach = -1; // the furthest end of the masks that start before the current URL ends
  for (const match of text.matchAll(BARE_URL)) {
    const start = match.index;
    const end = start + match[0].length;
    for (; next < parsed.length && parsed[next].start < end; next++) reach = Math.max(reach, parsed[next].end);
    if (reach <= start) result.masks.push({ start, end, code: false });
  }
  return result;
}

/**
 * Parses `text` and maps every offset back into the section with `origin`.
 * Indented code blocks are re-parsed as prose: in notes, real code is fenced, and indentation
 * by a tab or 4+ spaces is almost always prose that slipped (notes-format.md §5).
 */
function parseFragment(text: string, origin: (offset: number) => number, out: ParsedSection, depth: number): Block[] {
  const root = parseMarkdown(text);
  const source = text;

  function span(node: Nodes): [number, number] | undefined {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? undefined : [start, end];
  }

  function mask(start: number, end: number, code = false): void {
    if (end > start) out.masks.push({ start: origin(start), end: origin(end), code });
  }

  function maskHtmlTags(start: number, end: number): void {
    const html = source.slice(start, end);
    for (const match of html.matchAll(HTML_TAG)) mask(start + match.index, start + match.index + match[0].length);
  }

  function inline(node: Nodes): void {
    const at = span(node);
    switch (node.type) {
      case 'inlineCode':
        if (at) mask(at[0], at[1], true);
        return;
      case 'html':
        if (at) maskHtmlTags(at[0], at[1]);
        return;
      case 'image':
      case 'imageReference':
        if (at) {
          mask(at[0], at[1]);
          if (node.type === 'image') out.links.push({ url: node.url, start: origin(at[0]), end: origin(at[1]), image: true });
        }
        return;
      case 'definition':
        if (at) {
          mask(at[0], at[1]);
          out.links.push({ url: node.url, start: origin(at[0]), end: origin(at[1]), image: false });
        }
        return;
      case 'link': {
        if (!at) return;
        out.links.push({ url: node.url, start: origin(at[0]), end: origin(at[1]), image: false });
        const first = node.children[0] ? span(node.children[0]) : undefined;
        const last = node.children.length ? span(node.children[node.children.length - 1]) : undefined;
        const label = source.slice(first?.[0] ?? at[0], last?.[1] ?? at[0]);
        // Autolinks show their URL as the label: no prose there.
        if (!first || !last || label === node.url || /^(?:https?:|www\.|mailto:)/i.test(label)) {
          mask(at[0], at[1]);
        } else {
          mask(at[0], first[0]);
          mask(last[1], at[1]);
          for (const child of node.children) inline(child);
        }
        return;
      }
      default:
        if ('children' in node) for (const child of (node as Parents).children) inline(child as Nodes);
    }
  }

  function isFenced(start: number): boolean {
    return /^[ \t>]*(?:`{3,}|~{3,})/.test(source.slice(start, start + 64));
  }

  function reparseIndented(start: number, end: number): Block[] {
    // Whole lines of the code block, minus the indentation they share.
    const lineStart = Math.max(source.lastIndexOf('\n', start - 1), source.lastIndexOf('\r', start - 1)) + 1;
    // Lines with their own breaks (LF, CRLF or a lone CR, as CommonMark reads them).
    const rawLines: string[] = [];
    const breaks: number[] = [];
    for (const match of source.slice(lineStart, end).matchAll(/([^\r\n]*)(\r\n|\r|\n|$)/g)) {
      if (match[0] === '' && rawLines.length) break;
      rawLines.push(match[1]);
      breaks.push(match[2].length);
    }
    const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;
    const common = Math.min(...rawLines.filter((l) => l.trim() !== '').map(indentOf));
    const origins: number[] = [];
    const kept: string[] = [];
    let cursor = lineStart;
    rawLines.forEach((line, i) => {
      const cut = Math.min(common, indentOf(line));
      origins.push(cursor + cut);
      kept.push(line.slice(cut));
      cursor += line.length + breaks[i];
    });
    const starts: number[] = [];
    let at = 0;
    for (const line of kept) {
      starts.push(at);
      at += line.length + 1;
    }
    const subOrigin = (offset: number): number => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return origin(origins[lo] + Math.min(offset - starts[lo], kept[lo].length + 1));
    };
    return parseFragment(kept.join('\n'), subOrigin, out, depth + 1);
  }

  function block(node: Nodes): Block[] {
    const at = span(node);
    if (!at) return [];
    const [start, end] = at;
    const made = (kind: BlockKind, children?: Block[], level?: number): Block[] => {
      const b: Block = { kind, start: origin(start), end: origin(end) };
      if (children) b.children = children;
      if (level !== undefined) b.level = level;
      return [b];
    };
    switch (node.type) {
      case 'paragraph':
        inline(node);
        return made('paragraph');
      case 'heading':
        inline(node);
        return made('heading', undefined, node.depth);
      case 'thematicBreak':
        return made('break');
      case 'blockquote':
        return made('quote', node.children.flatMap(block));
      case 'list':
        return made('list', node.children.flatMap(block));
      case 'listItem':
        return made('item', node.children.flatMap(block));
      case 'footnoteDefinition':
        return made('quote', node.children.flatMap(block));
      case 'html':
        maskHtmlTags(start, end);
        return made('html');
      case 'table':
        inline(node);
        return made('table');
      case 'definition':
        inline(node);
        return [];
      case 'code':
        if (isFenced(start) || depth >= MAX_REPARSE_DEPTH) {
          mask(start, end, true);
          return made('code');
        }
        return reparseIndented(start, end);
      default:
        return [];
    }
  }

  return root.children.flatMap((child) => block(child as Nodes));
}
