// Editing help over stdio against the bundled server: Add answer and Normalize page reference
// (applied to the text by the test, then re-parsed), completion of members, pages and snippets
// with Hangul and emoji before the cursor, folding, and code lenses with cross-file counts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentDiagnosticReport,
  FoldingRange,
  MarkupContent,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { eventually, startServer, type TestServer } from '../support/lspServer.ts';
import { copyOfExamples, joinLines, largeCorpusNote, PROJECT_ROOT, sharedFile } from '../support/shared.ts';
import { parseNotes } from '../../server/src/notes/parse.ts';
import type { NotesModel } from '../../server/src/notes/model.ts';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const SEED_000 = sharedFile('seeds/000_a2fd999622add595.md');
const SEED_002 = sharedFile('seeds/002_f9174dd6671af7b8.md');
const ANSWER = '캐시 전략은 읽기/쓰기 비율로 고릅니다 😀';

/** A temporary workspace: a copy of examples/ plus the seeds (the fixtures stay read-only). */
function makeWorkspace(): string {
  const root = copyOfExamples('editing');
  fs.mkdirSync(path.join(root, 'seeds'));
  fs.copyFileSync(SEED_000, path.join(root, 'seeds', '000.md'));
  fs.copyFileSync(SEED_002, path.join(root, 'seeds', '002.md'));
  return root;
}

/** Every notes file under `root`, parsed as the server parses it (path relative to the folder). */
function parseWorkspace(root: string): Map<string, NotesModel> {
  const models = new Map<string, NotesModel>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(md|markdown)$/i.test(entry.name)) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        models.set(rel.normalize('NFC'), parseNotes(fs.readFileSync(full, 'utf8'), rel));
      }
    }
  };
  walk(root);
  return models;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), edits);
}

function offsetAt(text: string, position: Position): number {
  return TextDocument.create('file:///x.md', 'markdown', 1, text).offsetAt(position);
}

async function codeActions(server: TestServer, file: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
  return (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: server.uri(file) },
    range,
    context: { diagnostics, ...(only ? { only } : {}) },
  })) as CodeAction[];
}

async function diagnostics(server: TestServer, file: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: server.uri(file) } })) as DocumentDiagnosticReport;
  assert.equal(report.kind, 'full');
  return report.kind === 'full' ? report.items : [];
}

async function complete(server: TestServer, file: string, position: Position): Promise<CompletionItem[]> {
  const result = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: server.uri(file) }, position })) as
    | CompletionItem[]
    | { items: CompletionItem[] }
    | null;
  return Array.isArray(result) ? result : (result?.items ?? []);
}

/** The one edit of an action, checked to touch only the action's own document. */
function onlyEdits(action: CodeAction, uri: string): TextEdit[] {
  const changes = action.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [uri], 'edits another document');
  return changes[uri];
}

/**
 * Applies "Add answer" as VS Code would, then types an answer where the command puts the cursor.
 * Checks the edit is one plain insertion and every other byte is unchanged.
 */
