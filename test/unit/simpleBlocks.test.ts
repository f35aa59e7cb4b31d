// The commonest notes Markdown is read without micromark (simpleBlocks.ts). Where that reader
// answers, it must answer what micromark's reading does; where it cannot, it must say so. These
// tests hold it to that on the shapes micromark reads in its own way (container ends, inline
// markup, tables), on random stacks of such lines, random lines of container markers and inline
// markup and the real notes with random edits, and on how much of the real notes it takes.
// (markdownEvents.test.ts also holds it to remark on every real section and generated notes.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseSection, parseSectionByEvents } from '../../server/src/notes/markdown.ts';
import { readSimpleBlocks } from '../../server/src/notes/simpleBlocks.ts';
import { sectionBodies } from '../../server/src/notes/parse.ts';
import { corpusPaths } from '../support/arbitraries.ts';
import { sharedFile } from '../support/shared.ts';

/** Every section body of the corpus. */
function corpusSections(): string[] {
  return corpusPaths().flatMap((file) => sectionBodies(fs.readFileSync(sharedFile(path.join('corpus', file)), 'utf8')));
}

/** Every section body of the corpus and the seeds. */
function realSections(): string[] {
  const seeds = fs.readdirSync(sharedFile('seeds')).filter((f) => f.endsWith('.md'));
  return [...corpusSections(), ...seeds.flatMap((f) => sectionBodies(fs.readFileSync(sharedFile(path.join('seeds', f)), 'utf8')))];
}

/** Where the reader answers, it answers as micromark does. */
function assertSameWhereRead(notes: string): void {
  if (readSimpleBlocks(notes)) assert.deepEqual(parseSection(notes), parseSectionByEvents(notes), JSON.stringify(notes));
}

/** 20,000 texts of 1 to `maxLines` random lines, with LF or CR LF breaks (fixed seed). */
function checkRandomLines(line: fc.Arbitrary<string>, maxLines: number, seed: number): void {
  const lines = fc.array(line, { minLength: 1, maxLength: maxLines });
  fc.assert(fc.property(lines, fc.constantFrom('\n', '\r\n'), (picked, eol) => assertSameWhereRead(picked.join(eol))), { seed, numRuns: 20_000 });
}

function assertReadAsMicromark(text: string): void {
  assert.ok(readSimpleBlocks(text), `read without micromark: ${JSON.stringify(text)}`);
  assert.deepEqual(parseSection(text), parseSectionByEvents(text), JSON.stringify(text));
}

