// Source of the two TextMate injection grammars beside this file. The JSON files are generated:
// edit the pieces here, then run `node syntaxes/build-grammars.mjs` (`--check` fails if the JSON is
// stale; test/grammar/grammar.test.ts runs it). README.md explains the scopes and the known
// differences from the parser.
//
// Each regex mirrors a rule of the real parser (server/src/notes/pageRefs.ts, members.ts,
// questions.ts) with Oniguruma lookarounds. The engine gives a regex one line at a time, so every
// "context" the parser reads from the line (a partition line, a paged-query line) becomes a
// lookbehind to the line start plus a lookahead to the line end. Cheap lookaheads come first so the
// expensive lookbehinds run only where a match is plausible (a `p` before a digit, an `@`).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const alt = (xs) => `(?:${xs.join('|')})`;

// ---------------------------------------------------------------------------------------------
// Page references (pageRefs.ts)
// ---------------------------------------------------------------------------------------------

/** 1..2000 (MAX_PAGE): larger numbers are years, partitions or counts. */
const NUM = '(?:[1-9][0-9]{0,2}|1[0-9]{3}|2000)(?![0-9])';
/** After `p.`/`pp.` a leading zero is tolerated (`p.045`). */
const NUM_STRONG = `0{0,3}${NUM}`;
/** Spaced `p 513` needs two digits or more (`p 3` is too loose). */
const NUM10 = '(?:[1-9][0-9]{1,2}|1[0-9]{3}|2000)(?![0-9])';
/** Dotless `p45`: 5..1899, no leading zero (P0–P4 priorities and variables, years, `p01`). */
const NUM_DOTLESS = '(?:[5-9]|[1-9][0-9]{1,2}|1[0-8][0-9]{2})(?![0-9])';
/** A range end, possibly abbreviated (`356-7`). Whether it comes after the start is not checked. */
const END = '(?:[0-9]{1,3}|1[0-9]{3}|2000)(?![0-9])';
/** A second marker inside a range: `p.2~p.9`, `p.45 - p.50`. */
const RMK = '(?:(?:pp|PP|[pP])[.．]?[ ]?)';
const TIGHT = '(?:[-–—]|\\s?[~〜～]\\s?)';
const LOOSE = '(?:\\s[-–—]\\s|\\s(?:to|through)\\s)';
/** BAD_AFTER_STRONG / BAD_AFTER_NUMBER: no identifier, decimal or file name after the number. */
const BAD_AFTER_STRONG = '(?![A-Za-z0-9_]|\\.[0-9]|\\.[A-Za-z])';
const BAD_AFTER_NUMBER = '(?![A-Za-z0-9_]|[.,][0-9]|\\.[A-Za-z])';
/**
 * The optional range tail of a marker-first reference. A spaced hyphen or "to" joins two pages only
 * with a second marker (`p.45 - p.50`, not `p.111 - 3명`) or after a plural marker (`pages 45 to 50`).
 * A tail followed by an identifier is dropped and the single page kept, as the parser does.
 */
const tail = (plural, bad) => `(?:(?:${TIGHT}${RMK}?|${LOOSE}${RMK}${plural ? '?' : ''})${END}${bad})?`;

/** markerBoundaryOk: a marker starts a token; after emphasis only if the emphasis does too. */
const WORD_BEFORE_STRONG = '[A-Za-z0-9.\\\\@#$%&=?+^]'; // WORD_BEFORE_MARKER without `/` (`p.7/p.20`)
const WORD_BEFORE_DOTLESS = '[A-Za-z0-9./\\\\@#$%&=?+^-]'; // and not after `/` (paths) or `-` (flags)
const boundary = (word) => `(?:(?<=^[*_]{0,20})|(?<=[^A-Za-z0-9*_][*_]{1,20})|(?<=[^*_])(?<!${word}))`;

/**
 * Whole-line contexts (LineContext): a lookbehind towards the line start and a lookahead towards its
 * end. Every lookbehind here is bounded: Oniguruma tries each length of an unbounded one, which makes
 * long lines quadratic. The parser's own windows are 16 characters; whole-line ones get this many.
 */
