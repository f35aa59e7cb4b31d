// Go to Definition, Find References and Hover on page references, over stdio against the bundled
// server: on the example notes (English UI) and on a temporary workspace (Korean UI) with Hangul,
// emoji, spaces and parentheses in paths, Markdown-looking note text and a crowded page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, Location, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from '../support/lspServer.ts';
import { PROJECT_ROOT, joinLines } from '../support/shared.ts';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

function at(line: number, character: number): Position {
  return { line, character };
}

/** `ch01/haruto.md:19` for each location: which note, in which file, on which line. */
function places(root: string, locations: Location[]): string[] {
  return locations.map((l) => `${path.relative(root, decodeURIComponent(new URL(l.uri).pathname)).normalize('NFC')}:${l.range.start.line}`);
}

async function definition(server: TestServer, file: string, position: Position): Promise<Location[]> {
  return (await server.connection.sendRequest('textDocument/definition', { textDocument: { uri: server.uri(file) }, position })) as Location[];
}

async function references(server: TestServer, file: string, position: Position, includeDeclaration: boolean): Promise<Location[]> {
  return (await server.connection.sendRequest('textDocument/references', {
    textDocument: { uri: server.uri(file) },
    position,
    context: { includeDeclaration },
  })) as Location[];
}

async function hover(server: TestServer, file: string, position: Position): Promise<Hover | null> {
  return (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: server.uri(file) }, position })) as Hover | null;
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