function answerWith(action: CodeAction, uri: string, text: string): { edited: string; typed: string } {
  const [edit, ...rest] = onlyEdits(action, uri);
  assert.equal(rest.length, 0);
  assert.deepEqual(edit.range.start, edit.range.end, 'Add answer must insert, not replace');
  assert.ok(!/\$\{|\$\d/.test(edit.newText), `snippet syntax in a plain edit: ${JSON.stringify(edit.newText)}`);
  const edited = applyEdits(text, [edit]);
  const at = offsetAt(text, edit.range.start);
  assert.equal(edited.slice(0, at), text.slice(0, at));
  assert.equal(edited.slice(at + edit.newText.length), text.slice(at));
  assert.equal(action.command?.command, 'marginalia.revealPosition');
  const [commandUri, cursor] = action.command!.arguments as [string, Position];
  assert.equal(commandUri, uri);
  const cursorAt = offsetAt(edited, cursor);
  assert.ok(cursorAt > at && cursorAt <= at + edit.newText.length, 'the cursor goes into the inserted stub');
  return { edited, typed: edited.slice(0, cursorAt) + ANSWER + edited.slice(cursorAt) };
}

describe('editing: code actions', () => {
  let server: TestServer;
  let root: string;
  before(async () => {
    root = makeWorkspace();
    fs.mkdirSync(path.join(root, 'crlf'));
    fs.writeFileSync(path.join(root, 'crlf', '002 crlf.md'), fs.readFileSync(SEED_002, 'utf8').replace(/\n/g, '\r\n'));
    server = await startServer({ folders: [root], settings: { author: '지민', pageRefStyle: 'p.N' } });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers seed 002’s p.11, p.41, p.44 and p.45 from their diagnostics, in the file’s `***` shape', async () => {
    const file = path.join(root, 'seeds', '002.md');
    const uri = server.uri(file);
    const text = fs.readFileSync(file, 'utf8');
    await server.open(file, text);
    const before = parseNotes(text, 'seeds/002.md');
    const unanswered = (await diagnostics(server, file)).filter((d) => d.code === 'unanswered');
    assert.equal(unanswered.length, 4);

    const inserted: string[] = [];
    for (const diagnostic of unanswered) {
      const actions = await codeActions(server, file, diagnostic.range, [diagnostic]);
      const add = actions.find((a) => a.title === 'Add answer');
      assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(add.kind, 'quickfix');
      assert.equal(add.isPreferred, true);
      assert.deepEqual(add.diagnostics, [diagnostic]);
      const { typed } = answerWith(add, uri, text);
      inserted.push(onlyEdits(add, uri)[0].newText);

      const after = parseNotes(typed, 'seeds/002.md');
      const index = before.questions.findIndex((q) => q.range.start.line === diagnostic.range.start.line && !q.answered);
      assert.ok(index >= 0);
      assert.equal(after.questions.length, before.questions.length);
      assert.equal(after.questions[index].answered, true, `still unanswered:\n${typed.split('\n').slice(diagnostic.range.start.line - 1, diagnostic.range.start.line + 5).join('\n')}`);
      assert.equal(after.questions.filter((q) => !q.answered).length, 3, 'exactly one question got its answer');
    }
    // p.11, p.41, p.44 have an empty `***`: the answer goes under it; p.45 gets `***` first.
    assert.deepEqual(inserted, ['\n  지민: ', '\n  지민: ', '\n  지민: ', '\n  ***\n  지민: ']);
  });

  it('offers Add answer from the cursor alone, and replies to a seed-000-style comment that asks', async () => {
    const file = path.join(root, 'ch01', '지민.md');
    const uri = server.uri(file);
    const text = fs.readFileSync(file, 'utf8');
    await server.open(file, text);
    const model = parseNotes(text, 'ch01/지민.md');
    const question = model.questions.find((q) => !q.answered)!;
    // The cursor in the middle of `- '지민' : 책의 단체 채팅방 예시에서는 … 따로 처리하는 걸까?`
    const cursor = { line: question.range.start.line, character: question.range.start.character + 12 };
    const actions = await codeActions(server, file, { start: cursor, end: cursor });
    const add = actions.find((a) => a.title === 'Add answer');
    assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(add.diagnostics, undefined);
    const [edit] = onlyEdits(add, uri);
    assert.equal(edit.newText, "\n  - '지민' : ");
    const { typed } = answerWith(add, uri, text);
    const after = parseNotes(typed, 'ch01/지민.md');
    assert.equal(after.questions.filter((q) => !q.answered).length, model.questions.filter((q) => !q.answered).length - 1);
    assert.ok(typed.includes(`  - '지민' : ${ANSWER}`));
  });

  it('keeps CRLF line breaks in the stub of a CRLF file', async () => {
    const file = path.join(root, 'crlf', '002 crlf.md');
    const uri = server.uri(file);
    const text = fs.readFileSync(file, 'utf8');
    await server.open(file, text);
    const p45 = (await diagnostics(server, file)).find((d) => d.code === 'unanswered' && typeof d.message === 'string' && d.message.includes('p.45'))!;
    const add = (await codeActions(server, file, p45.range, [p45])).find((a) => a.title === 'Add answer')!;
    assert.equal(onlyEdits(add, uri)[0].newText, '\r\n  ***\r\n  지민: ');
    const { typed } = answerWith(add, uri, text);
    assert.ok(!/[^\r]\n/.test(typed), 'a lone LF in a CRLF file');
    assert.equal(parseNotes(typed, 'crlf.md').questions.filter((q) => !q.answered).length, 3);
  });

  it('offers no Add answer on an answered question or away from questions', async () => {
    const file = path.join(root, 'seeds', '002.md');
    await server.open(file, fs.readFileSync(file, 'utf8'));
    // `> **비정형 데이터란 무엇인가요? … @박은정**` (line 12) is answered after its `***`.
    const actions = await codeActions(server, file, { start: { line: 11, character: 10 }, end: { line: 11, character: 10 } });
    assert.equal(actions.find((a) => a.kind === 'quickfix'), undefined);
    // Only the file-wide source action (for seed 002's `p12`), which VS Code lists under Source Action….
    const away = await codeActions(server, file, { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } });
    assert.deepEqual(away.map((a) => a.kind), ['source.marginalia.normalizePageRefs']);
    assert.deepEqual(await codeActions(server, file, { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, [], ['quickfix', 'refactor']), []);
  });

  it('normalizes one page reference to the configured style, replacing exactly its text', async () => {
    const file = path.join(root, 'ch01', 'haruto.md');
    const uri = server.uri(file);
    const text = fs.readFileSync(file, 'utf8');
    await server.open(file, text);
    // Line 12: `- p12 のディスクの話。…`; line 16: `- 45p：運用しやすい…`
    for (const [line, from, to] of [
      [11, 'p12', 'p.12'],
      [15, '45p', 'p.45'],
    ] as const) {
      const cursor = { line, character: 3 };
      const actions = await codeActions(server, file, { start: cursor, end: cursor });
      const normalize = actions.find((a) => a.kind === 'refactor.rewrite');
      assert.ok(normalize, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(normalize.title, `Normalize page reference to ${to}`);
      const [edit] = onlyEdits(normalize, uri);
      assert.equal(text.slice(offsetAt(text, edit.range.start), offsetAt(text, edit.range.end)), from);
      assert.equal(edit.newText, to);
      const edited = applyEdits(text, [edit]);
      assert.equal(edited.split('\n')[line], text.split('\n')[line].replace(from, to));
      assert.equal(edited.length, text.length + to.length - from.length);
    }
    // `p.23` is already in the style: nothing to normalize there.
    const onStyled = await codeActions(server, file, { start: { line: 12, character: 14 }, end: { line: 12, character: 14 } });
    assert.equal(onStyled.find((a) => a.kind === 'refactor.rewrite'), undefined);
  });

  it('leaves page words of the sentence alone (`page 72`) and normalizes the whole file as a source action', async () => {
    const file = path.join(root, 'ch02', 'alex.md');
    const uri = server.uri(file);
    const text = fs.readFileSync(file, 'utf8');
    await server.open(file, text);
    // Line 9: `- On page 72 the author shows …`
    const onWord = await codeActions(server, file, { start: { line: 8, character: 9 }, end: { line: 8, character: 9 } });
    assert.equal(onWord.find((a) => a.kind === 'refactor.rewrite'), undefined);

    const [all, ...others] = await codeActions(server, file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    assert.equal(others.length, 0);
    assert.equal(all.kind, 'source.marginalia.normalizePageRefs');
    const edited = applyEdits(text, onlyEdits(all, uri));
    // `pp. 60-62` (twice) and `p. 110` become `p.60-62` and `p.110`; the prose forms stay.
    assert.ok(edited.includes('- p.60-62 cover the mismatch') && edited.includes('- p.60-62: what exactly'), edited);
    assert.ok(edited.includes('examples on p.110 are dense'));
    assert.ok(edited.includes('On page 72') && edited.includes('pages 83–85') && edited.includes('(page 72)'));
    const refs = parseNotes(edited, 'ch02/alex.md').pageRefs.map((r) => r.text);
    assert.deepEqual(refs.filter((r) => /^p[.\d]/.test(r)), ['p.60-62', 'p.110', 'p.60-62']);
  });
});

describe('editing: completion', () => {
  let server: TestServer;
  let root: string;
  let models: Map<string, NotesModel>;
  const draft = () => path.join(root, 'ch01', '초안.md');
  before(async () => {
    root = makeWorkspace();
    models = parseWorkspace(root);
    server = await startServer({ folders: [root], settings: { author: '지민', pageRefStyle: 'p.N' } });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('completes members after `@`, most mentioned first, replacing only what follows the `@`', async () => {
    const line = '- 캐시 만료 😀 질문 @박';
    await server.open(draft(), joinLines('## 1장', '', line));
    const items = await complete(server, draft(), { line: 2, character: line.length });
    const counts = new Map<string, number>();
    for (const model of models.values()) for (const m of model.members) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];

    const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
    assert.equal(sorted[0].label, top[0]);
    assert.match(sorted[0].detail!, new RegExp(`^${top[1]} mentions · \\d+ files?$`));
    const eunjeong = items.find((i) => i.label === '박은정');
    assert.ok(eunjeong, items.map((i) => i.label).join());
    const edit = eunjeong.textEdit as TextEdit;
    // `@` sits after Hangul and an emoji (2 UTF-16 units): the range starts right after it.
    assert.deepEqual(edit.range, { start: { line: 2, character: line.indexOf('@') + 1 }, end: { line: 2, character: line.length } });
    assert.equal(edit.newText, '박은정');
    assert.equal(applyEdits(line, [{ range: { start: { line: 0, character: edit.range.start.character }, end: { line: 0, character: line.length } }, newText: '박은정' }]), '- 캐시 만료 😀 질문 @박은정');
  });

  it('does not complete members inside an e-mail address', async () => {
    const line = 'mail me@';
    await server.open(draft(), line, 2);
    assert.deepEqual(await complete(server, draft(), { line: 0, character: line.length }), []);
  });

  it('completes the workspace’s pages after `p.`, with how many notes and which chapter', async () => {
    const line = '- 그림 설명 😀 p.4';
    await server.open(draft(), joinLines('## 1장', line), 3);
    const items = await complete(server, draft(), { line: 1, character: line.length });
    assert.ok(items.length > 0);
    assert.ok(items.every((i) => /^p\.4\d*$/.test(i.label)), items.map((i) => i.label).join());
    const p45 = items.find((i) => i.label === 'p.45');
    assert.ok(p45);
    const edit = p45.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 1, character: line.indexOf('p.4') }, end: { line: 1, character: line.length } });
    assert.equal(edit.newText, 'p.45');
    assert.equal(p45.filterText, 'p.45');
    // Notes on p.45 across the workspace, by entry (ch01/지민.md's quote, haruto's `45p`, …).
    let notes = 0;
    for (const model of models.values()) notes += model.entries.filter((e) => e.pages.some((r) => r.start <= 45 && 45 <= r.end)).length;
    assert.ok(notes >= 2);
    assert.match(p45.detail!, new RegExp(`^${notes} notes · ch\\.1`));
    const documentation = (p45.documentation as MarkupContent).value;
    assert.ok(documentation.includes('운영하기 좋은 시스템은'), documentation);
  });

  it('completes after a bare `p` in the configured style, and not after a `p` inside a word', async () => {
    const line = '（p';
    await server.open(draft(), line, 4);
    const items = await complete(server, draft(), { line: 0, character: line.length });
    const p12 = items.find((i) => i.filterText === 'p12');
    assert.ok(p12, items.map((i) => i.filterText).join());
    assert.equal((p12.textEdit as TextEdit).newText, 'p.12');
    assert.deepEqual((p12.textEdit as TextEdit).range.start, { line: 0, character: 1 });

    await server.open(draft(), 'I need help', 5);
    assert.deepEqual(await complete(server, draft(), { line: 0, character: 'I need help'.length }), []);
  });

  it('offers the notes snippets at the start of a line, with the author filled in', async () => {
    await server.open(draft(), joinLines('## 1장', '', '인'), 6);
    const items = await complete(server, draft(), { line: 2, character: 1 });
    const labels = items.map((i) => i.label);
    for (const prefix of ['quote', '인용', 'question', '질문', 'answer', '답변', 'chapter', '장', 'summary', '요약']) assert.ok(labels.includes(prefix), `${prefix} in ${labels.join()}`);
    const quote = items.find((i) => i.label === '인용')!;
    assert.equal(quote.kind, 15 /* Snippet */);
    assert.equal(quote.insertTextFormat, 2 /* Snippet */);
    const edit = quote.textEdit as TextEdit;
    assert.equal(edit.newText, "> <strong><i>p${1:page}. ${2:passage}</i></strong>\n\n- '${3:지민}' : ${0}");
    assert.deepEqual(edit.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } });
    const question = items.find((i) => i.label === '질문')!;
    assert.equal((question.textEdit as TextEdit).newText, '- p.${1} ${2:passage}\n  > **${3:question}? @${4:member}**\n  ***\n  ${0}');

    // Not in the middle of a sentence: a block snippet there would break the line.
    await server.open(draft(), '캐시 전략은 인', 7);
    assert.deepEqual(await complete(server, draft(), { line: 0, character: '캐시 전략은 인'.length }), []);
  });

  it('ships the same snippets to VS Code: the snippet file is valid JSON with markdown scope', () => {
    const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'snippets', 'marginalia.code-snippets'), 'utf8')) as Record<string, { scope: string; prefix: string[]; body: string[] }>;
    const entries = Object.values(file);
    assert.ok(entries.length >= 5);
    for (const snippet of entries) {
      assert.equal(snippet.scope, 'markdown');
      assert.ok(snippet.prefix.some((p) => /^[a-z]+$/.test(p)) && snippet.prefix.some((p) => /[가-힣]/.test(p)), snippet.prefix.join());
    }
  });
});

