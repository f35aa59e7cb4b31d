// The notes model: what one Markdown notes file means to a study group.
// Pure data. Positions are 0-based lines and UTF-16 code-unit characters, as in LSP.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A reference to a page (or page range) of the book, e.g. `p.45`, `p.356-7`, `（p9/L5）`. */
export interface PageRef {
  range: Range;
  /** First page. */
  start: number;
  /** Last page; equals `start` for a single page. */
  end: number;
  /** The text as written, e.g. `p.356-7`. */
  text: string;
  /** A sub-location kept as written: `L5`, `위에서 2번째 문단`. */
  qualifier?: string;
}

export type ChapterSource = 'heading' | 'path';

/** A unit of the book: chapter, part, item or week. */
export interface Chapter {
  /** `"3"`, `"1-3"`, `"item72"`, `"part1"`, `"week4"`. */
  id: string;
  /** The heading text, or the path segment it came from. */
  title: string;
  source: ChapterSource;
  /** Heading range for `heading` chapters; the file's first line for `path` chapters. */
  range: Range;
  /** Members named on the chapter heading (`### 1장 @기윤 권`). */
  presenters: string[];
}

export interface Heading {
  level: number;
  text: string;
  range: Range;
  /** Index into `NotesModel.chapters` when this heading names a chapter. */
  chapter?: number;
  /** True for question sections (`## 궁금해요`, `### Questions`). */
  questionSection: boolean;
}

export type MemberRole = 'presenter' | 'asker' | 'addressee' | 'commenter';

export interface MemberMention {
  name: string;
  role: MemberRole;
  range: Range;
}

export interface Question {
  /** Where the question's own text starts, to the end of that text. */
  range: Range;
  /** The question text, markup stripped, on one line. */
  text: string;
  answered: boolean;
  /** Pages the question is about (its own or its entry's references). */
  pages: number[];
  askers: string[];
  addressees: string[];
  /** Index into `chapters` of the chapter the question falls under. */
  chapter?: number;
  /** The whole extent of the question with its answer part (for folding). */
  scope: Range;
  /** The first line of the answer, when answered. */
  answerStart?: Position;
  /** The in-item separator (`***`) that splits question and answer, if any. */
  separator?: Range;
  /** Index into `entries` of the entry the question belongs to. */
  entry?: number;
}

export type EntryKind = 'quote' | 'note' | 'question';

/** One annotated place of the book: a passage pinned to pages, with comments. */
export interface Entry {
  kind: EntryKind;
  /** The entry's own first line. */
  range: Range;
  /** The entry with its comments and answers (for folding). */
  scope: Range;
  /** First words of the passage, markup stripped. */
  text: string;
  pages: PageRef[];
  /** Member the entry is attributed to (commenter or asker), if named. */
  member?: string;
  chapter?: number;
  /** Comments on the entry: seed 000's `- '준기' : …` items, or nested notes. */
  comments: EntryComment[];
  /** Indices into `questions`. */
  questions: number[];
}

export interface EntryComment {
  member?: string;
  text: string;
  range: Range;
}

export interface Link {
  /** Destination as written (percent-encoded, maybe with `#fragment`). */
  url: string;
  /** Range of the whole link or image syntax. */
  range: Range;
  image: boolean;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type NotesDiagnosticCode = 'unanswered' | 'malformed-page-ref';

export interface NotesDiagnostic {
  range: Range;
  severity: Severity;
  code: NotesDiagnosticCode;
  message: string;
  /** Index into `questions` for `unanswered`. */
  question?: number;
}

export interface NotesModel {
  /** Path or URI the model was parsed for (used for path chapters). */
  path: string;
  title: string;
  lineCount: number;
  headings: Heading[];
  chapters: Chapter[];
  pageRefs: PageRef[];
  entries: Entry[];
  questions: Question[];
  members: MemberMention[];
  links: Link[];
  diagnostics: NotesDiagnostic[];
  /** Parts of the file read in a reduced way, with why (oversized lines, etc.). */
  warnings: string[];
}
