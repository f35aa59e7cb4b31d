// Where the shared fixtures live: `../shared` beside the project root (override: MARGINALIA_SHARED).
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';

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

/** The lines of one large note of real notes: corpus files, one after another, to `minChars` or more. */
export function largeCorpusNote(minChars: number): string[] {
  const corpus = path.join(SHARED_DIR, 'corpus');
  const files = (fs.readdirSync(corpus, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.md')).sort();
  const lines: string[] = [];
  let chars = 0;
  for (const file of files) {
    const added = fs.readFileSync(path.join(corpus, file), 'utf8').split('\n');
    lines.push(...added);
    chars += added.reduce((sum, line) => sum + line.length + 1, 0);
    if (chars > minChars) break;
  }
  return lines;
}

/**
 * A fresh temporary copy of examples/ for a test that changes its workspace (the fixtures stay
 * read-only); file names are copied byte for byte, so NFD names stay NFD.
 */
export function copyOfExamples(label: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `marginalia-${label}-`));
  fs.cpSync(path.join(PROJECT_ROOT, 'examples'), root, { recursive: true });
  return root;
}
