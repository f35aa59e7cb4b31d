// The block structure of the commonest notes Markdown, read without micromark: paragraphs, bullet
// and ordered lists, quotes, `***` rules, tables, fenced and inline code, inline HTML tags and
// HTML blocks that run to a blank line, links and images, nested in any way. That is most of what
// people write in study notes, and micromark reads it at ~1 MB/s, the most of a cold start.
//
// It follows CommonMark's block algorithm (container matching, lazy continuation, what may
// interrupt a paragraph) and gives up, returning undefined, on everything else: headings,
// indented code, fenced code that its container cuts off, other HTML blocks, autolinks, links
// with markup in their labels or titles, footnotes, tabs, lone CRs, empty list items, setext
// underlines. The section parser then takes the text as before. test/unit/simpleBlocks.test.ts
// and markdownEvents.test.ts hold this reading equal to micromark's and remark's on every section
// of the real notes and on generated ones.
import { HTML_TAG, type Block, type LinkSpan, type Mask, type ParsedSection } from './markdown.ts';

/** A container being filled: a quote, a list, or a list item. */
interface OpenContainer {
  kind: 'quote' | 'list' | 'item';
  start: number;
  /** Where it ends so far, beyond its children: a quote's own markers, and for a list, those of the quotes around it on a blank line. */
  end: number;
  children: Block[];
  /** A list item: how many columns its content is indented from the container it sits in. */
  contentOffset: number;
  /** A list: its marker (`-`, `*`, `+`) or ordered delimiter (`.`, `)`); another one starts a new list. */
  marker: string;
}

interface OpenParagraph {
  start: number;
  end: number;
  /**
   * Where its last line's text starts, how far it is indented, whether it was lazy, and where the
   * line before it ends (-1: none): a table's header row leaves the paragraph.
   */
  lastLineStart: number;
  lastLineIndent: number;
  lastLineLazy: boolean;
  previousEnd: number;
}

interface OpenTable {
  start: number;
  end: number;
  columns: number;
}

interface OpenFence {
  start: number;
  /** The fence's character code (backtick or tilde) and length: the closing fence repeats it, at least as long. */
  marker: number;
  length: number;
}

const SPACE = 32;

// Anything whose blocks or masks this reader does not model: footnotes, tabs (whose columns it
// does not count), line breaks by a lone CR, and escapes of the characters that open inline
// markup it reads or split table cells.
const OUT_OF_SCOPE = /\[\^|\t|\r(?!\n)|\\[`<[!\]|]/;
// A delimiter row this reader reads: cells of dashes (aligned with colons) between pipes.
const DELIMITER_ROW = /^\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;
// A whole inline HTML tag on one line, as CommonMark defines open and closing tags.
const HTML_TAG_AT = /^(?:<[A-Za-z][A-Za-z0-9-]*(?: +[A-Za-z_:][A-Za-z0-9_.:-]*(?: *= *(?:[^ "'=<>`\r\n]+|'[^'\r\n]*'|"[^"\r\n]*"))?)* *\/?>|<\/[A-Za-z][A-Za-z0-9-]* *>)/;
// Autolinks, comments, processing instructions, declarations and CDATA: left to micromark.
const OTHER_ANGLE_MARKUP = /^<(?:[!?]|[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>]*@)/;
// CommonMark's HTML blocks: kind 1 opens with one of HTML_BLOCK_KIND_1, kind 6 with one of these
// names, kind 7 with any other whole tag alone on its line; kinds 2-5 with `<!` or `<?`. Kinds 6
// and 7 run to a blank line and are read here; the others are left to micromark.
const HTML_BLOCK_NAMES = new Set(
  ('address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav ' +
    'noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul').split(' '),
);
const HTML_BLOCK_NAME = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?=[ \t>\r\n]|\/>|$)/;

const HTML_BLOCK_KIND_1 = new Set(['script', 'pre', 'style', 'textarea']);

/**
 * The HTML block the line's content at `at` (a `<`) opens: 'block' for kinds 6 and 7, 'other'
 * for the kinds left to micromark, undefined for none (kind 7 cannot interrupt a paragraph).
 */
