// Generators of notes text for property tests (realistic notes, hostile snippets, mutated real
// files from ../shared/corpus) and the invariants every notes model must keep whatever the text:
// positions inside the document and on UTF-16 boundaries, page references covering their text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { NotesModel, Position, Range } from '../../server/src/notes/model.ts';
import { SHARED_DIR } from './shared.ts';
import { seededRandom } from './random.ts';

// ---------------------------------------------------------------------------------------------
// The document as LSP sees it, computed independently of server/src/notes/lines.ts (an oracle):
// lines end at \n, \r\n or a lone \r; a character offset never counts the line break.

export class DocumentLines {
  readonly starts: number[] = [0];
  /** Offset just past each line's last character, before its break. */
  readonly ends: number[] = [];

  constructor(readonly text: string) {
    const breaks = /\r\n|\r|\n/g;
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
      this.ends.push(m.index);
      this.starts.push(m.index + m[0].length);
    }
    this.ends.push(text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineLength(line: number): number {
    return this.ends[line] - this.starts[line];
  }

  line(line: number): string {
    return this.text.slice(this.starts[line], this.ends[line]);
  }

  /** Offset of a position; the position must be valid (see `positionProblem`). */
  offset(position: Position): number {
    return this.starts[position.line] + position.character;
  }

  /** Why a position is not a place in this document, or undefined when it is one. */
  positionProblem(position: Position | undefined): string | undefined {
    if (!position || !Number.isInteger(position.line) || !Number.isInteger(position.character)) return `not a position: ${JSON.stringify(position)}`;
    const { line, character } = position;
    if (line < 0 || line >= this.lineCount) return `line ${line} outside 0..${this.lineCount - 1}`;
    if (character < 0 || character > this.lineLength(line)) return `character ${character} outside 0..${this.lineLength(line)} of line ${line}`;
    const at = this.offset(position);
    if (character > 0 && character < this.lineLength(line) && isHighSurrogate(this.text.charCodeAt(at - 1)) && isLowSurrogate(this.text.charCodeAt(at))) {
      return `${line}:${character} splits a surrogate pair`;
    }
    return undefined;
  }

  rangeProblem(range: Range | undefined): string | undefined {
    if (!range) return 'no range';
    const problem = this.positionProblem(range.start) ?? this.positionProblem(range.end);
    if (problem) return problem;
    if (this.offset(range.start) > this.offset(range.end)) return `starts after it ends (${show(range)})`;
    return undefined;
  }

  slice(range: Range): string {
    return this.text.slice(this.offset(range.start), this.offset(range.end));
  }
}

export const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
export const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

export function show(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** Every range of the model, named by where it sits (`questions[3].scope`). */
export function modelRanges(model: NotesModel): Array<[string, Range]> {
  const ranges: Array<[string, Range]> = [];
  model.headings.forEach((h, i) => ranges.push([`headings[${i}].range`, h.range]));
  model.chapters.forEach((c, i) => ranges.push([`chapters[${i}].range`, c.range]));
  model.pageRefs.forEach((r, i) => ranges.push([`pageRefs[${i}].range`, r.range]));
  model.questions.forEach((q, i) => {
    ranges.push([`questions[${i}].range`, q.range], [`questions[${i}].scope`, q.scope]);
    if (q.separator) ranges.push([`questions[${i}].separator`, q.separator]);
    if (q.answerStart) ranges.push([`questions[${i}].answerStart`, { start: q.answerStart, end: q.answerStart }]);
  });
  model.entries.forEach((e, i) => {
    ranges.push([`entries[${i}].range`, e.range], [`entries[${i}].scope`, e.scope]);
    e.pages.forEach((r, j) => ranges.push([`entries[${i}].pages[${j}].range`, r.range]));
    e.comments.forEach((c, j) => ranges.push([`entries[${i}].comments[${j}].range`, c.range]));
  });
  model.members.forEach((m, i) => ranges.push([`members[${i}].range`, m.range]));
  model.links.forEach((l, i) => ranges.push([`links[${i}].range`, l.range]));
  model.diagnostics.forEach((d, i) => ranges.push([`diagnostics[${i}].range`, d.range]));
  return ranges;
}

/**
 * What is wrong with a model of `text` (empty when nothing): the line count, every range inside
 * the document, on UTF-16 boundaries and ordered, every page reference covering its own text,
 * and indices between the model's parts pointing at something.
 */
export function modelProblems(text: string, model: NotesModel, limit = 10): string[] {
  const problems: string[] = [];
  const lines = new DocumentLines(text);
  const add = (problem: string) => {
    if (problems.length < limit) problems.push(problem);
  };
  if (model.lineCount !== lines.lineCount) add(`lineCount ${model.lineCount}, the text has ${lines.lineCount} lines`);
  for (const [where, range] of modelRanges(model)) {
    const problem = lines.rangeProblem(range);
    if (problem) add(`${where}: ${problem}`);
  }
  const refs = [...model.pageRefs.map((r, i) => [`pageRefs[${i}]`, r] as const), ...model.entries.flatMap((e, i) => e.pages.map((r, j) => [`entries[${i}].pages[${j}]`, r] as const))];
  for (const [where, ref] of refs) {
    if (!lines.rangeProblem(ref.range) && lines.slice(ref.range) !== ref.text) {
      add(`${where}: the text at ${show(ref.range)} is ${JSON.stringify(lines.slice(ref.range))}, not ${JSON.stringify(ref.text)}`);
    }
    if (!(Number.isInteger(ref.start) && Number.isInteger(ref.end) && ref.start >= 0 && ref.start <= ref.end)) add(`${where}: pages ${ref.start}–${ref.end} (${JSON.stringify(ref.text)})`);
  }
  const index = (value: number | undefined, length: number, where: string) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value < length)) add(`${where}: index ${value} outside 0..${length - 1}`);
  };
  model.headings.forEach((h, i) => index(h.chapter, model.chapters.length, `headings[${i}].chapter`));
  model.questions.forEach((q, i) => {
    index(q.entry, model.entries.length, `questions[${i}].entry`);
    index(q.chapter, model.chapters.length, `questions[${i}].chapter`);
  });
  model.entries.forEach((e, i) => {
    index(e.chapter, model.chapters.length, `entries[${i}].chapter`);
    e.questions.forEach((q, j) => index(q, model.questions.length, `entries[${i}].questions[${j}]`));
  });
  model.diagnostics.forEach((d, i) => index(d.question, model.questions.length, `diagnostics[${i}].question`));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Generated notes: the shapes of notes-format.md, in Korean, Japanese and English, with the
