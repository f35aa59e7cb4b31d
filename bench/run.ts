// `npm run bench`: generates reading-notes workspaces (100 and 1,000 notes; 10,000 with --full)
// and measures our language server against VS Code's Markdown language server on the same
// files in the same run: cold and warm indexing, document-symbol, edit → diagnostics and
// workspace-symbol latency, peak memory. Prints a markdown table and writes
// bench/out/results.md (+ results.json). Not part of the test suite. See bench/README.md.
//
//   node --import tsx bench/run.ts [--sizes 100,1000,10000] [--full] [--reps 3]
//     [--large-reps 1] [--servers ours,reference] [--server dist/server.js] [--production] [--profile]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ensureWorkspace, type Manifest } from './generate.ts';
import { ensureReference, Session, type ServerKind } from './servers.ts';
import { median, resultsTable, type LatencyTests, type SessionResult } from './report.ts';
import { profileMarkdown, summarizeProfile } from './profile.ts';
import { measureParserFloor, parserFloorMarkdown } from './parserFloor.ts';

const BENCH_DIR = __dirname;
const PROJECT_ROOT = path.resolve(BENCH_DIR, '..');
const OUT = path.join(BENCH_DIR, 'out');

interface Options {
  sizes: number[];
  reps: number;
  /** Repetitions at 10,000 notes and more (each cold start takes minutes). */
  largeReps: number;
  kinds: ServerKind[];
  serverJs?: string;
  production: boolean;
  profile: boolean;
  seed: number;
  symbolFiles: number;
  edits: number;
  typingEdits: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { sizes: [100, 1000], reps: 3, largeReps: 1, kinds: ['ours', 'reference'], production: false, profile: false, seed: 1, symbolFiles: 200, edits: 20, typingEdits: 100 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--full') options.sizes = [100, 1000, 10000];
    else if (arg === '--sizes') options.sizes = value().split(',').map((s) => Number(s.replace(/_/g, '')));
    else if (arg === '--reps') options.reps = Number(value());
    else if (arg === '--large-reps') options.largeReps = Number(value());
    else if (arg === '--servers') options.kinds = value().split(',') as ServerKind[];
    else if (arg === '--server') options.serverJs = path.resolve(value());
    else if (arg === '--production') options.production = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--symbol-files') options.symbolFiles = Number(value());
    else if (arg === '--edits') options.edits = Number(value());
    else if (arg === '--typing-edits') options.typingEdits = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(0, 9).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (options.sizes.some((s) => !Number.isInteger(s) || s < 10)) throw new Error('--sizes: integers ≥ 10');
  if (options.kinds.some((k) => k !== 'ours' && k !== 'reference')) throw new Error('--servers: ours,reference');
  return options;
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds our server into bench/out/server (not dist/, which other work rebuilds under our feet):
 * every server-side bundle that esbuild.mjs declares (the server and e.g. its parse worker,
 * which must sit beside it), with the same options.
 */
async function buildOurs(production: boolean): Promise<string> {
  const esbuild = await import('esbuild');
  const outdir = path.join(OUT, 'server');
  const declared = fs.readFileSync(path.join(PROJECT_ROOT, 'esbuild.mjs'), 'utf8');
  const bundles = [...declared.matchAll(/entryPoints:\s*\['(server\/[^']+)'\],\s*outfile:\s*'dist\/([^']+)'/g)].map((m) => ({ entry: m[1], out: m[2] })).filter((b) => !b.entry.startsWith('server/src/cli/'));
  if (!bundles.some((b) => b.out === 'server.js')) bundles.push({ entry: 'server/src/server.ts', out: 'server.js' });
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const bundle of bundles) {
    await esbuild.build({
      entryPoints: [path.join(PROJECT_ROOT, bundle.entry)],
      outfile: path.join(outdir, bundle.out),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: production,
      sourcemap: false,
      logLevel: 'warning',
    });
  }
  log(`built ${bundles.map((b) => b.out).join(', ')} into ${path.relative(PROJECT_ROOT, outdir)}`);
  return path.join(outdir, 'server.js');
}

/** All symbols of a documentSymbol answer, nested ones included. */
function countSymbols(symbols: unknown[]): number {
  let n = 0;
  for (const symbol of symbols as Array<{ children?: unknown[] }>) n += 1 + countSymbols(symbol.children ?? []);
  return n;
}

/** Queries a reader might type: pages, Korean/Japanese/English topics, chapters, sections. */
const QUERIES = ['p.45', '캐시', '3장', '3.1', '궁금해요', '요약', '샤딩', '트랜잭션', 'キャッシュ', 'まとめ', 'cache', 'Chapter 2', 'p.12', '지민', '질문', '1장', 'Summary', 'B 트리', '정리', 'replication'];

function readyTimeout(size: number): number {
  return Math.max(120_000, size * 60);
}

async function runTests(session: Session, manifest: Manifest, options: Options): Promise<LatencyTests> {
  const peak = () => {
    session.proc.sample();
    return session.proc.peakKb;
  };
  const tests: LatencyTests = {
    peakKb: { symbols: 0, workspaceSymbols: 0, edits: 0, typing: 0 },
    symbolsFirstMs: [],
    symbolsRepeatMs: [],
    symbolsCount: [],
    editDiagnosticsMs: [],
    typingDiagnosticsMs: [],
    bigNoteDiagnostics: 0,
    bigNoteBytes: 0,
    bigNoteOpenMs: NaN,
    workspaceSymbolsMs: [],
    workspaceSymbolsCount: [],
    symbolsBytes: [],
    workspaceSymbolsBytes: [],
  };
  // Document symbols on ~200 files spread over the workspace (not the 500 KB notes).
  const big = new Set(manifest.bigNotes);
  const candidates = manifest.files.filter((f) => !big.has(f));
  const step = Math.max(1, Math.floor(candidates.length / options.symbolFiles));
  const symbolFiles: string[] = [];
  for (let i = 0, n = 0; i < candidates.length && n < options.symbolFiles; i += step, n++) symbolFiles.push(candidates[i]);
  for (const file of symbolFiles) {
    const uri = await session.open(file);
    const first = await session.documentSymbols(uri);
    const repeat = await session.documentSymbols(uri);
    tests.symbolsFirstMs.push(first.ms);
    tests.symbolsRepeatMs.push(repeat.ms);
    tests.symbolsCount.push(countSymbols(first.result ?? []));
    await session.close(uri);
  }
  await sleep(500);
  tests.peakKb.symbols = peak();

  // Workspace symbols: one warm-up, then each query once.
  await session.workspaceSymbols('장');
  for (const query of QUERIES) {
    const { ms, result } = await session.workspaceSymbols(query);
    tests.workspaceSymbolsMs.push(ms);
    tests.workspaceSymbolsCount.push(result?.length ?? 0);
  }
  tests.peakKb.workspaceSymbols = peak();

  // Opening the 500 KB note, as it is on disk, and its first diagnostics; then edit → diagnostics:
  // a small insertion in the middle, then a pull request.
  const bigNote = manifest.bigNotes[0];
  tests.bigNoteBytes = fs.statSync(path.join(manifest.root, bigNote)).size;
  const uri = await session.open(bigNote);
  const first = await session.diagnostics(uri);
  tests.bigNoteDiagnostics = first.result.items?.length ?? 0;
  tests.bigNoteOpenMs = first.ms;
  const middle = Math.floor(session.lineCount(uri) / 2);
  await sleep(300);
  for (let i = 0; i < options.edits; i++) {
    await session.insert(uri, middle + i * 7, i % 2 ? '캐시 메모 ' : 'p.45 ');
    const { ms } = await session.diagnostics(uri);
    tests.editDiagnosticsMs.push(ms);
    await sleep(300); // let debounced background work (index refresh) settle between edits
  }
  tests.peakKb.edits = peak();
  // Typing on, without the pauses that let the server collect its garbage while idle: each edit
  // of a large note leaves old garbage behind (memory grew without bound once).
  for (let i = 0; i < options.typingEdits; i++) {
    await session.insert(uri, middle + (i % 50) * 7, i % 2 ? '메모 ' : 'p.45 ');
    const { ms } = await session.diagnostics(uri);
    tests.typingDiagnosticsMs.push(ms);
    await sleep(50);
  }
  await session.close(uri);
  tests.peakKb.typing = peak();

  // Response sizes, untimed: the same outlines and queries again (sizing them above would have
  // left the client garbage to collect in the middle of the timed requests).
  const bytes = (result: unknown) => Buffer.byteLength(JSON.stringify(result ?? null));
  for (const file of symbolFiles) {
    const uri = await session.open(file);
    tests.symbolsBytes.push(bytes((await session.documentSymbols(uri)).result));
    await session.close(uri);
  }
  for (const query of QUERIES) tests.workspaceSymbolsBytes.push(bytes((await session.workspaceSymbols(query)).result));
  return tests;
}

async function measure(kind: ServerKind, phase: 'cold' | 'warm', rep: number, manifest: Manifest, options: Options, serverJs: string, withTests: boolean, cpuProfDir?: string): Promise<SessionResult> {
  const cacheDir = path.join(OUT, 'cache', `${kind}-${manifest.count}`);
  if (phase === 'cold') {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.rmSync(path.join(manifest.root, '.marginalia'), { recursive: true, force: true });
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const result: SessionResult = { kind, size: manifest.count, phase, rep };
  const session = new Session({ kind, serverJs, root: manifest.root, fileCount: manifest.count, cacheDir, cpuProfDir });
  try {
    await session.initialize();
    result.initializeMs = session.initializeMs;
    const ready = await session.waitReady(readyTimeout(manifest.count));
    result.readyMs = ready.ms;
    result.detail = ready.detail;
    result.cpuSeconds = session.proc.cpuSeconds();
    result.clientMs = session.clientMs;
    result.rssAfterReadyKb = session.proc.rssKb();
    result.peakAtReadyKb = session.proc.peakKb;
    log(`${kind} ${phase} #${rep} n=${manifest.count}: ready in ${(ready.ms / 1000).toFixed(2)} s, cpu ${result.cpuSeconds.toFixed(2)} s, rss ${(result.rssAfterReadyKb / 1024).toFixed(0)} MB — ${ready.detail}`);
    if (withTests) {
      result.tests = await runTests(session, manifest, options);
      const t = result.tests;
      log(`  symbols first p50 ${median(t.symbolsFirstMs).toFixed(1)} ms, repeat p50 ${median(t.symbolsRepeatMs).toFixed(1)} ms; edit→diag p50 ${median(t.editDiagnosticsMs).toFixed(1)} ms; wsymbols p50 ${median(t.workspaceSymbolsMs).toFixed(1)} ms`);
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`${kind} ${phase} #${rep} n=${manifest.count}: FAILED ${result.error}`);
  } finally {
    await session.stop();
    result.peakKb = session.proc.peakKb;
  }
  return result;
}

function environment(startLoad: number[]): string {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'server'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    if (dirty) commit += ' + uncommitted server changes';
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return [
    `- date: ${new Date().toISOString()}; node ${process.version}; ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- load average (1 min) at start ${startLoad[0].toFixed(2)}, at end ${os.loadavg()[0].toFixed(2)} (other work shares the machine: compare medians, mind the ranges)`,
    `- Marginalia at ${commit}; reference vscode-markdown-languageserver 0.5.0 with markdown-it 14.1.0 tokens served by the bench client`,
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  fs.mkdirSync(OUT, { recursive: true });
  const startLoad = os.loadavg();
  if (options.kinds.includes('reference')) await ensureReference(log);
  const serverJs = options.serverJs ?? (await buildOurs(options.production));
  log(`our server: ${path.relative(PROJECT_ROOT, serverJs)}${options.production ? ' (minified)' : ''}`);

  const results: SessionResult[] = [];
  const manifests: Manifest[] = [];
  const profiles: string[] = [];
  for (const size of options.sizes) {
    const started = Date.now();
    const manifest = ensureWorkspace(path.join(OUT, 'workspaces', `n${size}`), size, options.seed);
    manifests.push(manifest);
    log(`workspace n=${size}: ${manifest.count} files, ${(manifest.totalBytes / 2 ** 20).toFixed(1)} MB, median ${(manifest.sizes.median / 1024).toFixed(1)} KB, p90 ${(manifest.sizes.p90 / 1024).toFixed(1)} KB, ${manifest.bigNotes.length} × 500 KB (${Date.now() - started} ms)`);
    const reps = size >= 10_000 ? options.largeReps : options.reps;
    // Interleaved (ours, reference, ours, …) so that load from other work hits both alike.
    for (let rep = 1; rep <= reps; rep++) {
      for (const kind of options.kinds) results.push(await measure(kind, 'cold', rep, manifest, options, serverJs, rep === 1));
      for (const kind of options.kinds) results.push(await measure(kind, 'warm', rep, manifest, options, serverJs, false));
    }
    if (size === 1000 && options.kinds.includes('ours')) {
      log('parser floor: remark and the notes model in process, one thread and two processes …');
      const floor = await measureParserFloor(manifest.root, manifest.files);
      log(`parser floor: remark ${(floor.remarkMs / 1000).toFixed(2)} s, micromark events ${(floor.eventsMs / 1000).toFixed(2)} s, model ${(floor.modelMs / 1000).toFixed(2)} s, two processes ${(floor.twoProcessesMs / 1000).toFixed(2)} s`);
      profiles.push(parserFloorMarkdown(floor));
    }
    if (options.profile && options.kinds.includes('ours') && size < 10_000) {
      const dir = path.join(OUT, 'profiles', `n${size}`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      await measure('ours', 'cold', 0, manifest, options, serverJs, false, dir);
      // One profile per thread: the server's and each parse worker's (bundled beside it).
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
      if (files.length) {
        const summary = summarizeProfile(files.map((f) => path.join(dir, f)), path.dirname(serverJs));
        profiles.push(profileMarkdown(summary, `CPU profile of Marginalia's cold indexing, ${size.toLocaleString('en')} notes (${files.length} threads, ${path.relative(PROJECT_ROOT, dir)})`));
      } else {
        log(`no CPU profile written in ${dir}`);
      }
    }
  }

  const table = resultsTable(results, options.sizes, options.kinds);
  const workspaces = manifests
    .map((m) => `- ${m.count.toLocaleString('en')} notes: ${(m.totalBytes / 2 ** 20).toFixed(1)} MB, median ${(m.sizes.median / 1024).toFixed(1)} KB, p90 ${(m.sizes.p90 / 1024).toFixed(1)} KB, largest ${(m.sizes.max / 1024).toFixed(0)} KB (${m.bigNotes.length} × 500 KB; edited: \`${m.bigNotes[0]}\`)`)
    .join('\n');
  const markdown = [
    '# Marginalia benchmark',
    '',
    table,
    '',
    '## Workspaces (generated, seed ' + options.seed + ')',
    '',
    workspaces,
    '',
    '## Environment',
    '',
    environment(startLoad),
    '',
    '## Readiness',
    '',
    ...results.filter((r) => r.rep === 1 && r.phase === 'cold').map((r) => `- ${r.size} · ${r.kind}: ${r.error ? `error: ${r.error}` : r.detail}`),
    '',
    ...profiles,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(OUT, 'results.md'), markdown);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ options, results, manifests: manifests.map((m) => ({ ...m, files: undefined })) }, null, 2));
  console.log(markdown);
  log(`wrote ${path.relative(PROJECT_ROOT, path.join(OUT, 'results.md'))}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
