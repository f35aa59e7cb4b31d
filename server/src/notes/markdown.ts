// CommonMark (+GFM) block structure of one section of a notes file, reduced to the compact blocks
// the notes model needs. Offsets are relative to the section's first character, so a cached
// result stays valid when text above the section changes.
//
// The parser is remark's: micromark, the tokenizer `remark-parse` runs. We read micromark's events
// directly instead of letting `mdast-util-from-markdown` build a tree from them: that compile step
// was ~30% of cold indexing and the tree was thrown away at once. test/unit/markdownEvents.test.ts
// holds this reading equal to the one over remark's tree (test/support/mdastSection.ts).
import { parse, postprocess, preprocess } from 'micromark';
import { decodeString } from 'micromark-util-decode-string';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import type { Event, ParseContext, Token } from 'micromark-util-types';
import { readSimpleBlocks } from './simpleBlocks.ts';

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

// Parsers are made once: making one combines every construct's extensions, which cost more than
// parsing a short section. Three fields hold per-document state; `markdownEvents` resets them.
const commonMark = parse();
// Tables and footnote definitions are the GFM constructs that change block structure. The rest of
// GFM changes nothing the model reads (strikethrough, task-list boxes) or is found faster by
// `BARE_URL` (autolink literals).
const withGfmBlocks = parse({ extensions: [gfmTable(), gfmFootnote()] });

// The table construct is tried at every line (a fifth of the parse time on the bench notes), so
// only text that can hold a table pays for it: a delimiter row (only `-`, `|`, `:`, spaces and
// container markers, with a `-` and a `|` or `:`), or a footnote label.
const DELIMITER_ROW = /^(?=[^\n]*-)(?=[^\n]*[|:])[ \t>*+\d.)|:\r-]+$/m;

export function needsGfmBlocks(text: string): boolean {
  return text.includes('[^') || DELIMITER_ROW.test(text);
}

/** micromark's events for a piece of notes, with GFM's block extensions where they can matter. */
export function markdownEvents(text: string): Event[] {
  const parser: ParseContext = needsGfmBlocks(text) ? withGfmBlocks : commonMark;
  parser.defined = [];
  parser.lazy = {};
  // The footnote labels defined so far: left over, a definition in one section made `[^1]` in
  // every later one (of any file the same thread read) a footnote call.
  parser.gfmFootnotes = [];
  return postprocess(parser.document().write(preprocess()(text, undefined, true)));
}