function htmlBlockAt(text: string, at: number, lineEnd: number, inParagraph: boolean): 'block' | 'other' | undefined {
  const line = text.slice(at, lineEnd);
  if (/^<[!?]/.test(line)) return 'other';
  const name = HTML_BLOCK_NAME.exec(line)?.[1]?.toLowerCase();
  if (name && HTML_BLOCK_KIND_1.has(name)) return 'other';
  if (name && HTML_BLOCK_NAMES.has(name)) return 'block';
  if (inParagraph) return undefined;
  const tag = HTML_TAG_AT.exec(line);
  if (tag) return line.slice(tag[0].length).trim() === '' ? 'block' : undefined;
  // One tag-like run alone on its line that is not a whole tag as CommonMark writes one: micromark
  // still opens a block for some (`<img tit=le="…">`).
  return LONE_TAG_LIKE.test(line) ? 'other' : undefined;
}
const LONE_TAG_LIKE = /^<\/?[A-Za-z][^<>]*>\s*$/;

const THEMATIC_BREAK = /^(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$/;
// Under a paragraph line, a setext heading's underline (`---` lines were made rules before parsing,
// but not `--`, nor those in quotes).
const SETEXT_UNDERLINE = /^(?:=+|-+)[ ]*$/;

/** Blocks, masks and links of `text` as the section parser reads them (bare URLs aside), or undefined when it holds what only micromark reads. */
export function readSimpleBlocks(text: string): ParsedSection | undefined {
  // micromark drops a byte order mark that opens its text, and every offset after it moves.
  if (OUT_OF_SCOPE.test(text) || text.charCodeAt(0) === 0xfeff) return undefined;
  const top: Block[] = [];
  const masks: Mask[] = [];
  const links: LinkSpan[] = [];
  const stack: OpenContainer[] = [];
  let paragraph: OpenParagraph | undefined;
  let fence: OpenFence | undefined;
  let table: OpenTable | undefined;
  /** An HTML block (kind 6 or 7) being read: it runs to a blank line or the end of its containers. */
  let html: { start: number; end: number } | undefined;
  /** Set when a paragraph turns out to hold what micromark must read. */
  let outOfScope = false;

  const spacesAt = (from: number, lineEnd: number): number => {
    let at = from;
    while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
    return at - from;
  };
  const add = (block: Block): void => {
    (stack.length ? stack[stack.length - 1].children : top).push(block);
  };
  const closeLeaf = (): void => {
    if (table) {
      add({ kind: 'table', start: table.start, end: table.end });
      table = undefined;
    }
    if (html) {
      add({ kind: 'html', start: html.start, end: html.end });
      // What the section parser masks of an HTML block (markdown.ts: maskHtmlTags).
      const { start } = html;
      for (const match of text.slice(start, html.end).matchAll(HTML_TAG)) masks.push({ start: start + match.index, end: start + match.index + match[0].length, code: false });
      html = undefined;
    }
    if (!paragraph) return;
    add({ kind: 'paragraph', start: paragraph.start, end: paragraph.end });
    if (!readInline(text, paragraph.start, paragraph.end, masks, links)) outOfScope = true;
    paragraph = undefined;
  };
  /** `extendTo`: where micromark ends a quote or list that a new container closes, past the line's quote markers. */
  const closeTop = (extendTo = -1): void => {
    closeLeaf();
    const open = stack.pop()!;
    if (open.kind !== 'item') open.end = Math.max(open.end, extendTo);
    const last = open.children[open.children.length - 1];
    add({ kind: open.kind, start: open.start, end: Math.max(open.end, last?.end ?? open.end), children: open.children });
  };
  /**
   * Closes the containers this line did not continue, and a list left without its open item
   * unless an item follows. A new container closes them after the line's quote markers.
   */
  const closeUnmatched = (matched: number, next: 'item' | 'quote' | 'leaf', closeAt: number): void => {
    closeLeaf();
    const extendTo = next === 'leaf' ? -1 : closeAt;
    while (stack.length > matched) closeTop(extendTo);
    if (next !== 'item' && stack[stack.length - 1]?.kind === 'list') closeTop(extendTo);
  };

  for (let lineStart = 0; lineStart <= text.length; ) {
    let newline = text.indexOf('\n', lineStart);
    const lastLine = newline < 0;
    if (lastLine) newline = text.length;
    // A line's content ends before its CR LF or LF.
    const lineEnd = newline > lineStart && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    let pos = lineStart;

    // 1. Which open containers the line continues: a quote by its `>`, a list item by its
    // indentation (or by being blank), a list by whatever its item does.
    let matched = 0;
    let quoteMarkersEnd = -1;
    for (; matched < stack.length; matched++) {
      const open = stack[matched];
      if (open.kind === 'quote') {
        const at = pos + spacesAt(pos, lineEnd);
        if (at - pos > 3 || text.charCodeAt(at) !== 62 /* > */) break;
        pos = at + 1 + (text.charCodeAt(at + 1) === SPACE ? 1 : 0);
        quoteMarkersEnd = pos;
      } else if (open.kind === 'item') {
        const spaces = spacesAt(pos, lineEnd);
        if (pos + spaces === lineEnd) continue; // a blank line stays in the item
        if (spaces < open.contentOffset) break;
        pos += open.contentOffset;
      }
    }

    // Inside fenced code, a line is code or the closing fence. Code that its container closes
    // before its fence does ends where micromark puts it in its own way: not modelled.
    if (fence) {
      if (matched < stack.length) return undefined;
      const indent = spacesAt(pos, lineEnd);
      const closing = closingFenceLength(text, pos + indent, lineEnd, fence.marker);
      if (indent < 4 && closing >= fence.length) {
        add({ kind: 'code', start: fence.start, end: lineEnd });
        masks.push({ start: fence.start, end: lineEnd, code: true });
        fence = undefined;
      }
      lineStart = newline + 1;
      continue;
    }

    // An HTML block takes every line up to a blank one, as long as its containers go on.
    if (html) {
      if (matched === stack.length && pos + spacesAt(pos, lineEnd) < lineEnd) {
        html.end = lineEnd;
        lineStart = newline + 1;
        continue;
      }
      closeLeaf();
    }

    // A table goes on over every line its containers continue, up to a blank line or another
    // block. (Indented lines and the rarer blocks after it are left to micromark.)
    if (table) {
      const indent = spacesAt(pos, lineEnd);
      const at = pos + indent;
      if (matched === stack.length && at < lineEnd) {
        const ends = endsTable(text, at, lineEnd);
        if (ends === undefined || indent >= 4) return undefined;
        if (!ends) {
          if (!readTableRow(text, at, lineEnd, table.columns, masks, links)) return undefined;
          table.end = lineEnd;
          lineStart = newline + 1;
          continue;
        }
      }
      closeLeaf();
    }

    // A table's delimiter row turns the paragraph line above it into the table's header row.
    if (mayBeDelimiterRow(text, lineStart, lineEnd)) {
      const at = pos + spacesAt(pos, lineEnd);
      const columns = DELIMITER_ROW.test(text.slice(at, lineEnd)) && text.slice(at, lineEnd).includes('|') ? countCells(text, at, lineEnd) : 0;
      const header = paragraph;
      if (!header || header.lastLineLazy || header.lastLineIndent >= 4 || matched < stack.length || at - pos >= 4 || columns === 0) return undefined;
      // A row that opens like a list item or a quote is one (`- |---|`); a header needs text.
      if (listMarker(text, at, lineEnd) || text.charCodeAt(at) === 62 /* > */) return undefined;
      const headerText = text.slice(header.lastLineStart, header.end);
      if (!headerText.includes('|') || !/[^|\s]/.test(headerText) || countCells(text, header.lastLineStart, header.end) !== columns) return undefined;
      const headerStart = header.lastLineStart;
      const headerEnd = header.end;
      if (header.previousEnd >= 0) {
        header.end = header.previousEnd;
        closeLeaf();
      } else {
        paragraph = undefined;
      }
      if (!readTableRow(text, headerStart, headerEnd, columns, masks, links)) return undefined;
      table = { start: headerStart, end: lineEnd, columns };
      lineStart = newline + 1;
      continue;
    }

    // Where micromark ends the quotes and lists a new container closes: past the prefixes the
    // line continued, when those hold a quote marker.
    const containerCloseAt = quoteMarkersEnd >= 0 ? pos : -1;

    // 2. New containers and leaf blocks that start on the line. On a line that a paragraph would
    // otherwise take, micromark holds every list it opens to the rule for interrupting one.
    const paragraphBefore = paragraph !== undefined;
    let opened = false;
    let lineDone = false;
    for (;;) {
      const indent = spacesAt(pos, lineEnd);
      const at = pos + indent;
      if (at === lineEnd) {
        // Blank: ends paragraphs and whatever the line did not continue. (micromark ends those
        // at the next line; at the end of the text, after this line's quote markers: not modelled.)
        if (lastLine && quoteMarkersEnd >= 0 && matched < stack.length) return undefined;
        closeUnmatched(matched, 'item', -1);
        // A blank line inside a quote belongs to the quotes and lists still open, whitespace and all.
        if (quoteMarkersEnd >= 0) {
          for (const open of stack) if (open.kind !== 'item') open.end = Math.max(open.end, lineEnd);
        }
        lineDone = true;
        break;
      }
      if (indent >= 4) {
        if (paragraph) break; // paragraph continuation text, however indented
        return undefined; // indented code
      }
      const c = text.charCodeAt(at);
      const rest = (): string => text.slice(at, lineEnd);
      if (c === 62 /* > */) {
        closeUnmatched(matched, 'quote', containerCloseAt);
        const contentStart = at + 1 + (text.charCodeAt(at + 1) === SPACE ? 1 : 0);
        stack.push({ kind: 'quote', start: at, end: contentStart, children: [], contentOffset: 0, marker: '' });
        matched = stack.length;
        pos = contentStart;
        quoteMarkersEnd = contentStart;
        opened = true;
        continue;
      }
      if ((c === 42 || c === 45 || c === 95) /* * - _ */ && THEMATIC_BREAK.test(rest())) {
        if (c !== 42 && paragraph) return undefined; // `---` under a paragraph line is a setext underline
        closeUnmatched(matched, 'leaf', -1);
        add({ kind: 'break', start: at, end: lineEnd });
        lineDone = true;
        break;
      }
      if (c === 96 || c === 126 /* ` ~ */) {
        const length = fenceLength(text, at, lineEnd, c);
        if (length >= 3) {
          // A backtick fence's info string holds no backtick; otherwise the line is text with inline code.
          if (c === 96 && text.indexOf('`', at + length) >= 0 && text.indexOf('`', at + length) < lineEnd) return undefined;
          closeUnmatched(matched, 'leaf', -1);
          fence = { start: at, marker: c, length };
          lineDone = true;
          break;
        }
      }
      if (c === 35 /* # */) return undefined; // a heading, perhaps
      if (c === 60 /* < */) {
        const block = htmlBlockAt(text, at, lineEnd, paragraph !== undefined && matched === stack.length);
        // (On a lazy line micromark opens the block even under a paragraph: left to it.)
        if (block === 'other' || (block && paragraph && matched < stack.length)) return undefined;
        if (block) {
          closeUnmatched(matched, 'leaf', -1);
          // micromark starts the block at its line's indentation, not at the `<`.
          html = { start: pos, end: lineEnd };
          lineDone = true;
          break;
        }
      }
      if ((c === 61 || c === 45) /* = - */ && paragraph && SETEXT_UNDERLINE.test(rest())) return undefined;
      const item = listMarker(text, at, lineEnd);
      if (item) {
        const afterMarker = at + item.width;
        const spaces = spacesAt(afterMarker, lineEnd);
        if (afterMarker + spaces === lineEnd || spaces >= 5) return undefined; // an empty item, or one opening with indented code
        if (opened && paragraphBefore && item.ordered && item.number !== 1) return undefined;
        // Where a paragraph would take the line, only a list's first item `1.` may interrupt it.
        if (!(paragraph && matched === stack.length && item.ordered && item.number !== 1)) {
          // An item of a list the line is in continues that list (micromark's container is the
          // list, not the item): what it closes ends where the text before it did.
          const continued = stack[matched - 1];
          const joins = matched < stack.length && continued?.kind === 'list' && continued.marker === item.marker;
          closeUnmatched(matched, 'item', joins ? -1 : containerCloseAt);
          const list = stack[stack.length - 1];
          if (list?.kind === 'list' && list.marker !== item.marker) closeTop(containerCloseAt);
          if (stack[stack.length - 1]?.kind !== 'list') stack.push({ kind: 'list', start: at, end: at, children: [], contentOffset: 0, marker: item.marker });
          stack.push({ kind: 'item', start: at, end: at, children: [], contentOffset: indent + item.width + spaces, marker: '' });
          matched = stack.length;
          pos = afterMarker + spaces;
          opened = true;
          continue;
        }
      }
      break;
    }

    // 3. The rest of the line is text: it continues the open paragraph (lazily, when the line
    // did not continue every container), or starts one.
    if (!lineDone) {
      const indent = spacesAt(pos, lineEnd);
      const textStart = pos + indent;
      if (paragraph) {
        paragraph.previousEnd = paragraph.end;
        paragraph.end = lineEnd;
        paragraph.lastLineStart = textStart;
        paragraph.lastLineIndent = indent;
        paragraph.lastLineLazy = matched < stack.length;
      } else {
        closeUnmatched(matched, 'leaf', -1);
        paragraph = { start: textStart, end: lineEnd, lastLineStart: textStart, lastLineIndent: indent, lastLineLazy: false, previousEnd: -1 };
      }
    }
    lineStart = newline + 1;
  }
  if (fence) return undefined; // never closed: see above
  closeUnmatched(0, 'leaf', -1);
  return outOfScope ? undefined : { blocks: top, masks, links };
}

/** How many `marker` characters (backtick or tilde) run from `at`. */
function fenceLength(text: string, at: number, lineEnd: number, marker: number): number {
  let end = at;
  while (end < lineEnd && text.charCodeAt(end) === marker) end++;
  return end - at;
}

/** The length of a closing fence of `marker` at `at` (only spaces may follow it), or 0. */
function closingFenceLength(text: string, at: number, lineEnd: number, marker: number): number {
  const length = fenceLength(text, at, lineEnd, marker);
  for (let i = at + length; i < lineEnd; i++) if (text.charCodeAt(i) !== SPACE) return 0;
  return length;
}

/** A list item's marker at `at`: `-`, `*`, `+`, or up to nine digits and `.` or `)`, then a space or the line's end. */
function listMarker(text: string, at: number, lineEnd: number): { marker: string; width: number; ordered: boolean; number: number } | undefined {
  const c = text.charCodeAt(at);
  if (c === 45 || c === 42 || c === 43) {
    const next = at + 1;
    return next === lineEnd || text.charCodeAt(next) === SPACE ? { marker: text[at], width: 1, ordered: false, number: 0 } : undefined;
  }
  let end = at;
  while (end < lineEnd && end - at < 10 && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  const digits = end - at;
  if (digits === 0 || digits > 9) return undefined;
  const delimiter = text.charCodeAt(end);
  if (delimiter !== 46 && delimiter !== 41) return undefined; // . )
  const next = end + 1;
  if (next !== lineEnd && text.charCodeAt(next) !== SPACE) return undefined;
  return { marker: text[end], width: digits + 1, ordered: true, number: Number(text.slice(at, end)) };
}

/**
 * Reads a paragraph's inline markup the way micromark finds it, left to right: a run of backticks
 * opens code that the next run of the same length closes (a run without one is text); a `<` opens
 * a tag if a whole tag follows on its line; `[label](destination)` is a link and `![alt](source)`
 * an image. Masks and links as the section parser makes them. False when the paragraph holds an
 * autolink, a comment, a tag over two lines, a link in any other form, or a definition: markup
 * this reader leaves to micromark.
 */
function readInline(text: string, start: number, end: number, masks: Mask[], links: LinkSpan[]): boolean {
  // A paragraph that opens with `[label]:` may be a link reference definition.
  if (text.charCodeAt(start) === 91 /* [ */ && text.slice(start, end).includes(']:')) return false;
  // The first `]` at or after a position, found once for all the `[` before it (a row of `[`
  // without one would otherwise search the rest of the text from each).
  let searchedFrom = -1;
  let nextClose = -1;
  const closeBracketAfter = (from: number): number => {
    if (searchedFrom < 0 || from < searchedFrom || (nextClose >= 0 && from > nextClose)) {
      searchedFrom = from;
      nextClose = text.indexOf(']', from);
    }
    return nextClose >= 0 && nextClose < end ? nextClose : -1;
  };
  let at = nextInlineMarkup(text, start, end);
  while (at >= 0) {
    const c = text.charCodeAt(at);
    if (c === 96 /* ` */) {
      let openEnd = at;
      while (openEnd < end && text.charCodeAt(openEnd) === 96) openEnd++;
      const closeEnd = closingCodeRun(text, openEnd, end, openEnd - at);
      if (closeEnd >= 0) masks.push({ start: at, end: closeEnd, code: true });
      at = nextInlineMarkup(text, closeEnd >= 0 ? closeEnd : openEnd, end);
      continue;
    }
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    if (c === 91 /* [ */) {
      const linkEnd = readLink(text, at, closeBracketAfter(at + 1), lineEnd, masks, links);
      if (linkEnd < 0) return false;
      at = nextInlineMarkup(text, linkEnd, end);
      continue;
    }
    if (OTHER_ANGLE_MARKUP.test(text.slice(at, Math.min(end, at + 40)))) return false;
    const tag = HTML_TAG_AT.exec(text.slice(at, lineEnd));
    if (tag) {
      // What the section parser masks of an inline tag (markdown.ts: maskHtmlTags).
      for (const match of tag[0].matchAll(HTML_TAG)) masks.push({ start: at + match.index, end: at + match.index + match[0].length, code: false });
      at = nextInlineMarkup(text, at + tag[0].length, end);
    } else {
      // A tag may go on over the paragraph's next line: not modelled.
      if (lineEnd < end && /^<\/?[A-Za-z]/.test(text.slice(at, at + 3))) return false;
      at = nextInlineMarkup(text, at + 1, end);
    }
  }
  return true;
}

// A link's destination without `<>`, spaces, parentheses, escapes or entities, and no title.
const PLAIN_DESTINATION = /^\(([^\s()<>\\`&]*)\)/;
const URL_LABEL = /^(?:https?:|www\.|mailto:)/i;

/**
 * A `[` at `at`, with `close` the paragraph's first `]` after it (-1: none): masks and records
 * `[label](destination)` or `![alt](source)` as the section parser does, and returns where to
 * read on (after the link, or after the `[` when it is text); -1 for the forms this reader leaves
 * to micromark (labels with markup or over two lines, nested brackets, destinations in `<>` or
 * with a title).
 */
function readLink(text: string, at: number, close: number, lineEnd: number, masks: Mask[], links: LinkSpan[]): number {
  if (close < 0) return at + 1; // no label: text
  if (close > lineEnd) return -1;
  const label = text.slice(at + 1, close);
  if (text.charCodeAt(close + 1) !== 40 /* ( */) {
    // A reference (`[a]`, `[a][b]`) with no definition in the section is text; the label is read on.
    return label.includes('[') ? -1 : at + 1;
  }
  if (/[[`<]/.test(label) || /^\s|\s$/.test(label)) return -1;
  const destination = PLAIN_DESTINATION.exec(text.slice(close + 1, lineEnd));
  if (!destination) return -1;
  const url = destination[1];
  const linkEnd = close + 1 + destination[0].length;
  if (text.charCodeAt(at - 1) === 33 /* ! */) {
    masks.push({ start: at - 1, end: linkEnd, code: false });
    links.push({ url, start: at - 1, end: linkEnd, image: true });
  } else {
    links.push({ url, start: at, end: linkEnd, image: false });
    // An empty label, or one that is a URL, shows no prose (as markdown.ts's closeLink).
    if (label === '' || label === url || URL_LABEL.test(label)) {
      masks.push({ start: at, end: linkEnd, code: false });
    } else {
      masks.push({ start: at, end: at + 1, code: false }, { start: close, end: linkEnd, code: false });
    }
  }
  return linkEnd;
}

/** The first backtick, `<` or `[` in [from, end), or -1. */
function nextInlineMarkup(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 96 || c === 60 || c === 91) return i;
  }
  return -1;
}

/**
 * Whether a line (its text from `at`) ends the table above it: a quote, a bullet item or a rule
 * does; undefined for the blocks whose effect on a table this reader does not model.
 */
function endsTable(text: string, at: number, lineEnd: number): boolean | undefined {
  const c = text.charCodeAt(at);
  if (c === 62 /* > */) return true;
  if ((c === 42 || c === 45 || c === 95) && THEMATIC_BREAK.test(text.slice(at, lineEnd))) return true;
  const item = listMarker(text, at, lineEnd);
  if (item) return item.ordered ? undefined : true;
  if (c === 35 || c === 60 || c === 96 || c === 126) return undefined; // # < ` ~
  return false;
}

/**
 * Whether a line may be a GFM table's delimiter row, container markers and all (as markdown.ts's
 * needsGfmBlocks finds them): only spaces, `>*+.)|:-` and digits, with a `-` and a `|` or `:`.
 */
function mayBeDelimiterRow(text: string, start: number, end: number): boolean {
  let dash = false;
  let pipeOrColon = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 45) dash = true;
    else if (c === 124 || c === 58) pipeOrColon = true;
    else if (!(c === SPACE || c === 62 || c === 42 || c === 43 || c === 46 || c === 41 || (c >= 48 && c <= 57))) return false;
  }
  return dash && pipeOrColon;
}

