// The bundled server against hostile input (issue 5): oversized and deeply nested files, binary
// and unreadable files named .md, symlink loops, pathological settings, a 2,000-file workspace
// whose files are deleted, renamed and rewritten, and random documents and edits. After each,
// the server still serves (it answers on a normal file within a bound), nothing is skipped
// without a log line, the index matches the disk, and every range it answers with is valid.
//
// Unreadable files: the tests run as root, for whom chmod 000 changes nothing, so "unreadable"
// is a FIFO named x.md (opening it would block forever), a directory named y.md and a dangling
// symlink named dangling.md.
import { describe, it, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileChangeType, type CodeLens, type DocumentDiagnosticReport, type DocumentSymbol, type FoldingRange, type Hover, type Location, type Position, type Range } from 'vscode-languageserver-protocol';
import { eventually, fileUri, startServer, type TestServer } from '../support/lspServer.ts';
import { copyOfExamples, PROJECT_ROOT } from '../support/shared.ts';
import { corpusSample, DocumentLines, hostileSnippet, isHighSurrogate, isLowSurrogate, mutatedCorpusFile, mutatedText, notesDocument, notesLine, REFUSED_PATTERNS } from '../support/arbitraries.ts';
import { ChapterTreeRequest, CountsRequest, type ChapterItem } from '../../server/src/protocol.ts';
import { parseNotes } from '../../server/src/notes/parse.ts';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const NORMAL_NOTE = fs.readFileSync(path.join(EXAMPLES, 'ch01', '지민.md'), 'utf8');

