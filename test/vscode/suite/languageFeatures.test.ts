// Language features through VS Code's own command API (issue 4, points 2-4): what the Outline,
// Go to Definition and hovers get from the server, across files, in UTF-16 positions.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, insertText, ko, marginalia, openNotes, positionOf, relativePath, waitFor, withScratchEdits } from './helpers.ts';

/** Marginalia's symbols: VS Code's Markdown support adds its own heading outline (`# …`, kind String) beside them. */
async function marginaliaSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  return waitFor(
    `Marginalia's document symbols of ${relativePath(uri)}`,
    async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri)) ?? [],
    (symbols) => symbols.some((s) => s.kind === vscode.SymbolKind.Namespace),
  ).then((symbols) => symbols.filter((s) => s.kind === vscode.SymbolKind.Namespace));
}

function named(symbols: readonly vscode.DocumentSymbol[], prefix: string): vscode.DocumentSymbol {
  const found = symbols.find((s) => s.name.startsWith(prefix));
  assert.ok(found, `a symbol named "${prefix}…" among ${JSON.stringify(symbols.map((s) => s.name))}`);
  return found;
}

/** Definitions as `file:line` (1-based), whether the provider answers Locations or LocationLinks. */
async function definitions(uri: vscode.Uri, position: vscode.Position): Promise<{ where: string; text: string }[]> {
  const found = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, position)) ?? [];
  const out: { where: string; text: string }[] = [];
  for (const d of found) {
    const target = 'targetUri' in d ? d.targetUri : d.uri;
    const range = 'targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range;
    const document = await vscode.workspace.openTextDocument(target);
    out.push({ where: `${relativePath(target)}:${range.start.line + 1}`, text: document.getText(range) });
  }
  return out.sort((a, b) => (a.where < b.where ? -1 : 1));
}

