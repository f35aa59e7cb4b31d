// Writing notes (issue 4, points 6-7): the "Add answer" quick fix puts a stub in the file's own
// shape with the cursor in it, and the Insert Quote / Question / Answer snippets write the
// format's shapes with `marginalia.author` (set by the launcher: 은정) filled in. Each test
// finishes the job the way a user would (types the page or the answer) and checks that the
// server reads the result as meant.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnostics, ko, marginalia, positionOf, unansweredLines, waitFor, withScratchEdits } from './helpers.ts';

const AUTHOR = '은정';
const WORDS = ko ? { passage: '구절', question: '질문', member: '멤버' } : { passage: 'passage', question: 'question', member: 'member' };

/** Puts the cursor at `position` and waits until the editor reports it. */
async function placeCursor(editor: vscode.TextEditor, position: vscode.Position): Promise<void> {
  editor.selection = new vscode.Selection(position, position);
  await waitFor('the cursor to move', () => editor.selection.active.isEqual(position));
}

/** Types `text` at the cursor (one edit; the cursor ends after it). */
async function typeAtCursor(editor: vscode.TextEditor, text: string): Promise<void> {
  const at = editor.selection.active;
  assert.ok(await editor.edit((edit) => edit.insert(at, text)), 'the editor took the typing');
}

/** The editor's text lines from `from` (0-based) on, `count` of them. */
function linesOf(editor: vscode.TextEditor, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => editor.document.lineAt(from + i).text);
}

