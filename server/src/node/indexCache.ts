// The index persisted on disk between sessions, so a warm start skips unchanged files: models
// keyed by file content (a SHA-1), found without reading the file when its size and mtime
// are unchanged. Invalidated whole when the server bundle changes (the parser may have).
//
// Layout: a v8-serialized header, then chunks of files, each encoded by modelCodec (which reads
// back into compact objects) and prefixed with its byte length. Chunks let a save of a
// 10,000-note index run a slice at a time between requests (encoding it at once held the server
// for seconds).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { createHash } from 'node:crypto';
import type { NotesModel } from '../notes/model.ts';
import type { FileStamp } from './parseFile.ts';
import { uriKey } from '../service/workspaceIndex.ts';
import { decodeValues, ValueEncoder } from './modelCodec.ts';
import { AFTER_REQUESTS_MS, backgroundTurn, type Slices } from './foreground.ts';

export interface CachedFile {
  uri: string;
  version: string;
  stamp: FileStamp;
  model: NotesModel;
}

interface Header {
  format: typeof FORMAT;
  schema: string;
  chunks: number;
}

const FORMAT = 'marginalia-index-3';
/**
 * Files per chunk: ~3 ms of encoding on the bench machine, the longest a request waits for a
 * save. The encoder's tables of a chunk then die young: with 50 files they outlived a
 * scavenge, and a save of 10,000 notes left 70 MB of them in the old generation (20 files:
 * 21 MB). Strings are shared within a chunk only, so smaller chunks cost a little: 10,000
 * models take 236 MB of heap read from 20-file chunks, 226 MB from 50-file chunks.
 */
const CHUNK_FILES = 20;

/** Identifies the parser that wrote a cache: the hash of the running server bundle. */
export function parserSchema(bundle: string): string {
  try {
    return createHash('sha1').update(fs.readFileSync(bundle)).digest('hex');
  } catch {
    return 'unknown';
  }
}

/** Numbers temporary files: a save at shutdown may overlap one in progress. */
let writes = 0;

function lengthPrefixed(bytes: Uint8Array): Uint8Array[] {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return [length, bytes];
}

export class IndexCache {
  private readonly file: string | undefined;

  constructor(
    directory: string | undefined,
    folderUri: string,
    private readonly schema: string,
  ) {
    this.file = directory ? path.join(directory, `index-${createHash('sha1').update(folderUri).digest('hex').slice(0, 16)}.bin`) : undefined;
  }

  /**
   * Reads the cache a chunk at a time (a 10,000-note cache is ~170 MB: never held whole), giving
   * way to requests between `slices`: read at once, it held them up ~1.1 s at 10,000 notes.
   */
  async load(slices: Slices): Promise<Map<string, CachedFile>> {
    const byUri = new Map<string, CachedFile>();
    if (!this.file || !fs.existsSync(this.file)) return byUri;
    let input: number | undefined;
    try {
      input = fs.openSync(this.file, 'r');
      const fd = input;
      const size = fs.fstatSync(fd).size;
      const length = Buffer.alloc(4);
      // One buffer for every chunk (decoding copies out of it): 200 chunks allocated and freed in
      // turn left a warm-started process larger.
      let buffer = Buffer.alloc(0);
      let at = 0;
      const next = (): Buffer => {
        if (fs.readSync(fd, length, 0, 4, at) !== 4) throw new Error('truncated cache');
        // An older layout or a damaged file can claim any length: never allocate past the file.
        const bytes = length.readUInt32LE(0);
        if (bytes > size - at - 4) throw new Error('damaged cache');
        if (buffer.length < bytes) buffer = Buffer.allocUnsafe(Math.max(bytes, 2 * buffer.length));
        const chunk = buffer.subarray(0, bytes);
        if (fs.readSync(fd, chunk, 0, chunk.length, at + 4) !== chunk.length) throw new Error('truncated cache');
        at += 4 + chunk.length;
        return chunk;
      };
      const header = v8.deserialize(next()) as Header;
      if (header.format !== FORMAT || header.schema !== this.schema) return byUri;
      for (let chunk = 0; chunk < header.chunks; chunk++) {
        if (slices.due) await slices.next();
        for (const entry of decodeValues(next()) as CachedFile[]) byUri.set(uriKey(entry.uri), entry);
      }
    } catch {
      // A damaged or truncated cache is only a slower start.
      byUri.clear();
    } finally {
      if (input !== undefined) fs.closeSync(input);
    }
    return byUri;
  }

  /** Writes the files a chunk at a time, yielding to requests in between; replaces the old cache at the end. */
  async save(files: CachedFile[]): Promise<void> {
    const writer = this.writer(files);
    if (!writer) return;
    try {
      for (let chunk = 0; chunk < writer.chunks; chunk++) {
        await backgroundTurn(AFTER_REQUESTS_MS);
        writer.write(chunk);
      }
      writer.finish();
    } catch (error) {
      writer.abandon();
      throw error;
    }
  }

  /** The same at once, for shutdown. */
  saveNow(files: CachedFile[]): void {
    const writer = this.writer(files);
    if (!writer) return;
    try {
      for (let chunk = 0; chunk < writer.chunks; chunk++) writer.write(chunk);
      writer.finish();
    } catch (error) {
      writer.abandon();
      throw error;
    }
  }

  /** A temporary file beside the cache, renamed over it when finished (a crash never leaves half a cache). */
  private writer(files: CachedFile[]) {
    if (!this.file) return undefined;
    const file = this.file;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${++writes}.tmp`;
    const chunks = Math.ceil(files.length / CHUNK_FILES);
    const out = fs.openSync(temporary, 'w');
    let open = true;
    const close = () => {
      if (open) fs.closeSync(out);
      open = false;
    };
    try {
      fs.writevSync(out, lengthPrefixed(v8.serialize({ format: FORMAT, schema: this.schema, chunks } satisfies Header)));
    } catch (error) {
      close();
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    const encoder = new ValueEncoder();
    return {
      chunks,
      write: (chunk: number) => void fs.writevSync(out, lengthPrefixed(encoder.encode(files.slice(chunk * CHUNK_FILES, (chunk + 1) * CHUNK_FILES)))),
      finish: () => {
        close();
        fs.renameSync(temporary, file);
      },
      abandon: () => {
        close();
        fs.rmSync(temporary, { force: true });
      },
    };
  }
}