describe('language features', () => {
  before(() => marginalia());

  it('document symbols nest chapters → entries → questions', async () => {
    const editor = await openNotes('ch02/지민.md');
    const [book, ...rest] = await marginaliaSymbols(editor.document.uri);
    assert.ok(book);
    assert.equal(rest.length, 0, 'one top-level chapter: the file title `# 데이터 중심 2장`');
    assert.equal(book.name, '데이터 중심 2장');
    // `### 2장 @지민 김` and `### 2장 @민수 박`: the presenters' two halves of chapter 2.
    assert.deepEqual(
      book.children.map((c) => [vscode.SymbolKind[c.kind], c.name]),
      [
        ['Namespace', '2장 @지민 김'],
        ['Namespace', '2장 @민수 박'],
      ],
    );
    const [jimin, minsu] = book.children;
    assert.equal(jimin!.detail, ko ? '미답변 1' : '1 unanswered');
    assert.equal(minsu!.detail, ko ? '미답변 1' : '1 unanswered');

    // The p.61 entry holds its question to @민수 박, unanswered (a `***` with nothing after it).
    const entry = named(jimin!.children, 'p.61 —');
    assert.equal(entry.kind, vscode.SymbolKind.Field);
    assert.equal(entry.range.start.line, 21);
    assert.equal(entry.children.length, 1);
    const question = entry.children[0]!;
    assert.equal(question.kind, vscode.SymbolKind.Event);
    assert.ok(question.name.startsWith('ORM을 써도 남는 불일치에는'), question.name);
    assert.ok(question.detail.startsWith(ko ? '❓ 미답변' : '❓ unanswered'), question.detail);
    assert.ok(question.detail.includes('@민수 박'), question.detail);
    assert.ok(question.range.contains(positionOf(editor.document, 'ORM을 써도')));
    assert.ok(entry.range.contains(question.range), 'the question lies inside its entry');

    // An answered one beside it: p.56's question to @박은정, answered after `***`.
    const answered = named(jimin!.children, 'p.56 —').children[0]!;
    assert.ok(answered.detail.startsWith(ko ? '✅ 답변됨' : '✅ answered'), answered.detail);
    // And the p.130 request ("정리해주세요") in the second half, unanswered.
    const request = named(minsu!.children, 'p.130 —').children[0]!;
    assert.equal(request.kind, vscode.SymbolKind.Event);
    assert.ok(request.detail.startsWith(ko ? '❓ 미답변' : '❓ unanswered'), request.detail);
  });

  it('Go to Definition on p12 in ch01/haruto.md lists the notes on p.12 of both ch01 files', async () => {
    const editor = await openNotes('ch01/haruto.md');
    const { document } = editor;
    // The second `p12` of the file: `- p12 の「一万台あれば…」` (line 20); the cursor inside the reference.
    const at = positionOf(document, 'p12', 1).translate(0, 1);
    assert.equal(at.line, 19);
    const found = await waitFor('definitions of p12', () => definitions(document.uri, at), (d) => d.length > 0);
    assert.deepEqual(
      found.map((d) => d.where),
      ['ch01/haruto.md:12', 'ch01/haruto.md:20', 'ch01/지민.md:14'],
    );
    // The target in 지민.md is the quoted passage on p.12 (inside `<strong><i>`), not the line start.
    const jimin = found.find((d) => d.where === 'ch01/지민.md:14')!;
    assert.ok(jimin.text.startsWith('p12. 디스크 한 개는'), jimin.text);
    // The same from the other side: p12 in 지민.md leads to haruto's two notes too.
    const other = await openNotes('ch01/지민.md');
    const back = await definitions(other.document.uri, positionOf(other.document, 'p12.'));
    assert.deepEqual(
      back.map((d) => d.where),
      ['ch01/haruto.md:12', 'ch01/haruto.md:20', 'ch01/지민.md:14'],
    );
  });

  it('hover on a page reference shows the notes on that page from both files', async () => {
    const editor = await openNotes('ch01/haruto.md');
    const { document } = editor;
    const at = positionOf(document, 'p12', 1).translate(0, 2);
    const hovers = await waitFor(
      'a Marginalia hover on p12',
      async () => (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at)) ?? [],
      (h) => hoverText(h).includes('p.12'),
    );
    const text = hoverText(hovers);
    assert.ok(text.startsWith(ko ? '**p.12** · 노트 3개 (파일 2개)' : '**p.12** · 3 notes in 2 files'), text);
    // The hovered file's notes first, then the other file's, each with a link to its line.
    const haruto = text.indexOf('**ch01/haruto.md**');
    const jimin = text.indexOf('**ch01/지민.md**');
    assert.ok(haruto >= 0 && jimin > haruto, text);
    assert.ok(text.includes('のディスクの話'), 'haruto’s note on p.12');
    assert.ok(text.includes(ko ? '✅ 답변됨' : '✅ answered'), 'haruto’s answered question on p.12');
    assert.ok(text.includes('디스크 한 개는 몇 년에 한 번'), '지민’s quoted passage on p.12');
    assert.ok(text.includes('**지민**'), 'the member who wrote it');
    assert.match(text, /\[지민\.md:14\]\(file:\/\/\/.*#L14\)/);
    const range = hovers.find((h) => h.range)?.range;
    assert.ok(range && document.getText(range) === 'p12', `the hover covers the reference itself (${document.getText(range)})`);
  });

  it('Go to Symbol in Workspace: a question picked by its text opens at its line (range resolved on pick)', async () => {
    await marginalia();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The server sends Ctrl+T results without ranges and fills in the picked one
    // (`workspaceSymbol/resolve`); without that, VS Code would open the file at its first line.
    const editor = await waitFor(
      'Ctrl+T to open ch02/지민.md at the question',
      async () => {
        await vscode.commands.executeCommand('workbench.action.quickOpen', '#ORM을 써도 남는 불일치');
        await new Promise((resolve) => setTimeout(resolve, 1_000)); // the picker asks the providers after a debounce
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((resolve) => setTimeout(resolve, 500));
        return vscode.window.activeTextEditor;
      },
      (e) => !!e && relativePath(e.document.uri) === 'ch02/지민.md',
    );
    assert.ok(editor);
    const question = positionOf(editor.document, 'ORM을 써도');
    assert.equal(editor.selection.active.line, question.line, `the cursor is on the question's line (${question.line + 1})`);
  });

  it('hover finds a page reference after Hangul and an emoji (UTF-16 columns)', async () => {
    await withScratchEdits('ch01/지민.md', async (editor) => {
      const { document } = editor;
      // A new line where the reference sits after an emoji (2 UTF-16 units) and Hangul.
      const end = document.lineAt(document.lineCount - 1).range.end;
      await insertText(document.uri, end, '\n- 😇 다시 읽기: p.12 계산이 궁금하면 haruto 노트 참고');
      const at = positionOf(document, 'p.12 계산').translate(0, 3);
      assert.equal(document.lineAt(at.line).text.indexOf('p.12'), 12, 'p.12 starts at UTF-16 column 12');
      const hovers = await waitFor(
        'the hover on the new p.12',
        async () => (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at)) ?? [],
        (h) => hoverText(h).includes('ch01/haruto.md'),
      );
      const range = hovers.find((h) => h.range)?.range;
      assert.ok(range, 'the hover has a range');
      assert.equal(document.getText(range), 'p.12');
      assert.equal(range.start.character, 12);
    });
  });
});
