// Generates a reading-notes workspace of N files in the conventions of docs/notes-format.md:
// books of chapter (or week) folders with one file per member; chapter summaries with
// numbered sections, lists, code fences, tables and links; seed-002 style question lists
// (`- p.N …` / `  > **…? @member**` / `  ***` / answer or nothing); seed-000 style quotes
// (`> <strong><i>pN. …</i></strong>` + `- '이름' : …`); page-reference look-alikes.
// Sizes follow the corpus (median ~4 KB, 90th percentile ~17 KB) plus a few 500 KB notes.
// Deterministic: the same (count, seed) always writes the same bytes.
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { CODE_SNIPPETS, VOCABULARY, type Lang, type Vocabulary } from './text.ts';
import { seededRandom } from '../test/support/random.ts';

export interface Manifest {
  count: number;
  seed: number;
  root: string;
  /** Paths relative to root, `/`-separated, in generation order. */
  files: string[];
  totalBytes: number;
  /** The 500 KB notes; the first one is edited by the edit → diagnostics test. */
  bigNotes: string[];
  sizes: { median: number; p90: number; max: number };
}

const BIG_NOTE_BYTES = 500 * 1024;
/** Target median before blocks overshoot their target (calibrated so the written median is ~4 KB). */
const MEDIAN_TARGET = 3200;

class Writer {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.random();
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

interface Book {
  index: number;
  lang: Lang;
  title: string;
  folder: string;
  members: string[];
  layout: 'ch' | 'week' | 'named';
  chapters: number;
}

interface FilePlan {
  relative: string;
  book: Book;
  chapter: number;
  member: string;
  kind: 'summary' | 'qa' | 'quotes' | 'readme';
  targetBytes: number;
}

interface Ctx {
  w: Writer;
  v: Vocabulary;
  lang: Lang;
  chapter: number;
  firstPage: number;
  member: string;
  book: Book;
  /** Other files of the same book, relative to this file's folder, for links. */
  siblings: string[];
}

/** Korean particles after a word: 은/는, 을/를, 이/가, 과/와, 으로/로 depend on its last syllable. */
const PARTICLES: Record<string, [string, string]> = { 는: ['은', '는'], 를: ['을', '를'], 가: ['이', '가'], 와: ['과', '와'], 로: ['으로', '로'] };

function particle(word: string, written: string): string {
  const pair = PARTICLES[written];
  if (!pair) return written;
  const code = word.charCodeAt(word.length - 1) - 0xac00;
  if (code < 0 || code > 11171) return pair[1];
  const coda = code % 28;
  if (written === '로' && coda === 8) return '로'; // ㄹ takes 로
  return coda === 0 ? pair[1] : pair[0];
}

function fill(ctx: Ctx, template: string, extra: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}(는|를|가|와|로)?/g, (_, key: string, written?: string) => {
    const word = slot(ctx, key, extra);
    return written ? word + particle(word, written) : word;
  });
}

function slot(ctx: Ctx, key: string, extra: Record<string, string>): string {
  const { w, v } = ctx;
  {
    if (key in extra) return extra[key];
    switch (key) {
      case 't':
        return w.pick(v.terms);
      case 'u':
        return w.pick(v.terms);
      case 'n':
        return String(page(ctx));
      case 'k':
        return String(w.int(2, 9));
      case 'c':
        return String(ctx.chapter);
      case 'title':
        return w.pick(v.terms);
      default:
        return key;
    }
  }
}

/** A page of the chapter being read (about 25 pages a chapter). */
function page(ctx: Ctx): number {
  return ctx.firstPage + ctx.w.int(0, 24);
}

function sentence(ctx: Ctx): string {
  if (ctx.w.chance(0.08)) return fill(ctx, ctx.w.pick(ctx.v.lookalikes));
  return fill(ctx, ctx.w.pick(ctx.v.sentences));
}

function paragraph(ctx: Ctx): string[] {
  const parts: string[] = [];
  const n = ctx.w.int(2, 5);
  for (let i = 0; i < n; i++) parts.push(sentence(ctx));
  return [parts.join(ctx.lang === 'ja' ? '' : ' '), ''];
}

/** A page reference in one of the forms real notes use. */
function pageRef(ctx: Ctx): string {
  const n = page(ctx);
  switch (ctx.w.int(0, 7)) {
    case 0:
      return `p.${n}`;
    case 1:
      return `(p.${n})`;
    case 2:
      return `p${n}`;
    case 3:
      return `${n}p`;
    case 4:
      return `p.${n}-${n + 1}`;
    case 5:
      return ctx.lang === 'ko' ? `${n}쪽` : `p. ${n}`;
    case 6:
      return `p.${n}, p.${n + 2}`;
    default:
      return `(${n}p)`;
  }
}

