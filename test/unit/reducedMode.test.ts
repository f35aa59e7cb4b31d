// Which blocks the notes core reads line by line instead of parsing (issue 5): each limit of
// REDUCED_MODE_LIMITS at its edge, wherever on the line the markers stand. Every line of every
// note is checked, so the check skips its exact tests where a line cannot reach a limit; these
// pin that the skipping never changes the answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDUCED_MODE_LIMITS, reducedModeReason } from '../../server/src/notes/section.ts';

const { nesting, indent, delimitersPerLine } = REDUCED_MODE_LIMITS;
const around = (line: string) => ['# 3장', '', '- p.45 캐시는 언제 비우나요? @지민', line, '  ***', ''].join('\n');

describe('reduced mode limits', () => {
  it('nesting: at the limit is parsed, one deeper is not (quotes, bullets, ordered items, mixed)', () => {
    const kinds: Record<string, string[]> = { quotes: ['> '], 'tight quotes': ['>'], bullets: ['- '], ordered: ['1. '], mixed: ['> ', '2) ', '* '] };
    for (const [name, markers] of Object.entries(kinds)) {
      const levels = (n: number) => Array.from({ length: n }, (_, i) => markers[i % markers.length]).join('');
      assert.equal(reducedModeReason(around(`${levels(nesting)}text`)), undefined, `${name}: ${nesting} deep`);
      assert.match(reducedModeReason(around(`${levels(nesting + 1)}text`)) ?? '', new RegExp(`nested ${nesting + 1} deep`), `${name}: ${nesting + 1} deep`);
      assert.match(reducedModeReason(around(`   ${levels(nesting + 1)}text`)) ?? '', /nested/, `${name}: after leading spaces`);
      assert.equal(reducedModeReason(around(`text after words ${levels(nesting + 6)}`)), undefined, `${name}: markers after text are not nesting`);
    }
  });

  it('indentation: at the limit is parsed, one column more is not (spaces and tabs)', () => {
    assert.equal(reducedModeReason(around(`${' '.repeat(indent)}text`)), undefined);
    assert.match(reducedModeReason(around(`${' '.repeat(indent + 1)}text`)) ?? '', new RegExp(`indented ${indent + 1} columns`));
    assert.match(reducedModeReason(around(`${'\t'.repeat(indent + 1)}text`)) ?? '', /indented/);
    assert.equal(reducedModeReason(around(`- ${' '.repeat(indent + 1)}text`)), undefined, 'spaces after a marker are not indentation');
  });

  it('delimiters: at the limit is parsed, one more is not, wherever they are on the line', () => {
    assert.equal(reducedModeReason(around(`text ${'*'.repeat(delimitersPerLine)}`)), undefined);
    assert.match(reducedModeReason(around(`text ${'*'.repeat(delimitersPerLine + 1)}`)) ?? '', new RegExp(`${delimitersPerLine + 1} emphasis`));
    assert.match(reducedModeReason(around(`${'[a] '.repeat(delimitersPerLine)}`)) ?? '', /emphasis, link, HTML or table delimiters/);
    assert.match(reducedModeReason(around(`${'|'.repeat(delimitersPerLine + 1)}`)) ?? '', /delimiters/, 'a line of nothing but delimiters');
  });

  it('ordinary notes are parsed', () => {
    assert.equal(reducedModeReason(around('  > **p.12 디스크 한 개는 몇 년에 한 번 고장나나요?** @민수')), undefined);
  });
});