describe('editing: folding and code lenses', () => {
  let server: TestServer;
  let ko: TestServer;
  let models: Map<string, NotesModel>;
  before(async () => {
    models = parseWorkspace(EXAMPLES);
    server = await startServer({ folders: [EXAMPLES] });
    ko = await startServer({ folders: [EXAMPLES], locale: 'ko' });
    await Promise.all([server.waitForIndex(), ko.waitForIndex()]);
  });
  after(async () => {
    await Promise.all([server.stop(), ko.stop()]);
  });

  it('counts each chapter heading over the whole workspace: every member’s file of chapter 1', async () => {
    const file = path.join(EXAMPLES, 'ch01', '지민.md');
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: server.uri(file) } })) as CodeLens[];
    const chapterLens = lenses.find((l) => l.range.start.line === 8);
    assert.ok(chapterLens, JSON.stringify(lenses));

    // Expected from every file of the workspace whose entries or questions fall under chapter 1.
    let entries = 0;
    let unanswered = 0;
    let first = Infinity;
    let last = -Infinity;
    const files = new Set<string>();
    for (const [name, model] of models) {
      const isOne = (c: number | undefined) => c !== undefined && model.chapters[c].id === '1';
      for (const e of model.entries.filter((e) => isOne(e.chapter))) {
        entries++;
        files.add(name);
        for (const r of e.pages) {
          first = Math.min(first, r.start);
          last = Math.max(last, r.end);
        }
      }
      unanswered += model.questions.filter((q) => isOne(q.chapter) && !q.answered).length;
    }
    assert.ok(files.has('ch01/haruto.md') && files.has('ch01/지민.md'), [...files].join());
    assert.ok(entries > models.get('ch01/지민.md')!.entries.length, 'haruto’s entries count too');
    assert.equal(chapterLens.command?.title, `${entries} entries · ${unanswered} unanswered · pp.${first}–${last}`);
    assert.deepEqual(chapterLens.command?.arguments, ['1']);
    assert.equal(chapterLens.command?.command, 'marginalia.showChapter');

    const koLenses = (await ko.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: ko.uri(file) } })) as CodeLens[];
    assert.equal(koLenses.find((l) => l.range.start.line === 8)?.command?.title, `항목 ${entries} · 미답변 ${unanswered} · pp.${first}–${last}`);
  });

  it('shows how many notes a page has only where the group wrote more than one', async () => {
    const file = path.join(EXAMPLES, 'ch01', '지민.md');
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: server.uri(file) } })) as CodeLens[];
    const notesOn = (page: number) => {
      let n = 0;
      for (const model of models.values()) n += model.entries.filter((e) => e.pages.some((r) => r.start <= page && page <= r.end)).length;
      return n;
    };
    // `> <strong><i>p12. …` (line 14): 지민's quote and haruto's two notes on p.12.
    const p12 = lenses.find((l) => l.range.start.line === 13);
    assert.ok(notesOn(12) > 1);
    assert.equal(p12?.command?.title, `${notesOn(12)} notes on p.12`);
    assert.deepEqual(p12?.command?.arguments, [12]);
    assert.equal(p12?.command?.command, 'marginalia.showPage');
    assert.deepEqual(p12?.range, { start: { line: 13, character: 13 }, end: { line: 13, character: 16 } });
    // `p17` (line 18) has only 지민's own note: no lens.
    assert.equal(notesOn(17), 1);
    assert.equal(lenses.find((l) => l.range.start.line === 17), undefined);

    const koLenses = (await ko.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: ko.uri(file) } })) as CodeLens[];
    assert.equal(koLenses.find((l) => l.range.start.line === 13)?.command?.title, `p.12 노트 ${notesOn(12)}개`);
  });

  it('names its code actions in Korean for a Korean UI', async () => {
    const jimin = path.join(EXAMPLES, 'ch01', '지민.md');
    const text = fs.readFileSync(jimin, 'utf8');
    await ko.open(jimin, text);
    const question = parseNotes(text, 'ch01/지민.md').questions.find((q) => !q.answered)!;
    const add = await codeActions(ko, jimin, question.range);
    assert.ok(add.some((a) => a.title === '답변 추가' && a.kind === 'quickfix'), JSON.stringify(add.map((a) => a.title)));
    // The author is unset here: the reply item carries no name.
    assert.equal(onlyEdits(add.find((a) => a.kind === 'quickfix')!, ko.uri(jimin))[0].newText, '\n  - ');

    const haruto = path.join(EXAMPLES, 'ch01', 'haruto.md');
    await ko.open(haruto, fs.readFileSync(haruto, 'utf8'));
    const titles = async (line: number, character: number) =>
      (await codeActions(ko, haruto, { start: { line, character }, end: { line, character } })).map((a) => a.title);
    assert.ok((await titles(11, 3)).includes('쪽 표기를 p.12로 바꾸기'));
    // `（p9/L5）` → p.9; `…(p.38)` is already styled. Particles follow the number's reading: p.30 → 으로.
    assert.ok((await titles(10, 42)).includes('쪽 표기를 p.9로 바꾸기'));
    const scratch = path.join(os.tmpdir(), 'marginalia-ko-scratch.md');
    await ko.open(scratch, '- 30p 응답 시간은 분포로 본다');
    const scratchTitles = (await codeActions(ko, scratch, { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } })).map((a) => a.title);
    assert.ok(scratchTitles.includes('쪽 표기를 p.30으로 바꾸기'), scratchTitles.join());
    await ko.close(scratch);
    await ko.close(haruto);
    await ko.close(jimin);
  });

  // Last: the seed opened here joins the index (and chapter 1's counts).
  it('folds seed 002’s entries, questions with their answers and chapter sections, one range per start line', async () => {
    const text = fs.readFileSync(SEED_002, 'utf8');
    const file = path.join(os.tmpdir(), 'marginalia-seed-002.md');
    await server.open(file, text);
    const ranges = (await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri: server.uri(file) } })) as FoldingRange[];
    const lines = text.split('\n');
    assert.ok(ranges.length > 10);
    assert.equal(new Set(ranges.map((r) => r.startLine)).size, ranges.length, 'two ranges start on one line');
    for (const r of ranges) {
      assert.ok(r.endLine > r.startLine, JSON.stringify(r));
      assert.equal(r.kind, 'region');
      assert.ok(lines[r.endLine].trim() !== '', `range ends on a blank line: ${JSON.stringify(r)}`);
    }
    const at = (oneBased: number) => ranges.find((r) => r.startLine === oneBased - 1);
    // `- p.5 다루는 데이터가…` (line 11) with its question and answer down to `6. 로그 파일` (line 21).
    assert.equal(at(11)?.endLine, 20);
    // The entry on p.11 (line 144) and its question (line 145), down to the empty `***` (line 147).
    assert.equal(at(144)?.endLine, 146);
    assert.equal(at(145)?.endLine, 146);
    // `### 1장 @기윤 권` (line 9) down to the last line before `### 2장` (blank lines left out).
    assert.equal(at(9)?.endLine, 212);
    // `### 3장 @김윤우` (line 229) to the file's last text line.
    assert.equal(at(229)?.endLine, lines.length - 1 - (lines[lines.length - 1] === '' ? 1 : 0));
  });
});

