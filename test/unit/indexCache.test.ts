// The index cache on disk: what a warm start reads back, and that reading it lets requests in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
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

/** A temporary cache directory for `run`, removed afterwards. */
async function inCacheDirectory(run: (directory: string) => Promise<void> | void): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-cache-'));
  try {
    await run(directory);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** What a fresh reader (a warm start) finds in the cache: exactly `files`. */
async function assertHolds(directory: string, files: CachedFile[]): Promise<void> {
  const read = await new IndexCache(directory, 'file:///notes', 'schema').load(new Slices(0));
  assert.equal(read.size, files.length);
  for (const file of files) assert.deepEqual(read.get(uriKey(file.uri)), file);
}

/** The file as it is after an edit on disk: a new version, stamp and model. */
function edited(file: CachedFile, model: CachedFile['model']): CachedFile {
  return { ...file, version: `${file.version}+`, stamp: { mtimeMs: file.stamp.mtimeMs + 1, size: file.stamp.size + 1 }, model };
}

const corpus = corpusFiles();
// 70 notes: three full chunks of 20 and one of 10.
const someFiles = corpus.slice(0, 70);

describe('index cache', () => {
  it('reads back what it saved, a slice at a time with other work run in between', async () => {
    await inCacheDirectory(async (directory) => {
      assert.ok(corpus.length > 40, `${corpus.length} files: more than two chunks`);
      const cache = new IndexCache(directory, 'file:///notes', 'schema');
      cache.saveNow(corpus);

      // Requests that arrived are answered between slices: here, a callback queued before the read.
      let ranDuringRead = false;
      setImmediate(() => (ranDuringRead = true));
      const read = await cache.load(new Slices(0));
      assert.ok(ranDuringRead, 'the read gave the event loop a turn');

      assert.equal(read.size, corpus.length);
      for (const file of corpus) assert.deepEqual(read.get(uriKey(file.uri)), file);
      assert.equal((await new IndexCache(directory, 'file:///notes', 'another parser').load(new Slices(0))).size, 0, 'a cache of another parser is not read');
    });
  });

  it('copies the chunks whose files are unchanged and encodes the others again', async () => {
    await inCacheDirectory(async (directory) => {
      const cache = new IndexCache(directory, 'file:///notes', 'schema');
      assert.deepEqual(cache.saveNow(someFiles), { copied: 0, encoded: 4 }, 'a first save encodes every file');
      const files = someFiles.map((file, i) => (i === 5 ? edited(file, someFiles[6]!.model) : file));
      // The edited file's chunk is encoded again, with the ten files of the last, partial chunk.
      assert.deepEqual(cache.saveNow(files), { copied: 2, encoded: 2 });
      await assertHolds(directory, files);
      assert.deepEqual(await cache.save(files), { copied: 3, encoded: 1 }, 'nothing changed: only the partial chunk is written anew');
      await assertHolds(directory, files);
    });
  });

  it('copies from the cache it read at a warm start', async () => {
    await inCacheDirectory(async (directory) => {
      new IndexCache(directory, 'file:///notes', 'schema').saveNow(someFiles);
      const warm = new IndexCache(directory, 'file:///notes', 'schema');
      await warm.load(new Slices(0));
      const files = someFiles.filter((_, i) => i !== 45);
      assert.deepEqual(warm.saveNow(files), { copied: 2, encoded: 2 }, 'the chunk that held the deleted file, and the partial one');
      await assertHolds(directory, files);
    });
  });

  it('encodes everything when another server replaced the cache since it last wrote it', async () => {
    await inCacheDirectory(async (directory) => {
      const mine = new IndexCache(directory, 'file:///notes', 'schema');
      mine.saveNow(someFiles);
      // Another window on the same folder, whose files differ: its chunks are elsewhere in the file.
      const theirs = someFiles.slice(3).map((file, i) => (i % 7 ? file : edited(file, someFiles[0]!.model)));
      new IndexCache(directory, 'file:///notes', 'schema').saveNow(theirs);
      const files = someFiles.map((file, i) => (i === 65 ? edited(file, someFiles[1]!.model) : file));
      assert.deepEqual(mine.saveNow(files), { copied: 0, encoded: 4 });
      await assertHolds(directory, files);
    });
  });

  it('holds exactly the saved files after any sequence of edits, deletions and new files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.tuple(fc.constantFrom('edit', 'delete', 'add'), fc.nat()), { maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        async (saves) => {
          await inCacheDirectory(async (directory) => {
            const cache = new IndexCache(directory, 'file:///notes', 'schema');
            let files = someFiles.slice(0, 50);
            let added = 0;
            cache.saveNow(files);
            for (const changes of saves) {
              for (const [change, n] of changes) {
                const at = n % Math.max(1, files.length);
                if (change === 'add') files = [...files, { ...someFiles[50 + (added % 20)]!, uri: `file:///notes/new-${added++}.md` }];
                else if (files.length === 0) continue;
                else if (change === 'delete') files = files.filter((_, i) => i !== at);
                else files = files.map((file, i) => (i === at ? edited(file, someFiles[n % someFiles.length]!.model) : file));
              }
              await cache.save(files);
              await assertHolds(directory, files);
            }
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