function bullets(ctx: Ctx): string[] {
  const lines: string[] = [];
  const n = ctx.w.int(3, 8);
  const marker = ctx.w.chance(0.8) ? '-' : '*';
  for (let i = 0; i < n; i++) {
    const ref = ctx.w.chance(0.2) ? ` ${pageRef(ctx)}` : '';
    lines.push(`${marker} ${sentence(ctx)}${ref}`);
    if (ctx.w.chance(0.3)) lines.push(`  ${marker} ${sentence(ctx)}`);
  }
  lines.push('');
  return lines;
}

function numbered(ctx: Ctx): string[] {
  const lines: string[] = [];
  const n = ctx.w.int(3, 6);
  const same = ctx.w.chance(0.3); // `1. 1. 1.` numbering
  for (let i = 0; i < n; i++) lines.push(`${same ? 1 : i + 1}. ${fill(ctx, '{t}')}: ${sentence(ctx)}`);
  lines.push('');
  return lines;
}

function codeFence(ctx: Ctx): string[] {
  const snippet = ctx.w.pick(CODE_SNIPPETS);
  return ['```' + snippet.lang, ...snippet.lines, '```', ''];
}

function table(ctx: Ctx): string[] {
  const [a, b, c] = ctx.v.tableHeader;
  const lines = [`| ${a} | ${b} | ${c} |`, '| --- | --- | --- |'];
  const rows = ctx.w.int(2, 4);
  for (let i = 0; i < rows; i++) lines.push(`| ${fill(ctx, '{t}')} | ${sentence(ctx)} | ${sentence(ctx)} |`);
  lines.push('');
  return lines;
}

function links(ctx: Ctx): string[] {
  const lines: string[] = [];
  if (ctx.siblings.length > 0) {
    const target = ctx.w.pick(ctx.siblings);
    lines.push(`- [${ctx.w.pick(ctx.v.linkLabels)}](${ctx.w.chance(0.5) ? encodeURI(target) : target})`);
  }
  lines.push(`- [${ctx.v.summaryHeading}](#${ctx.v.summaryHeading})`);
  if (ctx.w.chance(0.5)) lines.push(`- ![그림 ${ctx.chapter}-${ctx.w.int(1, 9)}](./images/figure${ctx.chapter}-${ctx.w.int(1, 9)}.png)`); // missing file: a link diagnostic
  if (ctx.w.chance(0.3)) lines.push(`- [${fill(ctx, '{t}')}](https://example.com/notes/${ctx.w.int(1, 999)})`);
  lines.push('');
  return lines;
}

/** One question item of a question section, answered or not. */
function questionItem(ctx: Ctx): string[] {
  const { w, v } = ctx;
  const asked = w.pick(v.members);
  const answered = w.chance(0.55);
  const answer = () => fill(ctx, w.pick(v.answers));
  switch (w.int(0, 4)) {
    case 0:
    case 1: {
      // seed 002: passage with page, bold question to someone, separator, answer part.
      const lines = [`- ${pageRef(ctx)} ${sentence(ctx)}`, `  > **${fill(ctx, w.pick(v.questions))} @${asked}**`, '  ***'];
      if (answered) {
        lines.push(`  - ${answer()}`);
        if (w.chance(0.5)) lines.push(`  ${answer()}`);
      }
      return lines;
    }
    case 2: {
      const lines = [`- ${pageRef(ctx)} ${fill(ctx, w.pick(v.questions))} - ${ctx.member}`];
      if (answered) lines.push(`  - ${answer()}`);
      return lines;
    }
    case 3: {
      const lines = [`- ${page(ctx)}p) ${fill(ctx, w.pick(v.questions))} (${ctx.member})`];
      if (answered) lines.push(`  → ${answer()}`);
      return lines;
    }
    default: {
      const lines = [`- ${fill(ctx, w.pick(v.questions))}`];
      if (answered) lines.push(`  - ${answer()}`, `  - ${answer()}`);
      return lines;
    }
  }
}

function questionSection(ctx: Ctx, level: string): string[] {
  const lines = [`${level} ${ctx.w.pick(ctx.v.questionHeadings)}`, ''];
  const n = ctx.w.int(2, 6);
  for (let i = 0; i < n; i++) lines.push(...questionItem(ctx));
  lines.push('');
  return lines;
}

