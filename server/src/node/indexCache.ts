// The index persisted on disk between sessions, so a warm start skips unchanged files: models
// keyed by file content (a SHA-1), found without reading the file when its size and mtime
// are unchanged. Invalidated whole when the server bundle changes (the parser may have).
//
// Layout: a v8-serialized header, then chunks of files, each encoded by modelCodec (which reads
// back into compact objects) and prefixed with its byte length. Chunks let a save of a
// 10,000-note index run a slice at a time between requests (encoding it at once held the server
// for seconds), and let a save copy the bytes of every chunk whose files are unchanged from the
// cache it replaces: one file changed on disk re-encodes its chunk, not the 10,000 notes.
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

/** Most bytes of unchanged chunks copied between two turns given to requests (~2-4 ms). */
const COPY_BYTES = 4 * 2 ** 20;

/** A file as a chunk holds it: the chunk's bytes may be copied while all of its files are still so. */
interface ChunkFile {
  uri: string;
  version: string;
  mtimeMs: number;
  size: number;
}

/** A chunk of the cache file: where it starts (its length prefix) and how many bytes it takes. */
interface ChunkPlace {
  offset: number;
  bytes: number;
  files: ChunkFile[];
}

/** Which file on disk a layout describes: another window's server may have replaced it since. */
interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** The cache file as this process last wrote or read it. */
interface Layout {
  file: FileIdentity;
  chunks: ChunkPlace[];
}

/** How a save wrote the cache: chunks copied from the one it replaced, chunks encoded anew. */
export interface SaveCounts {
  copied: number;
  encoded: number;
}

function identityOf(fd: number): FileIdentity {
  const { ino, size, mtimeMs } = fs.fstatSync(fd);
  return { ino, size, mtimeMs };
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
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
  /** What the cache file holds where, if this process wrote or read it last. */
  private layout: Layout | undefined;

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
    this.layout = undefined;
    if (!this.file || !fs.existsSync(this.file)) return byUri;
    let input: number | undefined;
    try {
      input = fs.openSync(this.file, 'r');
      const fd = input;
      const identity = identityOf(fd);
      const size = identity.size;
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
      const chunks: ChunkPlace[] = [];
      for (let chunk = 0; chunk < header.chunks; chunk++) {
        if (slices.due) await slices.next();
        const offset = at;
        const entries = decodeValues(next()) as CachedFile[];
        for (const entry of entries) byUri.set(uriKey(entry.uri), entry);
        chunks.push({ offset, bytes: at - offset, files: entries.map(chunkFile) });
      }
      this.layout = { file: identity, chunks };
    } catch {
      // A damaged or truncated cache is only a slower start.
      byUri.clear();
    } finally {
      if (input !== undefined) fs.closeSync(input);
    }
    return byUri;
  }

  /** Writes the files a step at a time, yielding to requests in between; replaces the old cache at the end. */
  async save(files: CachedFile[]): Promise<SaveCounts | undefined> {
    const writer = this.writer(files);
    if (!writer) return undefined;
    try {
      for (const step of writer.steps) {
        await backgroundTurn(AFTER_REQUESTS_MS);
        step();
      }
      return writer.finish();
    } catch (error) {
      writer.abandon();
      throw error;
    }
  }

  /** The same at once, for shutdown. */
  saveNow(files: CachedFile[]): SaveCounts | undefined {
    const writer = this.writer(files);
    if (!writer) return undefined;
    try {
      for (const step of writer.steps) step();
      return writer.finish();
    } catch (error) {
      writer.abandon();
      throw error;
    }
  }

  /**
   * A temporary file beside the cache, renamed over it when finished (a crash never leaves half a
   * cache). Its steps copy runs of unchanged chunks from the cache it replaces, then encode the
   * other files in new chunks.
   */
  private writer(files: CachedFile[]) {
    if (!this.file) return undefined;
    const file = this.file;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let previous = this.openPrevious(file);
    const { copy, encode } = planChunks(files, previous !== undefined ? this.layout!.chunks : []);
    const temporary = `${file}.${process.pid}.${++writes}.tmp`;
    let out: number | undefined;
    const close = () => {
      if (out !== undefined) fs.closeSync(out);
      if (previous !== undefined) fs.closeSync(previous);
      out = previous = undefined;
    };
    const places: ChunkPlace[] = [];
    let at = 0;
    const append = (parts: Uint8Array[]) => {
      const bytes = fs.writevSync(out!, parts);
      at += bytes;
      return bytes;
    };
    try {
      out = fs.openSync(temporary, 'w');
      append(lengthPrefixed(v8.serialize({ format: FORMAT, schema: this.schema, chunks: copy.length + encode.length } satisfies Header)));
    } catch (error) {
      close();
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    let buffer = Buffer.alloc(0);
    const copyRun = (run: ChunkPlace[]) => () => {
      const start = run[0]!.offset;
      const span = run[run.length - 1]!.offset + run[run.length - 1]!.bytes - start;
      if (buffer.length < span) buffer = Buffer.allocUnsafe(span);
      if (fs.readSync(previous!, buffer, 0, span, start) !== span) throw new Error('the previous cache is shorter than it was');
      for (const chunk of run) {
        // The prefix must say what was written: the file is replaced whole, never changed in place.
        if (buffer.readUInt32LE(chunk.offset - start) !== chunk.bytes - 4) throw new Error('the previous cache changed under us');
        places.push({ offset: at + chunk.offset - start, bytes: chunk.bytes, files: chunk.files });
      }
      append([buffer.subarray(0, span)]);
    };
    const encoder = new ValueEncoder();
    const encodeChunk = (chunk: CachedFile[]) => () => {
      const offset = at;
      const bytes = append(lengthPrefixed(encoder.encode(chunk)));
      places.push({ offset, bytes, files: chunk.map(chunkFile) });
    };
    return {
      steps: [...contiguousRuns(copy).map(copyRun), ...encode.map(encodeChunk)],
      finish: (): SaveCounts => {
        const identity = identityOf(out!);
        close();
        fs.renameSync(temporary, file);
        this.layout = { file: identity, chunks: places };
        return { copied: copy.length, encoded: encode.length };
      },
      abandon: () => {
        close();
        fs.rmSync(temporary, { force: true });
        this.layout = undefined;
      },
    };
  }

  /** The cache file this process last wrote or read, if it is still the one on disk. */
  private openPrevious(file: string): number | undefined {
    if (!this.layout) return undefined;
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, 'r');
      if (sameIdentity(identityOf(fd), this.layout.file)) return fd;
    } catch {
      // Gone: nothing to copy.
    }
    if (fd !== undefined) fs.closeSync(fd);
    this.layout = undefined;
    return undefined;
  }
}

