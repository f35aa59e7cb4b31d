// Document symbols (chapters → entries → questions) and workspace symbols (by page, chapter and
// question text), over stdio against the bundled server, on the example notes and seed 002.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SymbolKind, type DocumentSymbol, type Location, type Range, type WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { eventually, startServer, type TestServer } from '../support/lspServer.ts';
import { PROJECT_ROOT, joinLines, readShared } from '../support/shared.ts';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

async function documentSymbols(server: TestServer, file: string): Promise<DocumentSymbol[]> {
  return (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: server.uri(file) } })) as DocumentSymbol[];
}

async function workspaceSymbols(server: TestServer, query: string): Promise<WorkspaceSymbol[]> {
  return (await server.connection.sendRequest('workspace/symbol', { query })) as WorkspaceSymbol[];
}

function all(symbols: DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...all(s.children ?? [])]);
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** What VS Code checks (DocumentSymbol's constructor) and what breadcrumbs rely on. */
function assertWellFormed(symbols: DocumentSymbol[]): void {
  for (const symbol of symbols) {
    assert.ok(symbol.name.length > 0);
    assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: range must contain selectionRange`);
    for (const child of symbol.children ?? []) assert.ok(contains(symbol.range, child.range), `${symbol.name} must contain ${child.name}`);
    assertWellFormed(symbol.children ?? []);
  }
}

function place(root: string, symbol: WorkspaceSymbol): string {
  const location = symbol.location as Location;
  return `${path.relative(root, decodeURIComponent(new URL(location.uri).pathname)).normalize('NFC')}:${location.range.start.line}`;
}

/** VS Code's Ctrl+T keeps only results whose name fuzzy-matches the query (characters in order). */
function fuzzyMatches(query: string, name: string): boolean {
  const needle = query.replace(/\s+/g, '').toLowerCase();
  let i = 0;
  for (const ch of name.toLowerCase()) if (ch === needle[i]) i++;
  return i >= needle.length;
}

describe('symbols on the example notes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ folders: [EXAMPLES] });
    await server.waitForIndex();
  });
  after(() => server.stop());

  it('outlines a member’s file as its chapter with the entries, not the plain headings', async () => {
    const file = path.join(EXAMPLES, 'ch01/지민.md');
    await server.open(file, fs.readFileSync(file, 'utf8'));
    const symbols = await documentSymbols(server, file);
    assertWellFormed(symbols);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [['1장', SymbolKind.Namespace]],
    );
    const names = all(symbols).map((s) => s.name);
    for (const heading of ['📖 데이터 중심 설계 입문 - 김지민', '📝 목차', '✅ 한 줄 정리']) assert.ok(!names.some((n) => n.includes(heading)), heading);
    const entries = symbols[0].children!;
    assert.equal(entries[0].name.startsWith('p.9 — 결함(fault)은'), true, entries[0].name);
    assert.equal(entries[0].kind, SymbolKind.String); // a quoted passage
    assert.equal(entries[0].detail, '지민');
    assert.deepEqual(entries[0].selectionRange, { start: { line: 9, character: 13 }, end: { line: 9, character: 119 } });
    const note = entries.find((e) => e.name.startsWith('p.23, p.37'))!;
    assert.equal(note.kind, SymbolKind.Field);
    // 지민's comment question on p.23 is unanswered; the chapter counts it.
    const p23 = entries.find((e) => e.name.startsWith('p.23 — '))!;
    assert.equal(p23.children![0].kind, SymbolKind.Event);
    assert.match(p23.children![0].detail!, /unanswered/);
    assert.match(symbols[0].detail!, /1 unanswered/);
    // The chapter spans its section: from its heading to the last line before `### ✅ 한 줄 정리`'s end.
    assert.deepEqual(symbols[0].range.start, { line: 8, character: 0 });
    await server.close(file);
  });

  it('keeps question headings as questions and leaves other headings out', async () => {
    const file = path.join(EXAMPLES, 'ch02/alex.md');
    await server.open(file, fs.readFileSync(file, 'utf8'));
    const [chapter, ...rest] = await documentSymbols(server, file);
    assert.equal(rest.length, 0);
    assert.equal(chapter.name, 'Chapter 2 — Data Models and Query Languages');
    const children = chapter.children!;
    const q1 = children.find((c) => c.name.startsWith('Q1. Why does the book'))!;
    assert.equal(q1.kind, SymbolKind.Event);
    assert.match(q1.detail!, /✅ answered/);
    const q2 = children.find((c) => c.name.startsWith('Q2.'))!;
    assert.match(q2.detail!, /❓ unanswered/);
    const names = all([chapter]).map((s) => s.name);
    for (const heading of ['Notes', 'Vocabulary I had to look up', 'Side note: the p99 trap', 'Questions']) assert.ok(!names.includes(heading), heading);
    // An entry that is its own question is one symbol, not the same line twice.
    const own = children.find((c) => c.name.startsWith('p.72 — Is there a rule of thumb'))!;
    assert.equal(own.kind, SymbolKind.Event);
    assert.deepEqual(own.children, []);
    await server.close(file);
  });

  it('puts entries outside any chapter heading under the chapter named by the folder', async () => {
    const file = path.join(EXAMPLES, 'week03(ch03~04)/민수.md');
    await server.open(file, fs.readFileSync(file, 'utf8'));
    const symbols = await documentSymbols(server, file);
    assertWellFormed(symbols);
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'week03(ch03~04)');
    assert.equal(symbols[0].kind, SymbolKind.Namespace);
    assert.match(symbols[0].detail!, /folder/);
    const names = symbols[0].children!.map((c) => c.name);
    assert.ok(names.some((n) => n.startsWith('pp.356–357 — ')), names.join('\n'));
    assert.ok(names.includes('[면접질문] 쓰기 증폭이 SSD 수명에 주는 영향은?'));
    assert.ok(!all(symbols).some((s) => s.name.startsWith('3.1 로그와')));
    await server.close(file);
  });

  it('finds the entries on page 45 by `p.45`, `45` and `p45`', async () => {
    const expected = ['ch01/haruto.md:15', 'ch01/haruto.md:25', 'ch01/지민.md:31', 'week03(ch03~04)/민수.md:46'];
    for (const query of ['p.45', '45', 'p45']) {
      const symbols = await workspaceSymbols(server, query);
      assert.deepEqual(symbols.map((s) => place(EXAMPLES, s)).sort(), expected, query);
      for (const s of symbols) {
        assert.ok(s.name.startsWith('p.45'), s.name);
        assert.ok(fuzzyMatches(query, s.name), `${query} ~ ${s.name}`);
      }
    }
    const [first] = await workspaceSymbols(server, 'p.45');
    assert.equal(first.containerName, '1장 · ch01/지민.md');
    assert.equal(first.kind, SymbolKind.String);
  });

  it('lists range entries covering the page after the exact ones', async () => {
    const symbols = await workspaceSymbols(server, '61');
    const found = symbols.map((s) => place(EXAMPLES, s));
    // p.61 in ch02/지민.md and in the Notion page; pp. 60-62 twice in alex.md.
    assert.equal(found.length, 4, found.join());
    assert.deepEqual(found.slice(2).sort(), ['ch02/alex.md:35', 'ch02/alex.md:7']);
    assert.ok(symbols[2].name.startsWith('p.61 (pp.60–62) — '), symbols[2].name);
  });

  it('finds chapters by `3장`, `chapter 3` and `ch3`, ranges covering the chapter included', async () => {
    for (const query of ['3장', 'chapter 3', 'ch3', 'Ch. 3']) {
      const symbols = await workspaceSymbols(server, query);
      const found = symbols.filter((s) => s.kind === SymbolKind.Namespace).map((s) => place(EXAMPLES, s));
      assert.deepEqual(found.sort(), ['README.md:57', 'week03(ch03~04)/민수.md:0'], query);
      for (const s of symbols) assert.ok(fuzzyMatches(query, s.name), `${query} ~ ${s.name}`);
    }
    const second = (await workspaceSymbols(server, '2장')).filter((s) => s.kind === SymbolKind.Namespace);
    assert.deepEqual(
      second.map((s) => place(EXAMPLES, s)).sort(),
      ['README.md:49', 'ch02/alex.md:0', 'ch02/notes/2장 정리 7c3e9a1b04d2456f8e1a2b3c4d5e6f70.md:0', 'ch02/지민.md:0', 'ch02/지민.md:10', 'ch02/지민.md:38'],
    );
  });

  it('finds questions by text: case-insensitive, NFC, Hangul and Japanese', async () => {
    const english = await workspaceSymbols(server, 'SCHEMA-ON-READ');
    assert.deepEqual(english.map((s) => place(EXAMPLES, s)), ['ch02/alex.md:26']);
    assert.equal(english[0].kind, SymbolKind.Event);
    const korean = await workspaceSymbols(server, '표현하는 방법');
    assert.deepEqual(korean.map((s) => place(EXAMPLES, s)), ['ch02/지민.md:25']);
    const decomposed = await workspaceSymbols(server, '표현하는 방법'.normalize('NFD'));
    assert.deepEqual(decomposed.map((s) => place(EXAMPLES, s)), ['ch02/지민.md:25']);
    const japanese = await workspaceSymbols(server, '仕様');
    assert.ok(japanese.map((s) => place(EXAMPLES, s)).includes('ch01/haruto.md:23'));
    // A match far into a long question is still in the name (VS Code filters by name).
    const late = await workspaceSymbols(server, '공개방만은');
    assert.ok(late.length > 0 && late.every((s) => s.name.includes('공개방만은')), late.map((s) => s.name).join('\n'));
  });

  it('lists every chapter for an empty query', async () => {
    const symbols = await workspaceSymbols(server, '');
    assert.ok(symbols.length >= 10);
    assert.ok(symbols.every((s) => s.kind === SymbolKind.Namespace));
  });
});

