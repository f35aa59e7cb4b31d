// Everything the notes model learns from one section body (the text between two headings),
// in section-relative lines. Results are cached by the body's text, so an edit re-reads only
// the section it touched and the rest of a large document is reassembled, not re-parsed.
import { LineIndex } from './lines.ts';
import { blank } from './prepare.ts';
import { hasBareUrl, parseSection, type Block, type Mask } from './markdown.ts';
import { findPageRefs } from './pageRefs.ts';
import { analyze, mentionsIn } from './analyze.ts';
import { mayAsk } from './questions.ts';
import type { Entry, Link, MemberMention, NotesDiagnostic, PageRef, Question } from './model.ts';

export interface SectionAnalysis {
  /** Why the block was read line by line (reduced mode), if it was. */
  reduced?: string;
  pageRefs: PageRef[];
  malformed: NotesDiagnostic[];
  questions: Question[];
  /** `questions` and `entry` indices are local to this section. */
  entries: Entry[];
  members: MemberMention[];
  links: Link[];
}

/**
 * Input that would make the Markdown parser slow (it is ~1 MB/s and superlinear on some shapes):
 * read such a block line by line instead, and say so. Limits far above anything in real notes.
 */
export const REDUCED_MODE_LIMITS = { blockChars: 200_000, lineChars: 20_000, nesting: 40, indent: 160, delimitersPerLine: 1_000 };

const NESTING = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;

/** Why a block must be read in reduced mode, or undefined when the parser can take it. */
export function reducedModeReason(body: string): string | undefined {
  const limits = REDUCED_MODE_LIMITS;
  let lineStart = 0;
  while (lineStart <= body.length) {
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = body.length;
    if (lineEnd - lineStart > limits.lineChars) return `a line of ${lineEnd - lineStart} characters`;
    // Every line of every note comes through here: the exact checks run only where the line's
    // opening run of spaces and markers could exceed a limit.
    const { markers, spaces } = openingRun(body, lineStart, lineEnd);
    if (markers > limits.nesting || spaces > limits.indent) {
      const head = body.slice(lineStart, Math.min(lineEnd, lineStart + 400));
      const nesting = NESTING.exec(head)?.[0].replace(/[^>*+\-.)]/g, '').length ?? 0;
      if (nesting > limits.nesting) return `quotes or lists nested ${nesting} deep`;
      const indent = /^[ \t]*/.exec(head)![0].length;
      if (indent > limits.indent) return `a line indented ${indent} columns`;
    }
    if (lineEnd - lineStart > limits.delimitersPerLine) {
      let delimiters = 0;
      for (let i = lineStart; i < lineEnd; i++) {
        const c = body.charCodeAt(i);
        // * _ [ ] ` < > |: the characters whose runs make emphasis, links, HTML and tables expensive.
        if (c === 42 || c === 95 || c === 91 || c === 93 || c === 96 || c === 60 || c === 62 || c === 124) delimiters++;
      }
      if (delimiters > limits.delimitersPerLine) return `a line with ${delimiters} emphasis, link, HTML or table delimiters`;
    }
    lineStart = lineEnd + 1;
  }
  // Checked last: a single huge line or deep nesting is the more telling reason.
  if (body.length > limits.blockChars) return `a block of ${body.length} characters`;
  return undefined;
}

/**
 * In the run of spaces, tabs, digits and container markers a line opens with (all a nesting or an
 * indentation can be made of): how many markers, an upper bound of the nesting `NESTING` reads,
 * and how many leading spaces and tabs.
 */
function openingRun(body: string, lineStart: number, lineEnd: number): { markers: number; spaces: number } {
  let markers = 0;
  let spaces = 0;
  let leading = true;
  for (let i = lineStart; i < lineEnd; i++) {
    const c = body.charCodeAt(i);
    if (c === 32 || c === 9) {
      if (leading) spaces++;
    } else if (c === 62 || c === 42 || c === 43 || c === 45 || c === 46 || c === 41) {
      markers++; // > * + - . )
      leading = false;
    } else if (c >= 48 && c <= 57) {
      leading = false;
    } else {
      break;
    }
  }
  return { markers, spaces };
}

// Reduced mode's stand-in for the parser's masks: code spans, HTML tags, link destinations.
const INLINE_MARKUP = /`[^`\n]{0,2000}`|<\/?[A-Za-z][^<>\n]{0,2000}>|\]\([^)\s]{0,2000}\)|https?:\/\/[^\s)]{1,2000}/g;

/** Blocks and masks without the Markdown parser: each run of non-blank lines is a paragraph. */
function parseReduced(body: string) {
  const blocks: Block[] = [];
  const masks: Mask[] = [];
  const paragraph = /[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*/g;
  for (const match of body.matchAll(paragraph)) blocks.push({ kind: 'paragraph', start: match.index, end: match.index + match[0].length });
  for (const match of body.matchAll(INLINE_MARKUP)) {
    const code = match[0].startsWith('`');
    const start = match.index + (match[0].startsWith(']') ? 1 : 0);
    masks.push({ start, end: match.index + match[0].length, code });
  }
  return { blocks, masks, links: [] };
}

