// The language server over stdio on the example notes: lifecycle, index, views.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startServer, type TestServer } from '../support/lspServer.ts';
import { PROJECT_ROOT } from '../support/shared.ts';
import { ChapterTreeRequest, CountsRequest, PageIndexRequest, type ChapterItem } from '../../server/src/protocol.ts';

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
    const pages = (await server.connection.sendRequest(PageIndexRequest.method, { near: 12 })) as Array<{ page: number; entries: unknown[] }>;
    assert.equal(pages[0].page, 12);
    assert.ok(pages[0].entries.length >= 2);
    const counts = (await server.connection.sendRequest(CountsRequest.method, { uri: server.uri(path.join(EXAMPLES, 'ch02/지민.md')) })) as CountsRequest.Result;
    assert.deepEqual(counts.document, { entries: counts.document!.entries, questions: 8, unanswered: 2 });
  });
});
