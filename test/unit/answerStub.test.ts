// The "Add answer" stub: one insertion that leaves every other byte alone and, once the writer
// types an answer at the cursor, makes the question answered — on the seeds, the examples,
// their CRLF and tab-indented variants, and generated notes of every question shape.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { LineIndex } from '../../server/src/notes/lines.ts';
import { answerStub, type AnswerShape, type AnswerStub } from '../../server/src/service/answerStub.ts';
import { PROJECT_ROOT, joinLines, readShared } from '../support/shared.ts';

const ANSWER = '답변입니다 😀 stub';

interface Applied {
  stub: AnswerStub;
  /** The text with the stub inserted. */
  edited: string;
  /** The edited text with an answer typed at the cursor. */
  typed: string;
}

function apply(text: string, index: number, author: string): Applied | undefined {
  const model = parseNotes(text, 'notes.md');
  const stub = answerStub(text, model, index, author);
  if (!stub) return undefined;
  const at = new LineIndex(text).offset(stub.range.start);
  const edited = text.slice(0, at) + stub.newText + text.slice(at);
  const cursor = new LineIndex(edited).offset(stub.cursor);
  return { stub, edited, typed: edited.slice(0, cursor) + ANSWER + edited.slice(cursor) };
}

/** Every check of the property, for every unanswered question of `text`. Returns the shapes used. */
function checkAll(text: string, author: string, label: string): AnswerShape[] {
  const before = parseNotes(text, 'notes.md');
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const shapes: AnswerShape[] = [];
  before.questions.forEach((question, index) => {
    if (question.answered) return;
    const what = `${label}: question ${index} (line ${question.range.start.line + 1}) “${question.text.slice(0, 40)}”`;
    const applied = apply(text, index, author);
    assert.ok(applied, `${what}: no stub`);
    const { stub, edited, typed } = applied;
    shapes.push(stub.shape);

    // An insertion only: an empty range, and every byte before and after it unchanged.
    assert.deepEqual(stub.range.start, stub.range.end, `${what}: replaces text`);
    const at = new LineIndex(text).offset(stub.range.start);
    assert.equal(edited.slice(0, at), text.slice(0, at), `${what}: text before the stub changed`);
    assert.equal(edited.slice(at + stub.newText.length), text.slice(at), `${what}: text after the stub changed`);

    // Plain text in the file's own line breaks, and the cursor inside the inserted text.
    assert.ok(!/\$\{|\$\d/.test(stub.newText) || author.includes('$'), `${what}: snippet syntax in ${JSON.stringify(stub.newText)}`);
    for (const br of stub.newText.match(/\r\n|\r|\n/g) ?? []) assert.equal(br, eol, `${what}: line break ${JSON.stringify(br)} in a ${JSON.stringify(eol)} file`);
    const cursorAt = new LineIndex(edited).offset(stub.cursor);
    assert.ok(cursorAt > at && cursorAt <= at + stub.newText.length, `${what}: cursor outside the stub`);
    if (author) assert.ok(stub.newText.includes(author), `${what}: author missing from ${JSON.stringify(stub.newText)}`);

    // Once an answer is typed, the question is answered and nothing else changed meaning.
    const after = parseNotes(typed, 'notes.md');
    assert.equal(after.questions.length, before.questions.length, `${what}: question count changed\n${excerpt(typed, question.range.start.line)}`);
    assert.equal(after.questions[index].text, question.text, `${what}: another question at the index`);
    assert.equal(after.questions[index].answered, true, `${what}: still unanswered after ${stub.shape}\n${excerpt(typed, question.range.start.line)}`);
    after.questions.forEach((q, i) => {
      if (i !== index) assert.equal(q.answered, before.questions[i].answered, `${what}: question ${i} changed its answered state`);
    });
  });
  return shapes;
}

function excerpt(text: string, line: number): string {
  return text.split(/\r\n|\n/).slice(Math.max(0, line - 2), line + 6).map((l) => `  | ${l}`).join('\n');
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
/** Two-space indentation steps turned into tabs, as tab-indented notes are written. */
const tabbed = (text: string) => text.replace(/^((?: {2})+)/gm, (m) => '\t'.repeat(m.length / 2));

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const exampleFiles = ['ch01/지민.md', 'ch01/haruto.md', 'ch02/지민.md', 'ch02/alex.md', 'week03(ch03~04)/민수.md'];
const fixtures: Array<[string, string]> = [
  ['seed 002', readShared('seeds/002_f9174dd6671af7b8.md')],
  ['seed 000', readShared('seeds/000_a2fd999622add595.md')],
  ...exampleFiles.map((f): [string, string] => [f, fs.readFileSync(path.join(EXAMPLES, f), 'utf8')]),
];

describe('answer stub on real notes', () => {
  for (const [label, text] of fixtures) {
    it(`answers every unanswered question of ${label} (LF, CRLF, tabs; with and without an author)`, () => {
      for (const author of ['지민', '']) {
        checkAll(text, author, label);
        checkAll(crlf(text), author, `${label} (CRLF)`);
        checkAll(tabbed(text), author, `${label} (tabs)`);
      }
    });
  }

  it('answers seed 002 in its own shape: after the empty `***`, or a new `***` under p.45', () => {
    const text = readShared('seeds/002_f9174dd6671af7b8.md');
    const model = parseNotes(text, 'seed.md');
    const byPage = (page: number) => model.questions.findIndex((q) => !q.answered && q.pages.includes(page));
    for (const page of [11, 41, 44]) {
      const { stub } = apply(text, byPage(page), '지민')!;
      assert.equal(stub.shape, 'after-separator');
      assert.equal(stub.newText, '\n  지민: ');
      assert.equal(new LineIndex(text).line(stub.range.start.line), '  ***');
    }
    const { stub } = apply(text, byPage(45), '지민')!;
    assert.equal(stub.shape, 'separator');
    assert.equal(stub.newText, '\n  ***\n  지민: ');
    assert.deepEqual(stub.cursor, { line: stub.range.start.line + 2, character: '  지민: '.length });
  });

  it('replies to a seed-000 comment that asks with a nested comment item in the author’s name', () => {
    const text = readShared('seeds/000_a2fd999622add595.md');
    const model = parseNotes(text, 'seed.md');
    const index = model.questions.findIndex((q) => !q.answered);
    const { stub } = apply(text, index, '지민')!;
    assert.equal(stub.shape, 'comment');
    assert.equal(stub.newText, "\n  - '지민' : ");
    assert.equal(apply(text, index, '')!.stub.newText, '\n  - ');
  });

  it('keeps CRLF and tabs in what it inserts', () => {
    const text = tabbed(crlf(readShared('seeds/002_f9174dd6671af7b8.md')));
    const model = parseNotes(text, 'seed.md');
    const index = model.questions.findIndex((q) => !q.answered && q.pages.includes(45));
    assert.equal(apply(text, index, '지민')!.stub.newText, '\r\n\t***\r\n\t지민: ');
  });

  it('writes an `A.` line under a `Q.` question, in the marker the file already answers with', () => {
    const text = joinLines('## 3.2 SS테이블', '', '- Q1. 멤테이블이 날아가면 어떻게 되나', '  답변: 로그로 복구한다.', '- Q2. 컴팩션 중 읽기는 괜찮은가', '');
    const model = parseNotes(text, 'notes.md');
    const index = model.questions.findIndex((q) => !q.answered);
    assert.ok(index >= 0);
    const { stub } = apply(text, index, '지민')!;
    assert.equal(stub.shape, 'answer-marker');
    assert.equal(stub.newText, '\n  답변: (지민) ');
  });

  it('writes a paragraph under a question heading, keeping a blank line before the next heading', () => {
    const text = joinLines('### Q2. Would the recipe look different in a graph database?', '## Questions', '- ok');
    const { stub, edited } = apply(text, 0, 'Alex')!;
    assert.equal(stub.shape, 'heading-body');
    assert.equal(edited, joinLines('### Q2. Would the recipe look different in a graph database?', '', 'Alex: ', '', '## Questions', '- ok'));
    assert.deepEqual(stub.cursor, { line: 2, character: 'Alex: '.length });
  });

  it('gives nothing for an answered question or an index out of range', () => {
    const text = readShared('seeds/002_f9174dd6671af7b8.md');
    const model = parseNotes(text, 'seed.md');
    assert.equal(answerStub(text, model, model.questions.findIndex((q) => q.answered), '지민'), undefined);
    assert.equal(answerStub(text, model, 999, '지민'), undefined);
    assert.equal(answerStub(text, model, -1, '지민'), undefined);
  });
});

// Generated notes: every question shape, in any order, with Hangul and emoji around, LF or CRLF,
// spaces or tabs, a final newline or not.
const prose = fc.constantFrom('캐시 전략 😀 정리', 'Reading notes 📚', '데이터 중심 설계', '負荷の話', 'p.45 그림 3-1', '');
const ask = fc.constantFrom('왜 필요한지', '이게 무슨 뜻인가요?', '설명해주세요', 'How does it scale?', '분からない?', '😀 캐시는 언제 만료되나요??');
const page = fc.integer({ min: 1, max: 700 });

const block = fc.oneof(
  // A list item question, maybe with its continuation line and its (empty) separator.
  fc.record({ page, ask, prose, sep: fc.constantFrom('', '***', '---'), cont: fc.boolean() }).map(({ page, ask, prose, sep, cont }) =>
    cont ? ['- p.' + page + ' ' + prose, '  ' + ask, ...(sep ? ['  ' + sep] : [])] : ['- p.' + page + ' ' + ask, ...(sep ? ['  ' + sep] : [])],
  ),
  // An answered item with its separator (gives the file the seed-002 shape).
  fc.record({ page, ask }).map(({ page, ask }) => ['- p.' + page + ' 정리', '  > **' + ask + ' @박은정**', '  ***', '  - 답: 이렇게 합니다.']),
  // Seed 000: a quoted passage with a member's comment that asks.
  fc.record({ page, ask, prose }).map(({ page, ask, prose }) => ['> <strong><i>p' + page + '. ' + prose + ' 본문.</i></strong>', '', "- '준기' : " + ask, '']),
  // `Q.` questions, top level and in a list; a question heading; a question paragraph.
  ask.map((a) => ['Q. ' + a]),
  ask.map((a) => ['- Q1. ' + a]),
  ask.map((a) => ['### ' + a, '']),
  ask.map((a) => ['', a, '']),
  // A question nested under a grouping bullet, and plain prose.
  ask.map((a) => ['- 4.3 데이터플로', '  - ' + a + ' - haruto']),
  prose.map((p) => [p]),
);

describe('answer stub on generated notes', () => {
  it('inserts only, and answers the question once typed into, for every shape', () => {
    const seen = new Set<AnswerShape>();
    fc.assert(
      fc.property(
        fc.array(block, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('', '지민', 'Alex Kim', '$민수'),
        (blocks, eol, tabs, finalNewline, author) => {
          let text = ['## 1장', '', ...blocks.flat()].join(eol) + (finalNewline ? eol : '');
          if (tabs) text = tabbed(text);
          for (const shape of checkAll(text, author, JSON.stringify(text))) seen.add(shape);
        },
      ),
      { numRuns: 300 },
    );
    // The generator reaches every shape (a guard against a generator that tests nothing).
    for (const shape of ['after-separator', 'separator', 'comment', 'answer-marker', 'heading-body', 'nested-item', 'paragraph'] as AnswerShape[]) {
      assert.ok(seen.has(shape), `shape ${shape} never generated: ${[...seen].join(', ')}`);
    }
  });
});
