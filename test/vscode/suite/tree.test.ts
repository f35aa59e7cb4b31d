// The chapter tree as VS Code renders it (issue 4, point 1): chapters in book order across every
// member's file, entries merged in page order, icons that tell quotes, answered and unanswered
// questions apart, and counts that add up to the workspace's unanswered questions.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeItemSnapshot } from '../../../client/src/chapterTree.ts';
import { closeAllEditors, ko, marginalia, relativePath, waitFor } from './helpers.ts';

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
});
