// Chapters (notes-format.md §3) named by headings and paths, and question-section headings (§4.4).
// Pure: no I/O; paths are plain strings with `/` separators, maybe percent-encoded or NFD.
//
// Ids: a chapter `"3"` or range `"1-3"` (a lettered chapter `"2a"`), an item `"item72"`, a part
// `"part1"`, a week `"week4"`. In one heading or path segment the finest unit wins
// (item > chapter > part > week); parts and weeks are used only where nothing else names the unit.
import { findMembers } from './members.ts';

export interface ChapterName {
  id: string;
  presenters: string[];
}

export type ChapterKind = 'chapter' | 'item' | 'part' | 'week';

/** A parsed chapter id: `"1-3"` → chapter 1..3, `"item72"` → item 72..72, `"2a"` → chapter 2, suffix a. */
export interface ChapterIdParts {
  kind: ChapterKind;
  start: number;
  end: number;
  suffix?: string;
}

interface Candidate {
  kind: ChapterKind;
  start: number;
  end: number;
  suffix?: string;
  /** Where in the text it was found (the first mention wins among equals). */
  index: number;
  /** A bare leading number in a path (`01-scale-from-zero…`): used only if nothing else names a unit. */
  weak?: boolean;
}

const RANK: Record<ChapterKind, number> = { item: 0, chapter: 1, part: 2, week: 3 };

// What may directly follow `N장`/`N부` in a unit name: not a letter of another word
// (`3장점` advantages, `1부터` from 1, `장애`), only a particle or a notes word.
const KO_TAIL = '(?=$|[^가-힣]|의|은|는|을|에|과|와|도|까지|부터|정리|요약|내용|발표|리뷰|복습|스터디|질문|후기|공부|노트|메모)';
const KO_PART_TAIL = '(?=$|[^가-힣]|의|은|는|을|에|정리|요약|내용|발표)';
const TILDE = '\\s*[~∼〜～\\-–]\\s*';

// Headings. Numbers are 1–3 digits not glued to a decimal (`9.1장`, `8.0부터`).
const H_CHAPTER_EN = /(?<![A-Za-z])(?:chapters?|chatper|chater|chap|ch)\s*[.:]?\s*(\d{1,3})([a-z])?(?![\da-z])(?:\s*(?:~|-|–|to)\s*(?:(?:chapters?|ch)\s*\.?\s*)?(\d{1,3})(?!\d))?/giu;
const H_CHAPTER_KO_RANGE = new RegExp(`(?<![\\d.])(\\d{1,3})\\s*장?${TILDE}(\\d{1,3})\\s*장${KO_TAIL}`, 'gu');
const H_CHAPTER_KO = new RegExp(`(?<![\\d.])(?:제\\s*)?(\\d{1,3})\\s*장${KO_TAIL}`, 'gu');
const H_CHAPTER_JA = /(?:第\s*(\d{1,3})\s*章|(?<![\d.])(\d{1,3})\s*章)/gu;
const H_ITEM = /(?<![A-Za-z])items?\s*[._]?\s*(\d{1,3})(?!\d)|아이템\s*[._]?\s*(\d{1,3})(?!\d)/giu;
const H_PART = new RegExp(`第\\s*(\\d{1,2})\\s*部|(?<![\\d.])(?:제\\s*)?(\\d{1,2})\\s*부${KO_PART_TAIL}`, 'gu');
// English `Part N` only opens a heading: `복제 part.2`, `검색(part 1)` are installments of a note.
const H_PART_EN = /^[^\p{L}\p{N}]*part\s*[._-]?\s*(\d{1,2})(?!\d)/iu;
const H_WEEK = /(?<![A-Za-z])weeks?\s*[._-]?\s*(\d{1,2})(?!\d)|(?<![\d.])(\d{1,2})\s*week(?![a-z])|(?<![\d.])(\d{1,2})\s*주차|第\s*(\d{1,2})\s*週/giu;
// `(10장 참고)`, `see Chapter 4`, `covered in Chapter 4`: a reference to another chapter.
const REFERENCE_AFTER = /^\s*(?:참고|참조|에서\s*(?:다룸|다룬|다룰|설명|자세히))/u;
const REFERENCE_BEFORE = /(?:\bsee|(?:covered|discussed|mentioned|explained|described)\s+in|참고|참조)\s*:?\s*$/iu;