/** seed 000: a quoted passage with its page, then members' comments. */
function quoteEntry(ctx: Ctx): string[] {
  const { w, v } = ctx;
  const lines = [`> <strong><i>p${page(ctx)}. ${sentence(ctx)} ${sentence(ctx)}</i></strong>`, '', `- '${ctx.member}' : ${sentence(ctx)} ${w.chance(0.3) ? fill(ctx, w.pick(v.questions)) : sentence(ctx)}`];
  if (w.chance(0.3)) lines.push(`  - '${w.pick(v.members)}' : ${fill(ctx, w.pick(v.answers))}`);
  lines.push('');
  return lines;
}

/** Appends blocks from `more()` until the text reaches `target` bytes. */
function grow(lines: string[], bytes: { n: number }, target: number, more: () => string[]): void {
  while (bytes.n < target) {
    for (const line of more()) {
      lines.push(line);
      bytes.n += Buffer.byteLength(line, 'utf8') + 1;
    }
  }
}

function push(lines: string[], bytes: { n: number }, block: string[]): void {
  for (const line of block) {
    lines.push(line);
    bytes.n += Buffer.byteLength(line, 'utf8') + 1;
  }
}

function summaryNote(ctx: Ctx, target: number): string[] {
  const { w, v } = ctx;
  const lines: string[] = [];
  const bytes = { n: 0 };
  if (w.chance(0.8)) push(lines, bytes, [`# ${fill(ctx, w.pick(v.chapterHeadings))}`, '']);
  else if (w.chance(0.5)) push(lines, bytes, [`# ${ctx.book.title} - ${ctx.member}`, '']);
  if (w.chance(0.3)) push(lines, bytes, [`> ${ctx.lang === 'ko' ? '읽은 범위' : ctx.lang === 'ja' ? '範囲' : 'Read'}: p.${ctx.firstPage} ~ p.${ctx.firstPage + 24}`, '']);
  let section = 0;
  const questionsAtEnd = w.chance(0.7);
  const reserve = questionsAtEnd ? 900 : 0;
  grow(lines, bytes, Math.max(target - reserve, 200), () => {
    section++;
    const block = [`## ${ctx.chapter}.${section} ${fill(ctx, w.pick(v.sectionTitles))}`, ''];
    const parts = w.int(2, 5);
    for (let i = 0; i < parts; i++) {
      const r = w.random();
      if (r < 0.35) block.push(...paragraph(ctx));
      else if (r < 0.65) block.push(...bullets(ctx));
      else if (r < 0.72) block.push(...numbered(ctx));
      else if (r < 0.8) block.push(...codeFence(ctx));
      else if (r < 0.86) block.push(...table(ctx));
      else if (r < 0.92) block.push(...links(ctx));
      else block.push(`### ${ctx.chapter}.${section}.${i + 1} ${fill(ctx, w.pick(v.sectionTitles))}`, '', ...paragraph(ctx));
    }
    // Long notes carry questions along the way too.
    if (target > 40_000 && w.chance(0.3)) block.push(...questionSection(ctx, '###'));
    return block;
  });
  push(lines, bytes, [`## ${v.summaryHeading}`, '', ...numbered(ctx)]);
  if (questionsAtEnd) push(lines, bytes, questionSection(ctx, '##'));
  return lines;
}

function qaNote(ctx: Ctx, target: number): string[] {
  const { w, v } = ctx;
  const lines: string[] = [];
  const bytes = { n: 0 };
  const last = ctx.chapter + w.int(0, 2);
  const presenters = [w.pick(v.members), w.pick(v.members)];
  push(lines, bytes, [
    `# ${ctx.book.title.split(' ')[0]} ${ctx.chapter}~${last}${ctx.lang === 'ko' ? '장' : ''}`,
    '',
    `${ctx.lang === 'ko' ? '발표자' : 'presenters'}: ${presenters.join(', ')}`,
    `${ctx.lang === 'ko' ? '생성 일시' : 'created'}: 2023년 ${w.int(1, 12)}월 ${w.int(1, 28)}일 오후 ${w.int(1, 11)}:${String(w.int(0, 59)).padStart(2, '0')}`,
    `${ctx.lang === 'ko' ? '태그' : 'tags'}: ${ctx.lang === 'ko' ? '질문' : 'questions'}`,
    '',
    `## ${v.questionHeadings[0]}`,
    '',
  ]);
  let chapter = ctx.chapter;
  grow(lines, bytes, target, () => {
    const block = [`### ${chapter}${ctx.lang === 'ko' ? '장' : ''} @${w.pick(presenters)}`, ''];
    const n = w.int(3, 7);
    for (let i = 0; i < n; i++) block.push(...questionItem(ctx));
    block.push('');
    if (chapter < last) chapter++;
    return block;
  });
  return lines;
}

