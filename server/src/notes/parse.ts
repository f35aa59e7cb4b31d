// Text in, notes model out: the one entry point of the notes core. The file is split at its
// headings; each section body is read on its own (and cached by its text), then the headings
// tie the sections together: chapters, question sections, question headings.
import { LineIndex } from './lines.ts';
import { prepareForParsing } from './prepare.ts';
import { splitChunks, splitSections, type SectionSpan } from './sections.ts';
import { analyzeSection, lineSpan, reducedModeReason, type SectionAnalysis } from './section.ts';
import { findPageRefs } from './pageRefs.ts';
import { chapterFromHeading, chapterFromPath, isQuestionSectionHeading } from './chapters.ts';
import { addPages, makeQuestion } from './analyze.ts';
import { questionSignal } from './questions.ts';
import { notesDiagnostics } from './diagnostics.ts';
import { plainText } from './questions.ts';
import { SectionShift } from './shift.ts';
import type { Chapter, Entry, Heading, MemberMention, NotesDiagnostic, NotesModel, PageRef, Question } from './model.ts';

/** Section analyses by their text (and whether they sit in a question section). */
export interface SectionCache {
  get(key: string): SectionAnalysis | undefined;
  set(key: string, analysis: SectionAnalysis): void;
}

export interface ParseOptions {
  cache?: SectionCache;
}

/** Files larger than this are read line by line throughout (see `warnings`): the parser reads
 * list-heavy notes at ~130 K characters a second, tables slower. */
export const REDUCED_MODE_FILE_CHARS = 1_000_000;

/** A section's analysis depends on its text, on being in a question section, and on reduced mode. */
function sectionKey(body: string, listsForced: boolean, wholeFileReduced: boolean): string {
  return (wholeFileReduced ? 'R' : '') + (listsForced ? 'Q' : '-') + body;
}
const SECTION_KEY_PREFIX = /^R?[Q-]/;

/**
 * The moves of a cached section's ranges and page references to its line, kept from the last
 * parse: an edit re-parses the document, and the sections it did not move keep their moved
 * ranges instead of making them again (garbage that outlived each edit: ~3 MB on a 500 KB note).
 * Ranges and page references are never changed in place; entries and questions are made anew.
 */
const shifts = new WeakMap<SectionAnalysis, SectionShift>();

function lastShift(section: SectionAnalysis, by: number): SectionShift {
  let shift = shifts.get(section);
  if (shift?.by !== by) shifts.set(section, (shift = new SectionShift(by)));
  return shift;
}

/** The same text in storage of its own, not a view into a larger string. */
function detached(text: string): string {
  // Joining makes V8 write both parts into a new flat string, which the cut then views.
  return (' ' + text).slice(1);
}

/**
 * The section bodies the Markdown parser reads for a file, in order (reduced-mode ones left
 * out): what tests and the bench hold the parser's shortcuts and speed to.
 */
export function sectionBodies(text: string): string[] {
  const bodies: string[] = [];
  const cache: SectionCache = { get: () => undefined, set: (key, section) => void (section.reduced || bodies.push(key.replace(SECTION_KEY_PREFIX, ''))) };
  parseNotes(text, 'notes.md', { cache });
  return bodies;
}

