// What the parser alone costs on a workspace, to read the cold-start figures against: remark
// building its tree and micromark's events alone over every section (what the notes model would
// parse without its shortcuts), the whole notes model on one thread, and the notes model split
// over two processes at once (how far two cores carry this work).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fork } from 'node:child_process';
import { parseNotes, sectionBodies } from '../server/src/notes/parse.ts';
import { markdownEvents } from '../server/src/notes/markdown.ts';
import { parseMarkdown } from '../test/support/mdastSection.ts';

export interface ParserFloor {
  files: number;
  sections: number;
  characters: number;
  /** remark (unified + remark-parse: micromark and the mdast tree) over every section the model
   * reads (reduced-mode ones left out), one thread, best of two passes. */
  remarkMs: number;
  /** micromark's events alone over the same sections (what the model reads where it parses), likewise. */
  eventsMs: number;
  /** The notes model (remark + analysis) over every file, one thread, best of two passes. */
  modelMs: number;
  /** The notes model, half the files in each of two fresh processes running at once (the slower;
   * one pass, so the JIT warms up on the way as in a cold start). */
  twoProcessesMs: number;
}

function readAll(root: string, files: string[]): string[] {
  return files.map((file) => fs.readFileSync(path.join(root, file), 'utf8'));
}

function best(run: () => void): number {
  let fastest = Infinity;
  for (let pass = 0; pass < 2; pass++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

function modelMs(texts: string[], files: string[], passes: 'best of two' | 'first'): number {
  const run = () => texts.forEach((text, i) => parseNotes(text, files[i]));
  if (passes === 'best of two') return best(run);
  const started = performance.now();
  run();
  return performance.now() - started;
}

function half(root: string, files: string[], which: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--half', root, String(which)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('message', (ms) => resolve(ms as number));
    child.on('error', reject);
    child.on('exit', (code) => code && reject(new Error(`parser floor child exited with ${code}`)));
    child.send(files.filter((_, i) => i % 2 === which));
  });
}

export async function measureParserFloor(root: string, files: string[]): Promise<ParserFloor> {
  const texts = readAll(root, files);
  const bodies = texts.flatMap(sectionBodies);
  const remarkMs = best(() => bodies.forEach((body) => parseMarkdown(body)));
  const eventsMs = best(() => bodies.forEach((body) => markdownEvents(body)));
  const model = modelMs(texts, files, 'best of two');
  const halves = await Promise.all([half(root, files, 0), half(root, files, 1)]);
  return {
    files: files.length,
    sections: bodies.length,
    characters: bodies.reduce((sum, body) => sum + body.length, 0),
    remarkMs,
    eventsMs,
    modelMs: model,
    twoProcessesMs: Math.max(...halves),
  };
}

export function parserFloorMarkdown(floor: ParserFloor): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    `### Parser floor, ${floor.files.toLocaleString('en')} notes (in process, no server)`,
    '',
    `- remark building its tree over all ${floor.sections.toLocaleString('en')} sections (${(floor.characters / 1e6).toFixed(1)} M characters), one thread: ${s(floor.remarkMs)}`,
    `- micromark's events alone (remark's tokenizer, what the notes model reads where it parses) over the same sections: ${s(floor.eventsMs)}; the model reads most of them without it (simpleBlocks.ts)`,
    `- the notes model over every file, one thread: ${s(floor.modelMs)}`,
    `- the notes model, half the files in each of two fresh processes at once (first pass, as a cold start): ${s(floor.twoProcessesMs)} (the slower half)`,
  ].join('\n');
}

// Child: `--half <root> <0|1>`, receives its files, answers with its time.
if (process.argv[2] === '--half') {
  const root = process.argv[3];
  process.once('message', (files) => {
    const mine = files as string[];
    process.send!(modelMs(readAll(root, mine), mine, 'first'), () => process.exit(0));
  });
}