const LINE_WINDOW = 1000;
const notOnLine = (words) => `(?<!${words}.{0,${LINE_WINDOW}})(?!.{0,${LINE_WINDOW}}${words})`;
const PAGING = '(?i:pageable|pagination|paging|페이징|페이지네이션|pagerequest|게시판)';
const VARIABLE =
  '(?i:partition|파티션|パーティション|percentile|백분위|분위|latency|레이턴시|지연\\s?시간|응답\\s?시간|response\\s?time|median|중앙값|중위값)';

/** `p.45`, `P. 45`, `p.356-7`, `p.2~p.9`, `page 86` (not in a paged-query line). */
const markerSingle = [
  '(?=[pP][.．][ ]?[0-9]|(?:[Pp]age|PAGE)[ ][0-9])',
  boundary(WORD_BEFORE_STRONG),
  alt([`[pP][.．][ ]?${NUM_STRONG}`, `(?:[Pp]age|PAGE)[ ]${NUM_STRONG}${notOnLine(PAGING)}`]),
  tail(false, BAD_AFTER_STRONG),
  BAD_AFTER_STRONG,
].join('');

/** `pp. 60-62`, `pp 45`, `pages 83–85`, `pages 45 to 50`. */
const markerPlural = [
  '(?=(?:pp|PP)(?:[.．][ ]?|[ ])[0-9]|(?:[Pp]ages|PAGES)[ ][0-9])',
  boundary(WORD_BEFORE_STRONG),
  alt([`(?:pp|PP)(?:[.．][ ]?|[ ])${NUM_STRONG}`, `(?:[Pp]ages|PAGES)[ ]${NUM_STRONG}${notOnLine(PAGING)}`]),
  tail(true, BAD_AFTER_STRONG),
  BAD_AFTER_STRONG,
].join('');

/** dotlessLooksLikePage: percentiles only when glued to kana (`p99の例は`). */
const PERCENTILE_UNLESS_KANA = '(?!(?:50|75|90|95|99|999)(?![0-9])(?![ぁ-ヿ]))';
/** P_TOKEN_BEFORE / P_TOKEN_AFTER: a list of variables or percentiles (`p1, p2`, `p95 p99`). */
const P_TOKEN_BEFORE = '(?<![pP][0-9]{1,15}[ \\t]{0,15}(?:[,~、・][ \\t]{0,15}|[ \\t](?:and|or|vs\\.?)[ \\t]{1,15})?)';
const P_TOKEN_AFTER = '(?![ \\t]{0,15}(?:[,~、・][ \\t]{0,15}|(?:and|or|vs\\.?)[ \\t]{1,15})?[pP][0-9])';
/** OPERATOR_BEFORE / OPERATOR_AFTER: `p1 = …`, `x = p3`, `p1/2`. */
const OPERATOR_BEFORE = '(?<![=<+^%&]\\s{0,15})';
const OPERATOR_AFTER = '(?!\\s{0,15}(?:[=<>+*^%&]|-\\s{0,15}[>0-9]|/\\s{0,15}[0-9]))';
/** opensPassage: seed 000's `> <strong><i>p9. …` (HTML tags are blank to the parser). */
const PASSAGE_PREFIX = '(?<=^(?:[\\s*_>(（\\[]|<[A-Za-z/][^<>]{0,80}>){0,12})';

/** `p438`, `P114`, `p 513`, `p175-176`, `p9.` opening a passage; not `p95`, `p0`, `p2024`, `p1, p2`. */
const dotless = [
  '(?=[pP][ ]?[1-9])',
  boundary(WORD_BEFORE_DOTLESS),
  alt([
    // (lookaheads first: the prefix lookbehind is the expensive part)
    `(?=[pP](?:${NUM}|[ ]${NUM10})${tail(false, BAD_AFTER_NUMBER)}\\.\\s)${PASSAGE_PREFIX}[pP](?:${NUM}|[ ]${NUM10})${tail(false, BAD_AFTER_NUMBER)}(?=\\.\\s)`,
    [
      `(?=[pP](?:[ ]?(?=[1-9][0-9])|(?=[5-9](?![0-9])))${NUM_DOTLESS})`,
      P_TOKEN_BEFORE,
      OPERATOR_BEFORE,
      '[pP](?:[ ]?(?=[1-9][0-9])|(?=[5-9](?![0-9])))',
      PERCENTILE_UNLESS_KANA,
      NUM_DOTLESS,
      tail(false, BAD_AFTER_NUMBER),
      BAD_AFTER_NUMBER,
      P_TOKEN_AFTER,
      OPERATOR_AFTER,
      notOnLine(VARIABLE),
    ].join(''),
  ]),
].join('');