// Paths (one decoded segment at a time).
const P_CHAPTER_EN = /(?<![A-Za-z])(?:chapters?|chap|ch)[\s._-]*(\d{1,3})((?:[.-]\d{1,3}(?!\d))*)(?:\s*[~〜～]\s*(?:ch)?(\d{1,3})?)?(?!\d)/giu;
const P_CHAPTER_KO = new RegExp(`(?<![\\d.])(\\d{1,3})\\s*장?(?:${TILDE}(\\d{1,3})\\s*)?장${KO_TAIL}`, 'gu');
const P_CHAPTER_JA = /(?:第\s*(\d{1,3})\s*章|(?<![\d.])(\d{1,3})\s*章)/gu;
const P_ITEM = /(?<![A-Za-z])items?[\s._-]*(\d{1,3})(?!\d)|아이템[\s._-]*(\d{1,3})(?!\d)/giu;
const P_PART = new RegExp(`(?<![A-Za-z])part[\\s._-]*(\\d{1,2})(?!\\d)|第\\s*(\\d{1,2})\\s*部|(?<![\\d.])(\\d{1,2})\\s*부${KO_PART_TAIL}`, 'giu');
const P_WEEK = /(?<![A-Za-z])weeks?[\s._-]*(\d{1,2})(?!\d)|(?<!\d)(\d{1,2})[\s._-]*weeks?(?![a-z])|^w(\d{1,2})(?=$|[\s._(-])|(\d{1,2})\s*주차|第\s*(\d{1,2})\s*週/giu;
// `01-scale-from-zero…`, `4-5`: a number that merely leads a folder or file name (weakest).
const P_LEADING_NUMBER = /^(\d{1,3})(?:\s*[~〜-]\s*(\d{1,3}))?(?=$|[\s._-]+[A-Za-z가-힣])/u;

const ID = /^(item|part|week)?(\d+)([a-z])?(?:-(\d+))?$/u;
const FULLWIDTH_DIGIT = /[０-９]/gu;
const HTML_TAG = /<[^>]*>/gu;
const EMPHASIS = /\*+|__|~~|`+/gu;
const EDGE_HASHES = /^\s*#+|#+\s*$/gu;
// Export ids glued to names: Notion `6장 키-값 저장소 설계 1fa914b7…`, `000_a2fd999622add595`.
const HEX_ID = /[\s_-][0-9a-f]{12,}$/iu;
// A unit is named near the start of a heading; the cap also bounds regex work on huge lines.
const MAX_HEADING = 300;

/** Chapter named by a heading's text (no leading `#`s; maybe emoji, `**`, trailing `@name`). */
export function chapterFromHeading(text: string): ChapterName | undefined {
  let clean = cleanText(text.slice(0, MAX_HEADING));
  const presenters: string[] = [];
  for (const m of findMembers(clean)) {
    if (m.kind !== 'mention') continue;
    presenters.push(m.name);
    clean = clean.slice(0, m.offset) + ' '.repeat(m.length) + clean.slice(m.offset + m.length);
  }
  const found: Candidate[] = [];
  collect(found, H_CHAPTER_EN, clean, (m) => chapter(m[1], m[3], m[2]));
  collect(found, H_CHAPTER_KO_RANGE, clean, (m) => chapter(m[1], m[2]));
  collect(found, H_CHAPTER_KO, clean, (m) => chapter(m[1]));
  collect(found, H_CHAPTER_JA, clean, (m) => chapter(m[1] ?? m[2]));
  collect(found, H_ITEM, clean, (m) => unit('item', m[1] ?? m[2]));
  collect(found, H_PART, clean, (m) => unit('part', m[1] ?? m[2]));
  collect(found, H_WEEK, clean, (m) => unit('week', m[1] ?? m[2] ?? m[3] ?? m[4]));
  const partEn = H_PART_EN.exec(clean);
  if (partEn) found.push({ ...unit('part', partEn[1]), index: 0 });
  const best = pick(found);
  return best ? { id: formatId(best), presenters } : undefined;
}

/** Chapter named by the nearest path segment that names one (file name first, then folders up).
 * A chapter or item anywhere up the path beats a nearer week, part or bare leading number
 * (`week01(ch02~03)/이호석_week01.md` → "2-3"); `segment` is the decoded segment it came from. */
export function chapterFromPath(path: string): { id: string; segment: string } | undefined {
  const segments = path.split('/').filter((s) => s.length > 0);
  let fallback: { id: string; segment: string } | undefined;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = decodeSegment(segments[i] ?? '');
    const name = i === segments.length - 1 ? segment.replace(/\.[A-Za-z0-9]{1,10}$/u, '') : segment;
    const best = fromPathSegment(name);
    if (!best) continue;
    // Items and chapters win from any depth; weeks, parts and weak numbers only as the nearest.
    if ((best.kind === 'item' || best.kind === 'chapter') && !best.weak) return { id: formatId(best), segment };
    fallback ??= { id: formatId(best), segment };
  }
  return fallback;
}