/** The cells of a table row: text between pipes, without the row's opening and closing pipe. */
function cellRanges(text: string, start: number, end: number): Array<[number, number]> {
  let from = start;
  let to = end;
  while (to > from && text.charCodeAt(to - 1) === SPACE) to--;
  if (text.charCodeAt(from) === 124 /* | */) from++;
  if (to > from && text.charCodeAt(to - 1) === 124) to--;
  const cells: Array<[number, number]> = [];
  let cellStart = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text.charCodeAt(i) === 124) {
      cells.push([cellStart, i]);
      cellStart = i + 1;
    }
  }
  return cells;
}

function countCells(text: string, start: number, end: number): number {
  return cellRanges(text, start, end).length;
}

/** Reads a table row's cells, each on its own as micromark does; false for a row with more cells than the header (not modelled). */
function readTableRow(text: string, start: number, end: number, columns: number, masks: Mask[], links: LinkSpan[]): boolean {
  const cells = cellRanges(text, start, end);
  if (cells.length > columns) return false;
  for (const [cellStart, cellEnd] of cells) if (!readInline(text, cellStart, cellEnd, masks, links)) return false;
  return true;
}

/** The end of the next run of exactly `length` backticks in [from, end), or -1. */
function closingCodeRun(text: string, from: number, end: number, length: number): number {
  for (let close = text.indexOf('`', from); close >= 0 && close < end; ) {
    let closeEnd = close;
    while (closeEnd < end && text.charCodeAt(closeEnd) === 96) closeEnd++;
    if (closeEnd - close === length) return closeEnd;
    close = text.indexOf('`', closeEnd);
  }
  return -1;
}
