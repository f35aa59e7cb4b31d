// The status bar item (issue 4, point 8): unanswered questions of the active file / of the
// workspace (`$(question) 2 / 11`), following the active editor and edits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, deleteRange, marginalia, openNotes, unansweredLines, waitFor, withScratchEdits } from './helpers.ts';

/** examples/ holds 11 unanswered questions (`npm run demo` lists them). */
const WORKSPACE = 11;

async function statusBar(expected: string): Promise<string> {
  const api = await marginalia();
  return waitFor(`the status bar to read ${expected}`, () => api.statusBarText(), (text) => text === expected);
}

describe('status bar', () => {
  before(() => marginalia());

  it('shows the workspace count with no editor, and file / workspace for the active notes file', async () => {
    await closeAllEditors();
    await statusBar(`$(question) ${WORKSPACE}`);
    // Each file's count is the number of its `unanswered` warnings.
    for (const file of ['ch02/지민.md', 'ch01/지민.md', 'ch01/haruto.md', 'week03(ch03~04)/민수.md', 'README.md']) {
      const editor = await openNotes(file);
      const expected = file === 'README.md' ? 0 : (await waitFor(`warnings of ${file}`, () => unansweredLines(editor.document.uri), (l) => l.length > 0)).length;
      await statusBar(`$(question) ${expected} / ${WORKSPACE}`);
    }
    await closeAllEditors();
    await statusBar(`$(question) ${WORKSPACE}`);
  });

  it('updates both counts after an edit answers a question, and again when the answer goes', async () => {
    await withScratchEdits('ch02/지민.md', async (editor) => {
      await statusBar(`$(question) 2 / ${WORKSPACE}`);
      const separator = editor.document.lineAt(23); // `  ***` of the p.61 question
      assert.equal(separator.text, '  ***');
      const answer = '\n  - 지연 로딩과 N+1 질의 같은 것들.';
      assert.ok(await editor.edit((edit) => edit.insert(separator.range.end, answer)));
      await statusBar(`$(question) 1 / ${WORKSPACE - 1}`);
      await deleteRange(editor.document.uri, new vscode.Range(separator.range.end, editor.document.lineAt(24).range.end));
      assert.equal(editor.document.lineAt(24).text, '- p.72 다대일 관계는 문서 모델에서 표현하기 어렵다.');
      await statusBar(`$(question) 2 / ${WORKSPACE}`);
    });
  });
});