describe('workspace symbols for a client that resolves their ranges (as VS Code does)', () => {
  let full: TestServer;
  let lean: TestServer;
  before(async () => {
    [full, lean] = await Promise.all([startServer({ folders: [EXAMPLES] }), startServer({ folders: [EXAMPLES], workspaceSymbolResolve: true })]);
    await Promise.all([full.waitForIndex(), lean.waitForIndex()]);
  });
  after(() => Promise.all([full.stop(), lean.stop()]));

  it('sends them without ranges, and `workspaceSymbol/resolve` gives each the range it would have had', async () => {
    assert.deepEqual(lean.initializeResult.capabilities.workspaceSymbolProvider, { resolveProvider: true });
    for (const query of ['p.45', '61', '3장', '', '표현하는 방법', '仕様']) {
      const expected = await workspaceSymbols(full, query);
      const sent = await workspaceSymbols(lean, query);
      assert.ok(expected.length > 0, query);
      assert.equal(sent.length, expected.length, query);
      for (const symbol of sent) assert.ok(!('range' in symbol.location), `${query}: ${JSON.stringify(symbol.location)}`);
      const resolved = await Promise.all(sent.map((symbol) => lean.connection.sendRequest('workspaceSymbol/resolve', symbol) as Promise<WorkspaceSymbol>));
      assert.deepEqual(
        resolved.map(({ data: _data, ...symbol }) => symbol),
        expected,
        query,
      );
    }
  });

  it('returns a symbol it cannot place as it came', async () => {
    const strange = { name: 'x', kind: SymbolKind.Event, location: { uri: lean.uri(path.join(EXAMPLES, 'README.md')) }, data: ['not', 'a', 'range', 0] };
    assert.deepEqual(await lean.connection.sendRequest('workspaceSymbol/resolve', strange), strange);
    const placed = { name: 'y', kind: SymbolKind.Event, location: { uri: strange.location.uri, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } } };
    assert.deepEqual(await lean.connection.sendRequest('workspaceSymbol/resolve', placed), placed);
  });
});

