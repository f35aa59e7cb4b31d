import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chapterFromHeading,
  chapterFromPath,
  chapterRange,
  compareChapterIds,
  isQuestionSectionHeading,
  parseChapterId,
} from '../../server/src/notes/chapters.ts';

const id = (heading: string): string | undefined => chapterFromHeading(heading)?.id;
const pathId = (path: string): string | undefined => chapterFromPath(path)?.id;

describe('chapterFromHeading', () => {
  it('reads Korean chapter headings (real examples)', () => {
    assert.equal(id('1장'), '1');
    assert.equal(id('1장 사용자 수에 따른 규모 확장성'), '1');
    assert.equal(id('03장. 저장소와 검색'), '3');
    assert.equal(id('**03장. 저장소와 검색**DB란'), '3');
    assert.equal(id('05장 복제'), '5');
    assert.equal(id('4장: 부호화와 발전'), '4');
    assert.equal(id('제3장 객체'), '3');
    assert.equal(id('📌 6장: 데이터 압축'), '6');
    assert.equal(id('Real MySQL 9장 옵티마이저와 힌트'), '9');
  });

  it('reads Korean ranges', () => {
    assert.equal(id('대규모 1~3장'), '1-3');
    assert.equal(id('1~3장'), '1-3');
    assert.equal(id('10장~11장'), '10-11');
    assert.equal(id('8~9장'), '8-9');
  });

  it('reads English chapter headings in their many spellings', () => {
    assert.equal(id('Chapter 1'), '1');
    assert.equal(id('Chapter 10. Design a notification system'), '10');
    assert.equal(id('CHAPTER 1: SCALE FROM ZERO TO MILLIONS OF USERS'), '1');
    assert.equal(id('Chapter 2: Back-of-the-envelope estimation'), '2');
    assert.equal(id('Chapter13 : Design a search autocomplete system'), '13');
    assert.equal(id('Chapter1'), '1');
    assert.equal(id('Chapter 1###'), '1');
    assert.equal(id('#Chapter 4'), '4');
    assert.equal(id('Ch.4 역할, 책임, 협력'), '4');
    assert.equal(id('ch.3 타입과 추상화'), '3');
    assert.equal(id('Ch 3. A framework for system design interviews'), '3');
    assert.equal(id('CH1. Scale From Zero to Millions of Users'), '1');
    assert.equal(id('ch1. 협력하는 객체들의 공동체'), '1');
    assert.equal(id('Ch1 신뢰 어플리케이션'), '1');
    assert.equal(id('Ch07 트랜잭션(직렬성)'), '7');
    assert.equal(id('CH2. **BACK-OF-THE-ENVELOPE ESTIMATION**'), '2');
    assert.equal(id('**Chapter 11. Design a News Feed System**'), '11');
  });

  it('reads typos, lettered chapters and English ranges', () => {
    assert.equal(id('Chatper 1 Reliable, Scalable, and Maintainable Applications'), '1');
    assert.equal(id('Chater 12. Design a chat system'), '12');
    assert.equal(id('Chapter 2A - ...and the Special Circumstances When They Do'), '2a');
    assert.equal(id('Chapter 02a'), '2a');
    assert.equal(id('CHAPTER 37 - 41'), '37-41');
    assert.equal(id('Pragmatic Programmer, Chapters 1-4 Summary'), '1-4');
    assert.equal(id('Ed Weng - Pragmatic Programmer Ch. 1-4'), '1-4');
    assert.equal(id('Chapter 1 - Why Nerds Are Unpopular'), '1');
    assert.equal(id('Ch10 일괄처리(맵리듀스를 넘어), CH11 스트림 처리(이벤트 스트림 전송)'), '10-11');
  });

  it('reads Japanese chapters and parts', () => {
    assert.equal(id('第1章'), '1');
    assert.equal(id('第12章 インデックスショットガン（闇雲インデックス）'), '12');
    assert.equal(id('第１４章 アンビギュアスグループ（曖昧なグループ）'), '14');
    assert.equal(id('4章 ドメインを隔離する'), '4');
    assert.equal(id('10章の目的'), '10');
    assert.equal(id('第1部の目的'), 'part1');
    assert.equal(id('第2部 モデル駆動設計の構成要素'), 'part2');
    assert.equal(id('- 第3部の目的'), 'part3');
  });

  it('reads items', () => {
    assert.equal(id('Item72. 표준 예외를 사용하라'), 'item72');
    assert.equal(id('Item 13, clone 재정의는 주의해서 진행하라'), 'item13');
    assert.equal(id('item1) 생성자 대신 정적 팩터리 메서드를 고려하라'), 'item1');
    assert.equal(id('Item.45 스트림은 주의해서 사용하라.'), 'item45');
    assert.equal(id('item40 @Override 애너테이션을 일관되게 사용하라'), 'item40');
    assert.equal(id('아이템 34. int 상수 대신 열거 타입을 사용하라'), 'item34');
    assert.equal(id('아이템10. equals는 일반 규약을 지켜 재정의하라'), 'item10');
    assert.equal(id('Item35 ****ordinal() 대신 인스턴스 필드를 사용하라****'), 'item35');
  });

  it('reads parts and weeks, but a chapter in the same heading wins', () => {
    assert.equal(id('Part 2 분산데이터'), 'part2');
    assert.equal(id('part01'), 'part1');
    assert.equal(id('2부 분산 데이터'), 'part2');
    assert.equal(id('1주차'), 'week1');
    assert.equal(id('Week 4'), 'week4');
    assert.equal(id('【第1週】ブルーベリー本輪読会🫐🫐<br />(2022-05-14)'), 'week1');
    assert.equal(id('2주차 - 3장 정리'), '3');
    assert.equal(id('주제 : 7week. chapter7 김은호 정리글'), '7');
    assert.equal(id('2부 3장 복제'), '3');
    assert.equal(id('ch03. 데이터 저장과 검색(part 2)'), '3');
  });

  it('takes presenters from Notion mentions', () => {
    assert.deepEqual(chapterFromHeading('1장 @기윤 권'), { id: '1', presenters: ['기윤 권'] });
    assert.deepEqual(chapterFromHeading('2장 @김윤우'), { id: '2', presenters: ['김윤우'] });
    assert.deepEqual(chapterFromHeading('3장 @기윤 권, @김윤우'), { id: '3', presenters: ['기윤 권', '김윤우'] });
    assert.deepEqual(chapterFromHeading('1장'), { id: '1', presenters: [] });
  });

  it('rejects section numbers, numbered headings and look-alikes', () => {
    for (const text of [
      '9.1 개요',
      '10.3.1.3. 구체화에 대한 논의',
      '1. 사용자 수에 따른 규모 확장성',
      '12. DESIGN A CHAT SYSTEM',
      '01. 신뢰할 수 있고 확장 가능하며 유지보수하기 쉬운 애플리케이션',
      '3장점',
      '3.1.4.1. LSM 트리의 장점',
      '5. coordinator 장애',
      '1번 보다 장점',
      'MySQL 8.0부터는 인덱스의 하나의 칼럼을 건너뛰어도 가능한 인덱스 스캔',
      '1부터 10까지',
      '2023년 5월 9일',
      '10주년',
      '병렬질의  (10장 참고)',
      'Summarize the chapter ( 1+ bullets )',
      'This is covered in Chapter 4',
      '코드 7-1 의 메모리 누수는 어느 부분에서 발생할까?',
      '3️⃣ 수직적 규모 확장 vs 수평적 규모 확장',
      '복제 part.2 (리더 없는 복제)',
      '부호화와 발전(part2)',
      'Cache 2',
      'Approach 2',
      '3 weeks of work',
      'Version 1 : HLD with synchronous arrows',
      '### 5 Cache',
      '',
    ]) {
      assert.equal(chapterFromHeading(text), undefined, text);
    }
  });

  it('reads NFD Hangul and full-width digits', () => {
    assert.equal(id('6장 키-값 저장소 설계'.normalize('NFD')), '6');
    assert.equal(id('第５章 EAV'), '5');
  });
});

