// The pair filter may let a file through that lacks a query, never the other way: a file it
// rejects must not hold the query.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mayContain, needlePairs, pairBits } from '../../server/src/service/pairFilter.ts';

const ALPHABET = [...'가나다라마바사아자차카타파하요약정리질문캐시샤딩キャッシュまとめabcdefg 123?!.@\u0000'];

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

describe('pair filter', () => {
  it('never rejects a text that holds the needle', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 500; round++) {
      const text = randomText(random, 1 + Math.floor(random() * 3000));
      const bits = pairBits(text);
      const start = Math.floor(random() * text.length);
      const needle = text.slice(start, start + 1 + Math.floor(random() * 6));
      assert.ok(mayContain(bits, needlePairs(needle)), `${JSON.stringify(needle)} is in the text`);
    }
  });

  it('rejects a word whose pairs a short text lacks', () => {
    const bits = pairBits('캐시 만료는 언제 하나요?\u0000p.45 쓰기 지연');
    assert.equal(mayContain(bits, needlePairs('샤딩')), false);
    assert.equal(mayContain(bits, needlePairs('요약')), false);
    assert.equal(mayContain(bits, needlePairs('지연')), true);
    assert.equal(mayContain(bits, needlePairs('x')), true, 'a single character has no pair to ask');
    assert.equal(mayContain(pairBits(''), needlePairs('캐시')), false);
  });
});