/** Sends a request and fails unless it is answered within `ms`; the time taken is reported. */
async function answered<T>(t: TestContext | undefined, server: TestServer, method: string, params: unknown, ms: number, what = method): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    const result = (await Promise.race([server.connection.sendRequest(method, params), timeout])) as T;
    t?.diagnostic(`${what}: answered in ${Date.now() - started} ms`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits (bounded) until the first indexing is over, every poll answered within `pollMs`. */
async function indexed(t: TestContext, server: TestServer, ms: number, pollMs = 30_000): Promise<CountsRequest.Result> {
  const started = Date.now();
  let slowest = 0;
  for (;;) {
    const asked = Date.now();
    const counts = await answered<CountsRequest.Result>(undefined, server, CountsRequest.method, {}, pollMs, 'marginalia/counts (while indexing)');
    slowest = Math.max(slowest, Date.now() - asked);
    if (!counts.indexing && counts.files > 0) {
      t.diagnostic(`indexed ${counts.files} files in ${Date.now() - started} ms; slowest answer while indexing ${slowest} ms`);
      return counts;
    }
    assert.ok(Date.now() - started < ms, `still indexing after ${ms} ms: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Peak resident memory of the server process (it and its parse workers), from /proc. */
function peakMemoryMb(server: TestServer): number {
  const status = fs.readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** The server still serves: symbols of a normal note and the workspace counts, quickly. */
async function stillServes(t: TestContext, server: TestServer, normal: string, ms = 20_000): Promise<void> {
  assert.equal(server.process.exitCode, null, 'the server process is alive');
  const symbols = await answered<DocumentSymbol[]>(t, server, 'textDocument/documentSymbol', { textDocument: { uri: fileUri(normal) } }, ms, 'documentSymbol on a normal note');
  assert.ok(symbols.length > 0, 'symbols of the normal note');
  const counts = await answered<CountsRequest.Result>(t, server, CountsRequest.method, { uri: fileUri(normal) }, ms, 'marginalia/counts');
  assert.ok(counts.document && counts.document.questions > 0, JSON.stringify(counts));
}

const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('\n');

/** The hostile notes files (name → text), all readable as text. */
function hostileNotes(): Record<string, string> {
  const sample = corpusSample(30);
  const huge: string[] = [];
  for (let i = 0, bytes = 0; bytes < 20_000_000; i++) {
    huge.push(sample[i % sample.length].text);
    bytes += Buffer.byteLength(huge[huge.length - 1]) + 1;
  }
  return {
    'long-line.md': 'p.45 이 문장은 왜 이렇게 길까요? '.repeat(50_000).slice(0, 1_000_000),
    'nested-quotes.md': '# 1장\n' + '>'.repeat(10_000) + ' p.3 왜 그럴까요?\n',
    'nested-lists.md': '# 1장\n' + '- '.repeat(10_000) + 'p.3 왜 그럴까요?\n',
    'quote-stairs.md': lines(3_000, (i) => '>'.repeat(i + 1) + ` p.${(i % 900) + 1} 왜?`),
    'list-stairs.md': lines(2_000, (i) => '  '.repeat(i) + `- p.${(i % 900) + 1} 질문?`),
    'headings.md': lines(50_000, (i) => `${'#'.repeat((i % 6) + 1)} ${i % 7 === 0 ? `${i % 30}장` : `절 ${i}`} p.${(i % 900) + 1} 왜?`),
    'huge.md': huge.join('\n'),
  };
}

describe('reliability: a workspace of hostile files', () => {
  let server: TestServer;
  let root: string;
  let notes: Record<string, string>;
  const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(4_000).fill(0), 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-hostile-ws-'));
    notes = hostileNotes();
    fs.writeFileSync(path.join(root, 'normal.md'), NORMAL_NOTE);
    for (const [name, text] of Object.entries(notes)) fs.writeFileSync(path.join(root, name), text);
    fs.writeFileSync(path.join(root, 'binary.md'), binary);
    execFileSync('mkfifo', [path.join(root, 'x.md')]);
    fs.mkdirSync(path.join(root, 'y.md'));
    fs.writeFileSync(path.join(root, 'y.md', 'inside.md'), '# 2장\n- p.4 질문?\n');
    fs.symlinkSync(path.join(root, 'missing.md'), path.join(root, 'dangling.md'));
    fs.mkdirSync(path.join(root, 'loop'));
    fs.symlinkSync('..', path.join(root, 'loop', 'up'));
    fs.symlinkSync('b.md', path.join(root, 'loop', 'a.md'));
    fs.symlinkSync('a.md', path.join(root, 'loop', 'b.md'));
    server = await startServer({ folders: [root] });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('indexes every readable notes file within a bound, answering all the while', async (t) => {
    const counts = await indexed(t, server, 240_000);
    // normal.md, the seven hostile texts and y.md/inside.md; not binary.md, x.md, dangling.md, loop/*.
    assert.equal(counts.files, 9, server.logs.join('\n'));
    await stillServes(t, server, path.join(root, 'normal.md'));
  });

  it('logs why each file was skipped or read in reduced mode (nothing is dropped silently)', async () => {
    const at = (name: string) => path.join(root, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const expected = [
      new RegExp(`^Skipped ${at('binary.md')}: binary file \\(contains NUL bytes\\), skipped$`),
      new RegExp(`^Skipped ${at('x.md')}: not a regular file$`),
      new RegExp(`^Skipped ${at('dangling.md')}: no such file or directory$`),
      new RegExp(`^Skipped ${at('loop/a.md')}: symbolic link loop$`),
      new RegExp(`^Skipped ${at('loop/b.md')}: symbolic link loop$`),
      new RegExp(`^${at('huge.md')}: The file is \\d+\\.\\d million characters: read line by line \\(reduced mode\\)`),
      new RegExp(`^${at('long-line.md')}: Lines 1–1 read line by line \\(reduced mode\\): a line of 1000000 characters\\.$`),
      new RegExp(`^${at('nested-quotes.md')}: Lines 2–3 read line by line \\(reduced mode\\): quotes or lists nested \\d+ deep\\.$`),
      new RegExp(`^${at('nested-lists.md')}: Lines 2–3 read line by line \\(reduced mode\\): a line of 20011 characters\\.$`),
      new RegExp(`^${at('quote-stairs.md')}: The file is \\d+\\.\\d million characters: read line by line \\(reduced mode\\)`),
      new RegExp(`^${at('list-stairs.md')}: The file is \\d+\\.\\d million characters: read line by line \\(reduced mode\\)`),
    ];
    const missing = () => expected.filter((line) => !server.logs.some((log) => line.test(log)));
    await eventually(() => missing().length === 0 || undefined, 10_000, 'the log lines').catch(() =>
      assert.fail(`not logged:\n${missing().join('\n')}\n--- log ---\n${server.logs.join('\n').slice(0, 5_000)}`),
    );
  });

  it('answers on each hostile file opened in the editor, and keeps serving the others', async (t) => {
    const opened: Array<[string, string]> = [...Object.entries(notes), ['binary.md', binary.toString('latin1')]];
    let version = 1;
    for (const [name, text] of opened) {
      const file = path.join(root, name);
      const uri = fileUri(file);
      await server.open(file, text, version++);
      const bound = text.length > 5_000_000 ? 120_000 : 60_000;
      const symbols = await answered<DocumentSymbol[] | null>(t, server, 'textDocument/documentSymbol', { textDocument: { uri } }, bound, `${name}: documentSymbol`);
      assert.ok(Array.isArray(symbols));
      await answered<FoldingRange[]>(t, server, 'textDocument/foldingRange', { textDocument: { uri } }, bound, `${name}: foldingRange`);
      await answered(t, server, 'textDocument/diagnostic', { textDocument: { uri } }, bound, `${name}: diagnostic`);
      await answered(t, server, 'textDocument/codeLens', { textDocument: { uri } }, bound, `${name}: codeLens`);
      await answered(t, server, 'textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } }, bound, `${name}: hover`);
      await answered(t, server, 'textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }, bound, `${name}: completion`);
      await answered(t, server, 'textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, context: { diagnostics: [] } }, bound, `${name}: codeAction`);
      await stillServes(t, server, path.join(root, 'normal.md'));
      await server.close(file);
    }
    await answered(t, server, ChapterTreeRequest.method, {}, 60_000, 'marginalia/chapterTree');
    await answered(t, server, 'workspace/symbol', { query: '질문' }, 60_000, 'workspace/symbol');
  });

  it('stays within bounded memory', (t) => {
    const peak = peakMemoryMb(server);
    t.diagnostic(`server peak RSS: ${peak.toFixed(0)} MB`);
    assert.ok(peak < 3_072, `${peak.toFixed(0)} MB`);
  });
});

describe('reliability: pathological settings', () => {
  let server: TestServer;
  let root: string;
  before(async () => {
    root = copyOfExamples('settings');
    server = await startServer({ folders: [root] });
    // The server reports settings problems with window/showMessageRequest (a message without
    // actions); the harness records window/showMessage only, so record these here.
    server.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      server.shown.push(params.message);
      return null;
    });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses every pathological pattern with a message and a log line, and keeps serving with the valid ones', async (t) => {
    const hostile = REFUSED_PATTERNS.map((p) => p.value);
    // Valid patterns beside the hostile ones select one file: proof they were applied.
    server.settings = { include: ['ch01/**', ...hostile], exclude: ['**/haruto.md', ...hostile], author: 12345, pageRefStyle: { style: 'p.N' }, hover: { enabled: 'yes' } };
    const started = Date.now();
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await stillServes(t, server, path.join(root, 'ch01', '지민.md'), 10_000);
    // Every refused value is shown to the user and logged.
    const expected = [
      ...REFUSED_PATTERNS.flatMap(({ reason }) => [{ setting: 'include', reason }, { setting: 'exclude', reason }]),
      { setting: 'author', reason: /at most 100 characters/ },
      { setting: 'pageRefStyle', reason: /must be one of p\.N, pN, Np/ },
      { setting: 'hover\\.enabled', reason: /must be true or false/ },
    ];
    const reported = (messages: string[], prefix: string) =>
      expected.every(({ setting, reason }) => messages.some((m) => m.startsWith(prefix) && new RegExp(`marginalia\\.${setting}`).test(m) && reason.test(m)));
    // One message for the user (with the count), every problem in the log.
    const summarised = (messages: string[]) => messages.some((m) => new RegExp(`^Marginalia: ${expected.length} settings were invalid and are ignored`).test(m));
    await eventually(() => (summarised(server.shown) && reported(server.logs, 'Settings: ')) || undefined, 15_000, 'the settings problems shown and logged').catch(() =>
      assert.fail(`shown:\n${server.shown.join('\n')}\n\nlogged:\n${server.logs.filter((l) => l.startsWith('Settings')).join('\n')}`),
    );
    await eventually(async () => ((await answered<CountsRequest.Result>(undefined, server, CountsRequest.method, {}, 10_000)).files === 1 ? true : undefined), 60_000, 'the index to follow the valid patterns');
    t.diagnostic(`re-indexed with the valid patterns ${Date.now() - started} ms after the change`);
    await stillServes(t, server, path.join(root, 'ch01', '지민.md'), 10_000);
  });

  it('pattern lists that are not lists fall back to the defaults, reported', async (t) => {
    server.settings = { include: '**/*.md', exclude: 'ch02/**' };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    for (const setting of ['include', 'exclude']) {
      const problem = `marginalia.${setting} must be a list of glob patterns; using the default.`;
      await eventually(() => server.logs.includes(`Settings: ${problem}`) || undefined, 15_000, problem);
    }
    await eventually(() => server.shown.some((m) => /^Marginalia: 2 settings were invalid/.test(m)) || undefined, 15_000, 'one message for both');
    await eventually(async () => ((await answered<CountsRequest.Result>(undefined, server, CountsRequest.method, {}, 10_000)).files === 7 ? true : undefined), 60_000, 'all 7 files back');
    await stillServes(t, server, path.join(root, 'ch02', '지민.md'), 10_000);
  });
});

describe('reliability: files deleted, renamed and rewritten under a 2,000-file index', () => {
  const FILES = 2_000;
  let server: TestServer;
  let root: string;
  const note = (i: number) => `# 노트 ${i}\n- p.${(i % 1_900) + 1} 질문 ${i}?\n`;
  const name = (i: number) => path.join(root, `ch${String(i % 20).padStart(2, '0')}`, `note-${i}.md`);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-churn-'));
    for (let i = 0; i < FILES; i++) {
      fs.mkdirSync(path.dirname(name(i)), { recursive: true });
      fs.writeFileSync(name(i), note(i));
    }
    server = await startServer({ folders: [root] });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('converges to the files on disk after the watcher’s events', async (t) => {
    const events: Array<{ uri: string; type: FileChangeType }> = [];
    let duringIndexing = 0;
    /** Deletes, renames and rewrites a slice of the files, as the file watcher would report them. */
    const churn = async (from: number, to: number) => {
      const counts = (await server.connection.sendRequest(CountsRequest.method, {})) as CountsRequest.Result;
      if (counts.indexing) duringIndexing++;
      const batch: typeof events = [];
      for (let i = from; i < to; i++) {
        const file = name(i);
        if (i % 3 === 0) {
          fs.rmSync(file);
          batch.push({ uri: fileUri(file), type: FileChangeType.Deleted });
        } else if (i % 3 === 1) {
          const renamed = path.join(path.dirname(file), `renamed-${i}.md`);
          fs.renameSync(file, renamed);
          batch.push({ uri: fileUri(file), type: FileChangeType.Deleted }, { uri: fileUri(renamed), type: FileChangeType.Created });
        } else {
          fs.writeFileSync(file, note(i) + `- p.${(i % 1_900) + 2} 추가 질문?\n`);
          batch.push({ uri: fileUri(file), type: FileChangeType.Changed });
        }
      }
      events.push(...batch);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: batch });
    };
    // After the first indexing: in three quick batches, then a whole folder deleted at once.
    // (Churning while the first indexing runs finds a race in the indexer: see the report of
    // issue 5; that variant joins this file once it is fixed.)
    await indexed(t, server, 180_000);
    await churn(0, 150);
    await churn(150, 300);
    await churn(300, 450);
    fs.rmSync(path.join(root, 'ch19'), { recursive: true });
    events.push({ uri: fileUri(path.join(root, 'ch19')), type: FileChangeType.Deleted });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [events[events.length - 1]] });
    t.diagnostic(`${events.length} watcher events; ${duringIndexing} of 3 batches sent while the server was indexing`);

    // The truth on disk: every file with its questions.
    const onDisk = new Map<string, number>();
    for (const dir of fs.readdirSync(root)) {
      for (const file of fs.readdirSync(path.join(root, dir))) {
        const text = fs.readFileSync(path.join(root, dir, file), 'utf8');
        onDisk.set(fileUri(path.join(root, dir, file)), (text.match(/\?/g) ?? []).length);
      }
    }
    const truth = { files: onDisk.size, questions: [...onDisk.values()].reduce((a, b) => a + b, 0) };
    const inIndex = async () => {
      const counts = (await server.connection.sendRequest(CountsRequest.method, {})) as CountsRequest.Result;
      const tree = (await server.connection.sendRequest(ChapterTreeRequest.method, {})) as ChapterItem[];
      const uris = new Set(tree.flatMap((c) => c.entries.map((e) => e.uri)));
      return { counts, uris };
    };
    const converged = await eventually(async () => {
      const { counts, uris } = await inIndex();
      return counts.files === truth.files && counts.questions === truth.questions && uris.size === onDisk.size && [...onDisk.keys()].every((u) => uris.has(u)) ? counts : undefined;
    }, 30_000, 'the index to match the disk').catch(async () => {
      const { counts, uris } = await inIndex();
      const stale = [...uris].filter((u) => !onDisk.has(u));
      const missing = [...onDisk.keys()].filter((u) => !uris.has(u));
      return assert.fail(`index ${JSON.stringify(counts)} vs disk ${JSON.stringify(truth)}; stale: ${stale.slice(0, 5).join(', ')} (${stale.length}); missing: ${missing.slice(0, 5).join(', ')} (${missing.length})`);
    });
    // 150 deleted one by one, and the 93 files left in ch19 with their folder.
    assert.equal(converged.files, FILES - 150 - 93);
    await stillServes(t, server, name(2));
  });
});