describe('symbols of seed 002 and a large workspace (Korean UI)', () => {
  let server: TestServer;
  let root: string;
  let seed: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-symbols-'));
    // 600 questions, to check the cap.
    fs.writeFileSync(path.join(root, 'many.md'), joinLines('# 질문 모음', '', ...Array.from({ length: 600 }, (_, i) => `- 반복 질문 ${i + 1}번은 왜 그럴까?`), ''));
    server = await startServer({ folders: [root], locale: 'ko' });
    await server.waitForIndex();
    seed = path.join(root, '002.md');
    await server.open(seed, readShared('seeds/002_f9174dd6671af7b8.md'));
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('outlines seed 002: chapters 1, 2, 3 under the title, entries, unanswered questions marked', async () => {
    const symbols = await documentSymbols(server, seed);
    assertWellFormed(symbols);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['대규모 1~3장'],
    );
    const [title] = symbols;
    assert.equal(title.kind, SymbolKind.Namespace);
    assert.deepEqual(
      title.children!.map((c) => [c.name, c.kind]),
      [
        ['1장 @기윤 권', SymbolKind.Namespace],
        ['2장 @김윤우', SymbolKind.Namespace],
        ['3장 @김윤우', SymbolKind.Namespace],
      ],
    );
    // `## 궁금해요` is a plain heading: not a symbol.
    assert.ok(!all(symbols).some((s) => s.name.includes('궁금해요')));
    const [one, , three] = title.children!;
    assert.equal(one.children![0].name, 'p.5 — 다루는 데이터가 비정형이라 관계형 데이터가 아님');
    assert.deepEqual(one.children![0].selectionRange, { start: { line: 10, character: 2 }, end: { line: 10, character: 32 } });
    assert.ok(contains(one.children![0].range, { start: { line: 20, character: 0 }, end: { line: 20, character: 5 } }), 'entry range covers its answer');
    assert.deepEqual(
      three.children!.map((e) => e.name),
      ['p.41 — 효과적 면접을 위한 4단계 접근 방법', 'p.44 — 피드 발행과 피드 생성', 'p.45 — 그림3-1'],
    );
    for (const entry of three.children!) {
      assert.equal(entry.children!.length, 1);
      assert.equal(entry.children![0].kind, SymbolKind.Event);
      assert.match(entry.children![0].detail!, /^❓ 미답변/);
    }
    const unanswered = all(symbols).filter((s) => s.kind === SymbolKind.Event && /미답변/.test(s.detail ?? ''));
    assert.equal(unanswered.length, 4); // p.11, p.41, p.44, p.45
    assert.equal(three.detail, '미답변 3');
    // A follow-up question in an answer nests under the question it follows.
    const queue = one.children!.find((c) => c.name.startsWith('[면접 예상질문] 메시지 큐를'))!;
    assert.deepEqual(
      queue.children!.map((c) => c.name),
      ['메시지 큐의 특징에 대해 설명해주세요', '기본 아키텍처에 대해 설명해주세요', '예를 들어 설명해주세요'],
    );
  });

  it('finds an open document’s questions by text, and its pages', async () => {
    const symbols = await workspaceSymbols(server, '캐시 만료');
    assert.ok(symbols.some((s) => place(root, s) === '002.md:148'), symbols.map((s) => place(root, s)).join());
    const page = await workspaceSymbols(server, 'p.45');
    assert.deepEqual(page.map((s) => place(root, s)), ['002.md:238']);
    assert.equal(page[0].kind, SymbolKind.Field);
  });

  it('caps the results at 200, the first ones kept', async () => {
    const symbols = await workspaceSymbols(server, '반복 질문');
    assert.equal(symbols.length, 200);
    assert.equal(symbols[0].name, '반복 질문 1번은 왜 그럴까?');
    assert.equal(symbols[199].name, '반복 질문 200번은 왜 그럴까?');
  });
});

describe('workspace symbol search, prepared once the workspace is indexed', () => {
  const prepared = (logs: string[]) => logs.find((line) => line.startsWith('Prepared workspace symbol search'));

  it('builds every file’s search text when requests pause, before the first query', async () => {
    const server = await startServer({ folders: [EXAMPLES] });
    try {
      const counts = await server.waitForIndex();
      const line = await eventually(() => prepared(server.logs), 15_000, 'the search prepared');
      assert.match(line, new RegExp(`over ${counts.files} files in \\d+ ms$`));
      assert.ok((await workspaceSymbols(server, 'p.45')).length > 0);
    } finally {
      await server.stop();
    }
  });

  it('spends nothing on it when workspace symbols are turned off', async () => {
    const server = await startServer({ folders: [EXAMPLES], settings: { workspaceSymbols: { enabled: false } } });
    try {
      await server.waitForIndex();
      // The search is prepared straight after this collection, when it is prepared at all.
      await eventually(() => server.logs.some((line) => line.startsWith('Collected garbage after indexing')), 15_000, 'the collection after indexing');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(prepared(server.logs), undefined);
      assert.deepEqual(await workspaceSymbols(server, 'p.45'), []);
    } finally {
      await server.stop();
    }
  });
});
