// Where the shared fixtures live: `../shared` beside the project root (override: MARGINALIA_SHARED).
import * as path from 'node:path';
import * as fs from 'node:fs';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const SHARED_DIR = process.env.MARGINALIA_SHARED ?? path.resolve(PROJECT_ROOT, '..', 'shared');

export function sharedFile(relative: string): string {
  return path.join(SHARED_DIR, relative);
}

export function readShared(relative: string): string {
  return fs.readFileSync(sharedFile(relative), 'utf8');
}

/** Builds a document from lines (fixtures read like the notes they stand for). */
export function joinLines(...lines: string[]): string {
  return lines.join('\n');
}