/** True when a heading opens a question section (§4.4): every list item under it is a question. */
export function isQuestionSectionHeading(text: string): boolean {
  if (text.length > MAX_HEADING) return false;
  const t = cleanText(text)
    .replace(/[\p{Extended_Pictographic}\uFE0F\u20E3]/gu, ' ')
    .replace(/^[\s\d.)\]【「『\-–*•:：|[(（]+/u, '') // list numbers, brackets
    .replace(/[\s.:：;；,!！…)\]】」』（(]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
  if (!t || MIXED_SECTION.test(t)) return false;
  return QUESTION_SECTIONS.some((re) => re.test(t));
}

// Mixed sections (`各自の疑問点や気づき、学んだこと`, `의문, 고민, 같이 이야기하고 싶은 부분`) hold notes
// as well as questions, so their items are not questions by position alone.
const MIXED_SECTION = /気づき|学んだ|学び|感想|고민|배운|느낀|이야기|takeaway|learn|objection|disagree|thought|comment/u;
const QUESTION_SECTIONS: readonly RegExp[] = [
  /^(?:.{0,15}\s)?(?:면접\s*)?(?:예상\s*)?질문(?:들|\s*(?:목록|리스트|사항|거리|모음))?(?:\s*(?:&|과|및)\s*답변?)?$/u,
  /^(?:.{0,10}\s)?궁금(?:해요|합니다|증|한\s*(?:것|점|내용|부분)들?|했던\s*(?:것|점|내용|부분)들?)$/u,
  // doyoung0205's member notes: the same items are the group's `궁금했던 내용들` (gold README).
  /^어려웠던\s*(?:내용|점|부분)들?$|^어려운\s*(?:점|부분)들?$/u,
  /^(?:.{0,8}\s)?토론(?:\s*(?:주제|거리|내용|사항))?$/u,
  /(?:疑問|質問)(?:点|事項)?(?:など|とか)?$|^(?:わから|分から)(?:なかった|ない)(?:こと|点|ところ)/u,
  /^q\s*&\s*a$|^q\s*and\s*a$/u,
  /^(?:(?:open|other|further|follow[- ]?up|possible|unanswered|remaining|my|our|group|some|more|additional|discussion)\s+)*(?:q's|qs|questions?)(?:\s+(?:and|&)\s+answers?|\s+unanswered|\s+for\s+(?:the\s+)?(?:group|discussion|everyone|us)|\s+to\s+discuss)?$/u,
  /^(?:(?:further|open|group)\s+)?discussion(?:\s+(?:questions|topics|points|items))?$/u,
  /^what\s+(?:questions?\s+(?:was|were|is|are|remain(?:ed)?)\s+(?:left\s+)?unanswered|was\s+a\s+question\s+that\s+you\s+saw\s+as\s+unanswered)/u,
];

/** Compare two chapter ids in book order: chapters (numerically, ranges by start, `2` < `2a` < `3`),
 * then items, parts, weeks; ids of no known form last, by text. */
export function compareChapterIds(a: string, b: string): number {
  const pa = parseChapterId(a);
  const pb = parseChapterId(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  const order = { chapter: 0, item: 1, part: 2, week: 3 } as const;
  return (
    order[pa.kind] - order[pb.kind] ||
    pa.start - pb.start ||
    pa.end - pb.end ||
    (pa.suffix ?? '').localeCompare(pb.suffix ?? '')
  );
}

/** Parse an id made by this module; undefined for anything else. */
export function parseChapterId(id: string): ChapterIdParts | undefined {
  const m = ID.exec(id);
  if (!m || m[2] === undefined) return undefined;
  const kind: ChapterKind = m[1] === 'item' || m[1] === 'part' || m[1] === 'week' ? m[1] : 'chapter';
  const start = Number(m[2]);
  const end = m[4] !== undefined ? Number(m[4]) : start;
  const parts: ChapterIdParts = { kind, start, end };
  if (m[3]) parts.suffix = m[3];
  return parts;
}

/** The chapter numbers a chapter id covers: `"1-3"` → [1, 3], `"2a"` → [2, 2]. Items, parts and
 * weeks are other numberings, so they give undefined (use `parseChapterId` for them). */
export function chapterRange(id: string): [number, number] | undefined {
  const p = parseChapterId(id);
  return p && p.kind === 'chapter' ? [p.start, p.end] : undefined;
}

function fromPathSegment(name: string): Candidate | undefined {
  const clean = cleanText(name.slice(0, MAX_HEADING)).replace(HEX_ID, '');
  const found: Candidate[] = [];
  collect(found, P_CHAPTER_EN, clean, (m) => pathChapter(m[1], m[2], m[3]));
  collect(found, P_CHAPTER_KO, clean, (m) => chapter(m[1], m[2]));
  collect(found, P_CHAPTER_JA, clean, (m) => chapter(m[1] ?? m[2]));
  collect(found, P_ITEM, clean, (m) => unit('item', m[1] ?? m[2]));
  collect(found, P_PART, clean, (m) => unit('part', m[1] ?? m[2] ?? m[3]));
  collect(found, P_WEEK, clean, (m) => unit('week', m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]));
  const best = pick(found);
  if (best) return best;
  // A leading number is weak: `06-system-design-interview` may be the book, not a chapter.
  // A bare `01` is a session or minutes number; `23-11-…`, `24-1_…` are dates or terms.
  const lead = P_LEADING_NUMBER.exec(clean);
  if (!lead || lead[1] === undefined) return undefined;
  if (lead[2] === undefined && /^\d+$/u.test(clean)) return undefined;
  if (lead[2] !== undefined && Number(lead[2]) <= Number(lead[1])) return undefined;
  const c = chapter(lead[1], lead[2]);
  return c ? { ...c, index: 0, weak: true } : undefined;
}

// `ch11.1~11.3` → 11; `ch09-4~10-1` → 9-10; `ch09-2` (section 9.2) → 9; `ch04-05` → 4-5.
function pathChapter(first?: string, sections?: string, last?: string): Omit<Candidate, 'index'> | undefined {
  if (last !== undefined) return chapter(first, last);
  const dash = /^-(\d{1,3})$/u.exec(sections ?? '');
  if (dash && first !== undefined && Number(dash[1]) > Number(first)) return chapter(first, dash[1]);
  return chapter(first);
}

function chapter(first?: string, last?: string, suffix?: string): Omit<Candidate, 'index'> | undefined {
  if (first === undefined) return undefined;
  const start = Number(first);
  const end = last !== undefined && Number(last) > start ? Number(last) : start;
  const c: Omit<Candidate, 'index'> = { kind: 'chapter', start, end };
  if (suffix && end === start) c.suffix = suffix.toLowerCase();
  return c;
}

function unit(kind: ChapterKind, n?: string): Omit<Candidate, 'index'> {
  const start = Number(n ?? Number.NaN);
  return { kind, start, end: start };
}

function collect(
  out: Candidate[],
  re: RegExp,
  text: string,
  make: (m: RegExpExecArray) => Omit<Candidate, 'index'> | undefined,
): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const c = make(m);
    if (!c || !Number.isFinite(c.start)) continue;
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m[0].length);
    if (REFERENCE_AFTER.test(after) || REFERENCE_BEFORE.test(before)) continue;
    out.push({ ...c, index: m.index });
  }
}

// Finest unit first; then the first mention, widened by consecutive ones (`Ch10 …, CH11 …`).
function pick(found: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of found) {
    if (!best || RANK[c.kind] < RANK[best.kind] || (c.kind === best.kind && c.index < best.index)) best = c;
  }
  if (!best || best.kind !== 'chapter') return best;
  const merged = { ...best };
  for (const c of [...found].sort((x, y) => x.index - y.index)) {
    if (c.kind === 'chapter' && c.index > best.index && c.start === merged.end + 1 && !c.suffix && !merged.suffix) {
      merged.end = c.end;
    }
  }
  return merged;
}

function formatId(c: Candidate): string {
  const prefix = c.kind === 'chapter' ? '' : c.kind;
  const range = c.end > c.start ? `${c.start}-${c.end}` : `${c.start}${c.suffix ?? ''}`;
  return prefix + range;
}

function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(FULLWIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(HTML_TAG, ' ')
    .replace(EMPHASIS, ' ')
    .replace(EDGE_HASHES, ' ');
}

function decodeSegment(segment: string): string {
  let s = segment;
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      // Not valid percent-encoding: a literal `%` in the name.
    }
  }
  return s.normalize('NFC');
}
