import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findPageRefs, formatPageRef } from '../../server/src/notes/pageRefs.ts';
import type { FoundPageRef } from '../../server/src/notes/pageRefs.ts';

/** The refs of a line, reduced to what a test states: text, pages, offset and qualifier. */
function refs(line: string) {
  const r = findPageRefs(line);
  for (const ref of r.refs) {
    assert.equal(ref.text, line.slice(ref.offset, ref.offset + ref.length), 'text is the slice at offset');
  }
  return r.refs.map(({ text, start, end, offset, qualifier }) => {
    const out: Partial<FoundPageRef> = { text, start, end, offset };
    if (qualifier !== undefined) out.qualifier = qualifier;
    return out;
  });
}

/** Expected ref whose offset is where `text` first occurs in `line` (after `from`). */
function ref(line: string, text: string, start: number, end = start, qualifier?: string, from = 0) {
  const offset = line.indexOf(text, from);
  assert.ok(offset >= 0, `"${text}" occurs in the test line`);
  const out: Partial<FoundPageRef> = { text, start, end, offset };
  if (qualifier !== undefined) out.qualifier = qualifier;
  return out;
}

function assertOne(line: string, text: string, start: number, end = start, qualifier?: string) {
  assert.deepEqual(refs(line), [ref(line, text, start, end, qualifier)]);
}

function assertNone(line: string) {
  const r = findPageRefs(line);
  assert.deepEqual(r.refs, [], `no ref in ${JSON.stringify(line)}`);
  assert.deepEqual(r.malformed, [], `no malformed ref in ${JSON.stringify(line)}`);
}

