// Original sentence templates and vocabulary for the generated notes (Korean, Japanese,
// English). Nothing here is copied from real notes: the shapes follow docs/notes-format.md,
// the words are made up for the benchmark, so the workspaces can be published freely.

export type Lang = 'ko' | 'ja' | 'en';

export interface Vocabulary {
  books: string[];
  members: string[];
  terms: string[];
  /** Plain statements; `{t}`/`{u}` are terms, `{n}` a page number, `{k}` a small number. */
  sentences: string[];
  /** Page-reference look-alikes that must NOT become page references (percentiles, partitions, units, DB pages). */
  lookalikes: string[];
  /** Questions for the group (end with ?, or are requests such as 설명해주세요 / 知りたい). */
  questions: string[];
  /** Answer openers and bodies. */
  answers: string[];
  /** Section titles inside a chapter summary. */
  sectionTitles: string[];
  /** Question-section headings (docs/notes-format.md §4.4). */
  questionHeadings: string[];
  /** Chapter headings: `{c}` is the chapter number, `{title}` a short title. */
  chapterHeadings: string[];
  summaryHeading: string;
  tableHeader: [string, string, string];
  linkLabels: string[];
}

export const VOCABULARY: Record<Lang, Vocabulary> = {
  ko: {
    books: ['대규모 서비스 설계 입문', '객체지향 설계 연습', '데이터 저장소 깊이 읽기', '자바 실전 규칙', '분산 시스템 첫걸음', '검색 엔진 만들기'],
    members: ['지민', '민수', '도영', '해동', '희진', '준기', '서연', '하준', '유나', '은정', '윤우', '기윤 권', '태오', '소율'],
    terms: [
      '캐시', '샤딩', '로드밸런서', '메시지 큐', '데이터베이스 다중화', '일관성 해시', '처리율 제한기', '정규화', '트랜잭션',
      '보조 인덱스', '복제 지연', '세션 저장소', 'CDN', '비동기 처리', '장애 조치', '스레드 풀', '불변 객체', '캡슐화',
      '상속', '인터페이스', '제네릭', '람다', '스트림', '동시성 컬렉션', '역색인', '파티션', '리더 선출', '쿼럼', '벡터 시계',
      '가십 프로토콜', '쓰기 전 로그', 'LSM 트리', 'B 트리', '스키마 변경', '배치 처리', '멱등성', '재시도 정책', '서킷 브레이커',
    ],
    sentences: [
      '{t}는 {u}와 함께 쓰일 때 효과가 가장 크다.',
      '{t}를 도입하면 {u}의 부담은 줄지만 운영할 것이 하나 더 늘어난다.',
      '책은 {t}를 설명하기 전에 {u}의 한계부터 짚고 넘어간다.',
      '실무에서는 {t} 설정을 잘못 잡아서 장애가 나는 일이 생각보다 많다고 한다.',
      '{t}의 핵심은 상태를 어디에 둘지 정하는 데 있다.',
      '{t}와 {u}는 겉보기에 비슷하지만 풀려는 문제가 다르다.',
      '예제 코드는 {t}를 많이 단순화해서 보여 주기 때문에 그대로 쓰기는 어렵다.',
      '{t}를 적용하기 전에 읽기와 쓰기 비율부터 재 보라는 조언이 인상 깊었다.',
      '결국 {t}는 비용과 지연 시간 사이에서 균형을 잡는 문제다.',
      '저자는 {t}보다 {u}를 먼저 검토하라고 권한다.',
      '{t}에 대한 설명은 {n}쪽부터 몇 쪽에 걸쳐 이어진다.',
      '{t}가 실패했을 때 {u}로 넘어가는 경로를 미리 정해 두어야 한다.',
      '우리 팀도 작년에 {t}를 붙였다가 {u} 때문에 한 번 되돌린 적이 있다.',
      '{t}는 규모가 {k}배쯤 커지기 전까지는 굳이 필요 없다는 의견도 있다.',
      '그림 {k}-{k}에서 {t}와 {u}의 관계가 한눈에 들어온다.',
      '{t}를 설명하는 부분은 처음 읽을 때 잘 와닿지 않았는데 두 번째 읽으니 이해가 됐다.',
      '**{t}**가 왜 중요한지 이 장에서 가장 많이 강조된다.',
      '`{t}` 관련 설정은 기본값 그대로 두면 안 된다고 한다.',
    ],
    lookalikes: [
      'p99 지연 시간을 기준으로 {t} 전후를 비교했다.',
      '주문 테이블은 파티션 p0 ~ p{n} 으로 나눠 두었다.',
      '디스크가 초당 400페이지 / 초 정도를 읽는다고 가정한다.',
      '{t}는 운영체제의 페이지 캐시를 적극적으로 활용한다.',
      '저장 용량이 1P를 넘어가면 {t} 없이는 버티기 어렵다.',
      '대시보드에는 p50, p95, p999 값만 띄워 두었다.',
      '변수 p1, p2 에 각각 요청 수를 담는다.',
      '한 사람당 10~15페이지 분량을 맡아서 읽기로 했다.',
    ],
    questions: [
      '{t}를 쓰면 {u}와의 일관성은 어떻게 보장하나요?',
      '{t}가 왜 필요한지 잘 모르겠어요',
      '{t}와 {u}의 차이를 설명해주세요',
      '{t}를 적용하는 기준이 궁금합니다',
      '{t} 예시를 조금 더 알려주세요',
      '실제 서비스에서는 {t}를 어떻게 모니터링하나요?',
      '{t}의 단점은 없을까?',
      '{t}를 쓰지 않고 {u}만으로 해결할 수는 없을까요?',
      '{t} 부분은 이해가 안돼요',
      '{t}와 {u} 중에 무엇을 먼저 도입해야 하나요??',
    ],
    answers: [
      '찾아보니 {t}는 {u}와 달리 상태를 밖에 두기 때문에 확장이 쉽다고 한다.',
      '공식 문서에 따르면 {t}는 기본적으로 최대 {k}번까지 재시도한다.',
      '제 생각에는 {t}보다 {u}가 먼저인 것 같아요. 트래픽이 작을 때는 단순한 쪽이 낫습니다.',
      '회사에서는 {t} 지표를 {k}분 단위로 수집해서 대시보드로 보고 있어요.',
      '{t}는 결국 {u}를 감추기 위한 장치라고 이해했습니다.',
      '관련 글을 정리해 두었어요. 핵심은 {t}가 실패해도 {u}는 계속 동작해야 한다는 점입니다.',
    ],
    sectionTitles: ['{t}의 동작 방식', '{t} 설계 시 고려할 점', '{t}와 {u} 비교', '{t} 적용 사례', '{t}의 한계', '정리'],
    questionHeadings: ['궁금해요', '질문', '궁금한 점', 'Q&A', '토론'],
    chapterHeadings: ['{c}장 {title}', '제{c}장 {title}', 'Chapter {c}. {title}', '{c}장'],
    summaryHeading: '요약',
    tableHeader: ['방식', '장점', '단점'],
    linkLabels: ['이전 장 정리', '같이 읽을 글', '발표 자료', '참고'],
  },
  ja: {
    books: ['ドメイン設計の基礎', 'SQLのつまずき方', 'TypeScriptで学ぶ型', 'テスト駆動の実践'],
    members: ['haruto', 'yui', 'sota', '佐藤', '田中', 'mei', 'ren'],
    terms: [
      'キャッシュ', 'シャーディング', 'ロードバランサ', 'メッセージキュー', 'レプリケーション', '集約', 'リポジトリ', '値オブジェクト',
      'エンティティ', 'トランザクション', 'インデックス', '正規化', '型推論', 'ジェネリクス', '非同期処理', 'ユニオン型', 'モック',
    ],
    sentences: [
      '{t}は{u}と組み合わせると効果が大きい。',
      '{t}を導入すると{u}の負荷は下がるが、運用は複雑になる。',
      '本書では{t}の前に{u}の限界を整理している。',
      '{t}と{u}は似ているが、解決したい問題が違う。',
      'サンプルコードは{t}をかなり単純化しているので、実務とは少し違う。',
      '結局{t}はコストとレイテンシのトレードオフだと思う。',
      '{t}の説明は{n}ページあたりから本格的になる。',
      '現場では{t}の設定ミスで障害になることが多いらしい。',
      '{t}を使うかどうかは、まず読み書きの比率を測ってから決めたい。',
      '図{k}-{k}を見ると{t}と{u}の関係がよくわかる。',
    ],
    lookalikes: [
      'p99レイテンシで{t}の前後を比べた。',
      'パーティションはp0からp{n}まで切ってある。',
      '{t}はOSのページキャッシュに頼っている。',
    ],
    questions: [
      '{t}はどういう場面で使うべき？',
      '{t}と{u}の違いがよくわからない',
      '疑問: {t}はなぜ必要なのか？',
      '{t}の具体例を知りたいです。どう書きますか?',
      '{t}を使わずに{u}だけで済ませられない？',
    ],
    answers: [
      '調べたところ、{t}は{u}と違って状態を外に持つのでスケールしやすいらしい。',
      '公式ドキュメントによると{t}はデフォルトで{k}回までリトライする。',
      '個人的には{u}より先に{t}を検討したい。小さいうちは単純なほうがいい。',
    ],
    sectionTitles: ['{t}の仕組み', '{t}を設計するときの注意', '{t}と{u}の比較', 'まとめ'],
    questionHeadings: ['疑問', '質問', 'Questions'],
    chapterHeadings: ['第{c}章 {title}', '{c}章 {title}', 'Chapter {c} {title}'],
    summaryHeading: 'まとめ',
    tableHeader: ['方式', '長所', '短所'],
    linkLabels: ['前回のメモ', '参考', '関連'],
  },
  en: {
    books: ['Designing Data Systems', 'Practical Object Design', 'Reading the Compiler', 'Refactoring Notes'],
    members: ['alex', 'sam', 'jordan', 'priya', 'noah', 'lena'],
    terms: [
      'cache', 'sharding', 'load balancer', 'message queue', 'replication', 'consistent hashing', 'rate limiter', 'leader election',
      'quorum', 'write-ahead log', 'B-tree', 'LSM-tree', 'secondary index', 'schema evolution', 'batch processing', 'idempotency',
    ],
    sentences: [
      '{t} pays off most when it is combined with {u}.',
      'The author introduces {t} only after showing where {u} breaks down.',
      'In practice {t} fails mostly because of bad defaults, not bad design.',
      'Choosing {t} over {u} is a trade-off between cost and latency.',
      'The sample code simplifies {t} a lot, so it is not production ready.',
      'The discussion of {t} starts on page {n} and runs for a few pages.',
      'Figure {k}-{k} shows how {t} and {u} fit together.',
      'We tried {t} at work last year and rolled it back because of {u}.',
    ],
    lookalikes: [
      'We compared {t} by p99 latency before and after the change.',
      'The orders table is split into partitions p0 to p{n}.',
      '{t} leans heavily on the page cache of the operating system.',
    ],
    questions: [
      'Why does {t} need {u} at all?',
      'How would {t} behave during a network partition?',
      'Could someone explain the difference between {t} and {u}?',
      'Q. When is {t} worth the extra complexity?',
      'I do not get how {t} keeps {u} consistent??',
    ],
    answers: [
      'As far as I can tell, {t} keeps state outside the process, which is why it scales.',
      'The docs say {t} retries up to {k} times by default.',
      'I would start with {u} and add {t} only when the numbers demand it.',
    ],
    sectionTitles: ['How {t} works', 'Designing {t}', '{t} versus {u}', 'Where {t} falls short', 'Summary'],
    questionHeadings: ['Questions', 'Discussion', 'Q&A'],
    chapterHeadings: ['Chapter {c}: {title}', 'Chapter {c}. {title}', 'Ch.{c} {title}'],
    summaryHeading: 'Summary',
    tableHeader: ['approach', 'pros', 'cons'],
    linkLabels: ['previous chapter', 'see also', 'slides'],
  },
};

