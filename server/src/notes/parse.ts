// Text in, notes model out: the one entry point of the notes core.
import { LineIndex } from './lines.ts';
import { blank, prepareForParsing } from './prepare.ts';
import { splitSections } from './sections.ts';
import { parseSection, type Block, type LinkSpan, type Mask, type ParsedSection } from './markdown.ts';
import { findPageRefs } from './pageRefs.ts';
import { chapterFromHeading, chapterFromPath, isQuestionSectionHeading } from './chapters.ts';
import { analyze } from './analyze.ts';
import { notesDiagnostics } from './diagnostics.ts';
import type { Chapter, Heading, MemberMention, NotesDiagnostic, NotesModel, PageRef, Range } from './model.ts';

/** Parsed sections by their text, so an edit re-parses only the sections it touched. */
export interface SectionCache {
  get(text: string): ParsedSection | undefined;
  set(text: string, parsed: ParsedSection): void;
}

export interface ParseOptions {
  cache?: SectionCache;
}

/** Sections longer than this are not handed to the CommonMark parser (see `warnings`). */
export const MAX_SECTION_LENGTH = 2_000_000;

export function parseNotes(text: string, path: string, options: ParseOptions = {}): NotesModel {
  const lines = new LineIndex(text);
  const prepared = prepareForParsing(text);
  const warnings: string[] = [];

  // 1. Block structure, section by section; headings are found by the splitter.
  const blocks: Block[] = [];
  const masks: Mask[] = [];
  const linkSpans: LinkSpan[] = [];
  for (const section of splitSections(lines, prepared)) {
    if (section.heading) {
      const line = section.heading.line;
      blocks.push({ kind: 'heading', start: lines.starts[line], end: lines.lineEnd(line), level: section.heading.level });
    }
    if (section.bodyEnd < section.bodyStart) continue;
    const from = lines.starts[section.bodyStart];
    const to = section.bodyEnd + 1 < lines.lineCount ? lines.starts[section.bodyEnd + 1] : text.length;
    const body = prepared.slice(from, to);
    if (body.length > MAX_SECTION_LENGTH) {
      warnings.push(`Lines ${section.bodyStart + 1}–${section.bodyEnd + 1} are too long a section (${body.length} characters) to parse as Markdown; read as plain lines.`);
      blocks.push({ kind: 'paragraph', start: from, end: to });
      continue;
    }
    let parsed = options.cache?.get(body);
    if (!parsed) {
      parsed = parseSection(body);
      options.cache?.set(body, parsed);
    }
    blocks.push(...parsed.blocks.map((b) => shiftBlock(b, from)));
    for (const mask of parsed.masks) masks.push({ start: mask.start + from, end: mask.end + from, code: mask.code });
    for (const link of parsed.links) linkSpans.push({ ...link, start: link.start + from, end: link.end + from });
  }
  masks.sort((a, b) => a.start - b.start);
  const prose = applyMasks(prepared, masks);
  // What people read in outlines and messages: inline code kept, markup gone.
  const display = applyMasks(prepared, masks.filter((mask) => !mask.code));

  // 2. Page references, line by line of prose.
  const pageRefs: PageRef[] = [];
  const refsByLine = new Map<number, PageRef[]>();
  const diagnostics: NotesDiagnostic[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = prose.slice(lines.starts[line], lines.lineEnd(line));
    const { refs, malformed } = findPageRefs(lineText);
    const found: PageRef[] = refs.map((ref) => {
      const pageRef: PageRef = { range: lineSpan(line, ref.offset, ref.length), start: ref.start, end: ref.end, text: ref.text };
      if (ref.qualifier) pageRef.qualifier = ref.qualifier;
      return pageRef;
    });
    if (found.length) refsByLine.set(line, found);
    pageRefs.push(...found);
    for (const bad of malformed) {
      diagnostics.push({
        range: lineSpan(line, bad.offset, bad.length),
        severity: 'warning',
        code: 'malformed-page-ref',
        message: `Malformed page reference '${bad.text}': ${bad.reason}`,
      });
    }
  }

  // 3. Headings, chapters, and the chapter in force on each line.
  const headings: Heading[] = [];
  const chapters: Chapter[] = [];
  const presenters: MemberMention[] = [];
  const headingByBlock = new Map<Block, Heading>();
  for (const block of blocks) {
    if (block.kind !== 'heading') continue;
    const line = lines.lineAt(block.start);
    const text = headingText(prose.slice(block.start, lines.lineEnd(line)));
    const heading: Heading = { level: block.level ?? 1, text, range: lines.lineRange(line), questionSection: isQuestionSectionHeading(text) };
    const named = heading.questionSection ? undefined : chapterFromHeading(text);
    if (named) {
      heading.chapter = chapters.length;
      chapters.push({ id: named.id, title: text, source: 'heading', range: heading.range, presenters: named.presenters });
      for (const name of named.presenters) presenters.push({ name, role: 'presenter', range: heading.range });
    }
    headings.push(heading);
    headingByBlock.set(block, heading);
  }
  const fromPath = chapterFromPath(path);
  let pathChapter: number | undefined;
  if (fromPath && chapters.length === 0) {
    pathChapter = chapters.length;
    chapters.push({ id: fromPath.id, title: fromPath.segment, source: 'path', range: lines.lineRange(0, 0), presenters: [] });
  }
  const chapterAt = chapterLookup(headings, pathChapter);

  // 4. Questions, answers, entries and members.
  const analysis = analyze({
    lines,
    prose,
    display,
    blocks,
    questionSection: (block) => headingByBlock.get(block)?.questionSection ?? false,
    refsOnLine: (line) => refsByLine.get(line) ?? [],
    chapterAt,
  });
  diagnostics.push(...notesDiagnostics(analysis.questions));
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

  return {
    path,
    title: titleOf(headings, prepared, path),
    lineCount: lines.lineCount,
    headings,
    chapters,
    pageRefs,
    entries: analysis.entries,
    questions: analysis.questions,
    members: [...presenters, ...analysis.members],
    links: linkSpans.map((link) => ({ url: link.url, range: lines.range(link.start, link.end), image: link.image })),
    diagnostics,
    warnings,
  };
}

