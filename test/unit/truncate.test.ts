// Names in outlines, hovers and workspace symbols are cut to a number of code points.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { truncate } from '../../server/src/service/pageAt.ts';

/** The plain definition: the first `max - 1` code points and `…` when there are more than `max`. */
function byCodePoints(text: string, max: number): string {
  const points = Array.from(text);
  return points.length > max ? points.slice(0, max - 1).join('').trimEnd() + '…' : text;
}

describe('truncate', () => {
  it('cuts Hangul, emoji and lone surrogates by code points', () => {
    assert.equal(truncate('캐시는 언제 비우나요', 5), '캐시는…', 'the space before the cut goes');
    assert.equal(truncate('🎉🎉🎉', 3), '🎉🎉🎉', 'three emoji are three code points, six code units');
    assert.equal(truncate('🎉🎉🎉🎉', 3), '🎉🎉…');
    assert.equal(truncate('ab\ud800cd', 4), 'ab\ud800…', 'a lone high surrogate is one code point');
    assert.equal(truncate('short', 50), 'short');
  });

  it('agrees with the plain definition on any text', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', ' ', '가', '🎉', '\ud800', '\udc00'), maxLength: 40 }));
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 45 }), (value, max) => assert.equal(truncate(value, max), byCodePoints(value, max))), { numRuns: 5_000 });
  });
});