export function parseNotes(text: string, path: string, options: ParseOptions = {}): NotesModel {
  const steps = parseNotesInSteps(text, path, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `parseNotes`, pausing after each section the Markdown parser read (not after cached ones): a
 * caller can spread a long document's parse over several turns of the event loop.
 */
export function* parseNotesInSteps(text: string, path: string, options: ParseOptions = {}): Generator<void, NotesModel, void> {
  const lines = new LineIndex(text);
  const prepared = prepareForParsing(text);
  const spans = splitSections(lines, prepared);
  const warnings: string[] = [];
  const wholeFileReduced = text.length > REDUCED_MODE_FILE_CHARS;
  if (wholeFileReduced) {
    warnings.push(`The file is ${(text.length / 1e6).toFixed(1)} million characters: read line by line (reduced mode); lists, quotes and code blocks are not told apart.`);
  }

  const headings: Heading[] = [];
  const chapters: Chapter[] = [];
  const pageRefs: PageRef[] = [];
  const questions: Question[] = [];
  const entries: Entry[] = [];
  const members: MemberMention[] = [];
  const links: NotesModel['links'] = [];
  const malformed: NotesDiagnostic[] = [];

  // Open question sections and heading questions/entries, by heading level.
  let questionSectionLevel = Infinity;
  const openHeadingQuestions: Array<{ level: number; question: Question }> = [];
  const openHeadingEntries: Array<{ level: number; entry: number }> = [];

  /** A question that no entry of its section holds belongs to the innermost heading naming pages. */
  const attachToHeadingEntry = (q: number) => {
    const question = questions[q];
    const open = openHeadingEntries[openHeadingEntries.length - 1];
    if (question.entry !== undefined || !open) return;
    const holder = entries[open.entry];
    question.entry = open.entry;
    holder.questions.push(q);
    holder.kind = 'question';
    if (question.pages.length === 0) {
      const pages = new Set<number>();
      for (const ref of holder.pages) addPages(pages, ref);
      question.pages = [...pages].sort((a, b) => a - b);
    }
  };

  const closeHeadings = (level: number, endLine: number) => {
    while (openHeadingQuestions.length && openHeadingQuestions[openHeadingQuestions.length - 1].level >= level) {
      const { question } = openHeadingQuestions.pop()!;
      question.scope = { start: question.scope.start, end: lines.lineRange(Math.max(endLine, question.range.start.line)).end };
    }
    while (openHeadingEntries.length && openHeadingEntries[openHeadingEntries.length - 1].level >= level) {
      const { entry } = openHeadingEntries.pop()!;
      entries[entry].scope = { start: entries[entry].scope.start, end: lines.lineRange(Math.max(endLine, entries[entry].range.start.line)).end };
    }
  };

  for (let s = 0; s < spans.length; s++) {
    const span = spans[s];
    if (span.heading) {
      const { line, level } = span.heading;
      closeHeadings(level, line - 1);
      if (level <= questionSectionLevel) questionSectionLevel = Infinity;
      const { heading, refs } = readHeading(prepared, lines, span, chapters, members, malformed);
      headings.push(heading);
      pageRefs.push(...refs);
      if (refs.length) {
        entries.push({ kind: 'note', range: heading.range, scope: heading.range, text: plainText(heading.text), pages: refs, comments: [], questions: [] });
        openHeadingEntries.push({ level, entry: entries.length - 1 });
      }
      if (heading.questionSection) questionSectionLevel = level;
      else {
        const inQuestionSection = questionSectionLevel < level;
        const asks = questionSignal(heading.text) || (inQuestionSection && heading.text.length > 20 && heading.chapter === undefined);
        if (asks) {
          // Answered by its section: any content before the next heading of its level or higher.
          const answered = answeredBefore(spans, s, level, prepared, lines);
          const pages = new Set<number>();
          for (const ref of refs) addPages(pages, ref);
          const question = makeQuestion(heading.text, heading.text, heading.range, answered, heading.range.end, pages);
          questions.push(question);
          openHeadingQuestions.push({ level, question });
          attachToHeadingEntry(questions.length - 1);
        }
      }
    }
    if (span.bodyEnd < span.bodyStart) continue;

    const listsForced = questionSectionLevel !== Infinity;
    const chunks: Array<[number, number]> = wholeFileReduced ? [[span.bodyStart, span.bodyEnd]] : splitChunks(lines, prepared, span.bodyStart, span.bodyEnd);
    for (const [first, last] of chunks) {
      const from = lines.starts[first];
      const to = last + 1 < lines.lineCount ? lines.starts[last + 1] : text.length;
      const body = prepared.slice(from, to);
      const key = sectionKey(body, listsForced, wholeFileReduced);
      let section = options.cache?.get(key);
      if (!section) {
        // A cached analysis outlives this version of the text. Its strings are cut from what
        // it reads, and a cut string keeps the whole string it was cut from (V8's sliced
        // strings): read straight from the document, each cached analysis kept that version
        // of the whole document (~0.3 MB per edit of a 500 KB note). So it reads a copy.
        const own = options.cache ? detached(body) : body;
        section = analyzeSection(own, listsForced, wholeFileReduced ? 'the whole file is' : reducedModeReason(own));
        options.cache?.set(sectionKey(own, listsForced, wholeFileReduced), section);
        yield;
      }
      if (section.reduced && !wholeFileReduced) warnings.push(`Lines ${first + 1}–${last + 1} read line by line (reduced mode): ${section.reduced}.`);
      const questionOffset = questions.length;
      const entryOffset = entries.length;
      const shift = options.cache ? lastShift(section, first) : new SectionShift(first);
      questions.push(...section.questions.map((q) => shift.question(q, entryOffset)));
      for (let q = questionOffset; q < questions.length; q++) attachToHeadingEntry(q);
      entries.push(...section.entries.map((e) => shift.entry(e, questionOffset)));
      pageRefs.push(...section.pageRefs.map((ref) => shift.pageRef(ref)));
      members.push(...section.members.map((m) => shift.member(m)));
      links.push(...section.links.map((l) => shift.link(l)));
      malformed.push(...section.malformed.map((d) => shift.diagnostic(d)));
    }
  }
  closeHeadings(0, lines.lineCount - 1);

  addStandaloneQuestionEntries(questions, entries, pageRefs);

  const fromPath = chapterFromPath(path);
  let pathChapter: number | undefined;
  if (fromPath && chapters.length === 0) {
    pathChapter = chapters.length;
    chapters.push({ id: fromPath.id, title: fromPath.segment, source: 'path', range: lines.lineRange(0, 0), presenters: [] });
  }
  const chapterAt = chapterLookup(headings, pathChapter);
  for (const question of questions) setChapter(question, chapterAt(question.range.start.line));
  for (const entry of entries) setChapter(entry, chapterAt(entry.range.start.line));

  const diagnostics = [...malformed, ...notesDiagnostics(questions)];
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

  return {
    path,
    title: titleOf(headings, prepared, path),
    lineCount: lines.lineCount,
    headings,
    chapters,
    pageRefs,
    entries,
    questions,
    members,
    links,
    diagnostics,
    warnings,
  };
}

/**
 * A question that no entry holds is an entry by itself (notes-format §1), so that the chapter
 * tree and the outline show it; entries stay in document order and indices are remapped.
 */
function addStandaloneQuestionEntries(questions: Question[], entries: Entry[], pageRefs: PageRef[]): void {
  const alone = questions.map((q, i) => [q, i] as const).filter(([q]) => q.entry === undefined);
  if (alone.length === 0) return;
  const refsByLine = new Map<number, PageRef[]>();
  for (const ref of pageRefs) {
    const list = refsByLine.get(ref.range.start.line);
    if (list) list.push(ref);
    else refsByLine.set(ref.range.start.line, [ref]);
  }
  const tagged = entries.map((entry) => ({ entry, questions: entry.questions }));
  for (const [question, index] of alone) {
    const pages: PageRef[] = [];
    for (let line = question.range.start.line; line <= question.range.end.line; line++) pages.push(...(refsByLine.get(line) ?? []));
    tagged.push({ entry: { kind: 'question', range: question.range, scope: question.scope, text: question.text, pages, comments: [], questions: [] }, questions: [index] });
  }
  tagged.sort((a, b) => a.entry.range.start.line - b.entry.range.start.line || a.entry.range.start.character - b.entry.range.start.character);
  entries.length = 0;
  tagged.forEach(({ entry, questions: held }, position) => {
    entry.questions = held;
    for (const q of held) questions[q].entry = position;
    entries.push(entry);
  });
}

function setChapter(item: { chapter?: number }, chapter: number | undefined): void {
  if (chapter !== undefined) item.chapter = chapter;
}

/** Whether the sections after heading `s` hold content before the next heading of `level` or higher. */
function answeredBefore(spans: SectionSpan[], s: number, level: number, prepared: string, lines: LineIndex): boolean {
  for (let k = s; k < spans.length; k++) {
    const span = spans[k];
    if (k > s && span.heading && span.heading.level <= level) return false;
    if (k > s && span.heading) return true; // a deeper heading is content of the section
    if (span.bodyEnd >= span.bodyStart && !blankLines(prepared, lines, span)) return true;
  }
  return false;
}

function blankLines(prepared: string, lines: LineIndex, span: SectionSpan): boolean {
  return prepared.slice(lines.starts[span.bodyStart], lines.lineEnd(span.bodyEnd)).trim() === '';
}

// Inline markup of a heading line that is not text: code spans, HTML tags, link destinations.
const HEADING_MARKUP = /`[^`]*`|<[^>]*>|\]\([^)]*\)|https?:\/\/\S+/g;

/** Reads a heading line: its text, chapter, presenters and page references. */
function readHeading(
  prepared: string,
  lines: LineIndex,
  span: SectionSpan,
  chapters: Chapter[],
  members: MemberMention[],
  malformed: NotesDiagnostic[],
): { heading: Heading; refs: PageRef[] } {
  const { line, level, contentStart } = span.heading!;
  const raw = prepared.slice(lines.starts[line], lines.lineEnd(line));
  const prose = raw.replace(HEADING_MARKUP, (m) => (m.startsWith('`') ? m : ' '.repeat(m.length)));
  const text = headingText(prose.slice(contentStart));
  const range = lines.lineRange(line);
  const heading: Heading = { level, text, range, questionSection: isQuestionSectionHeading(text) };
  const named = heading.questionSection ? undefined : chapterFromHeading(text);
  if (named) {
    heading.chapter = chapters.length;
    chapters.push({ id: named.id, title: text, source: 'heading', range, presenters: named.presenters });
    for (const name of named.presenters) members.push({ name, role: 'presenter', range });
  }
  const codeFree = prose.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length));
  const found = findPageRefs(codeFree);
  const refs = found.refs.map((ref) => {
    const pageRef: PageRef = { range: lineSpan(line, ref.offset, ref.length), start: ref.start, end: ref.end, text: ref.text };
    if (ref.qualifier) pageRef.qualifier = ref.qualifier;
    return pageRef;
  });
  for (const b of found.malformed) malformed.push({ range: lineSpan(line, b.offset, b.length), severity: 'warning', code: 'malformed-page-ref', message: `Malformed page reference '${b.text}': ${b.reason}` });
  return { heading, refs };
}

/** Heading text without closing `#`s and emphasis. */
function headingText(content: string): string {
  return content
    .replace(/\s+#+\s*$/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The chapter in force on a line: the innermost enclosing heading that names one, else the path's. */
function chapterLookup(headings: Heading[], pathChapter: number | undefined): (line: number) => number | undefined {
  const marks: Array<{ line: number; chapter: number | undefined }> = [];
  const stack: Heading[] = [];
  for (const heading of headings) {
    while (stack.length && stack[stack.length - 1].level >= heading.level) stack.pop();
    stack.push(heading);
    let inForce = pathChapter;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].chapter !== undefined) {
        inForce = stack[i].chapter;
        break;
      }
    }
    marks.push({ line: heading.range.start.line, chapter: inForce });
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