describe('findPageRefs: accepted forms (real lines)', () => {
  it('p.N in parentheses', () => {
    const line = '- (p.108) 불변 객체가 왜 스레드에서 안전한지? - 도영';
    assert.deepEqual(refs(line), [{ text: 'p.108', start: 108, end: 108, offset: 3 }]);
  });

  it('p. N, P.N, P. N', () => {
    assertOne('### p. 119 ネストしたパターンにデフォルト値代入する例（インデント下げて見やすくした）', 'p. 119', 119);
    assertOne('P.51からの実例をやってみたい。', 'P.51', 51);
    assertOne('### P.57から', 'P.57', 57);
    assertOne('- 모듈 활용 대표적인 예시 (P. 101 참고)', 'P. 101', 101);
  });

  it('pN and PN', () => {
    assertOne('    - p438 스레드 안전성 수준', 'p438', 438);
    assertOne('#### 책임(P114)', 'P114', 114);
    assertOne('* 객체 지향 설계 기법(P130)', 'P130', 130);
    assertOne('> 숙련된 프로그래머는 … 재사용하는 것이 좋다. - p396', 'p396', 396);
    assertOne('- Reads are events too (p 513)', 'p 513', 513);
  });

  it('pN. inside HTML that the caller blanked', () => {
    const line =
      '>              p9. 프로덕션(production)환경에서 벌어지는 일은 이것보다는 더 복잡한데, 부 서버에 보관된 데이터가 최신 상태가 아닐 수 있기 때문이다.                  ';
    assert.deepEqual(refs(line), [{ text: 'p9', start: 9, end: 9, offset: 15 }]);
    assertOne('- **p12. 캐시에 보관된 데이터는 어떻게 만료(expire)되는가?**', 'p12', 12);
    assertOne('- p173. 힙 오염이 무엇일까? (해동)', 'p173', 173);
  });

  it('Np, NP, (Np), Np)', () => {
    const line = '- (130p) default 메서드를 어떤식으로 사용하면 좋을까? - 해동';
    assert.deepEqual(refs(line), [{ text: '130p', start: 130, end: 130, offset: 3 }]);
    assertOne('    - 295p) : 단일을 처리하는 랜덤과 여러개를 처리하는 랜덤이 각각 따로 있다.', '295p', 295);
    assertOne('    - 431P: 동시성 컬렉션에서 동시성을 무력화하지 못하므로', '431P', 431);
    assertOne('    - 331p', '331p', 331);
    assertOne('**최종 수정된 설계안 179p.**', '179p', 179);
    assertOne('LUGINS와 같은 명령어로 스토리 엔진 및 플러그인 확인 가능 (책 88p참조)', '88p', 88);
  });

  it('N쪽 and N페이지, with their qualifiers', () => {
    assertOne('                23쪽 맨아래 3줄 이해가 안감…! (다시 확인해볼 것.)', '23쪽', 23, 23, '맨아래 3줄');
    assertOne('(책 37페이지 마지막 줄들..)', '37페이지', 37, 37, '마지막 줄들');
    assertOne('/ 코드 34-7 열거 타입용 fromString 메서드 구현하기 (216쪽)', '216쪽', 216);
    assertOne('해당 23쪽 참고', '23쪽', 23);
  });

  it('Npage and Npg', () => {
    assertOne('200page 예시를 보면 암호화된 테이블은 읽기가 3~5배 정도 느리고', '200page', 200);
    assertOne('-> 예) …둘중한명만 성공해야함.(리더와 잠금 301pg)', '301pg', 301);
    assertOne('(자세한 테스트 과정은 254 ~ 256page 참조)', '254 ~ 256page', 254, 256);
    assertOne('데이터플로 (REST와 RPC, 134 Page)', '134 Page', 134);
  });

  it('page N, on page N, pages N–M, pp. N-M', () => {
    assertOne(
      '\t5.\tWhy was Bill pictured on page 86 without any mention of why he was arrested?',
      'page 86',
      86,
    );
    assertOne('graph models (see “Graph-Like Data Models” on page 49) are the most natural.', 'page 49', 49);
    assertOne('On page 49, we discussed modeling data using graphs', 'page 49', 49);
    assertOne('as the book shows on pages 45–50.', 'pages 45–50', 45, 50);
    assertOne('(see pp. 120-4)', 'pp. 120-4', 120, 124);
    assertOne('see pages 45 to 50', 'pages 45 to 50', 45, 50);
  });

  it('ranges, including abbreviated ends', () => {
    assertOne('   - p.356-7. BigDecimal의 대안으로 int 혹은 long 타입을 쓸 수 있다', 'p.356-7', 356, 357);
    assertOne('- p.108-12 불변 클래스', 'p.108-12', 108, 112);
    assertOne('p.2~p.9 1.2.1　TypeScriptコンパイラの役割(1)型チェック　途中', 'p.2~p.9', 2, 9);
    assertOne('- p175-176 제네릭 메서드', 'p175-176', 175, 176);
    assertOne('- p. 270 ~p.275 스트림', 'p. 270 ~p.275', 270, 275);
    assertOne('→ 자세한 내용은 114 ~ 117P 책 참조', '114 ~ 117P', 114, 117);
    assertOne(
      '        - 前にp.82-83あたりでオブジェクトは浅いコピーを行うので',
      'p.82-83',
      82,
      83,
    );
    assertOne('- p.45 - p.50 정리', 'p.45 - p.50', 45, 50);
  });

  it('ranges written in words: から / 부터…까지', () => {
    const ja = '- p.42 「2.3.8 nullとundefined」 から p.53 「2.4.4 比較演算子と等価演算子」　まで';
    assertOne(ja, 'p.42 「2.3.8 nullとundefined」 から p.53', 42, 53);
    assertOne('- p.114 「3.6 分割代入」 から p.122 「3.7.1 Dateオブジェクト」途中まで', 'p.114 「3.6 分割代入」 から p.122', 114, 122);
    assertOne('- p.53 「コラム5」 から', 'p.53', 53);
    assertOne('- p.45부터 p.50까지 읽음', 'p.45부터 p.50', 45, 50);
  });

  it('lists: one ref per page written', () => {
    const a = '- p.418, p.419 동기화';
    assert.deepEqual(refs(a), [ref(a, 'p.418', 418), ref(a, 'p.419', 419)]);
    const b = '> − 오브젝트, 조영호 (p.379, p.387)';
    assert.deepEqual(refs(b), [ref(b, 'p.379', 379), ref(b, 'p.387', 387)]);
    const c = '    - 173p, 186p';
    assert.deepEqual(refs(c), [{ text: '173p', start: 173, end: 173, offset: 6 }, { text: '186p', start: 186, end: 186, offset: 12 }]);
    const d = '- p.7 데이터베이스 다중화 / p.20 데이터 센터';
    assert.deepEqual(refs(d), [ref(d, 'p.7', 7), ref(d, 'p.20', 20)]);
    const e = '\\- "불변 클래스는 굳이 clone 메서드를 제공하지 않는게 좋다."(p.79, p.108 참고)';
    assert.deepEqual(refs(e), [ref(e, 'p.79', 79), ref(e, 'p.108', 108)]);
    const f = '    - p.281,p.282) 맵 팩터리란?';
    assert.deepEqual(refs(f), [ref(f, 'p.281', 281), ref(f, 'p.282', 282)]);
    const g = '- p.7/p.20';
    assert.deepEqual(refs(g), [ref(g, 'p.7', 7), ref(g, 'p.20', 20)]);
  });

  it('qualifiers are kept as written', () => {
    const line = '    - 「ランタイムの挙動が型情報に依存しない」（p9/L5）という言葉の意味がまだいまいちわかっていない';
    assertOne(line, 'p9', 9, 9, 'L5');
    assertOne('p.233 위에서 2번째 문단', 'p.233', 233, 233, '위에서 2번째 문단');
    assertOne('__P.47下部が最終的な結論かな。__', 'P.47', 47, 47, '下部');
    assertOne('- …エンティティの同一性担保にVOを使うのはNGってこと？（P97太字）', 'P97', 97, 97, '太字');
    assertOne('- p44の注釈22の意味がいまいちよくわからなかった', 'p44', 44, 44, '注釈22');
    assertOne('- p.45 그림3-1', 'p.45', 45, 45, '그림3-1');
    assertOne('- p.5 표 3개를 비교', 'p.5', 5); // three tables, not table 3
  });

  it('full-width brackets, CJK punctuation and glued Hangul/Japanese', () => {
    assertOne('    - プロポーザル(→1.2.3 P13)', 'P13', 13);
    assertOne('불변 객체는 스레드 안전하다。(p.38)', 'p.38', 38);
    assertOne('p.45에서 설명하는 캐시', 'p.45', 45);
    assertOne('#### p.117で配列の中にオブジェクトを用意して', 'p.117', 117);
    assertOne('    - p99の例は『一旦objに入れた時点でただの型の変数になる』という', 'p99', 99);
  });
});