// Markdown that hides text from the prose the model reads, or links: code, HTML, links, images.
const MARKUP_THAT_MASKS = /[`<[]|~~~/;
// Indented code inside a quote, or four levels deep: re-parsed as prose only down to
// MAX_REPARSE_DEPTH (markdown.ts), then kept as code, which is masked.
const DEEP_INDENTED_CODE = /^(?:[ \t]*>)+(?: {4}|[ ]{0,3}\t)|^(?:[ ]{0,3}\t| {4}){4}/m;

/**
 * Whether the Markdown parser has nothing to find in `body`: no markup that masks text or links,
 * and no line that could ask a question. Its prose is then its text as written, and what is left
 * to read (page references, member mentions) is read per line. Most sections of real notes are
 * such prose around the ones with pages and questions: 42 % of the corpus's section text.
 */
export function needsNoParser(body: string): boolean {
  if (MARKUP_THAT_MASKS.test(body) || DEEP_INDENTED_CODE.test(body) || hasBareUrl(body)) return false;
  for (let start = 0; start <= body.length; ) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    if (mayAsk(body.slice(start, end))) return false;
    start = end + 1;
  }
  return true;
}

/** `body`: the section's text after `prepareForParsing`, starting at a line start. */
export function analyzeSection(body: string, listsForced: boolean, reduced?: string): SectionAnalysis {
  const lines = new LineIndex(body);
  // Outside question sections (where every list item is a question, whatever it says).
  let refsOfText: PageRefsRead | undefined;
  if (!reduced && !listsForced && needsNoParser(body)) {
    refsOfText = readPageRefs(body, lines);
    // A page reference makes an entry of its block: that takes the parser.
    if (refsOfText.pageRefs.length === 0) return { pageRefs: [], malformed: refsOfText.malformed, questions: [], entries: [], members: mentionsIn(lines, body), links: [] };
  }
  return analyzeWithParser(body, listsForced, reduced, lines, refsOfText);
}

/**
 * `analyzeSection` with the Markdown parser (or reduced mode's line reading) in every case.
 * `refsOfText`: the page references already read from the text as written, which are the
 * prose's when the parse masks nothing.
 */
export function analyzeWithParser(body: string, listsForced: boolean, reduced?: string, lines = new LineIndex(body), refsOfText?: PageRefsRead): SectionAnalysis {
  const parsed = reduced ? parseReduced(body) : parseSection(body);
  parsed.masks.sort((a, b) => a.start - b.start);
  const prose = applyMasks(body, parsed.masks);
  // What people read in outlines and messages: inline code kept, markup gone.
  const display = applyMasks(body, parsed.masks.filter((mask) => !mask.code));
  const { pageRefs, malformed, refsByLine } = refsOfText && parsed.masks.length === 0 ? refsOfText : readPageRefs(prose, lines);
  const analysis = analyze({ lines, prose, display, blocks: parsed.blocks, listsForced, refsOnLine: (line) => refsByLine.get(line) ?? [] });
  return {
    ...(reduced ? { reduced } : {}),
    pageRefs,
    malformed,
    questions: analysis.questions,
    entries: analysis.entries,
    members: analysis.members,
    links: parsed.links.map((link) => ({ url: link.url, range: lines.range(link.start, link.end), image: link.image })),
  };
}

interface PageRefsRead {
  pageRefs: PageRef[];
  malformed: NotesDiagnostic[];
  refsByLine: Map<number, PageRef[]>;
}

/** The page references and malformed ones in each line of `prose`. */
function readPageRefs(prose: string, lines: LineIndex): PageRefsRead {
  const pageRefs: PageRef[] = [];
  const malformed: NotesDiagnostic[] = [];
  const refsByLine = new Map<number, PageRef[]>();
  for (let line = 0; line < lines.lineCount; line++) {
    const { refs, malformed: bad } = findPageRefs(prose.slice(lines.starts[line], lines.lineEnd(line)));
    if (refs.length === 0 && bad.length === 0) continue;
    const found = refs.map((ref) => {
      const pageRef: PageRef = { range: lineSpan(line, ref.offset, ref.length), start: ref.start, end: ref.end, text: ref.text };
      if (ref.qualifier) pageRef.qualifier = ref.qualifier;
      return pageRef;
    });
    if (found.length) refsByLine.set(line, found);
    pageRefs.push(...found);
    for (const b of bad) {
      malformed.push({ range: lineSpan(line, b.offset, b.length), severity: 'warning', code: 'malformed-page-ref', message: `Malformed page reference '${b.text}': ${b.reason}` });
    }
  }
  return { pageRefs, malformed, refsByLine };
}

export function lineSpan(line: number, offset: number, length: number) {
  return { start: { line, character: offset }, end: { line, character: offset + length } };
}

/** Blanks the masked ranges (sorted by start), keeping line breaks so offsets stay put. */
export function applyMasks(text: string, masks: Mask[]): string {
  if (masks.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { start, end } of masks) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    out += text.slice(at, from) + blank(text.slice(from, end));
    at = end;
  }
  return out + text.slice(at);
}
