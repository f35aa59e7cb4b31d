// Broken links and anchors over stdio against the bundled server, on a temporary copy of the
// example notes (its Notion page keeps its decomposed (NFD) file name): what is reported, what
// resolves (NFC links to NFD files, percent-encoded NFD links, folders, `/`-rooted links, GitHub
// slugs), how a target appearing or disappearing on disk changes the next pull, and the switches.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { eventually, startServer, type TestServer } from '../support/lspServer.ts';
import { copyOfExamples, joinLines, readShared } from '../support/shared.ts';
import { URI } from 'vscode-uri';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { WorkspaceIndex } from '../../server/src/service/workspaceIndex.ts';
import { NodeFileSystem } from '../../server/src/node/nodeFileSystem.ts';
import { linkDiagnostics } from '../../server/src/service/links.ts';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings.ts';
import type { ServiceContext } from '../../server/src/service/context.ts';

const LINK_CODES = new Set(['broken-link', 'broken-anchor']);

function notesFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.md')).map((f) => path.join(root, f));
}

async function pull(server: TestServer, file: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: server.uri(file) } })) as { kind: string; items: Diagnostic[] };
  assert.equal(report.kind, 'full');
  return report.items;
}

async function linkProblems(server: TestServer, file: string): Promise<Diagnostic[]> {
  return (await pull(server, file)).filter((d) => LINK_CODES.has(String(d.code)));
}