describe('editing: a large note opened as it is on disk', () => {
  it('answers from the index at once, and reads an edit made while its sections are still being parsed', async () => {
    // The index's model serves the note at open; its sections are parsed a slice at a time
    // between requests. An edit in that time must be read whole, and the slices must not put the
    // text from disk back over it.
    const root = makeWorkspace();
    const lines = largeCorpusNote(400_000);
    const big = path.join(root, 'big.md');
    fs.writeFileSync(big, lines.join('\n'));
    const server = await startServer({ folders: [root] });
    try {
      await server.waitForIndex();
      const outline = async (file: string) => (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: server.uri(file) } })) as Array<{ name: string }>;
      const unsaved = path.join(root, 'unsaved.md'); // not on disk: parsed whole at open

      await server.open(big, lines.join('\n'));
      const fromIndex = await outline(big);
      assert.ok(fromIndex.length > 10, 'the outline comes from the index’s model');

      const at = Math.floor(lines.length / 2);
      const edited = [...lines.slice(0, at), '', '## 99장 큰 노트 중간에', '', '- p.45 중간에 넣은 질문: 왜 그럴까요?', '', ...lines.slice(at)].join('\n');
      // The slices start 50 ms after the open and take a few hundred milliseconds for 400 KB.
      await new Promise((resolve) => setTimeout(resolve, 150));
      await server.change(big, edited, 2);
      const afterEdit = await outline(big);
      assert.ok(afterEdit.some((symbol) => symbol.name.includes('99장')), 'the edit is in the outline');

      await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the last slice
      // The workspace's view of the note first: a request on the note itself would parse it again.
      const found = (await server.connection.sendRequest('workspace/symbol', { query: '중간에 넣은 질문' })) as Array<{ location: { uri: string } }>;
      assert.deepEqual(found.map((symbol) => symbol.location.uri), [server.uri(big)], 'the slices left the edit alone');

      await server.open(unsaved, edited);
      assert.deepEqual(await outline(big), await outline(unsaved), 'the edited note as a parse at once reads it');
      assert.deepEqual(await diagnostics(server, big), await diagnostics(server, unsaved));

      // Saved with a line the server has not seen, and closed: the index reads the disk's text
      // (reusing the sections the editor's parses cached).
      fs.writeFileSync(big, `${edited}\n\n- p.46 저장하고 닫은 질문: 왜일까요?\n`);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(big), type: 2 }] });
      await server.close(big);
      const saved = await eventually(async () => {
        const hits = (await server.connection.sendRequest('workspace/symbol', { query: '저장하고 닫은 질문' })) as Array<{ location: { uri: string } }>;
        return hits.length ? hits : undefined;
      }, 10_000, 'the saved line in workspace symbols');
      assert.deepEqual(saved.map((symbol) => symbol.location.uri), [server.uri(big)]);
      const stillThere = (await server.connection.sendRequest('workspace/symbol', { query: '중간에 넣은 질문' })) as Array<{ location: { uri: string } }>;
      assert.deepEqual(stillThere.map((symbol) => symbol.location.uri).sort(), [server.uri(big), server.uri(unsaved)].sort());
    } finally {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