// GFM autolink literals (`https://…`, `www.…`, e-mail addresses) as masks, without the extension's
// per-character cost: trailing punctuation is not part of the link.
const BARE_URL = /(?<![\p{L}\p{N}_@.+\/:-])(?:(?:https?:\/\/|www\.)[^\s<]*[^\s<?!.,:;*_~'")\]]|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})/gu;

/** Deeper re-parses of accidental indented code would only repeat work on real code. */
export const MAX_REPARSE_DEPTH = 4;
export const HTML_TAG = /<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][^<>]*>?/g;

/**
 * Blocks, masks and links of one section: read without micromark where the text holds only the
 * commonest Markdown (`readSimpleBlocks`), by micromark otherwise.
 */
export function parseSection(text: string): ParsedSection {
  const simple = readSimpleBlocks(text);
  if (!simple) return parseSectionByEvents(text);
  maskBareUrls(text, simple);
  return simple;
}

/** `parseSection` by micromark's events in every case. */
export function parseSectionByEvents(text: string): ParsedSection {
  const result: ParsedSection = { blocks: [], masks: [], links: [] };
  result.blocks = parseFragment(text, (offset) => offset, result, 0);
  maskBareUrls(text, result);
  return result;
}

/** Whether `text` holds a bare URL or e-mail address anywhere (what `maskBareUrls` looks for). */
export function hasBareUrl(text: string): boolean {
  if (!text.includes('@') && !text.includes('://') && !text.includes('www.')) return false;
  BARE_URL.lastIndex = 0;
  const found = BARE_URL.test(text);
  BARE_URL.lastIndex = 0;
  return found;
}

/** Adds a mask for every bare URL outside code, links and HTML (as in GFM: those are masked already). */
export function maskBareUrls(text: string, result: ParsedSection): void {
  // Most sections hold no URL or address at all: two substring searches instead of the regex's
  // scan with its look-behind at every position.
  if (!text.includes('@') && !text.includes('://') && !text.includes('www.')) return;
  const parsed = result.masks.slice().sort((a, b) => a.start - b.start);
  let next = 0;
  let reach = -1; // the furthest end of the masks that start before the current URL ends
  for (const match of text.matchAll(BARE_URL)) {
    const start = match.index;
    const end = start + match[0].length;
    for (; next < parsed.length && parsed[next].start < end; next++) reach = Math.max(reach, parsed[next].end);
    if (reach <= start) result.masks.push({ start, end, code: false });
  }
}

export function isFencedCode(source: string, start: number): boolean {
  return /^[ \t>]*(?:`{3,}|~{3,})/.test(source.slice(start, start + 64));
}

/**
 * The text of an indented code block as prose: whole lines, minus the indentation they share,
 * and where each of its offsets came from.
 */
export function unindentCodeBlock(source: string, start: number, end: number, origin: (offset: number) => number): { text: string; origin: (offset: number) => number } {
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
  return { text: kept.join('\n'), origin: subOrigin };
}

/** A container being filled while its events are read: a quote, list, list item or footnote. */
interface OpenContainer {
  kind: BlockKind;
  start: number;
  children: Block[];
}

/** A link being read: its label's first and last child decide which parts are markup. */
interface OpenLink {
  start: number;
  depth: number;
  /** `out.masks` / `out.links` lengths when it opened: its own entries go before its children's. */
  masksAt: number;
  linksAt: number;
  /** Set once it has a destination (a resource or an autolink); without one it is a reference. */
  url?: string;
  /** The depth of its label's text while that is being read. */
  labelDepth?: number;
  firstChild?: number;
  lastChild?: number;
}

/** An image being read: only its own destination matters (its label is alt text). */
interface OpenImage {
  token: Token;
  depth: number;
  url?: string;
}

// Tokens between a list item's content and the next item that still belong to neither.
const BETWEEN_ITEMS = new Set(['linePrefix', 'blockQuotePrefix', 'blockQuotePrefixWhitespace', 'blockQuoteMarker', 'listItemIndent']);

/**
 * Where the list item that is open at event `index` ends: before the line endings (and
 * container prefixes between them) that lead up to the next item or the end of the list;
 * otherwise at the end of the event's token. The rule remark's tree uses for list items.
 */
function listItemEnd(events: Event[], index: number): number {
  let lineStart: number | undefined;
  for (let at = index - 1; at >= 0; at--) {
    const [kind, token] = events[at];
    if (token.type === 'lineEnding' || token.type === 'lineEndingBlank') {
      if (kind === 'enter') lineStart = token.start.offset;
    } else if (!BETWEEN_ITEMS.has(token.type)) {
      break;
    }
  }
  return lineStart ?? events[index][1].end.offset;
}

// Whitespace and container prefixes inside a label that remark's tree leaves out of its children.
const NOT_LABEL_CONTENT = new Set(['lineSuffix', 'linePrefix', 'blockQuotePrefix', 'listItemIndent', 'gfmFootnoteDefinitionIndent']);

// The blocks whose inline content is read, by their token type.
const INLINE_BLOCK_KINDS: Record<string, BlockKind> = { paragraph: 'paragraph', table: 'table', atxHeading: 'heading', setextHeading: 'heading' };

/**
 * Reads micromark's events of `text` into blocks, masks and links, mapping every offset back into
 * the section with `origin`. Indented code blocks are re-parsed as prose: in notes, real code is
 * fenced, and indentation by a tab or 4+ spaces is almost always prose that slipped
 * (notes-format.md §5).
 */
function parseFragment(text: string, origin: (offset: number) => number, out: ParsedSection, reparseDepth: number): Block[] {
  const events = markdownEvents(text);
  const top: Block[] = [];
  const containers: OpenContainer[] = [];
  const links: OpenLink[] = [];
  // Inline content is read only inside paragraphs, headings and tables.
  let inlineOwner: { token: Token; level?: number } | undefined;
  let image: OpenImage | undefined;
  let definition: { token: Token; url?: string } | undefined;
  /** The destination read last, for the resource that holds it. */
  let destination: string | undefined;
  /** How many tokens are open around the current event (its own not counted). */
  let depth = 0;

  const mask = (start: number, end: number, code = false): void => {
    if (end > start) out.masks.push({ start: origin(start), end: origin(end), code });
  };
  const maskHtmlTags = (start: number, end: number): void => {
    for (const match of text.slice(start, end).matchAll(HTML_TAG)) mask(start + match.index, start + match.index + match[0].length);
  };
  const add = (block: Block): void => {
    (containers.length ? containers[containers.length - 1].children : top).push(block);
  };
  const made = (kind: BlockKind, start: number, end: number, children?: Block[], level?: number): Block => {
    const block: Block = { kind, start: origin(start), end: origin(end) };
    if (children) block.children = children;
    if (level !== undefined) block.level = level;
    return block;
  };
  const closeContainer = (end: number): void => {
    const open = containers.pop()!;
    add(made(open.kind, open.start, end, open.children));
  };
  const closeListItem = (index: number): void => {
    if (containers[containers.length - 1]?.kind === 'item') closeContainer(listItemEnd(events, index));
  };

  const closeLink = (link: OpenLink, end: number): void => {
    if (link.url === undefined) return; // a reference: its label was read as plain inline content
    const { start, firstChild: first, lastChild: last } = link;
    const entry: LinkSpan = { url: link.url, start: origin(start), end: origin(end), image: false };
    const label = text.slice(first ?? start, last ?? start);
    // Autolinks show their URL as the label: no prose there, and nothing inside is read.
    if (first === undefined || last === undefined || label === link.url || /^(?:https?:|www\.|mailto:)/i.test(label)) {
      out.masks.length = link.masksAt;
      out.links.length = link.linksAt;
      out.links.push(entry);
      mask(start, end);
      return;
    }
    out.links.splice(link.linksAt, 0, entry);
    const inner = out.masks.splice(link.masksAt);
    mask(start, first);
    mask(last, end);
    out.masks.push(...inner);
  };

  /** An event inside a paragraph, heading or table (not inside an image). */
  const inline = (kind: 'enter' | 'exit', token: Token): void => {
    const start = token.start.offset;
    const end = token.end.offset;
    const link = links[links.length - 1];
    if (kind === 'enter') {
      switch (token.type) {
        case 'codeText':
          mask(start, end, true);
          return;
        case 'htmlText':
          maskHtmlTags(start, end);
          return;
        case 'image':
          image = { token, depth };
          return;
        case 'link':
        case 'autolink':
          links.push({ start, depth, masksAt: out.masks.length, linksAt: out.links.length });
          return;
        case 'labelText':
          if (link && depth === link.depth + 2) link.labelDepth = depth;
          return;
        case 'autolinkProtocol':
        case 'autolinkEmail':
          link.url = token.type === 'autolinkEmail' ? `mailto:${text.slice(start, end)}` : text.slice(start, end);
          link.firstChild = start;
          link.lastChild = end;
          return;
        case 'resource':
          destination = undefined;
          return;
      }
    } else {
      switch (token.type) {
        case 'labelText':
          if (link?.labelDepth === depth) link.labelDepth = undefined;
          return;
        case 'resourceDestinationString':
          destination = decodeString(text.slice(start, end));
          return;
        case 'resource':
          if (link && depth === link.depth + 1) link.url = destination ?? '';
          return;
        case 'link':
        case 'autolink':
          closeLink(links.pop()!, end);
          return;
      }
    }
  };

  /** An event inside an image: only its own resource's destination is read. */
  const insideImage = (open: OpenImage, kind: 'enter' | 'exit', token: Token): void => {
    if (kind === 'enter' && token.type === 'resource') destination = undefined;
    else if (kind === 'exit' && token.type === 'resourceDestinationString') destination = decodeString(text.slice(token.start.offset, token.end.offset));
    else if (kind === 'exit' && token.type === 'resource' && depth === open.depth + 1) open.url = destination ?? '';
  };

  for (let index = 0; index < events.length; index++) {
    const [kind, token] = events[index];
    const start = token.start.offset;
    const end = token.end.offset;
    if (kind === 'exit') depth--;

    // The first and last direct child of an open link's label. Line endings count (the label
    // keeps them); the spaces around them do not.
    if (links.length && !NOT_LABEL_CONTENT.has(token.type)) {
      for (const link of links) {
        if (link.labelDepth === undefined || depth !== link.labelDepth + 1) continue;
        if (kind === 'enter') link.firstChild ??= start;
        else link.lastChild = end;
      }
    }

    if (image) {
      if (kind === 'exit' && token === image.token) {
        mask(start, end);
        if (image.url !== undefined) out.links.push({ url: image.url, start: origin(start), end: origin(end), image: true });
        image = undefined;
      } else {
        insideImage(image, kind, token);
      }
    } else if (inlineOwner) {
      if (kind === 'exit' && token === inlineOwner.token) {
        add(made(INLINE_BLOCK_KINDS[token.type], start, end, undefined, inlineOwner.level));
        inlineOwner = undefined;
      } else if (kind === 'exit' && token.type === 'atxHeadingSequence') {
        inlineOwner.level ??= end - start;
      } else if (kind === 'exit' && token.type === 'setextHeadingLineSequence') {
        inlineOwner.level = text.charCodeAt(start) === 61 /* = */ ? 1 : 2;
      } else {
        inline(kind, token);
      }
    } else if (definition) {
      if (kind === 'exit' && token.type === 'definitionDestinationString') definition.url = decodeString(text.slice(start, end));
      else if (kind === 'exit' && token === definition.token) {
        out.links.push({ url: definition.url ?? '', start: origin(start), end: origin(end), image: false });
        definition = undefined;
      }
    } else if (kind === 'enter') {
      switch (token.type) {
        case 'paragraph':
        case 'table':
        case 'atxHeading':
        case 'setextHeading':
          inlineOwner = { token };
          break;
        case 'thematicBreak':
          add(made('break', start, end));
          break;
        case 'blockQuote':
        case 'gfmFootnoteDefinition':
          containers.push({ kind: 'quote', start, children: [] });
          break;
        case 'listOrdered':
        case 'listUnordered':
          containers.push({ kind: 'list', start, children: [] });
          break;
        case 'listItemPrefix':
          closeListItem(index);
          containers.push({ kind: 'item', start, children: [] });
          break;
        case 'htmlFlow':
          maskHtmlTags(start, end);
          add(made('html', start, end));
          break;
        case 'definition':
          mask(start, end);
          definition = { token };
          break;
        case 'codeFenced':
        case 'codeIndented':
          if (token.type === 'codeFenced' || isFencedCode(text, start) || reparseDepth >= MAX_REPARSE_DEPTH) {
            mask(start, end, true);
            add(made('code', start, end));
          } else {
            const prose = unindentCodeBlock(text, start, end, origin);
            for (const block of parseFragment(prose.text, prose.origin, out, reparseDepth + 1)) add(block);
          }
          break;
      }
    } else {
      switch (token.type) {
        case 'blockQuote':
        case 'gfmFootnoteDefinition':
          closeContainer(end);
          break;
        case 'listOrdered':
        case 'listUnordered':
          closeListItem(index);
          closeContainer(end);
          break;
      }
    }

    if (kind === 'enter') depth++;
  }
  return top;
}