// characters that break naive code (surrogate pairs, NFD Hangul, NUL, BOM, odd spaces).

const nfd = (s: string) => s.normalize('NFD');

const WORDS = [
  '캐시', '전략은', '무엇인가요', '데이터', '복제', '이해가 안돼요', '설명해주세요', '알려주세요', '궁금',
  'スレッド', 'わからない', '質問', '疑問', 'の注釈22', 'cache', 'why', 'the', 'replication', 'page',
  nfd('한글 자모'), nfd('질문'), '😀', '👨‍👩‍👧', '🇰🇷', '𝄞', 'é', 'e\u0301', '\u3000', '\u00a0', '\u200b', '\t',
];

const PAGE_REFS = [
  'p.45', 'p. 45', 'P.108', 'p438', 'P114', 'p9.', '130p', '(130p)', '295p)', '431P:', '23쪽', '37페이지', 'page 86',
  'on page 49', 'pages 45–50', 'pp. 5-9', 'p.356-7', 'p.2~p.9', 'p175-176', 'p. 270 ~p.275', '114 ~ 117P', 'p.418, p.419',
  '（p9/L5）', 'p.233 위에서 2번째 문단', 'p.45-12', 'p.0', 'p.99999', 'p95', 'p2022', '1P', '400페이지 / 초', '51ページ',
];

const MEMBERS = ['@박은정', '@기윤 권', '(해동)', '- 도영', '- 도영, 해동, 희진', '@haruguchi-yuma', '@', 'me@example.com'];

