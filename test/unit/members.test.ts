import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findMembers, splitTrailingAttribution } from '../../server/src/notes/members.ts';

const names = (text: string, known?: string[]): string[] =>
  findMembers(text, known ? { knownMembers: known } : undefined).map((m) => `${m.kind}:${m.name}`);

describe('findMembers: @mentions', () => {
  it('reads Hangul mentions with their ranges', () => {
    const text = '> **비정형 데이터란 무엇인가요? (비교해서 개념 설명 부탁드립니다.) @박은정**';
    const [m] = findMembers(text);
    assert.deepEqual(m, { name: '박은정', offset: text.indexOf('@'), length: 4, kind: 'mention' });
    assert.equal(text.slice(m.offset, m.offset + m.length), '@박은정');
  });

  it('reads a Notion mention whose name holds one space, but only a name', () => {
    assert.deepEqual(names('### 1장 @기윤 권'), ['mention:기윤 권']);
    assert.deepEqual(names('@기윤 권**'), ['mention:기윤 권']);
    assert.deepEqual(names('@권 기윤 님 확인 부탁'), ['mention:권 기윤']);
    assert.deepEqual(names('@박은정 **'), ['mention:박은정']);
    assert.deepEqual(names('@김윤우 설명해주세요'), ['mention:김윤우']);
    assert.deepEqual(names('@기윤 이 부분 설명해주세요'), ['mention:기윤']);
    assert.deepEqual(names('@박은정님 확인 부탁드려요'), ['mention:박은정']);
    const [m] = findMembers('1장 @기윤 권');
    assert.equal('1장 @기윤 권'.slice(m.offset, m.offset + m.length), '@기윤 권');
  });

  it('reads several mentions', () => {
    assert.deepEqual(names('@기윤 권, @김윤우'), ['mention:기윤 권', 'mention:김윤우']);
    assert.deepEqual(names('@a, @b'), ['mention:a', 'mention:b']);
  });

  it('reads GitHub handles, including attribution bullets', () => {
    assert.deepEqual(names('@haruguchi-yuma'), ['mention:haruguchi-yuma']);
    assert.deepEqual(names('- @mami-inuzuka'), ['mention:mami-inuzuka']);
    assert.deepEqual(names('-　@haruguchi'), ['mention:haruguchi']);
    assert.deepEqual(names('@Maeda8'), ['mention:Maeda8']);
    assert.deepEqual(names('- @SatoshiHaramura'), ['mention:SatoshiHaramura']);
    assert.deepEqual(names('なんでと言われるとなんでだろ（from @cafedomancer）'), ['mention:cafedomancer']);
    assert.deepEqual(names('なんでだろ（from @Saki）'), ['mention:Saki']);
  });

  it('ignores annotations, Javadoc tags, emails, URLs, SQL and code', () => {
    for (const text of [
      '@Override는 메서드 재정의를 표시한다',
      '@Override 애너테이션을 일관되게 사용하라',
      '- @SafeVarargs 애너테이션',
      '@Target(ElementType.METHOD)',
      '@Retention(RetentionPolicy.RUNTIME)',
      '@Transactional',
      '* @ThreadSafe',
      '직접 만든 함수형 인터페이스에는 항상 @FunctionalInterface 애너테이션을 사용하라',
      '자바독의 @throws 태그에도 기술해야 한다',
      '* @author kim',
      '{@link Object#toString} 참고',
      '{@code int} 최솟값',
      'public @interface Test',
      'mail me at a@b.com',
      "CREATE USER 'user'@'%' IDENTIFIED BY 'pw'",
      'mysql root@localhost:3306',
      'https://velog.io/@jimmy48/%EB%B9%84',
      'https://www.npmjs.com/package/@tsconfig/strictest',
      'npm i -D @types/node',
      'SET @p_seoul := 1',
      '`@Override` 애너테이션',
      '`@박은정` 은 코드',
    ]) {
      assert.deepEqual(findMembers(text), [], text);
    }
  });

  it('maps ranges back into NFD text', () => {
    const text = `확인 @${'박은정'.normalize('NFD')} 님`;
    const [m] = findMembers(text);
    assert.equal(m?.name, '박은정');
    assert.equal(text.slice(m.offset, m.offset + m.length).normalize('NFC'), '@박은정');
  });
});

