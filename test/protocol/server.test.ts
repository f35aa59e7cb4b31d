// The language server over stdio on the example notes: lifecycle, index, views.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as v8 from 'node:v8';
import { eventually, startServer, type TestServer } from '../support/lspServer.ts';
import { copyOfExamples, PROJECT_ROOT, sharedFile } from '../support/shared.ts';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { serverNodeOptions } from '../../server/src/node/processOptions.ts';
import { ChapterTreeRequest, CountsRequest, IndexChangedNotification, PageIndexRequest, type ChapterItem } from '../../server/src/protocol.ts';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

describe('language server: index and views', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ folders: [EXAMPLES] });
  });
  after(() => server.stop());

  it('indexes every notes file of the workspace folder', async () => {
    const counts = await server.waitForIndex();
    assert.equal(counts.files, 7);
    assert.ok(counts.questions >= 29, JSON.stringify(counts));
    assert.equal(counts.unanswered, 11);
  });

  it('tells the views the moment the first indexing ends (not at the next throttled notice)', async () => {
    await server.waitForIndex();
    assert.ok(
      server.notifications.some((n) => n.method === IndexChangedNotification.method),
      'an index-changed notice came with the end of indexing',
    );
  });

  it('serves the chapter tree in book order, every member’s file merged under its chapter', async () => {
    await server.waitForIndex();
    const chapters = (await server.connection.sendRequest(ChapterTreeRequest.method, {})) as ChapterItem[];
    assert.deepEqual(chapters.map((c) => c.id).slice(0, 3), ['1', '2', '3-4']);
    const files = new Set(chapters[0].entries.map((e) => e.fileLabel));
    assert.ok(files.has('지민.md') && files.has('haruto.md'), [...files].join());
    const pages = chapters[0].entries.map((e) => e.firstPage);
    assert.deepEqual(pages, [...pages].sort((a, b) => a - b));
  });

  it('serves the page index and counts for one document', async () => {
    await server.waitForIndex();
    const pages = (await server.connection.sendRequest(PageIndexRequest.method, { near: 12 })) as PageIndexRequest.PageItem[];
    assert.equal(pages[0].page, 12);
    assert.ok(pages[0].entries.length >= 2);
    // Go to Page asks for the nearest few only: the same pages, in the same order.
    const nearest = (await server.connection.sendRequest(PageIndexRequest.method, { near: 12, limit: 5 })) as PageIndexRequest.PageItem[];
    assert.deepEqual(nearest, pages.slice(0, 5));
    const all = (await server.connection.sendRequest(PageIndexRequest.method, {})) as PageIndexRequest.PageItem[];
    assert.deepEqual(
      all.map((p) => p.page),
      [...pages.map((p) => p.page)].sort((a, b) => a - b),
    );
    const counts = (await server.connection.sendRequest(CountsRequest.method, { uri: server.uri(path.join(EXAMPLES, 'ch02/지민.md')) })) as CountsRequest.Result;
    assert.deepEqual(counts.document, { entries: counts.document!.entries, questions: 8, unanswered: 2 });
  });
});

