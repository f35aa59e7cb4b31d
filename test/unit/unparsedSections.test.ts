// Sections the Markdown parser has nothing to find in (no markup that masks text or links, no
// line that could ask a question) are read without it: 42 % of the corpus's section text. What
// they yield must be what the parser's reading yields, on every such section of the real notes
// and on the shapes that come closest to needing the parser.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNotes, type SectionCache } from '../../server/src/notes/parse.ts';
import { analyzeSection, analyzeWithParser, needsNoParser } from '../../server/src/notes/section.ts';
import { mayAsk, questionSignal } from '../../server/src/notes/questions.ts';
import { PROJECT_ROOT, SHARED_DIR, joinLines } from '../support/shared.ts';

function notesFiles(root: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) found.push(...notesFiles(full));
    else if (/\.(md|markdown)$/i.test(entry.name)) found.push(full);
  }
  return found;
}

/** Every section body the notes core reads in the corpus, the seeds and the examples, with whether it sits in a question section. */
function realSections(): Array<{ body: string; listsForced: boolean }> {
  const sections: Array<{ body: string; listsForced: boolean }> = [];
  for (const root of [path.join(SHARED_DIR, 'corpus'), path.join(SHARED_DIR, 'seeds'), path.join(PROJECT_ROOT, 'examples')]) {
    for (const file of notesFiles(root)) {
      const cache: SectionCache = {
        get: () => undefined,
        set: (key, section) => {
          if (section.reduced) return;
          const [, flags, body] = /^R?([Q-])([\s\S]*)$/.exec(key)!;
          sections.push({ body: body!, listsForced: flags === 'Q' });
        },
      };
      parseNotes(fs.readFileSync(file, 'utf8'), path.relative(root, file), { cache });
    }
  }
  return sections;
}

describe('sections read without the Markdown parser', () => {
  const sections = realSections();

  it('give what the parser gives, on every section of the real notes', () => {
    let unparsed = 0;
    let characters = 0;
    for (const { body, listsForced } of sections) {
      if (listsForced || !needsNoParser(body)) continue;
      unparsed++;
      characters += body.length;
      assert.deepEqual(analyzeSection(body, listsForced), analyzeWithParser(body, listsForced), body.slice(0, 300));
    }
    const total = sections.reduce((sum, s) => sum + s.body.length, 0);
    // Most of the corpus's prose is such text: if this drops, the shortcut stopped applying.
    assert.ok(characters / total > 0.3, `${unparsed} sections, ${Math.round((100 * characters) / total)} % of the text`);
  });

  it('are recognised only where no line could ask a question (`mayAsk` holds wherever `questionSignal` does)', () => {
    for (const { body } of sections) {
      for (const line of body.split('\n')) {
        // What a block's text on this line can be: the line after any markers, from any word on.
        for (const at of [0, ...[...line.matchAll(/\s\S/g)].map((m) => m.index! + 1)]) {
          const text = line.slice(at).replace(/^[\s>]*(?:(?:[-*+]|\d{1,9}[.)])\s+)*/, '').trimEnd();
          if (questionSignal(text)) assert.ok(mayAsk(line), `${JSON.stringify(line)} asks (from ${at}) but mayAsk says no`);
        }
      }
    }
  });

  it('leave to the parser what only it can read', () => {
    const needsParser = [
      '- 캐시 정리가 필요한지', // a request, without a question mark
      '- How do we shard this', // an English question without one
      '- Q. 샤딩 키', // a marker
      '- 왜 그럴까?', // a question mark
      '- `code` 지민', // code that would be masked before members are read
      '- <b>굵게</b> 지민', // HTML
      '- [링크](x.md) 지민', // a link
      '- 주소 https://example.com 지민', // a bare URL
      '- 메일 jimin@example.com', // an address
      '> 인용\n>\n>     들여 쓴 코드 - 지민', // indented code in a quote, kept as code once deep enough
      '~~~\n코드 - 지민\n~~~', // a fence of tildes
    ];
    for (const body of needsParser) assert.equal(needsNoParser(body + '\n'), false, body);
    const plain = joinLines('캐시는 빠르다.', '', "- '지민' : 읽기가 많을 때 유리하다", '  - @민수 님 의견도 같다', '');
    assert.equal(needsNoParser(plain), true);
    const read = analyzeSection(plain, false);
    assert.deepEqual(read, analyzeWithParser(plain, false));
    assert.deepEqual(read.members.map((m) => [m.name, m.role]), [['지민', 'commenter'], ['민수', 'addressee']]);
  });

  it('still go to the parser when a page reference makes an entry, or in a question section', () => {
    const withPage = joinLines('- p.45 캐시 만료 - 지민', '');
    assert.equal(needsNoParser(withPage), true);
    const read = analyzeSection(withPage, false);
    assert.equal(read.entries.length, 1);
    assert.deepEqual(read, analyzeWithParser(withPage, false));
    const forced = joinLines('- 캐시 만료 시점', '');
    assert.equal(analyzeSection(forced, true).questions.length, 1, 'every item of a question section is a question');
  });
});