function chunkFile(file: CachedFile): ChunkFile {
  return { uri: file.uri, version: file.version, mtimeMs: file.stamp.mtimeMs, size: file.stamp.size };
}

/**
 * Which chunks of the previous cache hold only files that are to be saved as they are (copied),
 * and the other files in new chunks (encoded). Only full chunks are copied, so a cache never
 * collects small chunks: the files of a partial one are encoded again with the changed files.
 */
function planChunks(files: CachedFile[], previous: ChunkPlace[]): { copy: ChunkPlace[]; encode: CachedFile[][] } {
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const copied = new Set<string>();
  const copy = previous.filter((chunk) => {
    const unchanged =
      chunk.files.length === CHUNK_FILES &&
      chunk.files.every((was) => {
        const now = byUri.get(was.uri);
        return now && !copied.has(was.uri) && now.version === was.version && now.stamp.mtimeMs === was.mtimeMs && now.stamp.size === was.size;
      });
    if (unchanged) for (const was of chunk.files) copied.add(was.uri);
    return unchanged;
  });
  const rest = copied.size ? files.filter((file) => !copied.has(file.uri)) : files;
  const encode: CachedFile[][] = [];
  for (let i = 0; i < rest.length; i += CHUNK_FILES) encode.push(rest.slice(i, i + CHUNK_FILES));
  return { copy, encode };
}

/** Chunks adjacent in the previous file, a run of at most COPY_BYTES (or one larger chunk) per read. */
function contiguousRuns(chunks: ChunkPlace[]): ChunkPlace[][] {
  const runs: ChunkPlace[][] = [];
  let run: ChunkPlace[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    const last = run[run.length - 1];
    if (last && (last.offset + last.bytes !== chunk.offset || bytes + chunk.bytes > COPY_BYTES)) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(chunk);
    bytes += chunk.bytes;
  }
  if (run.length) runs.push(run);
  return runs;
}