describe('reliability: any document, any edit', () => {
  const SEED = Number(process.env.MARGINALIA_FC_SEED ?? 5);
  const SCALE = Number(process.env.MARGINALIA_FC_RUNS ?? 1);
  const runs = (numRuns: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)) });
  const SAMPLE = corpusSample(30).filter((f) => f.text.length < 15_000);
  let server: TestServer;
  let root: string;
  let docs = 0;

  before(async () => {
    root = copyOfExamples('any');
    server = await startServer({ folders: [root] });
    await server.waitForIndex();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Handlers that throw are answered with an empty result and logged: none may have thrown. */
  const failures = () => server.logs.filter((line) => / failed: |Uncaught exception|Unhandled rejection/.test(line));

  const documents = fc.oneof(notesDocument, mutatedCorpusFile(SAMPLE, 3).map((m) => mutatedText(SAMPLE, m).slice(0, 20_000)));
  const offsets = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });

  it('every range the server answers with is a place in the document; no handler throws', async (t) => {
    const seen = { documents: 0, symbols: 0, folds: 0, diagnostics: 0, lenses: 0, hovers: 0, locations: 0 };
    const boundary = (text: string, offset: number) =>
      offset > 0 && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset)) ? offset - 1 : offset;
    await fc.assert(
      fc.asyncProperty(documents, offsets, async (text, at) => {
        const file = path.join(root, `any-${docs++}.md`);
        const uri = fileUri(file);
        const lines = new DocumentLines(text);
        const document = TextDocument.create(uri, 'markdown', 1, text);
        const valid = (range: Range, what: string) => assert.equal(lines.rangeProblem(range), undefined, `${what} ${JSON.stringify(range)}`);
        await server.open(file, text);
        try {
          const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
          const visit = (symbol: DocumentSymbol) => {
            valid(symbol.range, `symbol ${symbol.name}`);
            valid(symbol.selectionRange, `symbol ${symbol.name} selection`);
            // VS Code refuses a symbol whose selection lies outside its range (the whole outline fails).
            const inside = lines.offset(symbol.range.start) <= lines.offset(symbol.selectionRange.start) && lines.offset(symbol.selectionRange.end) <= lines.offset(symbol.range.end);
            assert.ok(inside, `symbol ${symbol.name}: selection ${JSON.stringify(symbol.selectionRange)} outside ${JSON.stringify(symbol.range)}`);
            symbol.children?.forEach(visit);
          };
          symbols.forEach(visit);
          seen.documents++;
          seen.symbols += symbols.length;
          const folds = (await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
          seen.folds += folds.length;
          for (const fold of folds) assert.ok(fold.startLine >= 0 && fold.startLine < fold.endLine && fold.endLine < lines.lineCount, `fold ${JSON.stringify(fold)}`);
          const report = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
          if (report.kind === 'full') for (const d of report.items) valid(d.range, `diagnostic ${d.code}`);
          seen.diagnostics += report.kind === 'full' ? report.items.length : 0;
          const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
          for (const lens of lenses) valid(lens.range, 'code lens');
          seen.lenses += lenses.length;
          // Random places, and places on page references and mentions (where hover and navigation answer).
          const model = parseNotes(text, 'any.md');
          const targets = [...model.pageRefs, ...model.members].map((r) => r.range.start);
          const positions: Position[] = at.map((offset) => document.positionAt(boundary(text, offset % (text.length + 1))));
          if (targets.length) positions.push(...at.slice(0, 2).map((offset) => targets[offset % targets.length]));
          for (const position of positions) {
            const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
            if (hover?.range) valid(hover.range, 'hover');
            if (hover) seen.hovers++;
            for (const method of ['textDocument/definition', 'textDocument/references']) {
              const found = (await server.connection.sendRequest(method, { textDocument: { uri }, position, context: { includeDeclaration: true } })) as Location[] | Location | null;
              for (const location of [found ?? []].flat()) {
                seen.locations++;
                if (location.uri === uri) valid(location.range, method);
              }
            }
          }
        } finally {
          await server.close(file);
        }
        assert.deepEqual(failures(), []);
      }),
      runs(60),
    );
    t.diagnostic(`answers checked: ${JSON.stringify(seen)}`);
    assert.ok(seen.symbols > 0 && seen.folds > 0 && seen.diagnostics > 0 && seen.lenses > 0 && seen.hovers > 0 && seen.locations > 0, JSON.stringify(seen));
  });

  it('a document edited piece by piece (incremental sync) answers as the same text opened afresh', async (t) => {
    let compared = 0;
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 40 }), insert: fc.oneof(notesLine.map((l) => l + '\n'), hostileSnippet, fc.constantFrom('', '\n', '\r\n', '- p.12 왜?\n', '  ***\n', '## 궁금해요\n')) });
    await fc.assert(
      fc.asyncProperty(documents, fc.array(edit, { minLength: 1, maxLength: 6 }), async (text, edits) => {
        const edited = path.join(root, `edited-${docs}.md`);
        const fresh = path.join(root, `fresh-${docs++}.md`);
        // The edits as the client makes them, each on the text the previous one left.
        let document = TextDocument.create(fileUri(edited), 'markdown', 1, text);
        const changes = edits.map(({ at, remove, insert }, i) => {
          const current = document.getText();
          const start = at % (current.length + 1);
          const range = { start: document.positionAt(start), end: document.positionAt(Math.min(current.length, start + remove)) };
          document = TextDocument.update(document, [{ range, text: insert }], i + 2);
          return { range, text: insert };
        });
        const final = document.getText();
        await server.open(edited, text);
        for (const [i, change] of changes.entries()) {
          await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: fileUri(edited), version: i + 2 }, contentChanges: [change] });
        }
        await server.open(fresh, final);
        try {
          for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/diagnostic', 'textDocument/codeLens']) {
            const [a, b] = await Promise.all([edited, fresh].map((f) => server.connection.sendRequest(method, { textDocument: { uri: fileUri(f) } })));
            assert.deepEqual(a, b, `${method} after ${edits.length} edits`);
            compared++;
          }
        } finally {
          await server.close(edited);
          await server.close(fresh);
        }
        assert.deepEqual(failures(), []);
      }),
      runs(40),
    );
    t.diagnostic(`${compared} answers compared`);
    assert.ok(compared >= 40);
  });
});
