// Page references of the book in one line of prose (notes-format.md §2).
//
// The caller has already blanked code spans, fenced code, URLs, link destinations and HTML tags.
// Look-alikes (`p95`, partition `p2022`, `1P` bytes, `400페이지 / 초`) are as common as real
// references, so this recognises a closed grammar and prefers missing a reference to inventing one.
// Pure: no `vscode`, no `node:*`. All regexes are built once; the exec loops reset `lastIndex`.

export interface FoundPageRef {
  /** UTF-16 offset in the line where the reference text starts. */
  offset: number;
  /** Length of the reference text (`p.356-7` → 7; for `(130p)` only `130p`). */
  length: number;
  /** First page. */
  start: number;
  /** Last page (= start for a single page). */
  end: number;
  /** The text as written: `line.slice(offset, offset + length)`. */
  text: string;
  /** Sub-location kept as written: `L5` in `（p9/L5）`, `위에서 2번째 문단` in `p.233 위에서 2번째 문단`. */
  qualifier?: string;
}

export interface MalformedPageRef {
  offset: number;
  length: number;
  text: string;
  /** In English, e.g. `range ends before it starts (p.45-12)`. */
  reason: string;
}

export type PageRefStyle = 'p.N' | 'pN' | 'Np';

/** Books are rarely longer than this; larger numbers are years, partitions or counts. */
const MAX_PAGE = 2000;

/** Cheap pre-check: a digit and some page marker must both occur. */
const HAS_DIGIT = /\d/;
const HAS_MARKER = /[pP쪽頁]|페이지|ページ/;

/**
 * Marker first: `p.45`, `P. 45`, `pp. 45-50`, `p45`, `P114`, `p 513`, `page 86`, `pages 45–50`,
 * with an optional range tail: `-7`, `-p.50`, `~p.9`, ` ~p.275`, ` to 50`.
 * A marker glued to its number without a dot is only accepted after the context checks below.
 */
const MARKER_REF =
  /(?<mk>[Pp]ages?|PAGES?|pp|PP|[pP])(?<sep>[.．] ?| ?)(?<a>\d{1,5})(?:(?<rsep>[-–—]|\s?[~〜～]\s?|\s[-–—]\s|\s(?:to|through)\s)(?<rmk>(?:pp|PP|[pP])[.．]? ?)?(?<b>\d{1,5}))?/g;

/**
 * Number first: `130p`, `431P`, `301pg`, `200page`, `23쪽`, `37페이지`, `51ページ`, and ranges
 * `114 ~ 117P`, `254 ~ 256page`. A bare `p`/`P` must be glued to the number and not followed by a
 * letter or digit (`1PB`); counts, units and file names (`720p.mp4`) are rejected afterwards.
 */
const NUMBER_REF =
  /(?<a>\d{1,5})(?:(?<rsep>\s?[-–—~〜～]\s?)(?<b>\d{1,5}))?(?<sp>\s?)(?<unit>[Pp]ages?|PAGES?|pg|페이지|쪽|ページ|頁|[pP](?![A-Za-z0-9]))/g;