function quotesNote(ctx: Ctx, target: number): string[] {
  const { w } = ctx;
  const lines: string[] = [];
  const bytes = { n: 0 };
  const heading = ctx.lang === 'ko' ? `${ctx.chapter}장` : `Chapter ${ctx.chapter}`;
  const anchor = heading.toLowerCase().replace(/ /g, '-');
  push(lines, bytes, [`# 📖 ${ctx.book.title} - ${ctx.member}`, '', '## 📝 목차', `- [${heading}](#${anchor})`, '', '---', '', `## ${heading}`]);
  grow(lines, bytes, Math.max(target - 300, 100), () => quoteEntry(ctx));
  push(lines, bytes, ['### ✅ 요약', ...numbered(ctx)]);
  if (w.chance(0.2)) push(lines, bytes, questionSection(ctx, '##'));
  return lines;
}

function readmeNote(ctx: Ctx, target: number): string[] {
  const lines: string[] = [];
  const bytes = { n: 0 };
  push(lines, bytes, [`# ${fill(ctx, ctx.v.chapterHeadings[0])}`, '', `- ${ctx.lang === 'ko' ? '발표' : 'presenter'}: ${ctx.member}`, '']);
  push(lines, bytes, links(ctx));
  grow(lines, bytes, target, () => [...paragraph(ctx), ...bullets(ctx)]);
  return lines;
}

function chapterFolder(book: Book, chapter: number): string {
  const nn = String(chapter).padStart(2, '0');
  switch (book.layout) {
    case 'week': {
      const week = Math.ceil(chapter / 2);
      const a = week * 2 - 1;
      return `week${String(week).padStart(2, '0')}(ch${String(a).padStart(2, '0')}~${String(a + 1).padStart(2, '0')})`;
    }
    case 'named':
      return book.lang === 'ko' ? `${nn}장_${VOCABULARY.ko.terms[(chapter * 7 + book.index) % VOCABULARY.ko.terms.length].replace(/ /g, '_')}` : `chapter${chapter}`;
    default:
      return `ch${nn}`;
  }
}

function planFiles(count: number, w: Writer): FilePlan[] {
  const plans: FilePlan[] = [];
  const taken = new Set<string>();
  for (let b = 0; plans.length < count; b++) {
    const r = w.random();
    const lang: Lang = r < 0.7 ? 'ko' : r < 0.85 ? 'ja' : 'en';
    const v = VOCABULARY[lang];
    const title = w.pick(v.books);
    const members = [...v.members].sort(() => w.random() - 0.5).slice(0, w.int(4, Math.min(7, v.members.length)));
    const book: Book = {
      index: b,
      lang,
      title,
      folder: `${String(b + 1).padStart(3, '0')}-${title.replace(/[ /]/g, '-')}`,
      members,
      layout: w.chance(0.6) ? 'ch' : w.chance(0.5) ? 'week' : 'named',
      chapters: w.int(8, 16),
    };
    for (let c = 1; c <= book.chapters && plans.length < count; c++) {
      const folder = `${book.folder}/${chapterFolder(book, c)}`;
      const readme = `${folder}/README.md`;
      if (w.chance(0.25) && plans.length < count && !taken.has(readme)) {
        taken.add(readme);
        plans.push({ relative: readme, book, chapter: c, member: w.pick(members), kind: 'readme', targetBytes: 0 });
      }
      for (const member of members) {
        if (plans.length >= count) break;
        const file = `${folder}/${member.replace(/ /g, '_')}.md`;
        if (taken.has(file)) continue;
        taken.add(file);
        const k = w.random();
        const kind = lang === 'ko' ? (k < 0.55 ? 'summary' : k < 0.8 ? 'qa' : 'quotes') : k < 0.7 ? 'summary' : 'qa';
        plans.push({ relative: file, book, chapter: c, member, kind, targetBytes: 0 });
      }
    }
  }
  // Log-normal sizes, calibrated so written files have median ~4 KB and 90th percentile ~17 KB (the corpus), capped like it.
  const sigma = Math.log(5.0) / 1.2816;
  for (const plan of plans) {
    plan.targetBytes = Math.round(Math.min(80_000, Math.max(700, MEDIAN_TARGET * Math.exp(sigma * w.normal()))));
  }
  // A few 500 KB notes (one per 1,000 files, at least one): archives of a whole book.
  const big = Math.max(1, Math.round(count / 1000));
  for (let i = 0; i < big; i++) {
    let at = Math.min(plans.length - 1, Math.floor(((i + 0.5) * plans.length) / big));
    while (at > 0 && plans[at].kind === 'readme') at--;
    const plan = plans[at];
    plan.kind = 'summary';
    plan.targetBytes = BIG_NOTE_BYTES;
  }
  return plans;
}