/** `line:code:message` (1-based line), for readable comparisons. */
function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}:${d.message}`);
}

async function watched(server: TestServer, file: string, type: 1 | 2 | 3): Promise<void> {
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(file), type }] });
}

/** Where the server's notification and refresh counts stand. */
function marks(server: TestServer): { notifications: number; refreshes: number } {
  return { notifications: server.notifications.length, refreshes: server.refreshes };
}

/** True once the index reported `file` changed and the server asked for a diagnostics refresh, both since `mark`. */
function refreshedFor(server: TestServer, mark: { notifications: number; refreshes: number }, file: string): boolean {
  const uri = server.uri(file).normalize('NFC');
  const changed = server.notifications.slice(mark.notifications).some((n) => (n.params as { uris: string[] }).uris.some((u) => u.normalize('NFC') === uri));
  return changed && server.refreshes > mark.refreshes;
}

const NOTION_NAME = '2장 정리 7c3e9a1b04d2456f8e1a2b3c4d5e6f70.md';
const MISSING_NAME = '3장 정리 0a1b2c3d4e5f60718293a4b5c6d7e8f9.md';
/** A link as Notion writes it: the decomposed name, percent-encoded. */
const notionLink = (name: string) => name.normalize('NFD').split('').map((c) => (/[A-Za-z0-9.]/.test(c) ? c : encodeURIComponent(c))).join('');

describe('broken links and anchors on the example notes', () => {
  let server: TestServer;
  let root: string;
  before(async () => {
    root = copyOfExamples('links');
    server = await startServer({ folders: [root] });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps the Notion page’s NFD file name in the copy', () => {
    const names = fs.readdirSync(path.join(root, 'ch02/notes'));
    assert.equal(names.length, 1);
    assert.equal(names[0].normalize('NFC'), NOTION_NAME);
    assert.equal(names[0], NOTION_NAME.normalize('NFD'), 'stored decomposed');
    assert.notEqual(names[0], NOTION_NAME);
  });

  it('reports exactly the two intentional problems of the examples, and nothing else', async () => {
    const found: string[] = [];
    for (const file of notesFiles(root)) {
      for (const line of summary(await linkProblems(server, file))) found.push(`${path.relative(root, file).normalize('NFC')}:${line}`);
    }
    assert.deepEqual(found.sort(), [
      'README.md:15:broken-anchor:No heading matches this anchor: #5장',
      'ch01/지민.md:40:broken-link:Link target not found: slides/1장-발표.pdf',
    ]);
  });

  it('puts the diagnostic on the link, with severity, source and code', async () => {
    const [anchor] = await linkProblems(server, path.join(root, 'README.md'));
    const line = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n')[14];
    assert.deepEqual(anchor.range, { start: { line: 14, character: line.indexOf('[5장]') }, end: { line: 14, character: line.indexOf('<!--') - 1 } });
    assert.equal(anchor.severity, 2);
    assert.equal(anchor.source, 'marginalia');
  });

  it('resolves what the examples link correctly: NFD and NFC spellings, folders, images, slugs with emoji', async () => {
    // The inputs of the assertion above, checked to be there so that "nothing else" means something.
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(`](<ch02/notes/${NOTION_NAME}>)`), 'README links the Notion page in NFC');
    assert.ok(readme.includes('](ch01/)') && readme.includes('(#34장-3주차)'));
    const ch02 = fs.readFileSync(path.join(root, 'ch02/지민.md'), 'utf8');
    assert.ok(ch02.includes('%E1%84%8C%E1%85%A1%E1%86%BC'), 'ch02/지민.md links it percent-encoded NFD');
    const ch01 = fs.readFileSync(path.join(root, 'ch01/지민.md'), 'utf8');
    assert.ok(ch01.includes('(images/그림%201.png)') && ch01.includes('(#-한-줄-정리)'));
  });

  it('checks an open note: NFD links that resolve and one that does not, folders, rooted links, cross-file anchors, UTF-16 ranges', async () => {
    const file = path.join(root, 'ch02/links.md');
    const text = joinLines(
      '# 링크 모음',
      `- [노션 정리](notes/${notionLink(NOTION_NAME)})`,
      `- [없는 노션 정리](notes/${notionLink(MISSING_NAME)})`,
      `- [NFC로 쓴 노션 정리](<notes/${NOTION_NAME}>)`,
      '- [폴더](notes/) [없는 폴더](drafts/) [확장자 없이](alex)',
      '- 🎉 그림: ![그림](../ch01/images/없는%20그림.png)',
      '- [루트에서](/ch01/images/그림%201.png) [대소문자](../ch01/Images/그림%201.png)',
      '- [진행](../README.md#진행-방식) [정리](../ch01/지민.md#-한-줄-정리) [줄](../ch01/지민.md?plain=1#L12-L20) [인코딩된 앵커](../README.md#%EC%A7%84%ED%96%89-%EB%B0%A9%EC%8B%9D)',
      '- [없는 앵커](../README.md#6장) [그림 조각](../ch01/images/그림%201.png#page=3)',
      '- [웹](https://example.com/없는.png) [메일](mailto:a@b.c) [틀]({{ site.url }}/x.md) [자리](링크) [빈 앵커](#) [위로](#top)',
      '- [아래](#아래-제목) [HTML](#메모) [없음](#없는-제목)',
      '',
      '아래 제목',
      '=====',
      '',
      '<a name="메모"></a>',
    );
    fs.writeFileSync(file, text);
    await server.open(file, text);
    const problems = await linkProblems(server, file);
    assert.deepEqual(summary(problems), [
      `3:broken-link:Link target not found: notes/${MISSING_NAME}`,
      '5:broken-link:Link target not found: drafts/',
      '6:broken-link:Link target not found: ../ch01/images/없는 그림.png',
      '7:broken-link:Link target not found: ../ch01/Images/그림 1.png (on disk it is ../ch01/images/그림 1.png; GitHub matches letter case)',
      '9:broken-anchor:No heading matches this anchor: ../README.md#6장',
      '11:broken-anchor:No heading matches this anchor: #없는-제목',
    ]);
    // Positions are UTF-16: the emoji before the image counts two.
    const line6 = text.split('\n')[5];
    assert.deepEqual(problems[2].range.start, { line: 5, character: line6.indexOf('![') });
    assert.equal(line6.indexOf('!['), '- 🎉 그림: '.length);
    assert.equal(problems[2].range.end.character, line6.length);
  });

  it('clears the diagnostic when the missing notes target is created on disk, and brings it back when it is deleted', async () => {
    const file = path.join(root, 'ch02/links.md');
    const target = path.join(root, 'ch02/notes', MISSING_NAME.normalize('NFD'));
    const missing = async () => summary(await linkProblems(server, file)).filter((d) => d.includes(MISSING_NAME));
    assert.equal((await missing()).length, 1);

    let mark = marks(server);
    fs.writeFileSync(target, '# 3장 정리\n\n- p.101 저장소와 검색\n');
    await watched(server, target, 1);
    await eventually(() => refreshedFor(server, mark, target), 10_000, 'workspace/diagnostic/refresh after the target was created');
    assert.deepEqual(await missing(), []);

    mark = marks(server);
    fs.rmSync(target);
    await watched(server, target, 3);
    await eventually(() => refreshedFor(server, mark, target), 10_000, 'workspace/diagnostic/refresh after the target was deleted');
    assert.equal((await missing()).length, 1);
  });

  it('reads the disk again on every pull: a deleted image is reported on the next pull', async () => {
    const note = path.join(root, 'ch01/지민.md');
    const image = path.join(root, 'ch01/images/그림 1.png');
    const saved = fs.readFileSync(image);
    fs.rmSync(image);
    try {
      await watched(server, image, 3);
      assert.ok(summary(await linkProblems(server, note)).includes('34:broken-link:Link target not found: images/그림 1.png'));
    } finally {
      fs.writeFileSync(image, saved);
    }
    assert.ok(!summary(await linkProblems(server, note)).some((d) => d.includes('그림 1.png')));
  });

  it('resolves seed 000’s table of contents, and reports seed 002’s Notion links whose files are not there', async () => {
    const seed000 = path.join(root, 'seed000.md');
    await server.open(seed000, readShared('seeds/000_a2fd999622add595.md'));
    assert.deepEqual(await linkProblems(server, seed000), []);
    const seed002 = path.join(root, 'seed002.md');
    await server.open(seed002, readShared('seeds/002_f9174dd6671af7b8.md'));
    const folder = 'notes/대규모 1~3장 a0f1103cc60c446dad23983674cb81e2';
    assert.deepEqual(summary(await linkProblems(server, seed002)), [
      `138:broken-link:Link target not found: ${folder}/Untitled.png`,
      `139:broken-link:Link target not found: ${folder}/Untitled 1.png`,
      `217:broken-link:Link target not found: ${folder}/2장 정리 3fb7f4af729d46c58dee1a130bb49d86.md`,
      `231:broken-link:Link target not found: ${folder}/3장 정리 시스템 설계 면접 공략법 afc16361baf74b00807dd42c96b658a5.md`,
    ]);
  });

  it('follows the settings: severity per kind, and off hides them', async () => {
    const file = path.join(root, 'ch02/links.md');
    try {
      server.settings = { diagnostics: { brokenLink: 'error', brokenAnchor: 'off' } };
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      const problems = await eventually(async () => {
        const found = await linkProblems(server, file);
        return found.every((d) => d.code === 'broken-link') ? found : undefined;
      }, 10_000, 'settings to apply');
      assert.ok(problems.length >= 4);
      assert.ok(problems.every((d) => d.severity === 1));

      server.settings = { diagnostics: { brokenLink: 'off', brokenAnchor: 'off' } };
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await eventually(async () => ((await linkProblems(server, file)).length === 0 ? true : undefined), 10_000, 'links off');
      // Only the link checks are off: the rest of the diagnostics still come.
      assert.ok((await pull(server, path.join(root, 'ch02/지민.md'))).some((d) => d.code === 'unanswered'));
    } finally {
      server.settings = {};
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    }
  });
});

describe('broken links in Korean', () => {
  let server: TestServer;
  let root: string;
  before(async () => {
    root = copyOfExamples('links');
    server = await startServer({ folders: [root], locale: 'ko' });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('says what is missing in Korean', async () => {
    assert.deepEqual(summary(await linkProblems(server, path.join(root, 'ch01/지민.md'))), ['40:broken-link:링크 대상이 없습니다: slides/1장-발표.pdf']);
    assert.deepEqual(summary(await linkProblems(server, path.join(root, 'README.md'))), ['15:broken-anchor:이 앵커와 맞는 제목이 없습니다: #5장']);
  });
});

// The checker itself, over the real file system with calls counted (no server needed to count):
// a note with hundreds of image links must list each folder once per check, not once per link.
describe('link checking cost', () => {
  it('lists each folder once per check, however many links point into it', async () => {
    const root = copyOfExamples('links');
    try {
      const lines = ['# 그림 모음'];
      for (let i = 0; i < 200; i++) lines.push(`- ![그림 ${i}](images/그림%20${i}.png) [다시](./images/../images/그림%201.png)`);
      const file = path.join(root, 'ch01/gallery.md');
      const index = new WorkspaceIndex();
      const indexed = index.set(URI.file(file).toString(), '1', parseNotes(lines.join('\n'), 'ch01/gallery.md'), false);
      const disk = new NodeFileSystem();
      const calls: string[] = [];
      const ctx: ServiceContext = {
        index,
        document: () => undefined,
        settings: async () => DEFAULT_SETTINGS,
        fs: {
          stat: (uri) => (calls.push(`stat ${uri}`), disk.stat(uri)),
          readDirectory: (uri) => (calls.push(`list ${uri}`), disk.readDirectory(uri)),
        },
        logger: { info: () => {}, warn: () => {}, error: () => {} },
        clientSnippets: false,
    locale: 'en',
      };
      const found = await linkDiagnostics(ctx, indexed, DEFAULT_SETTINGS);
      // 그림 1 exists; the other 199 do not.
      assert.equal(found.length, 199);
      assert.equal(new Set(calls).size, calls.length, calls.join('\n'));
      assert.deepEqual(calls.map((c) => c.split(' ')[0]), ['list', 'list']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
