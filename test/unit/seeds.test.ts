// The two seed documents, read as notes-format.md §7 describes them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { readShared } from '../support/shared.ts';

const oneBased = (line: number) => line + 1;

describe('seed 002 (chapter 1–3 questions, Notion export)', () => {
  const model = parseNotes(readShared('seeds/002_f9174dd6671af7b8.md'), 'seeds/002_f9174dd6671af7b8.md');

  it('reports exactly the unanswered questions of §7: p.11, p.41, p.44, p.45', () => {
    // §5 implies no others: p.23 로그/메트릭 ends with a lone `***` after its answer (answered),
    // and p.18's [면접 예상질문] is answered by its links.
    const open = model.questions.filter((q) => !q.answered).map((q) => ({ line: oneBased(q.range.start.line), pages: q.pages }));
    assert.deepEqual(open, [
      { line: 145, pages: [11] },
      { line: 234, pages: [41] },
      { line: 237, pages: [44] },
      { line: 240, pages: [45] },
    ]);
    const diagnostics = model.diagnostics.filter((d) => d.code === 'unanswered').map((d) => d.message);
    assert.deepEqual(diagnostics, ['Unanswered question on p.11', 'Unanswered question on p.41', 'Unanswered question on p.44', 'Unanswered question on p.45']);
  });

  it('puts the question of `- p.5 …` on its blockquote, addressed to @박은정, answered after `***`', () => {
    const question = model.questions.find((q) => oneBased(q.range.start.line) === 12);
    assert.ok(question);
    assert.equal(question.answered, true);
    assert.deepEqual(question.addressees, ['박은정']);
    assert.deepEqual(question.pages, [5]);
    assert.equal(oneBased(question.separator!.start.line), 13);
  });

  it('reads the title as chapters 1–3 and the presenter headings as chapters 1, 2, 3', () => {
    assert.equal(model.title, '대규모 1~3장');
    assert.deepEqual(
      model.chapters.map((c) => [c.id, c.presenters]),
      [
        ['1-3', []],
        ['1', ['기윤 권']],
        ['2', ['김윤우']],
        ['3', ['김윤우']],
      ],
    );
    const p45 = model.questions.find((q) => q.pages.includes(45));
    assert.equal(model.chapters[p45!.chapter!].id, '3');
  });

  it('marks `## 궁금해요` as a question section and `p.7 … / p.20` as one entry on two pages', () => {
    assert.ok(model.headings.find((h) => h.text === '궁금해요')?.questionSection);
    const entry = model.entries.find((e) => oneBased(e.range.start.line) === 116);
    assert.deepEqual(entry?.pages.map((p) => p.start), [7, 20]);
    assert.equal(entry?.kind, 'question');
  });
});

describe('seed 000 (quoted passages with 준기’s comments)', () => {
  const model = parseNotes(readShared('seeds/000_a2fd999622add595.md'), 'seeds/000_a2fd999622add595.md');

  it('has the five quoted entries of chapter 1, each with 준기’s comment', () => {
    const entries = model.entries.filter((e) => e.kind !== 'note' || e.pages.length);
    assert.deepEqual(
      entries.map((e) => ({ pages: e.pages.map((p) => p.start), chapter: model.chapters[e.chapter!].id, commenters: e.comments.map((c) => c.member) })),
      [9, 12, 17, 23, 28].map((page) => ({ pages: [page], chapter: '1', commenters: ['준기'] })),
    );
    assert.ok(entries.every((e) => e.member === '준기'));
    assert.match(entries[0].text, /^프로덕션\(production\)환경에서/);
    assert.match(entries[0].comments[0].text, /원형 다중화 방식을/, "inline code stays readable in comments");
  });

  it('reports the open questions in 준기’s comments on p.23 and p.28 as unanswered', () => {
    assert.deepEqual(
      model.questions.map((q) => ({ line: oneBased(q.range.start.line), answered: q.answered, pages: q.pages, askers: q.askers })),
      [
        { line: 33, answered: false, pages: [23], askers: ['준기'] },
        { line: 37, answered: false, pages: [28], askers: ['준기'] },
      ],
    );
    assert.equal(model.diagnostics[0].message, 'Unanswered question on p.23 (asked by 준기)');
  });

  it('takes the title from the HTML <h1> and links the in-file anchor [1장](#1장)', () => {
    assert.equal(model.title, '가상 면접 사례로 배우는 대규모 시스템 설계 기초');
    assert.ok(model.links.some((l) => l.url === '#1장'));
  });
});