export function generateWorkspace(root: string, count: number, seed = 1): Manifest {
  const w = new Writer(seededRandom(seed * 1_000_003 + count));
  const plans = planFiles(count, w);
  if (new Set(plans.map((p) => p.relative)).size !== plans.length) throw new Error('generator planned the same path twice');
  fs.rmSync(root, { recursive: true, force: true });
  const byBook = new Map<Book, FilePlan[]>();
  for (const plan of plans) byBook.set(plan.book, [...(byBook.get(plan.book) ?? []), plan]);
  const sizes: number[] = [];
  for (const plan of plans) {
    const dir = path.posix.dirname(plan.relative);
    const siblings = (byBook.get(plan.book) ?? [])
      .filter((p) => p !== plan && Math.abs(p.chapter - plan.chapter) <= 1)
      .map((p) => path.posix.relative(dir, p.relative));
    const ctx: Ctx = {
      w,
      v: VOCABULARY[plan.book.lang],
      lang: plan.book.lang,
      chapter: plan.chapter,
      firstPage: 1 + (plan.chapter - 1) * 25,
      member: plan.member,
      book: plan.book,
      siblings: siblings.slice(0, 6),
    };
    const lines =
      plan.kind === 'qa'
        ? qaNote(ctx, plan.targetBytes)
        : plan.kind === 'quotes'
          ? quotesNote(ctx, plan.targetBytes)
          : plan.kind === 'readme'
            ? readmeNote(ctx, Math.min(plan.targetBytes, 3000))
            : summaryNote(ctx, plan.targetBytes);
    const eol = w.chance(0.03) ? '\r\n' : '\n';
    let text = lines.join(eol);
    if (w.chance(0.66)) text += eol;
    const file = path.join(root, plan.relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    sizes.push(Buffer.byteLength(text, 'utf8'));
  }
  const sorted = [...sizes].sort((a, b) => a - b);
  const manifest: Manifest = {
    count: plans.length,
    seed,
    root,
    files: plans.map((p) => p.relative),
    totalBytes: sizes.reduce((a, b) => a + b, 0),
    bigNotes: plans.filter((p) => p.targetBytes === BIG_NOTE_BYTES).map((p) => p.relative),
    sizes: { median: sorted[Math.floor(sorted.length / 2)], p90: sorted[Math.floor(sorted.length * 0.9)], max: sorted[sorted.length - 1] },
  };
  fs.writeFileSync(path.join(root, '..', `manifest-${count}.json`), JSON.stringify({ ...manifest, files: undefined }, null, 2));
  return manifest;
}

/**
 * Whether the files are as they were generated (none missing, none written after the stamp, the
 * same bytes in all): a workspace edited by hand or by a scratch experiment would skew every
 * figure measured on it, and reuse would not notice.
 */
function unchangedSince(root: string, manifest: Manifest, stampMtimeMs: number): boolean {
  let bytes = 0;
  for (const relative of manifest.files) {
    const stat = fs.statSync(path.join(root, relative), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > stampMtimeMs) return false;
    bytes += stat.size;
  }
  return bytes === manifest.totalBytes;
}

/** Reuses a workspace generated earlier with the same count and seed (generation is deterministic). */
export function ensureWorkspace(root: string, count: number, seed = 1): Manifest {
  const stamp = path.join(root, '..', `stamp-${count}.json`);
  // The generator's own source is part of the key: change a template, get new workspaces.
  const hash = createHash('sha1');
  for (const file of ['generate.ts', 'text.ts']) hash.update(fs.readFileSync(path.join(__dirname, file)));
  const version = hash.digest('hex');
  try {
    const saved = JSON.parse(fs.readFileSync(stamp, 'utf8')) as Manifest & { version: string };
    if (saved.version === version && saved.seed === seed && saved.count === count && unchangedSince(root, saved, fs.statSync(stamp).mtimeMs)) return saved;
  } catch {
    // generate below
  }
  const manifest = generateWorkspace(root, count, seed);
  fs.writeFileSync(stamp, JSON.stringify({ ...manifest, version }));
  return manifest;
}