describe('navigation on the example notes', () => {
  let server: TestServer;
  const haruto = path.join(EXAMPLES, 'ch01/haruto.md');
  before(async () => {
    server = await startServer({ folders: [EXAMPLES] });
    await server.waitForIndex();
  });
  after(() => server.stop());

  it('goes from p12 in haruto.md to every note on page 12, in both members’ files, at each entry’s own line', async () => {
    // Line 12: `- p12 のディスクの話。…`
    const locations = await definition(server, haruto, at(11, 3));
    assert.deepEqual(places(EXAMPLES, locations).sort(), ['ch01/haruto.md:11', 'ch01/haruto.md:19', 'ch01/지민.md:13']);
    // 지민.md's entry is the quoted passage after `> <strong><i>`: its own range, not the whole blockquote.
    const jimin = locations.find((l) => l.uri.includes('%EC%A7%80%EB%AF%BC'))!;
    assert.deepEqual(jimin.range.start, { line: 13, character: 13 });
  });

  it('lists range entries that cover the page (`p.2~p.9` for p.9)', async () => {
    // Line 24: `- p.9 の「仕様から外れる」…`
    const locations = await definition(server, haruto, at(23, 2));
    assert.ok(places(EXAMPLES, locations).includes('ch01/haruto.md:6'), places(EXAMPLES, locations).join());
    assert.ok(places(EXAMPLES, locations).includes('ch01/지민.md:9'));
  });

  it('answers nothing away from a page reference', async () => {
    assert.deepEqual(await definition(server, haruto, at(11, 12)), []);
    assert.deepEqual(await definition(server, haruto, at(0, 2)), []);
    assert.deepEqual(await references(server, haruto, at(13, 5), true), []);
    assert.equal(await hover(server, haruto, at(13, 5)), null);
  });

  it('finds every reference to the page, ranges included, with or without the one under the cursor', async () => {
    const withOwn = await references(server, haruto, at(23, 3), true);
    const found = places(EXAMPLES, withOwn);
    // p.2~p.9 (haruto 6), （p9/L5） (haruto 10), p9. (지민 9), and the p.9 under the cursor (haruto 23).
    assert.deepEqual(found.sort(), ['ch01/haruto.md:10', 'ch01/haruto.md:23', 'ch01/haruto.md:6', 'ch01/지민.md:9']);
    const range = withOwn.find((l) => l.range.start.line === 6)!;
    assert.deepEqual(range.range, { start: at(6, 2), end: at(6, 9) });
    const without = places(EXAMPLES, await references(server, haruto, at(23, 3), false));
    assert.deepEqual(without.sort(), ['ch01/haruto.md:10', 'ch01/haruto.md:6', 'ch01/지민.md:9']);
  });

  it('hovers p12 with the notes of both files: member, chapter, text, answered, a link to the line', async () => {
    const h = await hover(server, haruto, at(11, 2));
    assert.deepEqual(h!.range, { start: at(11, 2), end: at(11, 5) });
    const text = markdown(h);
    assert.match(text, /^\*\*p\.12\*\* · 3 notes in 2 files/);
    // The hovered file's group comes first.
    assert.ok(text.indexOf('**ch01/haruto.md**') < text.indexOf('**ch01/지민.md**'), text);
    assert.match(text, /✅ answered · p\.12 · Ch\. 1 — の「一万台あれば/);
    assert.match(text, /p\.12 · \*\*지민\*\* · Ch\. 1 — 디스크 한 개는/);
    assert.ok(text.includes('[지민.md:14](file://') && text.includes('/ch01/%EC%A7%80%EB%AF%BC.md#L14)'), text);
    assert.ok(text.includes('[haruto.md:20](file://') && text.includes('/ch01/haruto.md#L20)'), text);
  });

  it('marks unanswered notes in the hover', async () => {
    const text = markdown(await hover(server, haruto, at(22, 3))); // p.23 の「読み書きの比率」…？
    assert.match(text, /❓ unanswered · p\.23 · Ch\. 1 — の「読み書きの比率」/);
    // 지민's p23 passage has an unanswered comment question too.
    assert.match(text, /❓ unanswered · p\.23 · \*\*지민\*\*/);
  });

  it('hovers a page no entry is on (a reference inside an answer) with a short note, and still finds the reference', async () => {
    const minsu = path.join(EXAMPLES, 'week03(ch03~04)/민수.md');
    // Line 27: `  A. 그래서 … (p.148)`
    const h = await hover(server, minsu, at(26, 65));
    assert.equal(markdown(h), 'No notes on p.148 yet.');
    assert.deepEqual(await definition(server, minsu, at(26, 65)), []);
    assert.deepEqual(places(EXAMPLES, await references(server, minsu, at(26, 65), true)), ['week03(ch03~04)/민수.md:26']);
  });

  it('links paths with parentheses percent-encoded (week03(ch03~04)/민수.md)', async () => {
    const minsu = path.join(EXAMPLES, 'week03(ch03~04)/민수.md');
    const text = markdown(await hover(server, minsu, at(46, 6))); // `1장 p45에서 …`
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length >= 3, text);
    const own = links.find((l) => l.includes('week03'))!;
    assert.match(own, /week03%28ch03~04%29\/%EB%AF%BC%EC%88%98\.md#L47$/);
  });
});