const INLINE = [
  '`p.45`', '`code ?`', '[링크](ch01/지민.md)', '[anchor](#1장)', '![img](a%20b.png)', '<https://example.com/p.45>',
  'https://example.com/p.12?', '<strong><i>p9. ', '</i></strong>', '<br>', '**', '**JWT**는', '_', '~~', '&amp;', '&#xD800;',
  '\\*', '[^1]', '<span style="color:red">', '?', '？', '??', '(???)', '→ 답변', '\0', '\uD800', '\uDC00',
];

/** One run of prose: words, page references, mentions and inline markup. */
export const inlineText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 2, arbitrary: fc.constantFrom(...PAGE_REFS) }, fc.constantFrom(...MEMBERS), fc.constantFrom(...INLINE), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 8 })
  .chain((parts) => fc.constantFrom(' ', '', '\t').map((glue) => parts.join(glue)));

const indent = fc.oneof(fc.constant(''), fc.constantFrom('  ', '    ', '\t', '\t\t', '   ', ' '.repeat(8), '  \t'));

/** One line of notes in one of the shapes notes-format.md describes. */
export const notesLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: inlineText },
  fc.tuple(fc.constantFrom('#', '##', '###', '####', '#######', '##'), fc.constantFrom(' ', '', '\t'), inlineText).map(([h, s, t]) => h + s + t),
  fc.constantFrom('## 궁금해요', '## Questions', '### 1장 @기윤 권', '# 대규모 1~3장', '## Chapter 3', '### Q1. 왜 선택했나요?', '## 質問', '# 제2장', 'week02(ch04~05)'),
  { weight: 3, arbitrary: fc.tuple(indent, fc.constantFrom('- ', '* ', '+ ', '1. ', '2) ', '• ', '-'), inlineText).map(([i, b, t]) => i + b + t) },
  fc.tuple(indent, fc.constantFrom('> ', '>', '> > ', '>> '), inlineText).map(([i, q, t]) => i + q + t),
  fc.tuple(indent, fc.constantFrom('***', '---', '___', '* * *', '- - -')).map(([i, s]) => i + s),
  fc.tuple(indent, fc.constantFrom('A. ', 'A: ', 'A) ', '답변: ', '답: ', '→ ', '-> ', '\\- ', 'Q. ', 'Q1. ', '질문: ', '[면접질문] '), inlineText).map(([i, m, t]) => i + m + t),
  fc.tuple(indent, inlineText).map(([i, t]) => `${i}- '준기' : ${t}`),
  fc.constantFrom('```', '```java', '~~~', '<details>', '<summary>답</summary>', '</details>', '<!--', '-->', '', '', '   ', '| p.4 | 질문? |', '|---|---|', '발표자: 기윤 권, 김윤우', '---', 'title: x'),
);

export type LineBreak = '\n' | '\r\n' | '\r';
const lineBreak = fc.constantFrom<LineBreak>('\n', '\r\n', '\r');

/** Lines joined by one line break style or a mix of them, maybe with a BOM and a final break. */
export function documentOf(lines: fc.Arbitrary<string>, maxLines = 40): fc.Arbitrary<string> {
  return fc
    .record({
      lines: fc.array(fc.tuple(lines, lineBreak), { maxLength: maxLines }),
      style: fc.constantFrom<LineBreak | 'mixed'>('\n', '\n', '\r\n', '\r', 'mixed'),
      bom: fc.boolean(),
      finalBreak: fc.boolean(),
    })
    .map(({ lines, style, bom, finalBreak }) => {
      let text = bom ? '\uFEFF' : '';
      lines.forEach(([line, own], i) => {
        text += line;
        if (i < lines.length - 1 || finalBreak) text += style === 'mixed' ? own : style;
      });
      return text;
    });
}

/** A generated notes document. */
export const notesDocument: fc.Arbitrary<string> = documentOf(notesLine);


// ---------------------------------------------------------------------------------------------
// Hostile snippets: input that is legal text but stresses a Markdown parser or naive offsets.