describe('language server: settings per workspace folder', () => {
  it('asks once per folder (the innermost holding the file), not once per document opened', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-scopes-'));
    const outer = path.join(root, 'book');
    const inner = path.join(outer, 'ch02');
    const elsewhere = path.join(root, 'elsewhere');
    for (const dir of [inner, elsewhere]) fs.mkdirSync(dir, { recursive: true });
    const notes = '# 2장\n\n- p.45 캐시는 언제 비우나요? @지민\n';
    const files = [path.join(outer, 'a.md'), path.join(outer, 'b.md'), path.join(inner, 'c.md'), path.join(inner, 'd.md'), path.join(elsewhere, 'e.md')];
    for (const file of files) fs.writeFileSync(file, notes);
    const server = await startServer({ folders: [outer, inner] });
    try {
      await server.waitForIndex();
      for (const file of files) {
        await server.open(file, notes);
        await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: server.uri(file) } });
      }
      const asked = server.configurationScopes.filter((scope) => scope !== undefined);
      assert.deepEqual([...new Set(asked)].sort(), [server.uri(elsewhere + '/e.md'), server.uri(inner), server.uri(outer)].sort());
      assert.equal(asked.filter((scope) => scope === server.uri(inner)).length, 1, asked.join('\n'));
      assert.equal(asked.filter((scope) => scope === server.uri(outer)).length, 1, asked.join('\n'));
    } finally {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('language server: keeping the index current', () => {
  let server: TestServer;
  let workspace: string;
  let storage: string;
  before(async () => {
    workspace = copyOfExamples('index');
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-storage-'));
    server = await startServer({ folders: [workspace], storagePath: storage });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const counts = async () => (await server.connection.sendRequest(CountsRequest.method, {})) as CountsRequest.Result;
  const changed = (file: string, type: 1 | 2 | 3) =>
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(file), type }] });

  it('reports indexing progress with work-done progress', () => {
    const kinds = server.notifications.filter((n) => n.method === '$/progress').map((n) => (n.params as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
  });

  it('follows files created, changed and deleted on disk (watcher events), one file at a time', async () => {
    const before = await counts();
    const file = path.join(workspace, 'ch01', '새멤버.md');
    fs.writeFileSync(file, '# 1장\n\n## 질문\n\n- p.12 캐시는 언제 비우나요?\n');
    await changed(file, 1);
    await eventually(async () => ((await counts()).unanswered === before.unanswered + 1 ? true : undefined), 10_000, 'created file indexed');
    fs.writeFileSync(file, '# 1장\n\n## 질문\n\n- p.12 캐시는 언제 비우나요?\n  - 만료 시간이 지나면요.\n');
    await changed(file, 2);
    await eventually(async () => ((await counts()).unanswered === before.unanswered ? true : undefined), 10_000, 'changed file re-read');
    fs.rmSync(file);
    await changed(file, 3);
    await eventually(async () => ((await counts()).files === before.files ? true : undefined), 10_000, 'deleted file dropped');
    await eventually(() => (server.notifications.some((n) => n.method === IndexChangedNotification.method) ? true : undefined), 5_000, 'views told the index changed');
  });

  it('reads the notes of a new folder when the watcher reports only the folder (Linux, `mkdir -p`, `git pull`)', async () => {
    const before = await counts();
    const folder = path.join(workspace, 'ch09');
    fs.mkdirSync(path.join(folder, '정리', 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(folder, '민수.md'), '# 9장\n\n- p.201 질문: 복제 지연은 얼마나 되나요?\n');
    fs.writeFileSync(path.join(folder, '정리', '하루토.md'), '# 9장\n\n> 일관성 보장 p.203\n');
    fs.writeFileSync(path.join(folder, '정리', 'node_modules', 'readme.md'), '# 9장\n\n- p.1 질문: 이건 읽으면 안 되죠?\n');
    fs.writeFileSync(path.join(folder, 'data.csv'), 'page,count\n');
    await changed(folder, 1);
    await eventually(async () => ((await counts()).files === before.files + 2 ? true : undefined), 10_000, 'the two notes of the new folder indexed');
    const after = await counts();
    assert.equal(after.unanswered, before.unanswered + 1, 'the question of ch09/민수.md, not the one under node_modules');
    const chapters = (await server.connection.sendRequest(ChapterTreeRequest.method, {})) as ChapterItem[];
    const nine = chapters.find((c) => c.id === '9');
    assert.deepEqual(nine?.entries.map((e) => e.pageLabel), ['p.201', 'p.203'], 'chapter 9 from both new files, in page order');
  });

  it('refreshes link diagnostics, not the views, when a file that is not notes is created; looks at nothing in node_modules', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500)); // the last test's notices go out
    const mark = { notifications: server.notifications.length, refreshes: server.refreshes };
    const file = path.join(workspace, 'ch09', 'slides.pdf');
    fs.writeFileSync(file, '%PDF-1.4\n');
    await changed(file, 1);
    await eventually(() => (server.refreshes > mark.refreshes ? true : undefined), 5_000, 'workspace/diagnostic/refresh');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const told = server.notifications.slice(mark.notifications).filter((n) => n.method === IndexChangedNotification.method);
    assert.deepEqual(told.map((n) => n.params), [], 'no index change for a PDF');

    // What `npm install` writes by the thousand is not looked at.
    const refreshes = server.refreshes;
    const files = (await counts()).files;
    const installed = path.join(workspace, 'node_modules', 'markdown-it');
    fs.mkdirSync(installed, { recursive: true });
    fs.writeFileSync(path.join(installed, 'README.md'), '# 9장\n\n- p.1 질문: 읽으면 안 되죠?\n');
    await changed(path.join(workspace, 'node_modules'), 1);
    await changed(path.join(installed, 'index.js'), 1);
    await changed(path.join(installed, 'README.md'), 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(server.refreshes, refreshes, 'no diagnostics refresh');
    assert.equal((await counts()).files, files, 'no notes read from node_modules');
    fs.rmSync(path.join(workspace, 'node_modules'), { recursive: true });
  });

  it('keeps what is on disk when a document is closed with an edit not yet parsed (closed without saving)', async () => {
    const before = await counts();
    const file = path.join(workspace, 'ch01', fs.readdirSync(path.join(workspace, 'ch01')).find((f) => f.endsWith('.md'))!);
    const text = fs.readFileSync(file, 'utf8');
    await server.open(file, text);
    await server.change(file, `${text}\n- p.9 질문: 저장하지 않은 질문인가요?\n`, 2);
    await server.close(file); // within the edit debounce
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(await counts(), before);
  });

  it('drops every file of a deleted folder', async () => {
    const before = await counts();
    const folder = path.join(workspace, 'week03(ch03~04)');
    fs.rmSync(folder, { recursive: true });
    await changed(folder, 3);
    await eventually(async () => ((await counts()).files === before.files - 1 ? true : undefined), 10_000, 'folder dropped');
  });

  it('starts warm from its on-disk cache without parsing unchanged files', async () => {
    await server.stop();
    server = await startServer({ folders: [workspace], storagePath: storage });
    await server.waitForIndex();
    const line = server.logs.find((l) => l.startsWith('Indexed '));
    assert.match(line ?? '', /\(0 parsed, \d+ from cache/, server.logs.join('\n'));
  });

  it('starts warm without parsing the documents that were open when the editor quit', async () => {
    const files = (await counts()).files;
    const open = path.join(workspace, 'ch02', '지민.md');
    await server.open(open, fs.readFileSync(open, 'utf8'));
    await server.change(open, fs.readFileSync(open, 'utf8') + '\n- p.77 저장하지 않은 메모\n', 2); // unsaved
    await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: server.uri(open) } });
    // Another file changes on disk meanwhile: the cache is written again while the document is open.
    const other = path.join(workspace, 'ch01', '지민.md');
    fs.appendFileSync(other, '\n- p.78 디스크에서 바뀐 메모\n');
    await changed(other, 2);
    await eventually(async () => {
      const pages = (await server.connection.sendRequest(PageIndexRequest.method, { near: 78, limit: 1 })) as PageIndexRequest.PageItem[];
      return pages[0]?.page === 78 ? true : undefined;
    }, 10_000, 'the change on disk read');
    await server.stop(); // saves the cache on shutdown, with the open document as it is on disk
    server = await startServer({ folders: [workspace], storagePath: storage });
    await server.waitForIndex();
    assert.match(server.logs.find((l) => l.startsWith('Indexed ')) ?? '', new RegExp(`\\(0 parsed, ${files} from cache`), server.logs.join('\n'));
    const pages = (await server.connection.sendRequest(PageIndexRequest.method, { near: 77, limit: 1 })) as PageIndexRequest.PageItem[];
    assert.notEqual(pages[0]?.page, 77, 'the unsaved edit is not in the cache');
  });

  const cacheFiles = () => fs.readdirSync(storage).filter((name) => name.endsWith('.bin')).map((name) => path.join(storage, name));

  it('leaves the cache untouched when a warm start changed nothing', async () => {
    const [cache] = cacheFiles();
    assert.ok(cache, 'a cache file was written');
    const written = fs.statSync(cache).mtimeMs;
    await server.stop();
    server = await startServer({ folders: [workspace], storagePath: storage });
    await server.waitForIndex();
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // past the save delay after indexing
    await server.stop();
    assert.equal(fs.statSync(cache).mtimeMs, written);
  });

  it('rewrites the cache for a file changed on disk, not for a document opened and closed unchanged', async () => {
    const [cache] = cacheFiles();
    const file = path.join(workspace, 'ch01', fs.readdirSync(path.join(workspace, 'ch01')).find((f) => f.endsWith('.md'))!);
    const restart = async () => {
      server = await startServer({ folders: [workspace], storagePath: storage });
      await server.waitForIndex();
    };
    // Changes of a file's model reach the views.
    const indexChanges = () => server.notifications.filter((n) => n.method === IndexChangedNotification.method).length;
    const handled = async (step: () => Promise<void>, what: string) => {
      const seen = indexChanges();
      await step();
      await eventually(() => (indexChanges() > seen ? true : undefined), 10_000, what);
    };
    const written = fs.statSync(cache).mtimeMs;
    await restart();
    const before = await counts();
    // Opened and closed as it is on disk: the model read from disk serves it, unparsed, and
    // nothing changes for the views.
    const seen = indexChanges();
    await server.open(file, fs.readFileSync(file, 'utf8'));
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: server.uri(file) } })) as unknown[];
    assert.ok(symbols.length > 0, 'the outline comes from the model read from disk');
    await server.close(file);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // past the section-cache fill and the views' debounce
    assert.deepEqual(await counts(), before);
    assert.equal(indexChanges(), seen, 'no index change');
    await server.stop(); // a pending save is written on shutdown
    assert.equal(fs.statSync(cache).mtimeMs, written, 'no save for a document closed unchanged');

    await restart();
    const text = fs.readFileSync(file, 'utf8');
    await server.open(file, text);
    fs.writeFileSync(file, `${text}\n- p.7 닫기 전에 디스크에서 바뀐 메모\n`);
    await handled(() => server.close(file), 'closed and read again');
    await server.stop();
    assert.notEqual(fs.statSync(cache).mtimeMs, written, 'the changed file was saved');
    await restart();
    assert.match(server.logs.find((l) => l.startsWith('Indexed ')) ?? '', /\(0 parsed, \d+ from cache/, 'and the cache holds it');
    await server.stop();
  });

  it('takes a cache in an older layout for no cache', async () => {
    const [cache] = cacheFiles();
    await server.stop();
    fs.writeFileSync(cache, v8.serialize({ schema: 'an older server', files: [] }));
    server = await startServer({ folders: [workspace], storagePath: storage });
    await server.waitForIndex();
    assert.match(server.logs.find((l) => l.startsWith('Indexed ')) ?? '', /\(\d+ parsed, 0 from cache/, server.logs.join('\n'));
    await server.stop();
  });

  it('reads every file again when the cache is cut short, and writes a whole one', async () => {
    const [cache] = cacheFiles();
    const whole = fs.readFileSync(cache);
    fs.writeFileSync(cache, whole.subarray(0, Math.floor(whole.length / 2)));
    server = await startServer({ folders: [workspace], storagePath: storage });
    await server.waitForIndex();
    const line = server.logs.find((l) => l.startsWith('Indexed '));
    assert.match(line ?? '', /\((\d+) parsed, 0 from cache/, server.logs.join('\n'));
    const files = (await counts()).files;
    await server.stop();
    server = await startServer({ folders: [workspace], storagePath: storage });
    await server.waitForIndex();
    assert.match(server.logs.find((l) => l.startsWith('Indexed ')) ?? '', new RegExp(`\\(0 parsed, ${files} from cache`));
  });
});