describe('findPageRefs: look-alikes give nothing', () => {
  const lines = [
    // percentiles
    '* High percentiles (tail latency) - p95, p99, p999 (99.9%)',
    'Median Response Time (p50): Half of the requests are faster',
    '- 특이값을 알아보기 위해 95분위, 99분위, 99.9분위(p95, p99, p99.9) 응답시간을 확인해야 한다.',
    '> Why not p99.99?? -> too expensive',
    'p50 p90 p95 p99 p999',
    '중앙값은 50분위로서 p50 으로 축약할 수 있다.',
    // partitions and variables
    '  PARTITION p2009 VALUES LESS THAN (2010),',
    '- 위 쿼리는 p2, p3파티션을 p23 파티션으로 병합합니다.',
    '- 2011년 이후에 입사한 사원을 p4 파티션에 분리하여 저장합니다.',
    '  # 파티션의 이름 지정p0 ~ p4',
    '    - 개수만 지정해도 알아서 p0, p1 …으로 이름을 생성함',
    '|  1 | SIMPLE      | employees_2 | p1996_2000,p2001_2005 | ALL  |',
    '    p1l ->> p1f: q',
    'p1, p2',
    'p1 = 0.3',
    'x = p7 + p8',
    'p2022',
    'P0 장애, P1 장애',
    // units and counts
    '10^15 = 1Quadrillion = 1P',
    '1P 바이트',
    '저장소는 1PB 정도',
    '- QPS = 10억/30일/24시간/3600초 = 대략 400페이지/초',
    '- QPS = 10억 / 30일 / 24시간 / 3600초 = 400페이지 / sec',
    '- 최대 (Peak) QPS = 2 X QPS = 800 page/sec',
    '- QPS: 1,000,000,000 / 30 days / 24 hours / 3600 seconds = ~400 pages per second.',
    '- 직렬화 역직렬화가 뭐지? (12장) -> 30페이지분량',
    '1인당 10~15페이지',
    '오늘은 100페이지 정도 읽었다',
    '총 1,000페이지 짜리 책',
    // database and memory pages
    '## ✅ 6.1 페이지 압축(Transparent Page Compression)',
    '데이터 페이지 크기가 16KB라면 페이지 캐시에 올린다',
    'a page fault occurs',
    '2페이지 조회 쿼리가 느리다',
    'PageRequest.of(0, 10) 이면 page 0 부터',
    // words, files, versions, media
    'mp3 p2p 1080p 720p 4K@60p',
    '- i.e. funny_720p.mp4',
    'hash characters could be same 5cb54054, 5cb5405p',
    'www.x.com/p12 ?p=3',
    '0x1p3 v1.2p3 top10 step5 help2',
    'p5.js로 그림을 그린다',
    'java -p3306 옵션',
    'Ep.3 을 보자',
    '마케팅 4P 전략, 3p 쿠키',
    // too loose
    'p 3',
    'p 값이 0.05 이하',
  ];
  for (const line of lines) {
    it(JSON.stringify(line), () => assertNone(line));
  }
});

