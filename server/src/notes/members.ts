// Members of the study group named in one line of prose (notes-format.md §1, §4):
// `@박은정`, `@기윤 권` (Notion mention), `@haruguchi-yuma`, `'준기' : …` (commenter), and a
// question's trailing attribution `… - 도영`, `… (해동)`, `… - 도영, 해동, 희진`.
// Pure: no I/O. Offsets are UTF-16 code units into the text as given.
import notHandles from './notHandles.json';

export interface FoundMember {
  /** The name, NFC, without `@` or quotes: `기윤 권`, `haruguchi-yuma`, `준기`. */
  name: string;
  /** Where the name is written; a mention's range includes its `@`. */
  offset: number;
  length: number;
  kind: 'mention' | 'attribution' | 'commenter';
}

export interface FindMembersOptions {
  /** Names already known as members (e.g. from unambiguous forms elsewhere in the workspace):
   * they are accepted where a lone name would otherwise be too doubtful. */
  knownMembers?: Iterable<string>;
}

// Korean family names that Notion puts after the given name (`@기윤 권`) or before (`@권 기윤`).
const SURNAMES = new Set(
  ('김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 ' +
    '하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 ' +
    '위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 갈 시 단 견 당')
    .split(' '),
);

// Javadoc tags and Java/Kotlin/TS annotations that Effective Java notes are full of (shared with
// the highlighting grammar, syntaxes/build-grammars.mjs).
const NOT_HANDLES = new Set<string>(notHandles);

// Words that look like a 2–4 syllable name after ` - ` or in `(…)` but are not (from the corpus).
const NOT_NAMES = new Set(
  ('장점 단점 참고 참조 성공 실패 샤딩 캐시 예외 연관 아래 위쪽 색인 비검사 반올림 밀리초 나노초 문제 문제점 ' +
    '동의 당황 그림 경고 예제 주의 처리 출력 입력 반환 로그 마스터 객체 인덱스 온라인 편함 유효 비용 ' +
    '메뉴 손님 커피 보안 성능 구현 특성 존재 정점 간선 숫자 날짜 문자열 불리언 자연수 안정성 캡슐화 ' +
    '트럼프 청계천 카프카 메트릭 인강 사용전 사용후 예시 정답 해답 답변 질문 요약 정리 결론 추가 수정 ' +
    '완료 확인 필요 중요 생략 선택 예정 진행 해결 미해결 없음 있음 동일 같음 다름 기타 등등')
    .split(' '),
);