describe('navigation in a workspace with Hangul, emoji and odd paths (Korean UI)', () => {
  let server: TestServer;
  let root: string;
  let minji: string;
  let haruto: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-nav-'));
    const folder = path.join(root, 'ch05 (복제)');
    fs.mkdirSync(folder);
    fs.mkdirSync(path.join(root, 'ch06'));
    minji = path.join(folder, '민지 노트.md');
    haruto = path.join(folder, 'haruto.md');
    fs.writeFileSync(
      minji,
      joinLines(
        '# 복제 읽기 노트 — 민지',
        '',
        '- 한글🙂🙂 p.7 리더와 팔로워의 차이. 왜 동기식 복제는 느릴까?',
        '- p.2~p.9 복제 개요를 훑어본 범위 노트',
        '- (p.150) **굵게** `코드` [대괄호] <꺾쇠> *별* _밑줄_ | 파이프 노트',
        '',
      ),
    );
    fs.writeFileSync(
      haruto,
      joinLines('# 第5章 レプリケーション', '', '- p.7 同期レプリケーションはなぜ遅いのか？', '  - 민지: 모든 팔로워의 확인을 기다리기 때문이에요.', '- p.5 フェイルオーバーの話', ''),
    );
    // A crowded page: 25 more notes on p.150.
    fs.writeFileSync(path.join(root, 'ch06', 'busy.md'), joinLines('# 6장', '', ...Array.from({ length: 25 }, (_, i) => `- p.150 메모 ${i + 1}`), ''));
    server = await startServer({ folders: [root], locale: 'ko' });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds the page reference after Hangul and two emoji by UTF-16 position', async () => {
    // `- 한글🙂🙂 p.7`: 2 + 2 + 4 (two surrogate pairs) + 1 = 9 UTF-16 units before `p.7`.
    const h = await hover(server, minji, at(2, 11));
    assert.deepEqual(h!.range, { start: at(2, 9), end: at(2, 12) });
    assert.equal(await hover(server, minji, at(2, 8)), null);
    const locations = await definition(server, minji, at(2, 10));
    // …and the range note p.2~p.9 on the next line, which covers p.7.
    assert.deepEqual(places(root, locations).sort(), ['ch05 (복제)/haruto.md:2', 'ch05 (복제)/민지 노트.md:2', 'ch05 (복제)/민지 노트.md:3']);
    const own = await references(server, haruto, at(2, 3), true);
    assert.ok(own.some((l) => l.uri.endsWith('%EB%85%B8%ED%8A%B8.md') && l.range.start.character === 9 && l.range.end.character === 12));
  });

  it('goes from p.5 to the range entry p.2~p.9 that covers it, and counts the range as a reference', async () => {
    const locations = await definition(server, haruto, at(4, 3));
    assert.deepEqual(places(root, locations).sort(), ['ch05 (복제)/haruto.md:4', 'ch05 (복제)/민지 노트.md:3']);
    const refs = places(root, await references(server, haruto, at(4, 3), false));
    assert.deepEqual(refs, ['ch05 (복제)/민지 노트.md:3']);
  });

  it('from a range reference, reaches every page it covers', async () => {
    const refs = places(root, await references(server, minji, at(3, 4), false));
    // p.7 and p.5 in haruto.md, p.7 in 민지 노트.md.
    assert.deepEqual(refs.sort(), ['ch05 (복제)/haruto.md:2', 'ch05 (복제)/haruto.md:4', 'ch05 (복제)/민지 노트.md:2']);
  });

  it('hovers in Korean with escaped note text and links safe for spaces, parentheses and Hangul', async () => {
    const text = markdown(await hover(server, haruto, at(2, 2)));
    assert.match(text, /^\*\*p\.7\*\* · 노트 3개 \(파일 2개\)/);
    assert.match(text, /✅ 답변됨 · p\.7 · 5장 — 同期レプリケーション/);
    assert.match(text, /❓ 미답변 · p\.7 · 5장 — 한글🙂🙂 p\.7 리더와/);
    const link = /\[민지 노트\.md:3\]\(([^)]+)\)/.exec(text);
    assert.ok(link, text);
    assert.doesNotMatch(link[1], /[\s()가-힣]/);
    assert.ok(link[1].endsWith('#L3'));
    assert.equal(decodeURIComponent(new URL(link[1]).pathname), minji);
  });

  it('caps a crowded page at 20 notes and says how many more', async () => {
    const text = markdown(await hover(server, minji, at(4, 4)));
    assert.match(text, /^\*\*p\.150\*\* · 노트 26개 \(파일 2개\)/);
    assert.equal(text.split('\n').filter((line) => line.startsWith('- ')).length, 20);
    assert.match(text, /…외 6개 더$/);
    // The hovered note's Markdown-looking text is shown as text.
    assert.ok(text.includes('굵게 코드 \\[대괄호\\] \\<꺾쇠\\> \\*별\\* \\_밑줄\\_ \\| 파이프 노트'), text);
  });
});
