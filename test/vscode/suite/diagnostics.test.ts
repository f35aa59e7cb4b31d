// Diagnostics that follow the text (issue 4, point 5): an answer typed after a question's `***`
// separator clears its `unanswered` warning, in the Problems data and in the chapter tree, and
// removing the answer brings both back. The edits are not saved: the server works on the
// editor's text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deleteRange, diagnostics, ko, marginalia, openNotes, positionOf, relativePath, unansweredLines, waitFor, withScratchEdits } from './helpers.ts';

const FILE = 'ch02/지민.md';
/** 1-based lines of ch02/지민.md's unanswered questions: p.61 (to @민수 박) and p.130. */
const OPEN_QUESTIONS = [23, 52];

/** The chapter tree's icon for the entry of `file` starting on `line` (1-based). */
async function treeIcon(file: string, line: number): Promise<string | undefined> {
  const api = await marginalia();
  const chapters = await api.chapterTree();
  const items = await api.treeItems();
  for (const [c, chapter] of chapters.entries()) {
    const e = chapter.entries.findIndex((entry) => relativePath(entry.uri) === file && entry.range.start.line === line - 1);
    if (e >= 0) return items[c]?.children?.[e]?.icon;
  }
  return undefined;
}

describe('diagnostics', () => {
  before(() => marginalia());

  it('reports the unanswered questions of an open file', async () => {
    const editor = await openNotes(FILE);
    const uri = editor.document.uri;
    const lines = await waitFor(`unanswered diagnostics of ${FILE}`, () => unansweredLines(uri), (l) => l.length === OPEN_QUESTIONS.length);
    assert.deepEqual(lines, OPEN_QUESTIONS);
    const [orm] = diagnostics(uri, 'unanswered');
    assert.equal(orm!.severity, vscode.DiagnosticSeverity.Warning, 'marginalia.diagnostics.unanswered defaults to warning');
    assert.ok(orm!.range.contains(positionOf(editor.document, 'ORM을 써도')), 'the warning covers the question');
    assert.ok(orm!.message.includes('p.61') && orm!.message.includes('@민수 박'), orm!.message);
    assert.match(orm!.message, ko ? /답변이 없는 질문/ : /Unanswered question/);
  });

  it('clears the warning when an answer is typed after `***`, and brings it back when it is removed', async () => {
    await withScratchEdits(FILE, async (editor) => {
      const { document } = editor;
      const uri = document.uri;
      await waitFor('the warnings', () => unansweredLines(uri), (l) => l.length === OPEN_QUESTIONS.length);
      assert.equal(await treeIcon(FILE, 22), 'question', 'the p.61 entry starts unanswered in the tree');

      // `  ***` on line 24 closes the question part; the answer goes on the next line.
      const separator = document.lineAt(23);
      assert.equal(separator.text, '  ***');
      const answer = '\n  - 지연 로딩과 N+1 질의, 상속 매핑, 객체 그래프의 경계 같은 것들이 남아요.';
      const typed = await editor.edit((edit) => edit.insert(separator.range.end, answer));
      assert.ok(typed, 'the editor took the edit');

      // One warning left: p.130's, a line further down now.
      const after = await waitFor('the p.61 warning to go away', () => unansweredLines(uri), (l) => l.length === 1);
      assert.deepEqual(after, [53]);
      await waitFor('the tree to show p.61 answered', () => treeIcon(FILE, 22), (icon) => icon === 'pass');

      // Remove the answer: the separator is empty again, so is the answer part.
      await deleteRange(uri, new vscode.Range(separator.range.end, document.lineAt(24).range.end));
      assert.equal(document.lineAt(23).text, '  ***');
      assert.equal(document.lineAt(24).text, '- p.72 다대일 관계는 문서 모델에서 표현하기 어렵다.');
      const back = await waitFor('the p.61 warning to come back', () => unansweredLines(uri), (l) => l.length === OPEN_QUESTIONS.length);
      assert.deepEqual(back, OPEN_QUESTIONS);
      await waitFor('the tree to show p.61 unanswered again', () => treeIcon(FILE, 22), (icon) => icon === 'question');
    });
  });
});