describe('language server: many files at once (a folder unzipped, a branch checked out)', () => {
  // A real study repository arriving in one go: 326 notes files.
  const REPOSITORY = 'Vancouver-KDD__book-study';
  let server: TestServer;
  let workspace: string;
  before(async () => {
    workspace = copyOfExamples('bulk');
    server = await startServer({ folders: [workspace] });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const counts = async () => (await server.connection.sendRequest(CountsRequest.method, {})) as CountsRequest.Result;
  const notesUnder = (dir: string) => (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => /\.(md|markdown)$/i.test(f)).map((f) => path.join(dir, f));
  /** What the notes model makes of the files, summed as the server's counts are. */
  const totalsOf = (files: string[]) => {
    const totals = { entries: 0, questions: 0, unanswered: 0 };
    for (const file of files) {
      const model = parseNotes(fs.readFileSync(file, 'utf8'), path.relative(workspace, file).split(path.sep).join('/'));
      totals.entries += model.entries.length;
      totals.questions += model.questions.length;
      totals.unanswered += model.questions.filter((q) => !q.answered).length;
    }
    return totals;
  };

  it('answers requests while the files of a new folder are read, says it is indexing, and reads them all', async () => {
    const before = await counts();
    const progressBefore = server.notifications.filter((n) => n.method === '$/progress').length;
    const folder = path.join(workspace, REPOSITORY);
    fs.cpSync(sharedFile(path.join('corpus', REPOSITORY)), folder, { recursive: true });
    const files = notesUnder(folder);
    assert.ok(files.length > 300, `${files.length} notes files`);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(folder), type: 1 }] });
    // Answered while the files are read, saying so (the server used to read them all before
    // answering anything).
    const meanwhile = await eventually(async () => {
      const now = await counts();
      return now.indexing ? now : undefined;
    }, 10_000, 'counts saying indexing');
    assert.ok(meanwhile.files < before.files + files.length, `answered before all ${files.length} files were read (${meanwhile.files - before.files} read)`);

    const after = await eventually(async () => {
      const now = await counts();
      return !now.indexing && now.files === before.files + files.length ? now : undefined;
    }, 60_000, 'every file of the new folder indexed');
    const added = totalsOf(files);
    assert.deepEqual(
      { entries: after.entries, questions: after.questions, unanswered: after.unanswered },
      { entries: before.entries + added.entries, questions: before.questions + added.questions, unanswered: before.unanswered + added.unanswered },
    );
    const kinds = server.notifications.slice(progressBefore).filter((n) => n.method === '$/progress').map((n) => (n.params as { value: { kind: string } }).value.kind);
    assert.deepEqual([kinds[0], kinds[kinds.length - 1]], ['begin', 'end'], 'work-done progress while reading them');
    // Views were told when the reading ended, not at the next throttled notice (2 s while indexing).
    const told = server.notifications.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.deepEqual(server.notifications.slice(told).filter((n) => n.method === IndexChangedNotification.method), [], 'no notice left pending');
  });

  it('keeps the editor’s text of a file opened while the workers read it from disk', async () => {
    const folder = path.join(workspace, 'second-copy');
    fs.cpSync(sharedFile(path.join('corpus', 'doyoung0205__study-effective-java')), folder, { recursive: true });
    const file = notesUnder(folder).sort((a, b) => fs.statSync(a).size - fs.statSync(b).size)[0];
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(folder), type: 1 }] });
    await eventually(async () => ((await counts()).indexing ? true : undefined), 10_000, 'the workers reading the folder');
    // Opened with an edit not saved, after the file went to a worker, before its result is back
    // (the smallest files go last).
    await server.open(file, '# 99장\n\n- p.42 열려 있는 편집기에만 있는 글 @지민\n');
    await eventually(async () => ((await counts()).indexing ? undefined : true), 60_000, 'the folder read');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Asked without touching the document (a request on it would bring its model up to date).
    const symbols = (await server.connection.sendRequest('workspace/symbol', { query: '편집기에만 있는 글' })) as Array<{ location: { uri: string } }>;
    assert.deepEqual(symbols.map((s) => s.location.uri), [server.uri(file)], 'the open document’s text, not what the worker read from disk');
    await server.close(file);
    await eventually(async () => {
      const after = (await server.connection.sendRequest('workspace/symbol', { query: '편집기에만 있는 글' })) as unknown[];
      return after.length === 0 ? true : undefined;
    }, 10_000, 'closed without saving: back to the disk');
    fs.rmSync(folder, { recursive: true });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(folder), type: 3 }] });
  });

  it('reads every file a checkout changed, answering meanwhile', async () => {
    const folder = path.join(workspace, REPOSITORY);
    const files = notesUnder(folder);
    const others = totalsOf(notesUnder(workspace).filter((file) => !file.startsWith(folder + path.sep)));
    for (const file of files) fs.appendFileSync(file, '\n\n# 체크아웃\n\n- p.999 질문: 브랜치를 바꾼 뒤에도 보이나요?\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((file) => ({ uri: server.uri(file), type: 2 })) });
    await eventually(async () => ((await counts()).indexing ? true : undefined), 10_000, 'answered while the changed files are read');

    const changedTotals = totalsOf(files);
    const expected = { entries: others.entries + changedTotals.entries, questions: others.questions + changedTotals.questions, unanswered: others.unanswered + changedTotals.unanswered };
    await eventually(async () => {
      const now = await counts();
      return !now.indexing && now.entries === expected.entries && now.questions === expected.questions && now.unanswered === expected.unanswered ? now : undefined;
    }, 60_000, `totals of the checked-out files ${JSON.stringify(expected)}`);
    const pages = (await server.connection.sendRequest(PageIndexRequest.method, { near: 999, limit: 1 })) as PageIndexRequest.PageItem[];
    assert.equal(pages[0]?.page, 999);
    assert.ok(pages[0].entries.length >= files.length * 0.9, `p.999 in ${pages[0].entries.length} of ${files.length} files`);
  });
});

