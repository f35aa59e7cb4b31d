// Names in outlines, hovers and workspace symbols are one line without markup. Most texts need no
// change, and `oneLine` names them as they are without running its replacements.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { oneLine } from '../../server/src/service/pageAt.ts';

/** The plain definition: heading marker, bold/italic/strike/code markers out, whitespace runs to one space, trimmed. */
function plainOneLine(text: string): string {
  return text
    .replace(/^\s*#{1,6}\s+/u, '')
    .replace(/\*\*|__|~~|`/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

describe('oneLine', () => {
  it('joins lines and strips markup', () => {
    assert.equal(oneLine('## 3장 **캐시**'), '3장 캐시');
    assert.equal(oneLine('첫 줄\n  둘째 줄\t끝 '), '첫 줄 둘째 줄 끝');
    assert.equal(oneLine('`p.45` 캐시\u00a0만료'), 'p.45 캐시 만료', 'a no-break space is whitespace too');
    assert.equal(oneLine('캐시는 언제 비우나요?'), '캐시는 언제 비우나요?');
    assert.equal(oneLine('#태그 그대로'), '#태그 그대로', 'a hash without a space is not a heading');
  });

  it('agrees with the plain definition on any text', () => {
    const unit = fc.constantFrom('a', '가', ' ', '  ', '\t', '\n', '\r', '\u00a0', '\u3000', '#', '*', '_', '~', '`', '🎉');
    const text = fc.oneof(fc.string({ unit, maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));
    fc.assert(fc.property(text, (value) => assert.equal(oneLine(value), plainOneLine(value))), { numRuns: 10_000 });
  });
});
