// The section parser takes two shortcuts around remark-gfm (tables and footnotes only where the
// text can hold one; autolink literals found by a regex). These tests hold the shortcuts to
// what remark-gfm itself finds, on hand-made cases and on sections of the real corpus.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Nodes, Root } from 'mdast';
import { needsGfmBlocks, parseSection, type Block } from '../../server/src/notes/markdown.ts';
import { applyMasks } from '../../server/src/notes/section.ts';
import { sectionBodies } from '../../server/src/notes/parse.ts';
import { sharedFile } from '../support/shared.ts';
import { corpusPaths } from '../support/arbitraries.ts';

const fullGfm = unified().use(remarkParse).use(remarkGfm);

const kinds = (blocks: Block[]): string[] => blocks.map((b) => (b.children ? `${b.kind}(${kinds(b.children).join(',')})` : b.kind));

/** The text left for the notes model to read: masked ranges blanked. */
const prose = (text: string) => {
  const parsed = parseSection(text);
  return applyMasks(text, parsed.masks.sort((a, b) => a.start - b.start));
};

/** Every node of a type in a remark tree, with its offsets. */
function nodesOf(root: Root, type: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const visit = (node: Nodes) => {
    if (node.type === type && node.position?.start.offset !== undefined) found.push([node.position.start.offset, node.position.end.offset!]);
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(root);
  return found;
}

describe('section parser: GFM blocks only where they can be', () => {
  it('reads pipe tables, including those without outer pipes or with alignment only', () => {
    assert.deepEqual(kinds(parseSection('| 질문 | 답 |\n| --- | --- |\n| p.45 왜? | 몰라요 |\n').blocks), ['table']);
    assert.deepEqual(kinds(parseSection('a | b\n--|--\n1 | 2\n').blocks), ['table']);
    assert.deepEqual(kinds(parseSection('정리\n:-:\n').blocks), ['table']);
    assert.deepEqual(kinds(parseSection('> | a |\n> | - |\n').blocks), ['quote(table)']);
  });

  it('leaves pipes in prose and dash rules alone', () => {
    assert.equal(needsGfmBlocks('a | b 비교\n다음 줄\n'), false);
    assert.deepEqual(kinds(parseSection('a | b 비교\n다음 줄\n').blocks), ['paragraph']);
    assert.equal(needsGfmBlocks('- 항목\n- 항목 2\n'), false);
  });

  it('reads footnote definitions as their own block', () => {
    assert.deepEqual(kinds(parseSection('본문[^1]\n\n[^1]: p.45 각주\n').blocks), ['paragraph', 'quote(paragraph)']);
  });
});

describe('section parser: bare URLs are not prose', () => {
  it('masks http(s), www and e-mail autolinks, but not the punctuation after them', () => {
    const text = '참고: https://example.com/p.45. 그리고 www.example.org/p12, mail me@example.com!';
    const read = prose(text);
    assert.ok(!read.includes('p.45') && !read.includes('p12') && !read.includes('example'), read);
    assert.ok(read.includes('. 그리고') && read.includes(', mail') && read.endsWith('!'), read);
  });

  it('keeps URLs in code readable as code and masks link destinations once', () => {
    const parsed = parseSection('`https://x.io/p.1` 와 [p.45 링크](https://x.io/p.2)\n');
    const code = parsed.masks.filter((m) => m.code);
    assert.equal(code.length, 1);
    assert.ok(parsed.masks.every((m) => m.code || m.start >= code[0].end), 'no prose mask over the code span');
    assert.ok(prose('[p.45 링크](https://x.io/p.2)\n').includes('p.45 링크'));
  });

  it('does not take a word before an @ mention for an e-mail address', () => {
    assert.ok(prose('준기 @지민 p.3 확인 부탁\n').includes('@지민'));
  });
});

describe('section parser: shortcuts agree with remark-gfm on the corpus', () => {
  // Every third corpus file keeps the test quick; all ten repositories are still sampled.
  const files = corpusPaths()
    .filter((_, i) => i % 3 === 0)
    .map((file) => sharedFile(path.join('corpus', file)));

  it('finds a table or footnote wherever remark-gfm does, and masks every autolink literal', () => {
    let tables = 0;
    let autolinks = 0;
    for (const file of files) {
      for (const body of sectionBodies(fs.readFileSync(file, 'utf8'))) {
        const tree = fullGfm.parse(body) as Root;
        const gfmBlocks = nodesOf(tree, 'table').length + nodesOf(tree, 'footnoteDefinition').length;
        tables += gfmBlocks;
        if (gfmBlocks) assert.ok(needsGfmBlocks(body), `${file}: a table or footnote the pre-check missed in\n${body.slice(0, 300)}`);
        const masks = parseSection(body).masks;
        for (const [start, end] of nodesOf(tree, 'link')) {
          const label = body.slice(start, end);
          // Autolink literals are links whose source text is the URL itself (no brackets).
          if (/^[[<]/.test(label)) continue;
          autolinks++;
          for (let at = start; at < end; at++) {
            if (/\s/.test(body[at])) continue;
            assert.ok(masks.some((m) => m.start <= at && at < m.end), `${file}: '${label}' is not masked at ${at - start}`);
          }
        }
      }
    }
    assert.ok(files.length > 300 && tables > 10 && autolinks > 50, `${files.length} files, ${tables} tables, ${autolinks} autolinks sampled`);
  });
});