describe('chapterFromPath', () => {
  it('takes the chapter from folders and file names', () => {
    assert.equal(pathId('study/ch04/notes.md'), '4');
    assert.equal(pathId('chapter1/README.md'), '1');
    assert.equal(pathId('09장_웹_크롤러_설계/정리.md'), '9');
    assert.equal(pathId('BOAZ/2week/최지혁/CJH_CH3.md'), '3');
    assert.equal(pathId('BOAZ/4week/권준혁/ch6.md'), '6');
    assert.equal(pathId('4week/최지혁/Ch6.키값 저장소 설계.md'), '6');
    assert.equal(pathId('2week/김한수/1~3장.md'), '1-3');
    assert.equal(pathId('6week/김한수/10장~11장.md'), '10-11');
    assert.equal(pathId('3week/장경훈/4-5.md'), '4-5');
    assert.equal(pathId('haedoang/summary/chapter10_예외/item69.md'), 'item69');
    assert.equal(pathId('remind/Chapter6_열거타입과_애너테이션.md'), '6');
    assert.equal(pathId('JumpstartLab/[CH.11]_consolidated_notes.markdown'), '11');
    assert.equal(pathId('김은호/4week. chapter4 김은호 정리글.md'), '4');
    assert.equal(pathId('season3-SQL_AntiPattern/chapter01.md'), '1');
  });

  it('lets the nearest segment win: the item of contents/ch10/item72.md (gold)', () => {
    assert.deepEqual(chapterFromPath('corpus/19F-Study__effective-java/contents/ch10/item72.md'), {
      id: 'item72',
      segment: 'item72.md',
    });
    assert.equal(pathId('doyoung/docs/chapter3/item17@변경_가능성을_최소화하라.md'), 'item17');
    assert.equal(pathId('contents/ch5/item26/README.md'), 'item26');
    assert.equal(pathId('haedoang/summary/chapter7_람다와_스트림/stream/병렬스트림.md'), '7');
  });

  it('prefers a chapter over a week, even one folder up', () => {
    assert.equal(pathId('RealMySQL8_0(1)/week02(ch04~05)/이호석_week02.md'), '4-5');
    assert.equal(pathId('RealMySQL8_0(1)/week01(ch02~03)/이호석_week01.md'), '2-3');
    assert.equal(pathId('RealMySQL8_0(2)/week01(ch11.1~11.3)/정유석_week01.md'), '11');
    assert.equal(pathId('RealMySQL8_0(1)/week05(ch09-2)/김훈기_week05.md'), '9');
    assert.equal(pathId('RealMySQL8_0(1)/week07(ch09-4~10-1)/이호석_week07.md'), '9-10');
    assert.equal(pathId('RealMySQL8_0(1)/week09(ch10-3-10~끝)/이호석_week09.md'), '10');
    assert.equal(pathId('RealMySQL8_0(2)/week06(ch12)/이호석_week06.md'), '12');
  });

  it('uses weeks only where nothing else names the unit', () => {
    assert.equal(pathId('23-11-DesigningDataIntensiveApplications/w09/donginkim.md'), 'week9');
    assert.equal(pathId('Learning-Is-Vital/w15/dawon.md'), 'week15');
    assert.equal(pathId('blueberry-book/note/week1.md'), 'week1');
    assert.equal(pathId('BOAZ/2week/김유빈/YB-week2.md'), 'week2');
    assert.equal(pathId('BOAZ/1week/README.md'), 'week1');
    assert.equal(pathId('techbook/곽동관/8week. 부록 A 곽동관 정리글.md'), 'week8');
    assert.equal(pathId('notes/part2/summary.md'), 'part2');
  });

  it('reads a leading number only as a weak, last resort', () => {
    assert.equal(
      pathId('06-system-design-interview/02-back-of-the-envelope-estimation/jinbae-ch02-back-of-the-envelope-estimation.md'),
      '2',
    );
    assert.equal(pathId('07-designing-data-Intensive-applications/02-data-models-versus-document-model/younghoon/younghoon-ch2-data-models-versus-document-model.md'), '2');
    assert.equal(pathId('07-designing-data-Intensive-applications/05-replication/dave/05-replication.md'), '5');
    assert.equal(pathId('06-system-design-interview/01-scale-from-zero-to-millions-of-users/image_dave/image_dave.md'), '1');
    assert.equal(pathId('12-younghoon-ch12-the-future-of-data-systems.md'), '12');
    // A nearer week beats a leading number further up (here a term, `23-11`, not even that).
    assert.equal(pathId('2024-notes/w03/kim.md'), 'week3');
  });

  it('finds nothing in dated logs, session numbers, dates and hashes', () => {
    for (const path of [
      'doyoung0205__study-effective-java/스터디_기록/Day10_220301.md',
      'doyoung0205__study-effective-java/스터디_기록/DAY23_220507.md',
      'dokurin__dokushokai/season2-DDD/01rd.md',
      'dokurin__dokushokai/season2-DDD/04th.md',
      'dokurin__dokushokai/season2-DDD/cargo-system/docs/minutes/01.md',
      'dokurin__dokushokai/season2-DDD/DDD-section8,9.md',
      'doyoung0205__study-effective-java/remind/remind-7.md',
      'JumpstartLab__reading/hackers_and_painters/individual_notes/silvis_mike.markdown',
      'Invincible-Backend-Study__Real-MySQL/RealMySQL8_0(1)/README.md',
      '24-1_Study_Large-ScaleSystemDesign/README.md',
      '23-11-DesigningDataIntensiveApplications/README.md',
      '2023-05-09_meeting.md',
      'seeds/000_a2fd999622add595.md',
      'notes/research/branch2.md',
      '',
    ]) {
      assert.equal(chapterFromPath(path), undefined, path);
    }
  });

  it('decodes percent-encoding and normalises NFD Hangul', () => {
    const nfd = '6장 키-값 저장소 설계 1fa914b7eb2945d78e5a1fbd46930b82'.normalize('NFD');
    assert.deepEqual(chapterFromPath(`notes/${encodeURIComponent(nfd)}/Untitled%201.png`), {
      id: '6',
      segment: '6장 키-값 저장소 설계 1fa914b7eb2945d78e5a1fbd46930b82',
    });
    assert.equal(pathId('notes/6%E1%84%8C%E1%85%A1%E1%86%BC%20%E1%84%8F%E1%85%B5/a.md'), '6');
    assert.equal(pathId(`${'2장 정리'.normalize('NFD')} 3fb7f4c0a1b2c3d4e5f6a7b8c9d0e1f2.md`), '2');
    assert.equal(pathId('file:///Users/kim/study/ch%2003/notes.md'), '3');
    assert.equal(pathId('notes/100%25/ch7.md'), '7');
    assert.equal(pathId('notes/ch9%ZZ/a.md'), '9'); // invalid encoding is kept literally
  });
});