describe('language server: saving the index cache', () => {
  it('saves soon after indexing, even while the user keeps opening and closing files', async () => {
    const workspace = copyOfExamples('save');
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-storage-'));
    const server = await startServer({ folders: [workspace], storagePath: storage });
    try {
      await server.waitForIndex();
      const file = path.join(workspace, 'ch02/지민.md');
      const text = fs.readFileSync(file, 'utf8');
      const saved = () => fs.readdirSync(storage).some((name) => name.endsWith('.bin'));
      // Each close schedules a save 5 s on: none may push back the one due after indexing
      // (which waits for requests to pause 2 s: opening and closing files sends none).
      for (let i = 0; i < 20 && !saved(); i++) {
        await server.open(file, text);
        await server.close(file);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      assert.ok(saved(), 'the cache was written within 6 s of indexing');
    } finally {
      await server.stop();
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('after a file changes on disk, copies the unchanged chunks, and a warm start reads it all back', async () => {
    const workspace = copyOfExamples('save-copy');
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-storage-'));
    // 60 more notes: the cache holds several chunks of 20 files.
    for (let i = 0; i < 60; i++) {
      fs.mkdirSync(path.join(workspace, 'ch03'), { recursive: true });
      fs.writeFileSync(path.join(workspace, 'ch03', `멤버${i}.md`), `# 3장\n\n- p.${30 + i} 캐시 메모 ${i}\n- p.${31 + i} 질문: 만료는 언제인가요?\n`);
    }
    const savedLine = /^Saved the index cache of (\d+) files in \d+ ms \(chunks encoded: (\d+), copied unchanged: (\d+)\)$/;
    const saves = (server: TestServer) => server.logs.filter((l) => savedLine.test(l)).map((l) => savedLine.exec(l)!.slice(1).map(Number));
    let server = await startServer({ folders: [workspace], storagePath: storage });
    try {
      const indexed = await server.waitForIndex();
      const [first] = await eventually(() => (saves(server).length ? saves(server) : undefined), 10_000, 'the save after indexing');
      assert.deepEqual(first, [indexed.files, Math.ceil(indexed.files / 20), 0], 'a first save encodes every file');

      const file = path.join(workspace, 'ch03', '멤버7.md');
      fs.appendFileSync(file, '- p.99 질문: 새로 쓴 질문은 남나요?\n');
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(file), type: 2 }] });
      const [, second] = await eventually(() => (saves(server).length > 1 ? saves(server) : undefined), 15_000, 'the save after the change');
      const [files, encoded, copied] = second!;
      assert.equal(files, indexed.files);
      assert.ok(copied >= 1 && encoded <= 2, `one chunk and the partial one encoded, the others copied: ${second}`);
      const after = await server.waitForIndex();
      await server.stop();

      server = await startServer({ folders: [workspace], storagePath: storage });
      const warm = await server.waitForIndex();
      assert.deepEqual({ ...warm, indexing: false }, { ...after, indexing: false }, 'the warm start finds the changed file and every other');
      assert.ok(server.logs.some((l) => new RegExp(`\\(0 parsed, ${indexed.files} from cache\\)`).test(l)), server.logs.join('\n'));
    } finally {
      await server.stop();
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });
});

describe('language server: garbage collected when quiet', () => {
  const launches: Array<[string, string[]]> = [
    ['with the client’s Node options', serverNodeOptions()],
    ['with plain node, as other editors start the bin (gc exposed at run time)', []],
  ];
  for (const [how, nodeOptions] of launches) {
    it(`collects after indexing, and once edits have been quiet, started ${how}`, async () => {
      const server = await startServer({ folders: [EXAMPLES], nodeOptions });
      try {
        await server.waitForIndex();
        // Indexing leaves the garbage of building the index: collected at the first pause.
        await eventually(() => server.logs.find((l) => /^Collected garbage after indexing: heap \d+ -> \d+ MB/.test(l)), 5_000, 'a collection after indexing');
        const file = path.join(EXAMPLES, 'ch02/지민.md');
        const text = fs.readFileSync(file, 'utf8');
        await server.open(file, text);
        for (let version = 2; version <= 6; version++) await server.change(file, `${text}\n- p.${version} 메모 ${version}\n`, version);
        const collected = /^Collected garbage while idle: heap (\d+) -> (\d+) MB in \d+ ms$/;
        const line = await eventually(() => server.logs.find((l) => collected.test(l)), 10_000, 'a collection once quiet');
        const [, before, after] = collected.exec(line)!;
        assert.ok(Number(after) <= Number(before), line);
      } finally {
        await server.stop();
      }
    });
  }
});