/**
 * numberBoundaryOk, plus: not the second number of a range the parser already consumed as a whole
 * (`1인당 10~15페이지` is one rejected match, so `15페이지` is never looked at).
 */
const NUMBER_BOUNDARY = '(?<![A-Za-z0-9_@#$%&=^\\\\/])(?<![0-9][.,])(?<![0-9]\\s?[-–—~〜～]\\s?)';
/** COUNT_BEFORE / COUNT_AFTER: page counts, rates and result pages (`30페이지분량`, `400페이지 / 초`). */
const COUNT_BEFORE =
  '(?<!(?:(?:^|[^가-힣])(?:약|대략|총|하루|매일|매주)|(?:인|명|사람|일|주)당|(?:^|[^A-Za-z0-9_])(?i:about|approx\\.?|approximately|around|over|only)|[~〜～])\\s{0,15})';
const COUNT_AFTER =
  '(?!\\s{0,11}(?i:/|per(?![A-Za-z0-9_])|씩|분량|정도|가량|내외|남짓|이상(?![한하해])|이하|미만|넘[게는]|짜리|밖에|압축|캐시|단위|크기|폴트|fault|cache|long(?![A-Za-z0-9_])|book(?![A-Za-z0-9_])|[을를]?\\s?(?:조회|이동|요청|로딩)|로\\s?이동|ほど|くらい|ぐらい|程度|分|数))';
const NUMBER_RANGE = `(?:\\s?[-–—~〜～]\\s?${END})?`;

/** `23쪽`, `37페이지`, `200page`, `51ページ`, `12頁`; not plural `pages`, not in a paged-query line. */
const numberUnit = [
  '(?=[1-9][0-9]{0,3}(?:\\s?[-–—~〜～]\\s?[0-9]{1,4})?\\s?(?:[Pp]age|PAGE|pg|페이지|쪽|ページ|頁))',
  NUMBER_BOUNDARY,
  COUNT_BEFORE,
  NUM,
  NUMBER_RANGE,
  '\\s?(?:[Pp]age(?!s)|PAGE(?!S)|pg|페이지|쪽|ページ|頁)',
  COUNT_AFTER,
  notOnLine(PAGING),
].join('');

/** `130p`, `(5p)`, `431P`, `114 ~ 117P`; not `1P` (peta), `720p` (video), `3p` (third party). */
const numberBareP = [
  '(?=[1-9][0-9]{0,3}(?:\\s?[-–—~〜～]\\s?[0-9]{1,4})?[pP](?![A-Za-z0-9]))',
  NUMBER_BOUNDARY,
  COUNT_BEFORE,
  '(?!(?:480|720|1080|1440|2160)(?![0-9]))', // RESOLUTIONS
  '(?:(?<=[(（])|(?=[1-9][0-9]))', // one digit only as `(5p)`
  NUM,
  NUMBER_RANGE,
  // PETA_BEFORE / PETA_AFTER apply to a capital P only.
  '(?:p|P(?<![=≈]\\s{0,15}[0-9]{1,4}(?:\\s?[-–—~〜～]\\s?[0-9]{1,4})?P)(?!\\s?(?i:바이트|bytes?(?![A-Za-z0-9_])|B(?![A-Za-z0-9_])|플롭스|flops(?![A-Za-z0-9_]))))',
  '(?![A-Za-z0-9])',
  COUNT_AFTER,
].join('');

// ---------------------------------------------------------------------------------------------
// Members (members.ts)
// ---------------------------------------------------------------------------------------------