describe('isQuestionSectionHeading', () => {
  it('accepts the question sections of §4.4 and their variants', () => {
    for (const text of [
      '질문',
      '질문들',
      '❓ 질문',
      '면접 질문',
      '생각해볼 수 있는 질문들',
      '궁금해요',
      '궁금한 것',
      '궁금한 것들',
      '궁금한 점',
      '궁금했던 내용들',
      'Q&A',
      'Questions',
      'Questions Unanswered###',
      'Unanswered questions',
      'Questions for the group',
      'Questions and answers',
      'Possible questions',
      'Other Q\'s:',
      'Discussion',
      'Further Discussion',
      '3. What question was unanswered?',
      'What was a question that you saw as unanswered? ( 1-2 sentences )',
      '토론',
      '疑問',
      '質問',
      'わからなかったこと・疑問など',
      '**궁금했던 내용들**',
      '어려웠던 내용',
      '어려운점',
    ]) {
      assert.equal(isQuestionSectionHeading(text), true, text);
    }
  });

  it('rejects mixed sections, titles and questions that are headings themselves', () => {
    for (const text of [
      '各自の疑問点や気づき、学んだこと',
      '의문, 고민, 같이 이야기하고 싶은 부분',
      'What objections or disagreements or questions unanswered are you left with?',
      'Discussion Summary',
      'Discussion Notes',
      'Discussion of materialization',
      'Small Group Discussion of "Drive"',
      'The Lean Startup - Group Discussion',
      'Question 1',
      'Question: Can type I behavior be learned?',
      'What kind of questions to ask?',
      '그렇다면 무엇을 평가하는 자리일까?',
      '질문에 답하는 요령을 익히자 그리고 면접관의 의도를 파악하자',
      '中身がわからない',
      '스트림을 사용하기 어려운 경우',
      '나누고 싶은 점',
      '1장',
      '',
    ]) {
      assert.equal(isQuestionSectionHeading(text), false, text);
    }
  });
});

