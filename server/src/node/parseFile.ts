// One notes file from disk to model, as the indexer needs it (shared by worker and main thread).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { parseNotes, type SectionCache } from '../notes/parse.ts';
import type { NotesModel } from '../notes/model.ts';
import { readNotesFile } from './readNotesFile.ts';

export interface ParseJob {
  file: string;
  uri: string;
  /** Path the model sees (relative to its workspace folder). */
  notesPath: string;
}

export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export type ParseResult =
  | { uri: string; ok: true; version: string; stamp: FileStamp; model: NotesModel; note?: string }
  | { uri: string; ok: false; error: string };

export function contentVersion(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/**
 * `known`: a model already read for some version of the file, used when the text is that version.
 * `cache`: section analyses to reuse (the editor's, for a document just saved and closed).
 */
export function parseFileForIndex(job: ParseJob, known?: { version: string; model: NotesModel }, cache?: SectionCache): ParseResult {
  let stamp: FileStamp;
  try {
    const stat = fs.statSync(job.file);
    stamp = { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return { uri: job.uri, ok: false, error: 'no such file or directory' };
  }
  const read = readNotesFile(job.file);
  if (!read.ok) return { uri: job.uri, ok: false, error: read.error };
  try {
    const version = contentVersion(read.text);
    const model = known?.version === version ? known.model : parseNotes(read.text, job.notesPath, { cache });
    return { uri: job.uri, ok: true, version, stamp, model, ...(read.note ? { note: read.note } : {}) };
  } catch (error) {
    return { uri: job.uri, ok: false, error: `could not be read as notes: ${error instanceof Error ? error.message : String(error)}` };
  }
}