const SURNAMES =
  '김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 ' +
  '하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 ' +
  '위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 갈 시 단 견 당';
const SURNAME = `[${SURNAMES.split(' ').join('')}]`;
// The same list the parser uses (server/src/notes/members.ts).
const NOT_HANDLES = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../server/src/notes/notHandles.json'), 'utf8'));
const NOT_NAMES = (
  '장점 단점 참고 참조 성공 실패 샤딩 캐시 예외 연관 아래 위쪽 색인 비검사 반올림 밀리초 나노초 문제 문제점 ' +
  '동의 당황 그림 경고 예제 주의 처리 출력 입력 반환 로그 마스터 객체 인덱스 온라인 편함 유효 비용 ' +
  '메뉴 손님 커피 보안 성능 구현 특성 존재 정점 간선 숫자 날짜 문자열 불리언 자연수 안정성 캡슐화 ' +
  '트럼프 청계천 카프카 메트릭 인강 사용전 사용후 예시 정답 해답 답변 질문 요약 정리 결론 추가 수정 ' +
  '완료 확인 필요 중요 생략 선택 예정 진행 해결 미해결 없음 있음 동일 같음 다름 기타 등등'
).split(' ');

const H = '[가-힣]';
/** MENTION: the `@` follows a space, an opening bracket or markup, never a word or a slash. */
const MENTION_BEFORE = '(?<=^|[\\s(（\\[,，、:：>*_~|「『【])';
/** PARTICLE_4 by length: what hangulMention strips from a 4–5 syllable token (`@박은정님께`). */
const PARTICLE_2 = '(?:님께|님이|님의|님은|님도|에게|한테|께서)';
const PARTICLE_1 = '[님씨께의은는이가을를도]';
/** hangulMention, case by the length of the Hangul run after `@` (the parser reads at most five). */
const hangulName = alt([
  `${SURNAME}[ \\u00A0]${H}{1,2}(?!${H})`, // `@권 기윤`: a lone surname takes the next word
  `${H}{2}(?!${H})(?:[ \\u00A0]${SURNAME}(?!${H})(?![ \\u00A0]*${H}))?`, // `@기윤`, `@기윤 권`
  `${H}{2}(?=[님씨](?!${H}))`, // `@은정님`
  `${H}{3}(?!${H})`, // `@박은정`
  `${H}{2}(?=${PARTICLE_2}(?!${H}))`, // `@은정님이`
  `${H}{3}(?=${PARTICLE_1}(?!${H}))`, // `@박은정님`
  `${H}{4}(?!${H})`, // `@남궁민수`
  `${H}{2}(?=님께서)`, // five or more: the particle ends the first five syllables
  `${H}{3}(?=${PARTICLE_2})`, // `@박은정님께`
  `${H}{4}(?=${PARTICLE_1})`, // `@남궁민수님`
]);
const mentionHangul = `(?=@)${MENTION_BEFORE}(@)(?!${H}님께서(?!${H}))(${hangulName})`;

/** The lead collectMembers strips before reading a line: indentation, quote marks, a list marker. */
const LEAD = '^[ \\t]{0,40}(?:>[ \\t]?){0,10}[ \\t]{0,40}(?:(?:[-*+]|[0-9]{1,9}[.)])[ \\t]{1,8})?';
/** `alone`: nothing but mentions, markup and spaces on the line. */
const ALONE = '(?:[^\\p{L}\\p{N}]|@[A-Za-z0-9_.-]{1,40}){0,40}';
/** The handle as the parser reads it; atomic, so a rejected handle is not retried shorter. */
const HANDLE = '(?>[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?)';
/** isHandle: not a Javadoc tag or annotation; a capitalised identifier only when alone or after from/by/cc. */
const mentionHandle = [
  '(?=@)',
  MENTION_BEFORE,
  '(@)',
  `(?!${alt(NOT_HANDLES)}[.-]*+(?![A-Za-z0-9_]))`,
  alt([
    '(?=[a-z0-9])',
    '(?=[A-Z][A-Za-z_.]*[0-9-])',
    '(?<=(?i:from|by|cc)\\s{0,11}[:：]?\\s{0,11}@)',
    `(?<=${LEAD}${ALONE}@)(?=[A-Za-z0-9_.-]*${ALONE}$)`,
  ]),
  `(${HANDLE})`,
  '(?![(/]|\\s*:?=)', // `@Target(…)`, `@types/node`, `SET @p_seoul :=`
  `(?!(?![님씨께])${H})`, // `@Override는`
].join('');