// First where micromark ends a list or quote: over the quote markers of blank lines (whitespace and
// all), and over the current line's quote markers when a new container closes it, unless the
// line's item continues a list it is already in.
const SHAPES = [
  '> a\n>\nb', '> a\n>   \nb', '> > a\n>    \nb', '> - a\n>\n> c', '> - a\n> - b\n>\n> c', '> - a\n>      \n> c',
  '> * a\n> - b', '> * a\n>  - b', '> * a\n>\n> - b', '> - a\n>\n> > c', '> > * a\n> > - b', '> > * a\n> - b', '- > * a\n  > - b',
  '> - a\n>   - b\n>     - c\n>   - d', '> - a\n>   - b\n>     - c\n>\n>   - d', '> - a\n> ***', '- > a\n  >   \n- b', '- a\n  > q\n  >\n- b',
  // lists: items, nesting, a new list at another marker, lazy lines, blank lines with whitespace
  '- a\n- b\n\n\n- c', '1. a\n2. b\nc\n3) d', '- a\n  b\n3. c', 'p\n1. x', 'p\n2. x', '* z\n  - w\n    - v\n\nafter', '- a\n  \nc',
  '1. a\n\n   2. b\n- c', '- a\n  ***\n  \n- b', '  - x\n - y\n', '- x\n  * a\n  - b', '- a\n  - b\n  lazy\n- c', '+ a\n+ b\n\n  c',
  // inline code: runs of one and two backticks, unmatched runs, spans over a line break
  '`a` and ``b ` c`` and ``', '- `a\n  b` c', '> `x`\n> `` y', 'a `b\n\nc` d',
  // fenced code: closed in its container, blank lines inside, longer closing fences, interrupting a paragraph
  '```js\ncode\n```  \nafter', '- a\n  ```\n  x\n  ```\n- b', '> ```\n> x\n>\n> ```\n>\n> y', '````\n```\n````', 'para\n```\nx\n```',
  '  ```\n  x\n   ```', '~~~ a`b\nx\n~~~', '- ```\n  - not an item\n  ```\n  after',
  // inline HTML: tags with attributes, closing tags, tags that are not whole, code and tags overlapping
  '> <strong><i>p81. 본문</i></strong>', 'a <br> b<br/>', 'x <img src="a.png" alt=\'b c\' data-x=y> y', '<b>a</b> line', 'a < b > c',
  '`<b>` <i>`x`</i>', '<b `x`> y', 'a <title="x>y"> z', 'p\n<br>', '- <i>a</i>\n  <br>', 'a <b c=\'x>y\'>',
  // links and images: labels that are prose or URLs, empty ones, references without definitions
  '- [링크](https://x.io/a%20b) 설명', '![그림 3-1](./images/figure3-1.png)', '[https://x.io](https://x.io)', '[](x)', '[a]()', '- [ ] task\n- [x] done',
  '[a] and [b][c]', '**[a](b)** c', '`[a](b)` [c](d)', 'x [a](b)c [d](e)', '<i>[a](b)</i>', '[a](b) ![c](d)', '[a] (b)', 'a [b',
  // tables: under a paragraph, inline markup in cells, ended by a blank line, a quote, an item or containers
  '| 질문 | 답 |\n| --- | --- |\n| p.45 왜? | 몰라요 |  \n\nx', 'p\nq\n| a | b |\n| - | - |', 'a | b\n-|-\nc', '| a |\n| - |\n  continued',
  '| [a](b) | <i>c</i> |\n|:-:|--:|\n| `x` | ![i](j) |', '| a |\n| - |\n> q', '| a |\n| - |\n- item', '- | a |\n  | - |\n  | c |\n- b',
  '> | a |\n> | - |\n> | c |\nlazy', '| a | b |\n| - | - |\n| c |', '| a |\n| - |\n***', 'p\n   a | b\n| - | - |',
  // a list in a list item's first line, where no paragraph is interrupted
  '- 4. foo', '1. 5. foo', 'p\n\n- 4. x', '> 4. foo',
  // HTML blocks that run to a blank line: alone, interrupting a paragraph, in items and quotes
  '<br>\n\nx', '<br>  \ntext\n\nx', '<div align="center">\n<img src="a.png">\n</div>\n\nx', 'p\n<div>\nq', '- a\n\n  <br>\n  x\n- b',
  '> <br>\n> x\ny', '> <br>\n>\n> x', '<img src="a"> \n  \nx', '- <br>\n  next', '<p>\n- not an item\n<!-- c -->\n\n- b', '<DIV>\n`x`', '  - a\n  \n  <br>\n  x',
];