function lineSpan(line: number, offset: number, length: number): Range {
  return { start: { line, character: offset }, end: { line, character: offset + length } };
}

function shiftBlock(block: Block, by: number): Block {
  const shifted: Block = { ...block, start: block.start + by, end: block.end + by };
  if (block.children) shifted.children = block.children.map((child) => shiftBlock(child, by));
  return shifted;
}

/** Blanks the masked ranges (sorted by start), keeping line breaks so offsets stay put. */
function applyMasks(text: string, masks: Mask[]): string {
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

/** Heading text without `#` marks, closing `#`s and emphasis. */
function headingText(line: string): string {
  return line
    .replace(/^\s*#+\s*/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The chapter in force on a line: the innermost enclosing heading that names one, else the path's. */
function chapterLookup(headings: Heading[], pathChapter: number | undefined): (line: number) => number | undefined {
  // Walk headings once, recording for each the chapter in force below it.
  const marks: Array<{ line: number; chapter: number | undefined }> = [];
  const stack: Heading[] = [];
  for (const heading of headings) {
    while (stack.length && stack[stack.length - 1].level >= heading.level) stack.pop();
    stack.push(heading);
    const inForce = [...stack].reverse().find((h) => h.chapter !== undefined);
    marks.push({ line: heading.range.start.line, chapter: inForce?.chapter ?? pathChapter });
  }
  return (line) => {
    let lo = 0;
    let hi = marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid].line <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? pathChapter : marks[lo - 1].chapter;
  };
}

function titleOf(headings: Heading[], prepared: string, path: string): string {
  const h1 = headings.find((h) => h.level === 1 && h.text);
  if (h1) return h1.text;
  const html = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(prepared.slice(0, 20_000));
  const htmlTitle = html?.[1].replace(/<[^>]*>/g, '').trim();
  if (htmlTitle) return htmlTitle;
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.(?:md|markdown)$/i, '').normalize('NFC');
}
