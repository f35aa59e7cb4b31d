// The index cache on disk: what a warm start reads back, and that reading it lets requests in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { IndexCache, type CachedFile } from '../../server/src/node/indexCache.ts';
import { Slices } from '../../server/src/node/foreground.ts';
import { uriKey } from '../../server/src/service/workspaceIndex.ts';
import { SHARED_DIR } from '../support/shared.ts';

/** Cache entries for the corpus files of one study repository (more than one chunk of them). */
function corpusFiles(): CachedFile[] {
  const root = path.join(SHARED_DIR, 'corpus', 'doyoung0205__study-effective-java');
  const files = (fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.md')).sort();
  return files.map((file, i) => ({
    uri: `file:///notes/${encodeURIComponent(file)}`,
    version: `v${i}`,
    stamp: { mtimeMs: i, size: i * 10 },
    model: parseNotes(fs.readFileSync(path.join(root, file), 'utf8'), file),
  }));
}

describe('index cache', () => {
  it('reads back what it saved, a slice at a time with other work run in between', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-cache-'));
    try {
      const files = corpusFiles();
      assert.ok(files.length > 40, `${files.length} files: more than two chunks`);
      const cache = new IndexCache(directory, 'file:///notes', 'schema');
      cache.saveNow(files);

      // Requests that arrived are answered between slices: here, a callback queued before the read.
      let ranDuringRead = false;
      setImmediate(() => (ranDuringRead = true));
      const read = await cache.load(new Slices(0));
      assert.ok(ranDuringRead, 'the read gave the event loop a turn');

      assert.equal(read.size, files.length);
      for (const file of files) assert.deepEqual(read.get(uriKey(file.uri)), file);
      assert.equal((await new IndexCache(directory, 'file:///notes', 'another parser').load(new Slices(0))).size, 0, 'a cache of another parser is not read');
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