describe('reading sections without micromark', () => {
  it('reads container ends, code, tags, links and tables as micromark does', () => {
    for (const text of SHAPES) {
      for (const variant of [text, `- ${text.replace(/\n/g, '\n  ')}`, `> ${text.replace(/\n/g, '\n> ')}`]) {
        for (const eol of ['\n', '\r\n']) assertReadAsMicromark(variant.replace(/\n/g, eol));
      }
    }
  });

  it('leaves to micromark what it does not model', () => {
    const notSimple = [
      // headings, setext underlines, indented code, empty items, fences their container cuts off
      '# heading', '- ## heading', 'a\n===', 'a\n- - -', 'a\n--', '> a\n> ---', '    code', '- a\n\n      code', '-\n  a', '- ', '1.',
      '-     five spaces',
      '```\nnever closed', '- ```\nx', '``` a`b',
      // tables whose cells do not line up, or that end in a way not modelled
      '| a | b |\n| - |\n| c |', '|---|', '| a |\n| - |\n| b | c |', '| `a|b` |\n| - |', '| a |\n| - |\n1. x', 'a\n- | -',
      'a | b\n- |---|', '+ | \n    |---|', 'p\n    a | b\n| - | - |',
      // a list opened on a line a paragraph would take, with another list in its first line
      '1\n1. 5. a', 'p\n- 4. x', '- T\n    - 2. K',
      // links in other forms, definitions, escapes
      '[link](<x>)', '[a](b "t")', '[a\nb](c)', '[`a`](b)', '[a]: b', 'x \\[a', '[a [b](c)](d)', '[a](b c)',
      // other HTML blocks, autolinks, comments, tags over two lines, tag-like lines micromark takes for tags
      '<img tit=le="R F" src="a">',
      '<script>\nx', '<pre>', '<!-- c -->', '<?php ?>', '<!DOCTYPE html>', 'a\n<!-- c -->', '<https://x.io>', 'a <a@b.co>', 'a <!-- c -->', 'a \\<b>',
      'a <b\nc> d', '- a\n<br>',
      // tabs, lone CRs, escaped backticks, a byte order mark where a section starts
      '\ttab', 'a\rb', 'a\r', 'a \\` b', '\uFEFF# a', '\uFEFFtext',
    ];
    for (const text of notSimple) assert.equal(readSimpleBlocks(text), undefined, JSON.stringify(text));
  });

  it('reads random stacks of list, quote, rule, fence, table, HTML, link and text lines as micromark does', () => {
    const line = fc.constantFrom(
      '', '  ', 'text', '  text', '    text', '- a', '* b', '+ c', '1. d', '2) e', '10. f', '  - g', '   - h',
      '    - i', '      - j', '> k', '>', '> ', '>   ', '> > l', '> - m', '>   - n', '> 1. o', '  > p',
      '- > q', '***', '* * *', '  ***', '___', 'x `y` z', '`a', 'b`', '```', '~~~', '  ```', '> ```', '- ```',
      '````', 'a <b>c</b>', '<i>x</i> y', '<br>', 'x <img src="y"> z', '`<i>`', '[a](b)', '- ![c](d.png)',
      'x [e](https://f) y', '[g]', '- [ ] h', '[i]: j', '`[k](l)`', '| a | b |', '| - | - |', '|:--|',
      'c | d', '> | e |', '- | f |', '  | - |', '<div>', '</div>', '<p align="center">', '> <br>', '  <br>',
      '   <div>', '\uFEFF# a',
    );
    checkRandomLines(line, 12, 11);
  });

  it('reads random lines of container markers and inline markup as micromark does', () => {
    const prefix = fc.constantFrom(
      '', ' ', '  ', '   ', '    ', '> ', '>', '> > ', '- ', '* ', '+ ', '1. ', '2) ', '  - ', '    - ', '> - ', '- > ', '  > ',
    );
    const bit = fc.constantFrom(
      'text', 'p.45', '`x`', '``y``', '`', '<b>', '</b>', '<br>', '<img src="a.png">', '<div>', '[a](b)', '![c](d)', '[e]', '|', ' | ', '| f |',
      '|---|', '-', '--', ':--', '***', '```', '~~~', '**s**', 'http://x.io', '  ', '#', '=', '1.', '>', '한글', '(', ')', ']', '[', '!',
    );
    const text = fc
      .array(fc.tuple(bit, fc.boolean()), { maxLength: 3 })
      .map((bits) => bits.map(([b, space]) => b + (space ? ' ' : '')).join(''));
    const line = fc.oneof(fc.constant(''), fc.tuple(prefix, text).map(([p, t]) => p + t));
    checkRandomLines(line, 10, 12);
  });

  it('reads the real notes with random edits as micromark does', () => {
    const sections = realSections().filter((body) => body.length < 3_000);
    const insert = fc.constantFrom(
      '\n', '\n\n', '  ', '    ', '> ', '- ', '1. ', '`', '<br>', '<div>', '|', '| - |', '--', '***', '```', '[a](b)', '[', ']', '<', '>', '#', '=', '(', ')',
    );
    const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(insert, fc.integer({ min: 1, max: 5 })));
    fc.assert(
      fc.property(fc.nat(sections.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (index, edits) => {
        let notes = sections[index]!;
        for (const [where, what] of edits) {
          const at = Math.floor(where * notes.length);
          notes = typeof what === 'string' ? notes.slice(0, at) + what + notes.slice(at) : notes.slice(0, at) + notes.slice(at + what);
        }
        assertSameWhereRead(notes);
      }),
      { seed: 13, numRuns: 5_000 },
    );
  });

  it('takes a large share of the real notes', () => {
    let total = 0;
    let simple = 0;
    for (const body of corpusSections()) {
      total += body.length;
      if (readSimpleBlocks(body)) simple += body.length;
    }
    // 78 % when this was written: if it drops, the shortcut stopped applying.
    assert.ok(simple / total > 0.7, `${Math.round((100 * simple) / total)} % of the corpus's section text`);
  });
});
