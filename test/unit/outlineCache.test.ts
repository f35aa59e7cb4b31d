// The outline of a model is made once per document and kept with the model. A note closed
// unchanged keeps its model in the index, so what the kept outline holds stays as long: never
// the closed document's text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { WorkspaceIndex } from '../../server/src/service/workspaceIndex.ts';
import { documentSymbols } from '../../server/src/service/symbols.ts';
import { fullCollection } from '../../server/src/node/runtimeOptions.ts';
import { serviceContext } from '../support/serviceContext.ts';

const URI = 'file:///notes/3장/지민.md';
const NOTES = ['# 3장 캐시', '', '- p.45 캐시 만료는 언제 하나요? @지민', '', '## 정리', '', '- p.46 쓰기 지연과 캐시', '', ''].join('\n');

describe('outline cache', () => {
  it('answers a repeated request from the cache, and a closed document is not kept alive by it', async () => {
    const index = new WorkspaceIndex();
    index.set(URI, '1', parseNotes(NOTES, '3장/지민.md'), false);
    let document: TextDocument | undefined = TextDocument.create(URI, 'markdown', 1, NOTES);
    const closed = new WeakRef(document);
    const ctx = serviceContext(index, () => document);

    const first = documentSymbols(ctx, URI);
    assert.ok(first.length > 0);
    assert.equal(documentSymbols(ctx, URI), first, 'a repeated request is a lookup');

    // Closed: the editor and the server's document list let go of it; the model stays indexed.
    document = undefined;
    await new Promise((resolve) => setTimeout(resolve, 0)); // a WeakRef holds its target until the job ends
    fullCollection()();
    assert.equal(closed.deref(), undefined, 'the outline cache kept the closed document alive');

    // Without the document the outline is made again (section ends come from its text when open).
    const again = documentSymbols(ctx, URI);
    assert.notEqual(again, first);
    assert.equal(documentSymbols(ctx, URI), again);
  });
});