/** Code blocks: their `p.45`-like text must not count (fenced code never does). */
export const CODE_SNIPPETS: Array<{ lang: string; lines: string[] }> = [
  {
    lang: 'java',
    lines: [
      'public final class PageCache {',
      '    // p.45 예제를 조금 바꿨다',
      '    private final Map<String, byte[]> entries = new ConcurrentHashMap<>();',
      '    public byte[] get(String key) { return entries.get(key); }',
      '}',
    ],
  },
  {
    lang: 'sql',
    lines: [
      'CREATE TABLE orders (id BIGINT PRIMARY KEY, created_at DATE)',
      'PARTITION BY RANGE (YEAR(created_at)) (',
      '  PARTITION p2023 VALUES LESS THAN (2024),',
      '  PARTITION p2024 VALUES LESS THAN (2025)',
      ');',
    ],
  },
  {
    lang: 'ts',
    lines: [
      'type Page = { number: number; text: string };',
      'const p1: Page = { number: 12, text: "p.12" };',
      'export function nextPage(p: Page): Page {',
      '  return { ...p, number: p.number + 1 };',
      '}',
    ],
  },
  {
    lang: 'python',
    lines: ['def p99(samples):', '    ordered = sorted(samples)', '    return ordered[int(len(ordered) * 0.99)]'],
  },
];