/** COMMENTER + isLikelyName: `- '준기' : …` (two or three syllables, not a noun like `'장점'`). */
const CLOSE_QUOTE = `['’"”]`;
const commenterName = alt([
  `(?!${alt(NOT_NAMES)}${CLOSE_QUOTE})${H}{2,3}(?<![적화점들식법률량])(?=${CLOSE_QUOTE})`,
  '[A-Za-z][A-Za-z.-]{0,19}(?: [A-Za-z][A-Za-z.-]{0,19})?',
]);
const commenter = [
  `(?=['‘"“][^'’"”]{2,41}${CLOSE_QUOTE}[ \\t\\u3000]*[:：])`,
  `(?<=${LEAD}[\\s\\u3000]{0,8}(?:[-*+]\\s{1,8})?)`,
  `(['‘"“])(${commenterName})(${CLOSE_QUOTE})([ \\t\\u3000]*[:：])`,
].join('');

// ---------------------------------------------------------------------------------------------
// Questions (questions.ts MARKER) and separators (analyze.ts)
// ---------------------------------------------------------------------------------------------

/** MARKER, at the start of a line's text: after the lead, a heading's `#`s, emphasis or HTML tags. */
const questionMarker = [
  '(?=[Qq]\\s*[0-9]*\\s*[.:：)]|[Qq][0-9]|질문|\\[\\s*면접|疑問|質問)',
  `(?<=${LEAD}(?:#{1,6}[ \\t]{1,8})?(?:[\\s*_~>]|<[A-Za-z/][^<>]{0,80}>){0,12})`,
  '(?:[Qq]\\s*[0-9]*\\s*[.:：)]|[Qq][0-9]+(?![A-Za-z0-9_])|질문\\s*[0-9]*\\s*[:：.]|\\[\\s*면접\\s*(?:예상\\s*)?질문\\s*\\]|疑問|質問)',
].join('');

/**
 * `***`, `---`, `___` alone on an indented line inside a list item. `\G` is where Markdown's list
 * continuation ended; the lookbehind keeps out unindented rules and rules of a quote (`  > ***`).
 */
const separator = '\\G(?<=^(?:[ \\t]{0,3}>[ \\t]?){0,10}(?: {2,40}|\\t)[ \\t]{0,40})[ \\t]*(([-*_])(?:[ \\t]*\\2){2,})(?=[ \\t]*$)';

/** Bare URLs are blank to the parser: consumed whole so nothing inside them is highlighted. */
const url = '(?=[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\\.)(?<![A-Za-z0-9_])(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\\.)[^\\s<>*`\\[\\]()]+';

// ---------------------------------------------------------------------------------------------
// The grammars
// ---------------------------------------------------------------------------------------------

const PAGE = 'constant.numeric.page-reference.marginalia';
const MENTION = 'entity.name.type.member.mention.marginalia';
const COMMENTER = 'entity.name.type.member.commenter.marginalia';
/** Code, HTML tags and comments, link destinations, images and link definitions are blank to the parser. */
const NOT_PROSE =
  '-markup.fenced_code -markup.inline.raw -meta.embedded -comment -meta.tag -markup.underline.link -meta.image -meta.link.reference.def';
const SCHEMA = 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json';
const GENERATED = 'Generated by syntaxes/build-grammars.mjs: edit that file, not this one. See syntaxes/README.md.';