describe('chapter ids', () => {
  it('orders chapters numerically, ranges by start, then items, parts, weeks', () => {
    const ids = ['week2', 'item10', '10', '2', 'part1', '1-3', '2a', 'item9', '3', 'week10', 'zzz', '1'];
    assert.deepEqual([...ids].sort(compareChapterIds), [
      '1',
      '1-3',
      '2',
      '2a',
      '3',
      '10',
      'item9',
      'item10',
      'part1',
      'week2',
      'week10',
      'zzz',
    ]);
    assert.equal(compareChapterIds('2', '2'), 0);
  });

  it('parses ids and gives the chapters a chapter id covers', () => {
    assert.deepEqual(parseChapterId('1-3'), { kind: 'chapter', start: 1, end: 3 });
    assert.deepEqual(parseChapterId('item72'), { kind: 'item', start: 72, end: 72 });
    assert.deepEqual(parseChapterId('2a'), { kind: 'chapter', start: 2, end: 2, suffix: 'a' });
    assert.equal(parseChapterId('chapter one'), undefined);
    assert.deepEqual(chapterRange('1-3'), [1, 3]);
    assert.deepEqual(chapterRange('7'), [7, 7]);
    assert.equal(chapterRange('item72'), undefined);
    assert.equal(chapterRange('week4'), undefined);
  });

  it('round-trips every id the heading and path readers make', () => {
    for (const made of [id('대규모 1~3장'), id('Item 72'), id('第1部'), id('1주차'), id('Chapter 2A'), pathId('ch04~05/a.md')]) {
      assert.ok(made !== undefined && parseChapterId(made), String(made));
    }
  });
});
