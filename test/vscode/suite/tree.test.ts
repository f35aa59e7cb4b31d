// The chapter tree as VS Code renders it (issue 4, point 1): chapters in book order across every
// member's file, entries merged in page order, icons that tell quotes, answered and unanswered
// questions apart, and counts that add up to the workspace's unanswered questions.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeItemSnapshot } from '../../../client/src/chapterTree.ts';
import { closeAllEditors, ko, marginalia, notesUri, relativePath, waitFor } from './helpers.ts';

/** examples/ holds 11 unanswered questions (`npm run demo` lists them). */
const WORKSPACE_UNANSWERED = 11;

describe('chapter tree', () => {
  before(async () => {
    await marginalia();
    await closeAllEditors();
  });

  it('lists chapters 1, 2 and 3-4 in book order', async () => {
    const api = await marginalia();
    const chapters = await api.chapterTree();
    assert.deepEqual(
      chapters.map((c) => c.id),
      ['1', '2', '3-4'],
    );
    // Chapter 3-4 comes from the folder name `week03(ch03~04)`: no heading names it.
    assert.deepEqual(
      [...new Set(chapters[2]!.entries.map((e) => relativePath(e.uri)))],
      ['week03(ch03~04)/민수.md'],
    );
  });

  it('merges chapter 1 of ch01/지민.md and ch01/haruto.md in page order', async () => {
    const api = await marginalia();
    const [one] = await api.chapterTree();
    assert.ok(one);
    const files = new Set(one.entries.map((e) => relativePath(e.uri)));
    assert.deepEqual([...files].sort(), ['ch01/haruto.md', 'ch01/지민.md']);
    const pages = one.entries.map((e) => e.firstPage);
    assert.deepEqual(pages, [...pages].sort((a, b) => a - b), `entries in page order: ${pages.join(', ')}`);
    // Both files' notes on p.12 sit together: 지민's quoted passage, haruto's note and question.
    const onTwelve = one.entries.filter((e) => e.firstPage === 12).map((e) => `${relativePath(e.uri)}:${e.range.start.line + 1}`);
    assert.deepEqual(onTwelve.sort(), ['ch01/haruto.md:12', 'ch01/haruto.md:20', 'ch01/지민.md:14']);
    // The files interleave: a 지민 entry between two haruto entries, not one file after the other.
    const order = one.entries.map((e) => relativePath(e.uri));
    const switches = order.filter((file, i) => i > 0 && file !== order[i - 1]).length;
    assert.ok(switches >= 4, `entries of the two files interleave by page (${switches} switches)`);
  });

  it('renders chapters with book icons and entries with icons for quote, answered and unanswered', async () => {
    const api = await marginalia();
    const chapters = await api.chapterTree();
    const items = await api.treeItems();
    assert.deepEqual(
      items.map((i) => i.label),
      chapters.map((c) => c.title),
    );
    for (const item of items) assert.equal(item.icon, 'book', `${item.label} has the book icon`);

    const chapterOne = items[0]!.children ?? [];
    // Items render the server's entries one to one, in order: find an entry by file and line.
    const item = (file: string, line: number): TreeItemSnapshot => {
      const index = chapters[0]!.entries.findIndex((e) => relativePath(e.uri) === file && e.range.start.line === line - 1);
      assert.ok(index >= 0 && chapterOne[index], `chapter 1 shows the entry of ${file}:${line}`);
      return chapterOne[index];
    };
    // 지민's quoted passage on p.9 (seed-000 style blockquote).
    const quote = item('ch01/지민.md', 10);
    assert.equal(quote.label, 'p.9');
    assert.equal(quote.icon, 'quote');
    assert.equal(quote.iconColor, undefined);
    assert.equal(quote.contextValue, 'entry.quote');
    // haruto's p.12 question, answered by 지민 in a nested item.
    const answered = item('ch01/haruto.md', 20);
    assert.equal(answered.label, 'p.12');
    assert.equal(answered.icon, 'pass');
    assert.equal(answered.iconColor, 'testing.iconPassed');
    assert.equal(answered.contextValue, 'entry.answered');
    // haruto's p.9 question: a `***` separator with nothing after it.
    const open = item('ch01/haruto.md', 24);
    assert.equal(open.label, 'p.9');
    assert.equal(open.icon, 'question');
    assert.equal(open.iconColor, 'list.warningForeground');
    assert.equal(open.contextValue, 'entry.unanswered');
    assert.match(open.tooltip ?? '', ko ? /답변이 없는 질문/ : /Unanswered question/);

    // Every entry of every chapter: the question icon exactly when the entry has an open question.
    for (const [c, chapter] of chapters.entries()) {
      const rendered = items[c]!.children ?? [];
      assert.equal(rendered.length, chapter.entries.length, `${chapter.title}: one tree item per entry`);
      chapter.entries.forEach((entry, e) => {
        assert.equal(rendered[e]!.icon === 'question', entry.unanswered > 0, `${rendered[e]!.label} ${rendered[e]!.description}`);
      });
    }
  });

  it('counts unanswered questions per chapter, and in all adds up to the workspace count', async () => {
    const api = await marginalia();
    const chapters = await api.chapterTree();
    const items = await api.treeItems();
    let total = 0;
    chapters.forEach((chapter, c) => {
      const sum = chapter.entries.reduce((n, e) => n + e.unanswered, 0);
      assert.equal(chapter.unanswered, sum, `${chapter.title}: chapter count = its entries' counts`);
      const expected = ko
        ? `항목 ${chapter.entries.length}개${sum ? ` · 미답변 ${sum}` : ''}`
        : `${chapter.entries.length} entries${sum ? ` · ${sum} unanswered` : ''}`;
      assert.equal(items[c]!.description, expected);
      total += sum;
    });
    // The view's badge shows this total; the status bar shows the server's workspace count.
    assert.equal(total, WORKSPACE_UNANSWERED);
    await closeAllEditors();
    await waitFor('the status bar to show the workspace count', () => api.statusBarText(), (t) => t === `$(question) ${WORKSPACE_UNANSWERED}`);
  });

  it('filters to unanswered questions and back (view toolbar toggle)', async () => {
    const api = await marginalia();
    const all = await api.chapterTree();
    await vscode.commands.executeCommand('marginalia.toggleUnanswered');
    try {
      const open = await api.chapterTree();
      const entries = open.flatMap((c) => c.entries);
      assert.ok(entries.length > 0 && entries.every((e) => e.unanswered > 0), 'only entries with open questions');
      assert.equal(
        entries.reduce((n, e) => n + e.unanswered, 0),
        WORKSPACE_UNANSWERED,
      );
      const items = await api.treeItems();
      assert.ok(items.flatMap((i) => i.children ?? []).every((i) => i.icon === 'question'));
    } finally {
      await vscode.commands.executeCommand('marginalia.toggleUnanswered');
    }
    const again = await api.chapterTree();
    assert.equal(again.flatMap((c) => c.entries).length, all.flatMap((c) => c.entries).length);
  });

  it('groups by member: who owes the most answers first, each entry saying its chapter', async () => {
    const api = await marginalia();
    const titles = (await api.chapterTree()).map((c) => c.title);
    await vscode.commands.executeCommand('marginalia.toggleGroupByMember');
    try {
      const items = await waitFor('the member grouping', () => api.treeItems(), (i) => i.some((item) => item.icon === 'person'));
      // 지민 names herself in 민수.md, and 지민.md's unnamed entries are hers: one member, four open questions.
      assert.equal(items[0]!.label, '지민');
      assert.equal(items[0]!.icon, 'person');
      assert.equal(items[0]!.description, ko ? '항목 17개 · 미답변 4' : '17 entries · 4 unanswered');
      // A Notion export names no member: its entries sit under the file's name, page id dropped.
      const notion = items.find((i) => i.label === '2장 정리');
      assert.equal(notion?.icon, 'file');
      const jimin = items[0]!.children ?? [];
      assert.equal(jimin.length, 17);
      assert.deepEqual(
        jimin.slice(0, 4).map((i) => i.icon),
        ['question', 'question', 'question', 'question'],
        'her open questions first',
      );
      // Under a member the chapter, not the member, says where an entry is.
      for (const item of jimin) {
        const parts = (item.description ?? '').split(' · ');
        assert.ok(titles.includes(parts.at(-2) ?? ''), `${item.description}: names its chapter`);
      }
    } finally {
      await vscode.commands.executeCommand('marginalia.toggleGroupByMember');
    }
  });

  it('sends no tree requests while the view is hidden, and catches up when it shows', async () => {
    const api = await marginalia();
    await vscode.commands.executeCommand('marginalia.focusTree');
    await api.treeItems();
    await vscode.commands.executeCommand('workbench.view.explorer');
    const file = notesUri('ch02/alex.md');
    const original = await vscode.workspace.fs.readFile(file);
    const requests = api.treeRequests();
    try {
      const text = Buffer.from(original).toString('utf8') + '\n- p.88 숨은 뷰 테스트: 이건 왜 그럴까요?\n';
      await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
      await waitFor('the status bar to count the new question', () => api.statusBarText(), (t) => t.endsWith(` ${WORKSPACE_UNANSWERED + 1}`));
      // The count comes after the index-changed notice the view heard (and set aside) itself.
      assert.equal(api.treeRequests(), requests, 'a hidden view sends the server no tree requests');
      await vscode.commands.executeCommand('marginalia.focusTree');
      const chapters = await waitFor(
        'the shown view to catch up',
        () => api.treeItems(),
        (items) => items.some((i) => /미답변 \d|\d unanswered/.test(i.description ?? '') && (i.children ?? []).some((c) => c.label === 'p.88')),
      );
      assert.ok(chapters.length > 0);
    } finally {
      await vscode.workspace.fs.writeFile(file, original);
      await waitFor('the count to go back', () => api.statusBarText(), (t) => t.endsWith(` ${WORKSPACE_UNANSWERED}`));
    }
  });

  it('shows a chapter folder that lands on disk at once, files and subfolders together (as `git pull` writes it)', async () => {
    const api = await marginalia();
    // VS Code's Linux watcher reports the new folder but often not the files written into it
    // before it watched the folder; the server reads the folder itself.
    const folder = notesUri('ch10').fsPath;
    fs.mkdirSync(path.join(folder, '정리'), { recursive: true });
    fs.writeFileSync(path.join(folder, '민수.md'), '# 10장 일관성과 합의\n\n- p.321 질문: 선형성은 비싼가요?\n');
    fs.writeFileSync(path.join(folder, '정리', 'haruto.md'), '# 10장\n\n> 합의는 어렵다 p.323\n');
    try {
      const chapter = async () => (await api.chapterTree()).find((c) => c.id === '10');
      const ten = await waitFor('chapter 10 from both new files', chapter, (c) => c?.entries.length === 2);
      assert.deepEqual(ten!.entries.map((e) => relativePath(e.uri)), ['ch10/민수.md', 'ch10/정리/haruto.md']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      await waitFor('chapter 10 to leave the tree', async () => (await api.chapterTree()).some((c) => c.id === '10'), (has) => !has);
    }
  });

  it('shows a long chapter 500 entries at a time, with an item that loads the rest', async () => {
    const api = await marginalia();
    const file = notesUri('ch09/long.md');
    const lines = ['# 9장 긴 장', ''];
    for (let page = 1; page <= 620; page++) lines.push(`- p.${page} 인용 ${page}`);
    await vscode.workspace.fs.writeFile(file, Buffer.from(lines.join('\n') + '\n', 'utf8'));
    try {
      const chapter = async () => (await api.treeItems()).find((i) => i.id === 'chapter:9');
      const first = await waitFor('chapter 9 in the tree', chapter, (c) => (c?.children?.length ?? 0) > 0);
      assert.equal(first!.description, ko ? '항목 620개' : '620 entries');
      const children = first!.children!;
      assert.equal(children.length, 501, '500 entries and a "more" item');
      assert.equal(children[499]!.label, 'p.500');
      const more = children[500]!;
      assert.equal(more.contextValue, 'more');
      assert.equal(more.label, ko ? '120개 더 보기…' : 'Show 120 more…');
      await vscode.commands.executeCommand('marginalia.showMoreEntries', 'chapter:9');
      const all = await waitFor('the rest of chapter 9', chapter, (c) => c?.children?.length === 620);
      assert.deepEqual(
        all!.children!.map((c) => c.label),
        lines.slice(2).map((line) => line.split(' ')[1]),
      );
    } finally {
      await vscode.workspace.fs.delete(file);
      await waitFor('chapter 9 to leave the tree', async () => (await api.treeItems()).some((i) => i.id === 'chapter:9'), (has) => !has);
    }
  });
});
