// The section parser reads micromark's events (remark's tokenizer) instead of remark's mdast tree,
// and the commonest Markdown without micromark at all (simpleBlocks.ts). These tests hold each
// reading equal to remark's: blocks, masks and links, in the same order, on every
// section of the corpus, on hand-made corner cases of links and lists inside containers, and on
// generated and mutated notes (fixed seed; MARGINALIA_FC_SEED / MARGINALIA_FC_RUNS to explore).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseSection, parseSectionByEvents } from '../../server/src/notes/markdown.ts';
import { sectionBodies } from '../../server/src/notes/parse.ts';
import { parseSectionByMdast } from '../support/mdastSection.ts';
import { corpusPaths, corpusSample, mutatedCorpusFile, mutatedText, notesDocument } from '../support/arbitraries.ts';
import { sharedFile } from '../support/shared.ts';

const SEED = Number(process.env.MARGINALIA_FC_SEED ?? 5);
const SCALE = Number(process.env.MARGINALIA_FC_RUNS ?? 1);
const runs = (numRuns: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)) });

/** Both readings the section parser has (micromark's events, and `readSimpleBlocks` where it applies) equal remark's. */
function assertSameReading(body: string, where: string): void {
  const byMdast = parseSectionByMdast(body);
  assert.deepEqual(parseSectionByEvents(body), byMdast, `${where}: ${JSON.stringify(body.slice(0, 400))}`);
  assert.deepEqual(parseSection(body), byMdast, `${where} (without micromark where it can): ${JSON.stringify(body.slice(0, 400))}`);
}

const allSections = (text: string, where: string) => {
  for (const body of sectionBodies(text)) assertSameReading(body, where);
};

// Each once as is, inside a list item and inside a quote, and with CRLF and lone-CR line breaks.
const CORNER_CASES = [
  // link labels: line endings, hard breaks, spaces, empty labels and destinations
  '[foo\\\nbar](x)', '[\nfoo](x)', '[foo\n](x)', '[foo  \nbar](x)', '[foo \nbar](x)', '[ ](x)', '[](x)', '[a](<>)', '[a]()', '[a](x "t\ni")',
  // images (alt text is not read) and links inside links
  '![a]()', '![](x)', '[![a](i.png)](x)', '![a ![b](c)][r]\n\n[r]: /u', '![a ![b](c)](d)', '[<http://a>](b)', '[link [nested](x)](y)', '![img [nested](x)](y)',
  // what a label holds, autolinks, references and definitions, escapes and entities
  '[a <b>c</b>](d)', '[`code`](x)', '[https://a `c`](x)', '<mailto:a@b.c>', '<a@b.c>', '<http://x.y/p.45>', '[a][b]\n\n[b]: <u v> "t"',
  '[b]:\n  /url\n', '[b]: <>', '[a&amp;b](c&amp;d\\_e)', '[a]\n\n[a]: x', '[A]: y\n[a]', '*[a](b)*', '**[a**](b)', '[a](b)[c](d)',
  // headings, breaks, lists and their item boundaries, quotes, footnotes, tables, code, HTML
  'Title\n===\n', 'Title\n---\n', '# a #\n', '#\n', '***\n---\n___\n', '- a\n- b\n\n  c\n- d\n', '1. a\n   - b\n     - c\n2. d\n',
  '> - a\n>   - b\n> c\n', '- a\n\n\n- b\n', '* a\n+ b\n', '- a\n  > q\n- b', '- \n  a\n', '-\n\n  a', '1) a\n2) b', '  - a\n - b\n',
  '[^1]: - a\n  - b\n\n본문[^1]', '[^1]: [a\n    ](x)', '| a | `b|c` |\n|---|---|\n| [x](y) | <i>z</i> |\n', '    code\n    more\n',
  '- a\n\n      indented\n', '\tp.45 탭\n', '> ```\n> x\n', '<details>\n<summary>a</summary>\n\n- b\n</details>\n', '- [ ] task\n- [x] done\n',
  'a  \nb\\\nc', '[a\n\n](x)', '> a\n>\n> b', '>\n', '[a](b) ![c](d) <e@f.gh> www.x.com/p.1 http://y.z',
];

describe('section parser: micromark events read as remark reads its tree', () => {
  it('every section of every corpus file, seed and example', () => {
    const files = [
      ...corpusPaths().map((file) => sharedFile(path.join('corpus', file))),
      ...fs.readdirSync(sharedFile('seeds')).filter((f) => f.endsWith('.md')).map((f) => sharedFile(path.join('seeds', f))),
      ...fs.readdirSync('examples', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => path.join('examples', f)),
    ];
    for (const file of files) allSections(fs.readFileSync(file, 'utf8'), file);
    assert.ok(files.length > 1_000, `${files.length} files`);
  });

  it('corner cases of links, images, lists and containers', () => {
    for (const text of CORNER_CASES) {
      const variants = [text, `- ${text.replace(/\n/g, '\n  ')}`, `> ${text.replace(/\n/g, '\n> ')}`];
      for (const variant of variants) for (const eol of ['\n', '\r\n', '\r']) assertSameReading(variant.replace(/\n/g, eol), 'corner case');
    }
  });

  it('each section on its own: a footnote defined in one does not change how the next is read', () => {
    const call = '본문 [^1](p.45)\n';
    const alone = parseSectionByEvents(call);
    parseSectionByEvents('[^1]: p.45 각주\n');
    assert.deepEqual(parseSectionByEvents(call), alone);
    assert.deepEqual(alone, parseSectionByMdast(call));
  });

  it('generated notes and mutated corpus files', () => {
    fc.assert(fc.property(notesDocument, (text) => allSections(text, 'generated')), runs(1_000));
    const sample = corpusSample(30);
    fc.assert(fc.property(mutatedCorpusFile(sample), (value) => allSections(mutatedText(sample, value), value.path)), runs(100));
  });
});