export const HOSTILE_SNIPPETS: readonly string[] = [
  '\0', '\uFEFF', '\uD800', '\uDC00', '\uDBFF\uDFFF', '\u200b\u200d', '\u3000', '\u2028', '\u0085', '\u202e', '\r', '\r\n', '\t\t\t',
  '```', '~~~', '<!--', '-->', '<details>', '</details>', '<', '<strong><i>p9. ', '</i></strong>', '<?', '<![CDATA[',
  '*'.repeat(1200), '['.repeat(500), '](x)'.repeat(300), '`'.repeat(100), '_'.repeat(50), '>'.repeat(60) + ' ', '- '.repeat(60),
  '    '.repeat(50), '\t'.repeat(45), '1. '.repeat(45), 'x'.repeat(21_000), '&#0;', '&#xD800;', '&#x1F600;', '\\', '\\\n', '[x]: <',
  'p.99999', 'p.0', 'p.45-12', 'p.1-99999', 'pp. 5–3', '（p9/L5）', 'p.356-7', '114 ~ 117P', 'p.2~p.9', '23쪽', '37페이지', 'page 86',
  '#'.repeat(7) + ' ', '# ', '## 궁금해요', '### Q1. 왜?', '***', '---', '  ***', '(???)', '？', '??', '@', '@@박은정',
  '[link](<p.4 >)', 'https://example.com/p.45?', '|---|', '$$', '😀', '👨‍👩‍👧', nfd('한글'), 'わからない', '質問', 'e\u0301',
];

export const hostileSnippet: fc.Arbitrary<string> = fc.constantFrom(...HOSTILE_SNIPPETS);

// ---------------------------------------------------------------------------------------------
// Real notes from ../shared/corpus, sampled deterministically, and mutations of them.

export interface CorpusFile {
  /** Path relative to the corpus folder (`/`-separated). */
  path: string;
  text: string;
}

/** Every notes file of the corpus, sorted by path. */
export function corpusPaths(): string[] {
  const root = path.join(SHARED_DIR, 'corpus');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(?:md|markdown)$/i.test(entry.name)) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}

/**
 * `count` corpus files picked by `seed` (files over `maxChars` left out to bound test time), plus
 * the two seed documents. Reading the same seed twice gives the same files.
 */
export function corpusSample(count = 30, seed = 20240905, maxChars = 40_000): CorpusFile[] {
  const random = seededRandom(seed);
  const pool = corpusPaths();
  const picked: CorpusFile[] = [];
  while (picked.length < count && pool.length) {
    const [file] = pool.splice(Math.floor(random() * pool.length), 1);
    const text = fs.readFileSync(path.join(SHARED_DIR, 'corpus', file), 'utf8');
    if (text.length <= maxChars) picked.push({ path: file, text });
  }
  for (const seedFile of fs.readdirSync(path.join(SHARED_DIR, 'seeds')).sort()) {
    if (seedFile.endsWith('.md')) picked.push({ path: `seeds/${seedFile}`, text: fs.readFileSync(path.join(SHARED_DIR, 'seeds', seedFile), 'utf8') });
  }
  return picked;
}

export type Mutation =
  | { kind: 'insert-line'; at: number; line: string }
  | { kind: 'delete-lines'; at: number; count: number }
  | { kind: 'duplicate-lines'; at: number; count: number }
  | { kind: 'inject'; at: number; snippet: string }
  | { kind: 'slice'; from: number; length: number }
  | { kind: 'line-breaks'; to: LineBreak }
  | { kind: 'nfd' }
  | { kind: 'bom' }
  | { kind: 'tabs' };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert-line' as const), at: fc.nat(), line: fc.oneof(notesLine, hostileSnippet) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete-lines' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate-lines' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('inject' as const), at: fc.nat(), snippet: hostileSnippet }) },
  fc.record({ kind: fc.constant('slice' as const), from: fc.nat(), length: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ kind: fc.constant('line-breaks' as const), to: lineBreak }),
  fc.constant({ kind: 'nfd' as const }),
  fc.constant({ kind: 'bom' as const }),
  fc.constant({ kind: 'tabs' as const }),
);