describe('findPageRefs: malformed page references', () => {
  it('reversed range that is not an abbreviation', () => {
    const r = findPageRefs('- p.45-12 참고');
    assert.deepEqual(r.refs, []);
    assert.deepEqual(r.malformed, [
      { offset: 2, length: 7, text: 'p.45-12', reason: 'range ends before it starts (p.45-12)' },
    ]);
  });

  it('page 0', () => {
    const r = findPageRefs('(p.0)');
    assert.deepEqual(r.refs, []);
    assert.deepEqual(r.malformed, [{ offset: 1, length: 3, text: 'p.0', reason: 'there is no page 0 (p.0)' }]);
  });

  it('page beyond any book', () => {
    const r = findPageRefs('p.2500');
    assert.equal(r.malformed.length, 1);
    assert.match(r.malformed[0]!.reason, /beyond 2000/);
  });

  it('a malformed ref does not hide the good ones on the line', () => {
    const r = findPageRefs('p.45-12 and p.50');
    assert.deepEqual(r.refs.map((x) => x.text), ['p.50']);
    assert.equal(r.malformed.length, 1);
  });

  it('look-alike markers are not reported: p0, page 0, p45-12', () => {
    assertNone('p0 ~ p4');
    assertNone('page 0');
    assertNone('p45-12');
  });
});

describe('findPageRefs: robustness', () => {
  it('lines without a digit or a marker', () => {
    assertNone('');
    assertNone('페이지 캐시와 버퍼 풀');
    assertNone('12345 67890');
  });

  it('blanked code spans leave no trace', () => {
    assertNone('자세한 설정 및 실습은                        참조');
  });

  it('long lines stay linear', () => {
    const line = 'p45 x '.repeat(20000) + '23쪽 '.repeat(20000) + 'page 12 '.repeat(20000);
    const t = performance.now();
    const r = findPageRefs(line);
    assert.equal(r.refs.length, 60000);
    assert.ok(performance.now() - t < 2000);
  });
});

describe('formatPageRef', () => {
  it('single pages', () => {
    assert.equal(formatPageRef(45, 45, 'p.N'), 'p.45');
    assert.equal(formatPageRef(45, 45, 'pN'), 'p45');
    assert.equal(formatPageRef(45, 45, 'Np'), '45p');
  });

  it('ranges', () => {
    assert.equal(formatPageRef(356, 357, 'p.N'), 'p.356-357');
    assert.equal(formatPageRef(356, 357, 'pN'), 'p356-357');
    assert.equal(formatPageRef(356, 357, 'Np'), '356-357p');
  });

  it('round-trips through findPageRefs', () => {
    for (const style of ['p.N', 'pN', 'Np'] as const) {
      const text = formatPageRef(108, 112, style);
      assert.deepEqual(refs(`- ${text} 정리`), [{ text, start: 108, end: 112, offset: 2 }]);
    }
  });
});
