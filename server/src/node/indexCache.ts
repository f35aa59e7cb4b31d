// The index persisted on disk between sessions, so a warm start skips unchanged files: models
// keyed by file content (a SHA-1), found without reading the file when its size and mtime
// are unchanged. Invalidated whole when the server bundle changes (the parser may have).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { createHash } from 'node:crypto';
import type { NotesModel } from '../notes/model.ts';
import type { FileStamp } from './parseFile.ts';
import { uriKey } from '../service/workspaceIndex.ts';

export interface CachedFile {
  uri: string;
  version: string;
  stamp: FileStamp;
  model: NotesModel;
}

interface CacheFile {
  schema: string;
  files: CachedFile[];
}

/** Identifies the parser that wrote a cache: the hash of the running server bundle. */
export function parserSchema(bundle: string): string {
  try {
    return createHash('sha1').update(fs.readFileSync(bundle)).digest('hex');
  } catch {
    return 'unknown';
  }
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

  load(): Map<string, CachedFile> {
    const byUri = new Map<string, CachedFile>();
    if (!this.file || !fs.existsSync(this.file)) return byUri;
    try {
      const data = v8.deserialize(fs.readFileSync(this.file)) as CacheFile;
      if (data.schema !== this.schema) return byUri;
      for (const entry of data.files) byUri.set(uriKey(entry.uri), entry);
    } catch {
      // A damaged cache is only a slower start.
    }
    return byUri;
  }

  save(files: CachedFile[]): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, v8.serialize({ schema: this.schema, files } satisfies CacheFile));
    fs.renameSync(temporary, this.file);
  }
}