/** Characters that make a `p` part of a word, path, URL, identifier or expression (`mp3`, `/p12`, `?p=3`). */
const WORD_BEFORE_MARKER = /[A-Za-z0-9_.\/\\@#$%&=?+^]/;
/** Characters that make a number part of a word, identifier, exponent or path (`5cb5405p`, `_720p`, `@60p`). */
const WORD_BEFORE_NUMBER = /[A-Za-z0-9_@#$%&=^\\\/]/;
/**
 * After the page number: no letters/digits of an identifier (`p2p`, `p1l`, `p1d4h`), no decimal or
 * file name (`p99.9`, `p5.js`), no `p1,2`. After a strong marker `p.45,46` still gives p.45.
 */
const BAD_AFTER_NUMBER = /^(?:[A-Za-z0-9_]|[.,]\d|\.[A-Za-z])/;
const BAD_AFTER_STRONG = /^(?:[A-Za-z0-9_]|\.\d|\.[A-Za-z])/;

/**
 * Lines about partitions or latency percentiles: a dotless `pN` there is a partition name or a
 * percentile (`p3파티션`, `p2, P3`, `상위 백분위(p99, p999)`), never a page.
 */
const VARIABLE_CONTEXT =
  /partition|파티션|パーティション|percentile|백분위|분위|latency|레이턴시|지연\s?시간|응답\s?시간|response\s?time|median|중앙값|중위값/i;
/** Typical percentiles; as dotless `pN` they are pages only when glued to kana (`p99の例は`). */
const PERCENTILES = new Set([50, 75, 90, 95, 99, 999]);
const KANA_CHAR = /[\u3040-\u30ff]/;
/** Another dotless p-token just before/after: a list of variables or percentiles (`p1, p2`, `p95 p99`, `p0 ~ p4`). */
const P_TOKEN_BEFORE = /[pP]\d+[ \t]*(?:[,~、・][ \t]*|[ \t](?:and|or|vs\.?)[ \t]+)?$/;
const P_TOKEN_AFTER = /^[ \t]*(?:[,~、・][ \t]*|(?:and|or|vs\.?)[ \t]+)?[pP]\d/;
/** Operators around a dotless token: `p1 = …`, `x = p3`, `p1 + p2`, `p1/2`. */
const OPERATOR_AFTER = /^\s*(?:[=<>+*^%&]|-\s*[>\d]|\/\s*\d)/;
// (Not `>`, `*`, `|`: blockquote, emphasis and table cells: `> **p12.`, `| p45 |`.)
const OPERATOR_BEFORE = /[=<+^%&]\s*$/;

/**
 * Page counts, rates and result pages, not references: `30페이지분량`, `400페이지 / 초`, `100페이지 정도`,
 * `1인당 10~15페이지`, `30ページほど`, `2페이지 조회`.
 */
// (`해당 23쪽`, `요약 23쪽` are references: the count words must start a word.)
const COUNT_BEFORE =
  /(?:(?:^|[^가-힣])(?:약|대략|총|하루|매일|매주)|(?:인|명|사람|일|주)당|\b(?:about|approx\.?|approximately|around|over|only)|[~〜～])\s*$/i;
const COUNT_AFTER =
  /^\s*(?:\/|per\b|씩|분량|정도|가량|내외|남짓|이상(?![한하해])|이하|미만|넘[게는]|짜리|밖에|압축|캐시|단위|크기|폴트|fault|cache|long\b|book\b|[을를]?\s?(?:조회|이동|요청|로딩)|로\s?이동|ほど|くらい|ぐらい|程度|分|数)/i;
/** Lines about paged queries: `page 2`, `3페이지` there are result pages (`PageRequest.of(0, 10)` → page 0). */
const PAGING_CONTEXT = /pageable|pagination|paging|페이징|페이지네이션|PageRequest|게시판/i;
/** `1P` after `=` or before a byte unit is a petabyte. */
const PETA_BEFORE = /[=≈]\s*$/;
const PETA_AFTER = /^\s?(?:바이트|bytes?\b|B\b|플롭스|flops\b)/i;
/** Video resolutions: `720p`, `1080P` are taken for resolutions in the bare `Np` form. */
const RESOLUTIONS = new Set([480, 720, 1080, 1440, 2160]);

/**
 * Sub-location after a reference: `/L5`, `위에서 2번째 문단`, `맨아래 3줄`, `마지막 줄들`, `그림3-1`,
 * `下部`, `太字`, `の注釈22`, `line 5`. Group `q` is the qualifier as written.
 */
const QUALIFIER = new RegExp(
  String.raw`(?:\/\s?(?<sq>[Ll]\d+|\d+\s?(?:행|줄|行目?)|line\s?\d+)|[ \t\u3000]?の?(?<q>` +
    [
      String.raw`(?:맨\s?)?(?:위|아래|밑)(?:에서|부터)?\s?\d+\s?(?:번째|째)?\s?(?:문단|단락|줄들?|행|라인|문장)`,
      String.raw`(?:맨\s?)?(?:위|아래|밑|상단|하단|중간|마지막|첫|첫\s?번째)\s?(?:문단|단락|줄들?|행|라인|문장|부분)`,
      String.raw`\d+\s?(?:번째|째)\s?(?:문단|단락|줄|행|라인|문장)`,
      // (no counters: `p.5 표 3개` is three tables, not table 3)
      String.raw`(?:각주|주석|그림|표|코드|예제)\s?\d+(?:[-.]\d+)*(?![\d개가번장])`,
      String.raw`상단|하단`,
      String.raw`(?:注釈|脚注|注|図|表|リスト|コラム)\s?\d+(?:[-.]\d+)*`,
      String.raw`下部|上部|中段|冒頭|末尾|太字|欄外|\d+行目`,
      String.raw`(?:line|para(?:graph)?|footnote|fig(?:ure)?\.?|table)\s?\d+`,
    ].join('|') +
    '))',
  'y',
);

/** Words that join two references into one range: `p.42 「…」 から p.53`, `p.45부터 p.50까지`. */
const FROM_JA = /から\s*$/;
const FROM_KO = /(?:부터|에서)\s*$/;
const UNTIL_KO = /^\s*까지/;

/** The line, with whole-line context tests computed at most once per call (lines can be long). */
class LineContext {
  readonly line: string;
  private variable: boolean | undefined;
  private paging: boolean | undefined;
  constructor(line: string) {
    this.line = line;
  }
  get isVariableContext(): boolean {
    return (this.variable ??= VARIABLE_CONTEXT.test(this.line));
  }
  get isPagingContext(): boolean {
    return (this.paging ??= PAGING_CONTEXT.test(this.line));
  }
}

interface Candidate {
  offset: number;
  length: number;
  start: number;
  end: number;
  /**
   * Written with a `p.`/`pp.` marker, which nothing but pages uses: an impossible number there is a
   * typo worth reporting. Elsewhere (`page 0` of a paged query, `p0`, `3000페이지`) it is just not a page.
   */
  reportable: boolean;
}

export function findPageRefs(line: string): { refs: FoundPageRef[]; malformed: MalformedPageRef[] } {
  const refs: FoundPageRef[] = [];
  const malformed: MalformedPageRef[] = [];
  if (!HAS_DIGIT.test(line) || !HAS_MARKER.test(line)) return { refs, malformed };

  const found: Candidate[] = [];
  const report = (c: Candidate, reason: string) => {
    const text = line.slice(c.offset, c.offset + c.length);
    malformed.push({ offset: c.offset, length: c.length, text, reason: `${reason} (${text})` });
  };
  const accept = (c: Candidate | undefined) => {
    if (!c) return;
    if (c.start === 0) return c.reportable ? report(c, 'there is no page 0') : undefined;
    if (c.end < c.start) return c.reportable ? report(c, 'range ends before it starts') : undefined;
    if (c.end > MAX_PAGE) return c.reportable ? report(c, `page number beyond ${MAX_PAGE}`) : undefined;
    found.push(c);
  };

  const ctx = new LineContext(line);
  MARKER_REF.lastIndex = 0;
  for (let m = MARKER_REF.exec(line); m; m = MARKER_REF.exec(line)) {
    accept(markerCandidate(ctx, m));
  }
  // Number-first matches inside a marker-first one (`p.45 p`, `p.2~9p`) are not new references.
  // Both passes run left to right, so one cursor over the (ordered) marker spans suffices.
  const covered = [...found, ...malformed].sort((x, y) => x.offset - y.offset);
  let k = 0;
  NUMBER_REF.lastIndex = 0;
  for (let m = NUMBER_REF.exec(line); m; m = NUMBER_REF.exec(line)) {
    const from = m.index;
    const to = from + m[0].length;
    while (k < covered.length && covered[k]!.offset + covered[k]!.length <= from) k++;
    if (k < covered.length && covered[k]!.offset < to) continue;
    accept(numberCandidate(ctx, m));
  }

  found.sort((x, y) => x.offset - y.offset);
  for (const c of mergeWordRanges(line, found)) {
    const ref: FoundPageRef = {
      offset: c.offset,
      length: c.length,
      start: c.start,
      end: c.end,
      text: line.slice(c.offset, c.offset + c.length),
    };
    QUALIFIER.lastIndex = c.offset + c.length;
    const q = QUALIFIER.exec(line);
    const qualifier = q?.groups?.sq ?? q?.groups?.q;
    if (qualifier) ref.qualifier = qualifier;
    refs.push(ref);
  }
  return { refs, malformed };
}

/** `p.45`, `p9`, `page 86`, `pp. 45-50`… or undefined when the match is a look-alike. */
function markerCandidate(ctx: LineContext, m: RegExpExecArray): Candidate | undefined {
  const line = ctx.line;
  const g = m.groups as Record<string, string | undefined>;
  const mk = g.mk!;
  const sep = g.sep!;
  const a = g.a!;
  const dotted = /[.．]/.test(sep);
  const word = mk.length > 2; // page, pages
  const plural = mk === 'pp' || mk === 'PP' || /s$/i.test(mk);
  const strong = dotted || word || plural; // needs none of the dotless look-alike checks
  const badAfter = strong ? BAD_AFTER_STRONG : BAD_AFTER_NUMBER;
  if (word ? sep !== ' ' : (mk.length === 2 && !dotted && sep !== ' ')) return undefined; // `page86`, `pp45`
  if (!markerBoundaryOk(line, m.index, strong)) return undefined;
  if (word && ctx.isPagingContext) return undefined;

  let aEnd = m.index + mk.length + sep.length + a.length;
  let end = Number(a);
  let length = aEnd - m.index;
  if (g.b !== undefined) {
    // A spaced hyphen or "to" joins two references only with a second marker or a plural one:
    // `p.45 - p.50`, `pages 45 to 50`, but not `p.111 - 해동` or `p.45 to 3 people`.
    const loose = /\s[-–—]\s|to|through/.test(g.rsep!);
    const bEnd = m.index + m[0].length;
    if ((!loose || g.rmk || plural) && !badAfter.test(line.slice(bEnd, bEnd + 2))) {
      end = rangeEnd(Number(a), g.b);
      length = bEnd - m.index;
      aEnd = bEnd;
    }
  }
  if (badAfter.test(line.slice(aEnd, aEnd + 2))) return undefined;

  const start = Number(a);
  if (!strong && sep === ' ' && start < 10) return undefined; // `p 3` is too loose; `(p 513)` is fine
  // Seed 000's `p30. 응답 시간은…` opening a quoted passage is a page whatever the passage is about.
  const opensPassage = line[aEnd] === '.' && /\s/.test(line[aEnd + 1] ?? '') && /^[\s*_>(（\[]*$/.test(line.slice(0, m.index));
  if (!strong && !opensPassage && !dotlessLooksLikePage(ctx, m.index, aEnd, a, start)) return undefined;
  return { offset: m.index, length, start, end, reportable: dotted || mk === 'pp' || mk === 'PP' };
}

/** `130p`, `23쪽`, `200page`, `114 ~ 117P`… or undefined when it is a count, unit or file name. */
function numberCandidate(ctx: LineContext, m: RegExpExecArray): Candidate | undefined {
  const line = ctx.line;
  const g = m.groups as Record<string, string | undefined>;
  const unit = g.unit!;
  const a = Number(g.a);
  const end = g.b !== undefined ? rangeEnd(a, g.b) : a;
  const bare = unit === 'p' || unit === 'P';
  const from = m.index;
  const to = from + m[0].length;
  if (bare && g.sp) return undefined; // `30 p` is too loose
  if (/s$/i.test(unit)) return undefined; // `400 pages per second` is a count
  if (!numberBoundaryOk(line, from)) return undefined;
  const before = line.slice(Math.max(0, from - 16), from);
  const after = line.slice(to, to + 12);
  if (COUNT_BEFORE.test(before) || COUNT_AFTER.test(after)) return undefined;
  if (!bare && ctx.isPagingContext) return undefined;
  if (unit === 'P' && (PETA_BEFORE.test(before) || PETA_AFTER.test(after))) return undefined;
  if (bare && RESOLUTIONS.has(a)) return undefined;
  // `4P` (marketing), `3p` (third party, 3 pm): a one-digit bare `Np` only as `(5p)`.
  if (bare && a < 10 && !/[(（]/.test(line[from - 1] ?? '')) return undefined;
  return { offset: from, length: to - from, start: a, end, reportable: false };
}

/**
 * A dotless `p45`/`P114`/`p 513` is a page only outside variable-like contexts: no zero or leading
 * zero (`p0`, `p01`), no year (`p2022`), no partition/percentile line, no percentile number unless glued
 * to CJK text, no neighbouring p-token (`p1, p2`), no operator around it (`p1 = …`).
 */
function dotlessLooksLikePage(ctx: LineContext, from: number, to: number, digits: string, n: number): boolean {
  const line = ctx.line;
  if (digits.startsWith('0') || n >= 1900) return false;
  if (n < 5) return false; // P0–P4 are priorities and p1…p4 variables far more often than pages 1–4
  if (ctx.isVariableContext) return false;
  // `p99の例は` is a page; `p999까지 본다` is the percentile (Korean particles follow both).
  if (PERCENTILES.has(n) && !KANA_CHAR.test(line[to] ?? '')) return false;
  const before = line.slice(Math.max(0, from - 16), from);
  const after = line.slice(to, to + 16);
  if (P_TOKEN_BEFORE.test(before) || P_TOKEN_AFTER.test(after)) return false;
  if (OPERATOR_BEFORE.test(before) || OPERATOR_AFTER.test(after)) return false;
  return true;
}

/**
 * The marker starts a token: after emphasis (`**p12.`, `__P.47`) only if that emphasis does too.
 * A strong marker may follow a slash (`p.7/p.20`); a dotless one not (`/p12` path, `-p3306` flag).
 */
function markerBoundaryOk(line: string, at: number, strong: boolean): boolean {
  let j = at - 1;
  while (j >= 0 && (line[j] === '*' || line[j] === '_')) j--;
  if (j < 0) return true;
  const c = line[j]!;
  if (j < at - 1) return !/[A-Za-z0-9]/.test(c);
  if (strong) return c === '/' || !WORD_BEFORE_MARKER.test(c);
  return c !== '-' && !WORD_BEFORE_MARKER.test(c);
}

/** The number starts a token: not `5cb5405p`, `funny_720p`, `1.5p`, `1,000페이지`. */
function numberBoundaryOk(line: string, at: number): boolean {
  const c = line[at - 1];
  if (c === undefined) return true;
  if (WORD_BEFORE_NUMBER.test(c)) return false;
  return !((c === '.' || c === ',') && /\d/.test(line[at - 2] ?? ''));
}

/**
 * End of a range whose end may be abbreviated: `356-7` → 357, `108-12` → 112. A shorter end replaces
 * the last digits of the start; if that is still not after the start, the range is reversed
 * (`45-12` → 12, reported as malformed).
 */
function rangeEnd(start: number, endDigits: string): number {
  const end = Number(endDigits);
  const startDigits = String(start);
  if (end >= start || endDigits.length >= startDigits.length) return end;
  const expanded = Number(startDigits.slice(0, startDigits.length - endDigits.length) + endDigits);
  return expanded > start ? expanded : end;
}

/** `p.42 「…」 から p.53 「…」 まで` and `p.45부터 p.50까지` are one range written in words. */
function mergeWordRanges(line: string, cs: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of cs) {
    const prev = out[out.length - 1];
    if (prev && c.start > prev.end) {
      const between = line.slice(prev.offset + prev.length, c.offset);
      const afterC = line.slice(c.offset + c.length, c.offset + c.length + 8);
      if (FROM_JA.test(between) || (FROM_KO.test(between) && UNTIL_KO.test(afterC))) {
        out[out.length - 1] = { ...prev, end: c.end, length: c.offset + c.length - prev.offset };
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** `p.45`, `p.356-357`; `p45`; `45p`, `356-357p`. */
export function formatPageRef(start: number, end: number, style: PageRefStyle): string {
  const pages = end !== start ? `${start}-${end}` : `${start}`;
  switch (style) {
    case 'p.N':
      return `p.${pages}`;
    case 'pN':
      return `p${pages}`;
    case 'Np':
      return `${pages}p`;
  }
}