describe('findMembers: commenters', () => {
  it("reads seed 000's `'준기' : …`", () => {
    const text = "'준기' : 블로그 서비스의 CRUD 기능에서 R이 매우 중요하다.";
    assert.deepEqual(findMembers(text), [{ name: '준기', offset: 1, length: 2, kind: 'commenter' }]);
    assert.deepEqual(names("- ‘준기’: 찾아보니 `원형 다중화` 방식을 통해"), ['commenter:준기']);
    assert.deepEqual(names('"Mike": I agree'), ['commenter:Mike']);
  });

  it('needs a known member for an unquoted label (`장점: …` looks the same)', () => {
    assert.deepEqual(names('장점: 빠르다'), []);
    assert.deepEqual(names('도영: 다음 주에 정리'), []);
    assert.deepEqual(names('도영: 다음 주에 정리', ['도영']), ['commenter:도영']);
    assert.deepEqual(names("'동기화' : 여러 스레드가 같은 데이터에 접근"), []);
  });
});

describe('findMembers: trailing attribution', () => {
  it('reads `- name` after a question', () => {
    const text = '- (p.108) 불변 객체가 왜 스레드에서 안전한지? - 도영   ';
    const [m] = findMembers(text);
    assert.deepEqual(m, { name: '도영', offset: text.indexOf('도영'), length: 2, kind: 'attribution' });
    assert.deepEqual(names('(130p) default 메서드를 어떤식으로 사용하면 좋을까? - 해동'), ['attribution:해동']);
    assert.deepEqual(names('p.306 래퍼 클래스 - 도영'), ['attribution:도영']);
    assert.deepEqual(names('(p.111) - 해동'), ['attribution:해동']);
  });

  it('reads a list of names', () => {
    assert.deepEqual(names('(p.114) 캡슐화를 깨뜨린다는 것의 개념적 이해 - 도영, 해동, 희진  '), [
      'attribution:도영',
      'attribution:해동',
      'attribution:희진',
    ]);
    assert.deepEqual(names('상속을 구현하는 클래스에서 문서화 해보는 것 - 도영, 희진'), ['attribution:도영', 'attribution:희진']);
  });

  it('reads `(name)` right after a question', () => {
    assert.deepEqual(names('291p) 포크 조인 패키지가 무엇일까? (해동)'), ['attribution:해동']);
    assert.deepEqual(names('p.244) 39-3 예제 코드의 테스트가 2번 동작할까?(해동)'), ['attribution:해동']);
    assert.deepEqual(names('서비스 제공자 프레임워크 패턴 중 `브리지 패턴` 이 무엇인지(도영, 해동)'), [
      'attribution:도영',
      'attribution:해동',
    ]);
    assert.deepEqual(names('아쉬웠던 점: 10분 전 remind (희진님)', ['희진']), ['attribution:희진']);
  });

  it('does not take words in parentheses or after a dash for names', () => {
    for (const text of [
      '모든 요청에 오류를 반환하는 편이 좋을까? (일반적)',
      '사용자 간 관계 정보를 보관한다. (팔로워, 팔로잉)',
      '> **Isolation(독립성,격리성)**',
      '중간 연산: 시작과 마지막 사이의 연산 (변환, 필터)',
      '그 일은 (큰일이 났던) 사건이다',
      '두 방식을 비교한다 (비교)',
      '현실 세계의 객체와 객체지향 세계의 객체 사이의 중요한 차이점 - 캡슐화',
      '심볼 - 트럼프',
      '- 장점',
      '완고함, 편협함',
      '코드 37-6 코드 해석 (도영)',
      '특수한 타입 - 일반적인 타입이 가진 모든 행동을 포함',
    ]) {
      assert.deepEqual(findMembers(text), [], text);
    }
  });

  it('accepts known members where a lone name would be doubtful', () => {
    assert.deepEqual(names('코드 37-6 코드 해석 (도영)', ['도영']), ['attribution:도영']);
    assert.deepEqual(names('`Arrays.asList 안의 private static ArrayList ` - 희진', ['희진']), ['attribution:희진']);
  });
});