const HANGUL_WORD = '[가-힣]{2,4}';
// A mention's `@` follows a space, an opening bracket or markup, never a word (emails,
// `'user'@'localhost'`) nor a slash (URLs `velog.io/@jimmy48`, scopes `@tsconfig/strictest`).
const MENTION = /(?<=^|[\s(（\[,，、:：>*_~|「『【])@(?:([가-힣]{1,5})|([A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?))/gu;
// The word after a Notion mention's space: a given name after a surname (`@권 기윤`), or a
// surname that must end the mention (`@기윤 권**`, not `@기윤 이 부분`).
const NEXT_WORD = /^[ \u00A0]([가-힣]{1,2})(?![가-힣])/u;
const LAST_WORD = /^[ \u00A0]([가-힣])(?![가-힣])(?![ \u00A0]*[가-힣])/u;
const COMMENTER = /^[\s\u3000]*(?:[-*+]\s+)?(['‘"“])([가-힣]{2,4}|[A-Za-z][A-Za-z.-]{0,19}(?: [A-Za-z][A-Za-z.-]{0,19})?)(['’"”])[ \t\u3000]*[:：]/u;
const LABEL = /^[\s\u3000]*(?:[-*+]\s+)?\**([가-힣]{2,4}|[A-Za-z][\w.-]{0,38})\**[ \t\u3000]*[:：]/u;
// Trailing attribution, matched on the text once closing markup is stripped.
const DASH_NAMES = new RegExp(`(?:^|[\\s\\u3000])[-–—]\\s?(${HANGUL_WORD}(?:\\s*[,，、]\\s*${HANGUL_WORD})*)$`, 'u');
const PAREN_NAMES = new RegExp(`[(（]\\s*(${HANGUL_WORD}(?:\\s*[,，、]\\s*${HANGUL_WORD})*)\\s*[)）]$`, 'u');
const NAME_IN_LIST = /[가-힣]+/gu;
// Closing markup a question may end in; stripped by a backward scan, not a `(…)+$` regex that
// would backtrack quadratically on long runs.
const CLOSER_CHARS = new Set([...' \t\u00A0\u3000*_~"”’\'」』】']);
const CLOSING_TAG = /(?:<\/(?:i|b|em|strong|u|span|font|mark|sup|sub|del|s)\s*>|<br\s*\/?>)$/iu;
// Attribution sits at the end of a line: only this much of the tail is searched for it.
const TAIL = 160;
const CLOSING_PAREN_AFTER_QUESTION = /[?？][!！.…]*[)）]$/u;
// A question-like prefix makes a lone trailing name an asker rather than a word.
const QUESTION_LIKE =
  /[?？]|(?:^|[\s(（])[pP]\.?\s?\d|\d+\s?[pP](?:\)|\s|$)|궁금|알려|설명|부탁|모르|이해|무엇|뭘까|뭔가|왜\s|어떻게|(?:까|까요|나요|가요|[는은인]지)$/u;
const CODE_SPAN = /(`+)[^`]*?\1/g;
// Code spans are blanked with a letter so a name after one still has a prefix (`` `x` - 희진 ``).
const maskCode = (text: string): string => text.replace(CODE_SPAN, (m) => 'x'.repeat(m.length));
const COMBINING = /[\u1160-\u11FF\u0300-\u036F\u3099\u309A]/u;
const NOUN_SUFFIX = /[적화점들식법률량]$/u;
const PARTICLE_4 = /(?:님께서|님께|님이|님의|님은|님도|님|씨|에게|한테|께서|께|의|은|는|이|가|을|를|도)$/u;
const PARTICLE_3 = /(?:님|씨)$/u;

/** Members named in one line of prose, in order of appearance. */
export function findMembers(text: string, options?: FindMembersOptions): FoundMember[] {
  const { nfc, map } = toNfc(text);
  const known = new Set(options?.knownMembers ?? []);
  const masked = maskCode(nfc);
  const found: FoundMember[] = [];
  const commenter = COMMENTER.exec(masked);
  if (commenter && commenter[1] && commenter[2] && isLikelyName(commenter[2], known)) {
    const at = commenter.index + commenter[0].indexOf(commenter[1]) + 1;
    found.push({ name: commenter[2], offset: at, length: commenter[2].length, kind: 'commenter' });
  } else {
    // `도영: …` without quotes reads like `장점: …`, so only a known member counts.
    const label = LABEL.exec(masked);
    if (label && label[1] && known.has(label[1])) {
      found.push({ name: label[1], offset: label[0].indexOf(label[1]), length: label[1].length, kind: 'commenter' });
    }
  }
  const mentions = findMentions(masked, known);
  for (const { name, offset, length, kind } of mentions) found.push({ name, offset, length, kind });
  const trailing = trailingNames(masked, mentions, known, false);
  if (trailing) found.push(...trailing.names);
  found.sort((a, b) => a.offset - b.offset);
  return map ? found.map((m) => remap(m, map)) : found;
}

/**
 * Strips trailing attribution (`- 도영, 해동`, `(해동)`), @mentions and closing markup (`**`,
 * `</i>`, quotes, a `)` closing a question) from question text. `askers` are the attributed
 * names, `addressees` the trailing @mentions, both in written order.
 */
export function splitTrailingAttribution(text: string): { body: string; askers: string[]; addressees: string[] } {
  const { nfc } = toNfc(text);
  const masked = maskCode(nfc);
  const known = new Set<string>();
  const askers: string[] = [];
  const addressees: string[] = [];
  let end = masked.length;
  for (let guard = 0; guard < 20; guard++) {
    const before = end;
    end = stripClosers(masked, end);
    const head = masked.slice(0, end);
    const mention = findMentions(head, known).at(-1);
    if (mention && mention.offset + mention.written === end && /\S/u.test(head.slice(0, mention.offset))) {
      addressees.unshift(mention.name);
      end = mention.offset;
      while (end > 0 && /[\s,，、]/u.test(masked.charAt(end - 1))) end--;
      continue;
    }
    const trailing = trailingNames(head, [], known, true);
    if (trailing) {
      askers.unshift(...trailing.names.map((n) => n.name));
      end = trailing.start;
      continue;
    }
    if (end === before) break;
  }
  return { body: nfc.slice(0, end).trimEnd(), askers, addressees };
}

interface Mention extends FoundMember {
  /** Written length including a particle the name lost (`@박은정님`). */
  written: number;
}

function findMentions(text: string, known: ReadonlySet<string>): Mention[] {
  const out: Mention[] = [];
  if (!text.includes('@')) return out; // every mention starts with one; most lines have none
  // Only mentions, markup and spaces on the line: `- @Maeda8` is a person, not an annotation.
  const alone = !/[\p{L}\p{N}]/u.test(text.replace(/@[\w.-]+/gu, ''));
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(text); m; m = MENTION.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // Short windows keep each mention O(1): the checks look a few characters around it.
    const after = text.slice(end, end + 16);
    if (m[1] !== undefined) {
      const name = hangulMention(m[1], after);
      if (!name) continue;
      const written = 1 + (name.includes(' ') ? name.length : m[1].length);
      out.push({ name, offset: start, length: 1 + name.length, kind: 'mention', written });
    } else if (m[2] !== undefined && isHandle(m[2], after, text.slice(Math.max(0, start - 12), start), alone, known)) {
      out.push({ name: m[2], offset: start, length: m[0].length, kind: 'mention', written: m[0].length });
    }
  }
  return out;
}

// `@박은정 **` → 박은정; `@기윤 권` → 기윤 권; `@권 기윤` → 권 기윤; `@박은정님` → 박은정.
function hangulMention(token: string, after: string): string | undefined {
  if (token.length === 1) {
    const given = NEXT_WORD.exec(after)?.[1];
    return SURNAMES.has(token) && given ? `${token} ${given}` : undefined;
  }
  if (token.length === 2) {
    const surname = LAST_WORD.exec(after)?.[1];
    return surname && SURNAMES.has(surname) ? `${token} ${surname}` : token;
  }
  const stripped = token.replace(token.length >= 4 ? PARTICLE_4 : PARTICLE_3, '');
  return stripped.length >= 2 && stripped.length <= 4 ? stripped : undefined;
}

function isHandle(handle: string, after: string, before: string, alone: boolean, known: ReadonlySet<string>): boolean {
  if (known.has(handle)) return true;
  if (NOT_HANDLES.has(handle)) return false;
  // `@Target(…)`, `@types/node`, `SET @p_seoul :=`, `@Override는`: code talk, not people.
  if (/^(?:[(/]|\s*:?=)/u.test(after)) return false;
  if (/^[가-힣]/u.test(after) && !/^(?:님|씨|께)/u.test(after)) return false;
  // An upper-case identifier is an annotation unless it stands alone (`- @Maeda8`,
  // `- @SatoshiHaramura`) or follows `from`/`by`/`cc` (`（from @Saki）`).
  if (/^[A-Z]/u.test(handle) && !/[\d-]/u.test(handle)) {
    return alone || /(?:from|by|cc)\s*[:：]?\s*$/iu.test(before);
  }
  return true;
}

function trailingNames(
  text: string,
  mentions: readonly Mention[],
  known: ReadonlySet<string>,
  lenient: boolean,
): { start: number; names: FoundMember[] } | undefined {
  // Trailing @mentions sit after the attribution at most (`… - 도영 @박은정`): look before them.
  let end = stripClosers(text, text.length);
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i];
    if (m && m.offset + m.written === end) end = stripClosers(text, m.offset);
  }
  const head = text.slice(0, end);
  const from = Math.max(0, end - TAIL);
  const found = DASH_NAMES.exec(head.slice(from)) ?? PAREN_NAMES.exec(head.slice(from));
  if (!found || found[1] === undefined) return undefined;
  const start = from + found.index;
  // The tail cut may have made `^` of a dash glued to a word (`x-도영`): not an attribution.
  if (found.index === 0 && from > 0 && /^[-–—]/u.test(found[0]) && !/\s/u.test(head.charAt(from - 1))) return undefined;
  const paren = /^\s*[(（]/u.test(found[0]);
  const listStart = start + found[0].indexOf(found[1]);
  const names: FoundMember[] = [];
  NAME_IN_LIST.lastIndex = 0;
  for (let n = NAME_IN_LIST.exec(found[1]); n; n = NAME_IN_LIST.exec(found[1])) {
    const name = n[0].replace(PARTICLE_3, '');
    if (!isLikelyName(name, known)) return undefined;
    names.push({ name, offset: listStart + n.index, length: name.length, kind: 'attribution' });
  }
  const prefix = head.slice(0, stripClosers(head, start));
  if (!/[\p{L}\p{N}]/u.test(prefix)) return undefined;
  const isKnown = names.every((n) => known.has(n.name));
  // Glosses look like names: `(팔로워, 팔로잉)`, `(독립성,격리성)`, `… 차이점 - 캡슐화`. A
  // parenthesised or lone name is an asker only after question-like text (or when known).
  const needsQuestion = paren || (names.length === 1 && !lenient);
  if (needsQuestion && !isKnown && !QUESTION_LIKE.test(prefix)) return undefined;
  return { start, names };
}

function isLikelyName(name: string, known: ReadonlySet<string>): boolean {
  if (known.has(name)) return true;
  if (!/^[가-힣]+$/u.test(name)) return /^[A-Za-z]/u.test(name);
  // Korean names are 2–3 syllables; a 4-syllable word after a dash is far more often a noun (`오픈소스`).
  return name.length >= 2 && name.length <= 3 && !NOT_NAMES.has(name) && !NOUN_SUFFIX.test(name);
}

function stripClosers(text: string, end: number): number {
  let e = end;
  while (e > 0) {
    if (CLOSER_CHARS.has(text.charAt(e - 1))) {
      e--;
      continue;
    }
    const tag = CLOSING_TAG.exec(text.slice(Math.max(0, e - 24), e));
    if (tag) {
      e -= tag[0].length;
      continue;
    }
    // A `)` is closing markup only when it closes a question: `(무슨 소리?)`, `..?!)`.
    if (CLOSING_PAREN_AFTER_QUESTION.test(text.slice(Math.max(0, e - 8), e))) {
      e--;
      continue;
    }
    return e;
  }
  return e;
}

// NFD Hangul (macOS, Notion exports) is matched in NFC; `map[i]` is the original offset of NFC
// code unit i (and map[nfc.length] the original length) so ranges point into the text as given.
function toNfc(text: string): { nfc: string; map?: number[] } {
  if (!COMBINING.test(text)) return { nfc: text };
  let nfc = '';
  const map: number[] = [];
  let i = 0;
  while (i < text.length) {
    let j = i + 1;
    while (j < text.length && COMBINING.test(text.charAt(j))) j++;
    const piece = text.slice(i, j).normalize('NFC');
    for (let k = 0; k < piece.length; k++) map.push(i);
    nfc += piece;
    i = j;
  }
  map.push(text.length);
  return { nfc, map };
}

function remap(m: FoundMember, map: readonly number[]): FoundMember {
  const start = map[m.offset] ?? m.offset;
  const end = map[m.offset + m.length] ?? start + m.length;
  return { ...m, offset: start, length: end - start };
}