const main = {
  $schema: SCHEMA,
  name: 'Marginalia reading notes',
  scopeName: 'markdown.marginalia.injection',
  comment: GENERATED,
  // Left priority only inside a paragraph or heading text (it beats `[면접질문]` read as a shortcut
  // link). At the start of a line, item or quote Markdown must open its paragraph first, or the
  // rest of the line would lose its inline markup (and code spans would not be code).
  injectionSelector: [
    `L:meta.paragraph.markdown ${NOT_PROSE}`,
    `L:entity.name.section.markdown ${NOT_PROSE}`,
    `text.html.markdown -meta.paragraph.markdown -entity.name.section.markdown ${NOT_PROSE}`,
  ].join(', '),
  patterns: [
    { include: '#url' },
    { include: '#question-marker' },
    { include: '#commenter' },
    { include: '#mention' },
    { include: '#page-reference' },
  ],
  repository: {
    url: { comment: 'A bare URL, consumed so no reference or mention is found inside it.', match: url },
    'question-marker': {
      comment: 'Q. / Q1. / Q: / 질문: / [면접질문] / [면접 예상질문] / 疑問 / 質問 at the start of the text (questions.ts MARKER).',
      match: questionMarker,
      name: 'keyword.control.question.marginalia',
    },
    commenter: {
      comment: "- '준기' : … (members.ts COMMENTER).",
      match: commenter,
      name: 'meta.commenter.marginalia',
      captures: {
        1: { name: 'punctuation.definition.commenter.begin.marginalia' },
        2: { name: COMMENTER },
        3: { name: 'punctuation.definition.commenter.end.marginalia' },
        4: { name: 'punctuation.separator.commenter.marginalia' },
      },
    },
    mention: {
      patterns: [
        {
          comment: '@박은정, @기윤 권, @권 기윤; @박은정님 without its particle (members.ts hangulMention).',
          match: mentionHangul,
          name: MENTION,
          captures: { 1: { name: 'punctuation.definition.mention.marginalia' } },
        },
        {
          comment: '@haruguchi-yuma; not a@b.com, @Override, @param, @types/node (members.ts isHandle).',
          match: mentionHandle,
          name: MENTION,
          captures: { 1: { name: 'punctuation.definition.mention.marginalia' } },
        },
      ],
    },
    'page-reference': {
      patterns: [
        { comment: 'pp. 60-62, pp 45, pages 83–85, pages 45 to 50.', match: markerPlural, name: PAGE },
        { comment: 'p.45, P. 45, p.356-7, p.2~p.9, page 86.', match: markerSingle, name: PAGE },
        { comment: 'p438, P114, p 513, p175-176, p9. opening a passage; not p95, p0, p2024, p1, p2.', match: dotless, name: PAGE },
        { comment: '130p, (5p), 431P, 114 ~ 117P; not 1P, 720p, 3p.', match: numberBareP, name: PAGE },
        { comment: '23쪽, 37페이지, 200page, 51ページ; not 30페이지분량, 400페이지 / 초.', match: numberUnit, name: PAGE },
      ],
    },
  },
};

const separatorGrammar = {
  $schema: SCHEMA,
  name: 'Marginalia reading notes: separators in list items',
  scopeName: 'markdown.marginalia.separator.injection',
  comment: GENERATED,
  // A grammar of its own: it needs left priority inside list items, where Markdown's own rule
  // pattern would win, and the main grammar must not have left priority there (see above).
  injectionSelector: `L:markup.list ${NOT_PROSE}`,
  patterns: [{ include: '#separator' }],
  repository: {
    separator: {
      comment: 'An indented ***, --- or ___ line inside a list item: question above, answer below.',
      match: separator,
      captures: { 1: { name: 'meta.separator.marginalia keyword.control.separator.marginalia' } },
    },
  },
};

const here = dirname(fileURLToPath(import.meta.url));
const outputs = [
  [join(here, 'marginalia.injection.tmLanguage.json'), main],
  [join(here, 'marginalia.separator.injection.tmLanguage.json'), separatorGrammar],
];
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, grammar] of outputs) {
  const text = JSON.stringify(grammar, null, 2) + '\n';
  if (!check) writeFileSync(file, text);
  else if (readFileSync(file, 'utf8') !== text) {
    stale++;
    console.error(`${file} is stale: run node syntaxes/build-grammars.mjs`);
  }
}
process.exitCode = stale ? 1 : 0;
