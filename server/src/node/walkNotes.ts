// Finds notes files under the given paths: `**/*.md`, `**/*.markdown`, never inside
// node_modules, .git and the like; follows no directory symlink twice (loops end).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from './readNotesFile.ts';

export const NOTES_EXTENSIONS = /\.(?:md|markdown)$/i;
export const ALWAYS_EXCLUDED = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', '.cache', 'dist', 'out']);

export interface WalkResult {
  files: string[];
  errors: Array<{ path: string; error: string }>;
}

/**
 * `accept` filters files by their path relative to the input they were found under
 * (`/`-separated), e.g. the include/exclude settings.
 */
export function walkNotes(inputs: string[], accept: (relativePath: string) => boolean = () => true): WalkResult {
  const files: string[] = [];
  const errors: WalkResult['errors'] = [];
  const seenDirs = new Set<string>();

  let root = '';
  const accepted = (file: string) => accept(path.relative(root, file).split(path.sep).join('/'));

  function visitDir(dir: string): void {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (error) {
      errors.push({ path: dir, error: describeFsError(error) });
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push({ path: dir, error: describeFsError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!ALWAYS_EXCLUDED.has(entry.name)) visitDir(full);
      } else if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(full);
          if (stat.isDirectory()) {
            if (!ALWAYS_EXCLUDED.has(entry.name)) visitDir(full);
          } else if (NOTES_EXTENSIONS.test(entry.name) && accepted(full)) files.push(full);
        } catch (error) {
          if (NOTES_EXTENSIONS.test(entry.name)) errors.push({ path: full, error: describeFsError(error) });
        }
      } else if (NOTES_EXTENSIONS.test(entry.name) && accepted(full)) {
        files.push(full);
      }
    }
  }

  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (error) {
      errors.push({ path: input, error: describeFsError(error) });
      continue;
    }
    root = input;
    if (stat.isDirectory()) visitDir(input);
    else files.push(input);
  }
  return { files, errors };
}