describe('editing', () => {
  before(() => marginalia());
  afterEach(() => vscode.commands.executeCommand('leaveSnippet'));

  it('Add Answer after an empty `***`: the stub goes under the separator and the cursor lands in it', async () => {
    await withScratchEdits('ch02/지민.md', async (editor) => {
      const uri = editor.document.uri;
      await waitFor('the warnings', () => unansweredLines(uri), (l) => l.includes(23));
      await placeCursor(editor, positionOf(editor.document, 'ORM을 써도').translate(0, 3));
      assert.equal(await vscode.commands.executeCommand('marginalia.addAnswer'), true);
      assert.deepEqual(linesOf(editor, 22, 4), [
        '  > **ORM을 써도 남는 불일치에는 구체적으로 어떤 것들이 있나요? @민수 박**',
        '  ***',
        `  ${AUTHOR}: `,
        '- p.72 다대일 관계는 문서 모델에서 표현하기 어렵다.',
      ]);
      await waitFor('the cursor at the end of the stub', () => editor.selection, (s) => s.isEmpty && s.active.isEqual(new vscode.Position(24, 6)));
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());

      await typeAtCursor(editor, '지연 로딩과 N+1 질의가 대표적이에요.');
      assert.equal(editor.document.lineAt(24).text, `  ${AUTHOR}: 지연 로딩과 N+1 질의가 대표적이에요.`);
      // p.130's warning is still there, a line further down.
      assert.deepEqual(await waitFor('the p.61 warning to go away', () => unansweredLines(uri), (l) => !l.includes(23)), [53]);
    });
  });

  it('the quick fix from the code action provider answers a comment with a comment (seed 000 shape)', async () => {
    await withScratchEdits('ch01/지민.md', async (editor) => {
      const uri = editor.document.uri;
      // 지민's comment on p.23 ends in a question nobody answered: `- '지민' : … 걸까?`
      const [warning] = await waitFor('the warning on 지민’s p.23 comment', () => diagnostics(uri, 'unanswered'), (d) => d.length === 1);
      assert.equal(warning!.range.start.line, 24);
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning!.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const fix = actions.find((a) => a.title === (ko ? '답변 추가' : 'Add answer'));
      assert.ok(fix, `an Add answer quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(fix.kind?.value, 'quickfix');
      assert.equal(fix.isPreferred, true);
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), 'the fix applies');
      const [question, stub, after] = linesOf(editor, 24, 3);
      assert.ok(question!.startsWith("- '지민' : 책의 단체 채팅방") && question!.endsWith('걸까?'), question);
      assert.deepEqual([stub, after], [`  - '${AUTHOR}' : `, '']);
      // The fix's command moves the cursor into the stub.
      assert.ok(fix.command, 'the fix carries the cursor command');
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      const end = editor.document.lineAt(25).range.end;
      await waitFor('the cursor at the end of the stub', () => editor.selection, (s) => s.isEmpty && s.active.isEqual(end));

      await typeAtCursor(editor, '5만 명쯤부터라고 들었어요.');
      await waitFor('the warning to go away', () => diagnostics(uri, 'unanswered'), (d) => d.length === 0);
    });
  });

  it('Insert Question writes a question with an empty `***` answer part, which the server reports as unanswered', async () => {
    await withScratchEdits('ch02/지민.md', async (editor) => {
      const { document } = editor;
      const uri = document.uri;
      await waitFor('the warnings', () => unansweredLines(uri), (l) => l.length === 2);
      // A new, empty last line: there the snippet goes at the cursor.
      const last = document.lineCount;
      assert.ok(await editor.edit((edit) => edit.insert(document.lineAt(last - 1).range.end, '\n\n')));
      await placeCursor(editor, new vscode.Position(last + 1, 0));
      await vscode.commands.executeCommand('marginalia.insertQuestion');
      assert.deepEqual(linesOf(editor, last + 1, 4), [
        `- p. ${WORDS.passage}`,
        `  > **${WORDS.question}? @${WORDS.member}**`,
        '  ***',
        '  ',
      ]);
      // The first tab stop is the page number, right after `p.`.
      await waitFor('the cursor on the page tab stop', () => editor.selection.active, (p) => p.isEqual(new vscode.Position(last + 1, 4)));
      await typeAtCursor(editor, '135');
      assert.equal(document.lineAt(last + 1).text, `- p.135 ${WORDS.passage}`);
      // The question was reported as soon as the snippet landed (without a page): wait for the
      // report of the text with the page typed in.
      const found = await waitFor(
        'the new question reported on p.135',
        () => diagnostics(uri, 'unanswered'),
        (d) => d.length === 3 && d[2]!.message.includes('p.135'),
      );
      assert.deepEqual(found.map((d) => d.range.start.line + 1), [23, 52, last + 3]);
      assert.ok(found[2]!.message.includes(`@${WORDS.member}`), found[2]!.message);
    });
  });

  it('Insert Quote writes a quoted passage and a comment signed with marginalia.author', async () => {
    const api = await marginalia();
    await withScratchEdits('ch01/지민.md', async (editor) => {
      const { document } = editor;
      const last = document.lineCount;
      assert.ok(await editor.edit((edit) => edit.insert(document.lineAt(last - 1).range.end, '\n\n')));
      await placeCursor(editor, new vscode.Position(last + 1, 0));
      await vscode.commands.executeCommand('marginalia.insertQuote');
      assert.deepEqual(linesOf(editor, last + 1, 3), [`> <strong><i>p. ${WORDS.passage}</i></strong>`, '', `- '${AUTHOR}' : `]);
      await waitFor('the cursor on the page tab stop', () => editor.selection.active, (p) => p.isEqual(new vscode.Position(last + 1, '> <strong><i>p'.length)));
      await typeAtCursor(editor, '46');
      assert.equal(document.lineAt(last + 1).text, `> <strong><i>p46. ${WORDS.passage}</i></strong>`);
      // The new passage is an entry of chapter 1 on p.46, a quote.
      const chapters = await waitFor(
        'the tree to show the new quote on p.46',
        () => api.chapterTree(),
        (c) => c[0]?.entries.some((e) => e.pageLabel === 'p.46' && e.range.start.line === last + 1) ?? false,
      );
      const entry = chapters[0]!.entries.find((e) => e.pageLabel === 'p.46')!;
      assert.equal(entry.kind, 'quote');
    });
  });

  it('Insert Answer under a question writes `***` and a signed reply inside the item, which answers it', async () => {
    await withScratchEdits('ch02/지민.md', async (editor) => {
      const { document } = editor;
      const uri = document.uri;
      await waitFor('the warnings', () => unansweredLines(uri), (l) => l.includes(52));
      // Line 52: `  관계형, 문서, 그래프 모델을 각각 언제 쓰는지 표 하나로 정리해주세요` (the p.130 request).
      const request = document.lineAt(51);
      assert.ok(request.text.endsWith('정리해주세요'), request.text);
      await placeCursor(editor, request.range.end);
      await vscode.commands.executeCommand('marginalia.insertAnswer');
      assert.deepEqual(linesOf(editor, 52, 2), ['  ***', `  - '${AUTHOR}' : `]);
      await waitFor('the cursor after the signature', () => editor.selection.active, (p) => p.isEqual(new vscode.Position(53, `  - '${AUTHOR}' : `.length)));
      await typeAtCursor(editor, '다음 모임 때 표로 정리해 올게요.');
      assert.deepEqual(await waitFor('the p.130 warning to go away', () => unansweredLines(uri), (l) => !l.includes(52)), [23]);
    });
  });
});