/** Applies one mutation. Offsets are taken modulo the text's size, so any number is a place. */
export function mutate(text: string, m: Mutation): string {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  switch (m.kind) {
    case 'insert-line': {
      const at = m.at % (lines.length + 1);
      const before = lines[at - 1] ?? '';
      const eol = /\r\n|\r|\n/.exec(before)?.[0] ?? '\n';
      // A line without a break before the insertion point gets one, so the new line stands alone.
      if (at > 0 && !/[\r\n]$/.test(before)) lines[at - 1] = before + eol;
      lines.splice(at, 0, m.line + (at < lines.length ? eol : ''));
      return lines.join('');
    }
    case 'delete-lines':
      lines.splice(m.at % Math.max(1, lines.length), m.count);
      return lines.join('');
    case 'duplicate-lines': {
      const at = m.at % Math.max(1, lines.length);
      lines.splice(at, 0, ...lines.slice(at, at + m.count));
      return lines.join('');
    }
    case 'inject': {
      // Any UTF-16 offset: the snippet may land inside a surrogate pair or a CRLF on purpose.
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.snippet + text.slice(at);
    }
    case 'slice': {
      const from = m.from % (text.length + 1);
      return text.slice(from, from + m.length);
    }
    case 'line-breaks':
      return text.replace(/\r\n|\r|\n/g, m.to);
    case 'nfd':
      return text.normalize('NFD');
    case 'bom':
      return '\uFEFF' + text;
    case 'tabs':
      return text.replace(/^((?: {2})+)/gm, (spaces) => '\t'.repeat(spaces.length / 2));
  }
}

export interface MutatedFile {
  /** The corpus file (named for the failure report; `file` indexes the sample). */
  path: string;
  file: number;
  mutations: Mutation[];
}

/** A corpus file with 1..`maxMutations` mutations; its text is `mutatedText(files, value)`. */
export function mutatedCorpusFile(files: CorpusFile[], maxMutations = 6): fc.Arbitrary<MutatedFile> {
  return fc
    .record({ file: fc.nat({ max: files.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: maxMutations }) })
    .map(({ file, mutations }) => ({ path: files[file].path, file, mutations }));
}

/** The text of a mutated corpus file (kept out of the generated value so failures print short). */
export function mutatedText(files: CorpusFile[], value: MutatedFile): string {
  return value.mutations.reduce(mutate, files[value.file].text);
}

// ---------------------------------------------------------------------------------------------
// Hostile settings: glob patterns a workspace could carry to slow or break file matching.

/** `{a,{b,{c,…}}}` nested `depth` deep. */
export function nestedBraces(depth: number): string {
  let pattern = 'z';
  for (let i = depth - 1; i >= 0; i--) pattern = `{${String.fromCharCode(97 + (i % 26))},${pattern}}`;
  return pattern;
}

/** Pattern values the settings must refuse, each with what the refusal must say. */
export const REFUSED_PATTERNS: ReadonlyArray<{ name: string; value: unknown; reason: RegExp }> = [
  { name: 'braces nested 50 deep', value: nestedBraces(50), reason: /too many '\{…\}' groups/ },
  { name: "'**/' 50 times", value: '**/'.repeat(50) + '*.md', reason: /too many '\*\*'/ },
  { name: 'a 10 KB pattern', value: '**/' + 'x'.repeat(10_240) + '.md', reason: /longer than 300 characters/ },
  { name: "an unbalanced '['", value: 'notes/[abc.md', reason: /unbalanced brackets/ },
  { name: "an unbalanced '}'", value: 'notes/a}.md', reason: /unbalanced brackets/ },
  { name: 'a number', value: 42, reason: /non-empty string/ },
  { name: 'null', value: null, reason: /non-empty string/ },
  { name: 'an object', value: { glob: '**/*.md' }, reason: /non-empty string/ },
  { name: 'a nested list', value: ['**/*.md'], reason: /non-empty string/ },
  { name: 'an empty string', value: '  ', reason: /non-empty string/ },
];