describe('splitTrailingAttribution', () => {
  it('strips askers, addressees and closing markup', () => {
    assert.deepEqual(splitTrailingAttribution('적절한 캐시 만료 기간은 어떻게 정하나요?? @김윤우**'), {
      body: '적절한 캐시 만료 기간은 어떻게 정하나요??',
      askers: [],
      addressees: ['김윤우'],
    });
    assert.deepEqual(splitTrailingAttribution('291p) 포크 조인 패키지가 무엇일까? (해동)'), {
      body: '291p) 포크 조인 패키지가 무엇일까?',
      askers: ['해동'],
      addressees: [],
    });
    assert.deepEqual(splitTrailingAttribution('(p.117) 전달 클래스는 기존 클래스의 내부 구현 방식의 영향에서 벗어난다? - 희진, 도영, 해동'), {
      body: '(p.117) 전달 클래스는 기존 클래스의 내부 구현 방식의 영향에서 벗어난다?',
      askers: ['희진', '도영', '해동'],
      addressees: [],
    });
    assert.deepEqual(splitTrailingAttribution('<strong><i>p9. 프로덕션 환경이란 무엇인가?</i></strong>').body, '<strong><i>p9. 프로덕션 환경이란 무엇인가?');
  });

  it('strips a parenthesis that closes a question, and keeps others', () => {
    assert.equal(splitTrailingAttribution('데이터 일관성 수준은 조정이 가능해야 함. (무슨 소리?)').body, '데이터 일관성 수준은 조정이 가능해야 함. (무슨 소리?');
    assert.equal(splitTrailingAttribution('…디폴트 설정을 말하는걸까요..?!)').body, '…디폴트 설정을 말하는걸까요..?!');
    assert.equal(splitTrailingAttribution('(p.111) - 해동').body, '(p.111)');
    assert.equal(splitTrailingAttribution('좋을까? (일반적)').body, '좋을까? (일반적)');
  });

  it('is lenient with a lone `- name` in question text, but not with glosses', () => {
    assert.deepEqual(splitTrailingAttribution('모듈에 대한 이해 - 해동').askers, ['해동']);
    assert.deepEqual(splitTrailingAttribution('`Arrays.asList` 안의 ArrayList - 희진').askers, ['희진']);
    assert.deepEqual(splitTrailingAttribution('차이점 - 캡슐화').askers, []);
    assert.deepEqual(splitTrailingAttribution('**프로메테우스 - 오픈소스**').askers, []);
    assert.deepEqual(splitTrailingAttribution('관계 정보를 보관한다. (팔로워, 팔로잉)').askers, []);
  });

  it('handles attribution and addressee together, and text that is only a mention', () => {
    assert.deepEqual(splitTrailingAttribution('왜 필요한가요? - 도영 @박은정'), {
      body: '왜 필요한가요?',
      askers: ['도영'],
      addressees: ['박은정'],
    });
    assert.deepEqual(splitTrailingAttribution('@박은정'), { body: '@박은정', askers: [], addressees: [] });
    assert.deepEqual(splitTrailingAttribution(''), { body: '', askers: [], addressees: [] });
  });

  it('keeps @ inside code and annotations in the body', () => {
    assert.equal(splitTrailingAttribution('`@Override`를 꼭 달아야 하나요?').body, '`@Override`를 꼭 달아야 하나요?');
    assert.equal(splitTrailingAttribution('왜 @Override 를 쓰나요? @Override').body, '왜 @Override 를 쓰나요? @Override');
  });

  it('stays fast on pathological input', () => {
    const started = performance.now();
    splitTrailingAttribution(`${'*'.repeat(20000)}x${' '.repeat(20000)}? - 도영`);
    findMembers(`${'- '.repeat(20000)}도영 ${'@'.repeat(5000)}`);
    assert.ok(performance.now() - started < 1000);
  });
});
