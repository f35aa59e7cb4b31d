// GitHub heading slugs: what `[1장](#1장)` must match, with headings from the seeds and corpus.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { anchorKey, headingRenderedText, headingSlugs, isLineFragment, slugify, Slugger } from '../../server/src/service/slug.ts';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { PROJECT_ROOT, readShared } from '../support/shared.ts';

describe('slugify: GitHub’s rules for one heading', () => {
  it('keeps Hangul, turns spaces into dashes', () => {
    assert.equal(slugify('1장'), '1장');
    assert.equal(slugify('진행 방식'), '진행-방식');
    assert.equal(slugify('1장 @기윤 권'), '1장-기윤-권'); // seed 002: the `@` is dropped, the spaces stay
  });

  it('drops punctuation but keeps `-` and `_`, without collapsing dashes', () => {
    assert.equal(slugify('3~4장 (3주차)'), '34장-3주차'); // examples/README.md
    assert.equal(slugify('대규모 1~3장'), '대규모-13장'); // seed 002 title
    assert.equal(slugify('try-finally 보다는 try-with-resource를 사용하라'), 'try-finally-보다는-try-with-resource를-사용하라');
    assert.equal(slugify('Message_ID'), 'message_id');
    assert.equal(slugify('A - B'), 'a---b');
    assert.equal(slugify('3.1 데이터 모델 vs. 질의?'), '31-데이터-모델-vs-질의');
  });

  it('drops emoji but keeps the space after them, so the slug starts with a dash', () => {
    assert.equal(slugify('✅ 한 줄 정리'), '-한-줄-정리'); // examples/ch01/지민.md
    assert.equal(slugify('📝 목차'), '-목차'); // seed 000
    // The emoji's variation selector is a combining mark: GitHub keeps it, invisible, in the id.
    // Anchors are compared without it, so `#-일정` and `#%EF%B8%8F-일정` both count.
    assert.equal(slugify('🗓️ 일정'), '\uFE0F-일정');
    assert.equal(anchorKey(slugify('🗓️ 일정')), anchorKey('-일정'));
  });

  it('lower-cases mixed case (Latin, accented, full-width) and leaves Hangul alone', () => {
    assert.equal(slugify('Darrell R.'), 'darrell-r');
    assert.equal(slugify('CHAPTER 1: Reliable, Scalable'), 'chapter-1-reliable-scalable');
    assert.equal(slugify('ÉCOLE Ｍｉｘ 한글'), 'école-ｍｉｘ-한글');
  });

  it('keeps Japanese kana, kanji and full-width digits, drops Japanese punctuation', () => {
    assert.equal(slugify('クラステーブル継承'), 'クラステーブル継承'); // dokurin chapter05.md
    assert.equal(slugify('第５章 EAV(エンティティ・アトリビュート・バリュー)'), '第５章-eavエンティティアトリビュートバリュー');
    assert.equal(slugify('日本語の見出し（テスト）'), '日本語の見出しテスト');
    assert.equal(slugify('どんなパターン？'), 'どんなパターン');
  });

  it('compares decomposed (NFD) Hangul as composed (NFC)', () => {
    assert.equal(slugify('진행 방식'.normalize('NFD')), '진행-방식');
  });
});

describe('Slugger: repeated headings', () => {
  it('numbers duplicates -1, -2 in document order', () => {
    const slugger = new Slugger();
    assert.deepEqual(['2장', '2장', '2장'].map((h) => slugger.slug(h)), ['2장', '2장-1', '2장-2']);
  });

  it('does not hand out a suffix that a heading already took', () => {
    assert.deepEqual(headingSlugs(['a', 'a-1', 'a']), ['a', 'a-1', 'a-2']);
  });

  it('numbers the repeated sub-headings of a real file (dokurin chapter05.md)', () => {
    const model = parseNotes(readShared('corpus/dokurin__dokushokai/season3-SQL_AntiPattern/chapter05.md'), 'chapter05.md');
    const slugs = headingSlugs(model.headings.map((h) => h.text));
    assert.ok(slugs.includes('クラステーブル継承'));
    assert.deepEqual(slugs.filter((s) => s.startsWith('テーブル定義')), ['テーブル定義', 'テーブル定義-1', 'テーブル定義-2', 'テーブル定義-3']);
    assert.ok(slugs.includes('どんなパターン-1'));
  });
});

describe('headingSlugs: headings as the notes model gives them', () => {
  it('resolves the anchors of seed 000 and the example README', () => {
    const seed = parseNotes(readShared('seeds/000_a2fd999622add595.md'), '000.md');
    assert.ok(headingSlugs(seed.headings.map((h) => h.text)).includes('1장'));
    const readme = parseNotes(readFileSync(path.join(PROJECT_ROOT, 'examples/README.md'), 'utf8'), 'README.md');
    const slugs = headingSlugs(readme.headings.map((h) => h.text));
    for (const anchor of ['1장', '2장', '34장-3주차', '진행-방식', '-목차', '-멤버']) assert.ok(slugs.includes(anchor), `${anchor} in ${slugs.join(' ')}`);
    assert.ok(!slugs.includes('5장'));
  });

  it('uses the rendered text: link labels, not their addresses; no tags; code text kept', () => {
    assert.equal(headingRenderedText('[링크 제목](http://x.com) 뒤'), '링크 제목 뒤');
    assert.equal(slugify(headingRenderedText('<span style="color:red">빨강</span> 제목')), '빨강-제목');
    assert.equal(slugify(headingRenderedText('인덱스 사용과 `OR`연산자, `AND`연산자')), '인덱스-사용과-or연산자-and연산자');
    assert.equal(slugify(headingRenderedText('![logo](a.png) 소개')), '-소개');
    assert.equal(slugify(headingRenderedText('a. _Politeness_ of the URL frontier')), 'a-politeness-of-the-url-frontier');
    assert.equal(slugify(headingRenderedText('snake_case 이름')), 'snake_case-이름');
    assert.equal(slugify(headingRenderedText('AT&amp;T와 Q&amp;A')), 'att와-qa');
  });
});

describe('isLineFragment', () => {
  it('accepts GitHub line fragments and nothing else', () => {
    for (const ok of ['L12', 'L12-L20', 'L3C5-L4C9']) assert.ok(isLineFragment(ok), ok);
    for (const no of ['l12', 'L', 'Lines', '12', 'L12-']) assert.ok(!isLineFragment(no), no);
  });
});
