// Hostile files at the level of the notes core and the file reader (issue 5): each one is read
// within a bounded time and memory, explains the reduced reading it got, and yields a model whose
// positions are all valid. The same files go through the real server in
// test/protocol/reliability.test.ts.
//
// Time is bounded in CPU time of this process (the work done, which a loaded machine does not
// inflate) and, as a guard against hangs, in wall time. Actual times are printed (t.diagnostic).
import { describe, it, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseNotes } from '../../server/src/notes/parse.ts';
import type { NotesModel } from '../../server/src/notes/model.ts';
import { readNotesFile } from '../../server/src/node/readNotesFile.ts';
import { walkNotes } from '../../server/src/node/walkNotes.ts';
import { parseFileForIndex } from '../../server/src/node/parseFile.ts';
import { pathFilter } from '../../server/src/node/globs.ts';
import { patternProblem, resolveSettings } from '../../server/src/service/settings.ts';
import { corpusSample, modelProblems, REFUSED_PATTERNS } from '../support/arbitraries.ts';

/** CPU seconds any one hostile file may cost the parser (about 10× what it needs unloaded). */
const CPU_LIMIT_MS = 15_000;
/** Wall time, only against hangs: this machine runs many test suites at once. */
const WALL_LIMIT_MS = 180_000;
/** Peak resident memory of this whole test process. */
const RSS_LIMIT_MB = 4_096;

function timed<T>(run: () => T): { value: T; cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

/** Parses a hostile text within the bounds, checks the model, and reports the cost. */
function parseHostile(t: TestContext, text: string, path = 'hostile.md'): NotesModel {
  const { value: model, cpuMs, wallMs } = timed(() => parseNotes(text, path));
  const peakMb = process.resourceUsage().maxRSS / 1024;
  t.diagnostic(`${text.length.toLocaleString('en')} chars: ${cpuMs.toFixed(0)} ms CPU, ${wallMs.toFixed(0)} ms wall, peak RSS ${peakMb.toFixed(0)} MB; warnings: ${model.warnings.join(' | ') || 'none'}`);
  assert.ok(cpuMs < CPU_LIMIT_MS, `${cpuMs.toFixed(0)} ms CPU`);
  assert.ok(wallMs < WALL_LIMIT_MS, `${wallMs.toFixed(0)} ms wall`);
  assert.ok(peakMb < RSS_LIMIT_MB, `peak RSS ${peakMb.toFixed(0)} MB`);
  assert.deepEqual(modelProblems(text, model), []);
  return model;
}

const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('\n');

describe('hostile notes text: bounded time and memory, valid model, reduced reading explained', () => {
  it('a 1 MB single line', (t) => {
    const text = 'p.45 이 문장은 왜 이렇게 길까요? '.repeat(50_000).slice(0, 1_000_000);
    const model = parseHostile(t, text);
    assert.equal(model.lineCount, 1);
    assert.match(model.warnings.join('\n'), /Lines 1–1 read line by line \(reduced mode\): a line of 1000000 characters/);
    // Page references are still found in reduced mode.
    assert.ok(model.pageRefs.length > 40_000, String(model.pageRefs.length));
  });

  it('10,000 nested blockquotes on one line', (t) => {
    const model = parseHostile(t, '# 1장\n' + '>'.repeat(10_000) + ' p.3 왜 그럴까요?\n');
    assert.match(model.warnings.join('\n'), /Lines 2–3 read line by line \(reduced mode\): quotes or lists nested \d+ deep/);
    assert.equal(model.pageRefs.length, 1);
    const spaced = parseHostile(t, '# 1장\n' + '> '.repeat(10_000) + 'p.3 왜 그럴까요?\n');
    assert.match(spaced.warnings.join('\n'), /reduced mode/);
    assert.equal(spaced.pageRefs.length, 1);
  });

  it('10,000 nested blockquotes, one level deeper on each line', (t) => {
    const model = parseHostile(t, lines(10_000, (i) => '>'.repeat(i + 1) + ` p.${(i % 900) + 1} 왜?`));
    assert.equal(model.lineCount, 10_000);
    assert.match(model.warnings.join('\n'), /read line by line \(reduced mode\)/);
  });

  it('10,000 list levels on one line', (t) => {
    const model = parseHostile(t, '- '.repeat(10_000) + 'p.3 왜 그럴까요?');
    assert.match(model.warnings.join('\n'), /reduced mode/);
  });

  it('10,000 list levels, one level deeper on each line', (t) => {
    const model = parseHostile(t, lines(10_000, (i) => '  '.repeat(i) + `- p.${(i % 900) + 1} 질문?`));
    assert.equal(model.lineCount, 10_000);
    assert.match(model.warnings.join('\n'), /reduced mode/);
  });

  it('40 list levels (the deepest read in full) under a question section', (t) => {
    const model = parseHostile(t, '## 궁금해요\n' + lines(40, (i) => '  '.repeat(i) + `- p.${i + 1} 질문 ${i}`));
    assert.deepEqual(model.warnings, []);
    assert.equal(model.pageRefs.length, 40);
    assert.equal(model.questions.length, 1); // the deeper items answer the first
  });

  it('50,000 headings', (t) => {
    const model = parseHostile(t, lines(50_000, (i) => `${'#'.repeat((i % 6) + 1)} ${i % 7 === 0 ? `${i}장` : `절 ${i}`} p.${(i % 900) + 1} 왜?`));
    assert.equal(model.headings.length, 50_000);
    assert.equal(model.questions.length, 50_000);
    assert.equal(model.pageRefs.length, 50_000);
  });

  it('a 20 MB notes file (real notes repeated) is read in reduced mode, and says so', (t) => {
    const sample = corpusSample(30);
    const parts: string[] = [];
    for (let i = 0, bytes = 0; bytes < 20_000_000; i++) {
      parts.push(sample[i % sample.length].text);
      bytes += Buffer.byteLength(parts[parts.length - 1]) + 1;
    }
    const model = parseHostile(t, parts.join('\n'));
    assert.match(model.warnings[0], /^The file is \d+\.\d million characters: read line by line \(reduced mode\)/);
    assert.ok(model.questions.length > 1_000 && model.pageRefs.length > 1_000, `${model.questions.length} questions, ${model.pageRefs.length} refs`);
  });
});

describe('hostile files on disk: refused or skipped with a reason, never a hang', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-hostile-'));
    fs.writeFileSync(path.join(dir, 'normal.md'), '# 1장\n- p.3 왜?\n');
    // A PNG image named .md.
    fs.writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(2_000).fill(0), 0x49, 0x45, 0x4e, 0x44]));
    // Unreadable as notes even for root (chmod does not stop root): a FIFO, a directory and a
    // dangling symlink, each named like a notes file.
    execFileSync('mkfifo', [path.join(dir, 'x.md')]);
    fs.mkdirSync(path.join(dir, 'y.md'));
    fs.writeFileSync(path.join(dir, 'y.md', 'inside.md'), '- p.4 질문?\n');
    fs.symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'dangling.md'));
    // Symlink loops: a directory linking to its parent, and two files linking to each other.
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    fs.symlinkSync('b.md', path.join(dir, 'a.md'));
    fs.symlinkSync('a.md', path.join(dir, 'b.md'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a binary file named .md is refused as binary', () => {
    assert.deepEqual(readNotesFile(path.join(dir, 'binary.md')), { ok: false, error: 'binary file (contains NUL bytes), skipped' });
  });

  it('a FIFO, a directory and a dangling symlink named .md are refused at once (the FIFO is never opened)', () => {
    const { value, wallMs } = timed(() => ['x.md', 'y.md', 'dangling.md', 'a.md'].map((name) => readNotesFile(path.join(dir, name))));
    assert.deepEqual(value, [
      { ok: false, error: 'not a regular file' },
      { ok: false, error: 'not a regular file' },
      { ok: false, error: 'no such file or directory' },
      { ok: false, error: 'symbolic link loop' },
    ]);
    assert.ok(wallMs < 5_000, `${wallMs} ms`);
  });

  it('the walk ends despite the loops, reports the broken links, and finds the notes inside y.md/', () => {
    const { value: walked, wallMs } = timed(() => walkNotes([dir]));
    const rel = (file: string) => path.relative(dir, file).split(path.sep).join('/');
    assert.ok(wallMs < 10_000, `${wallMs} ms`);
    assert.deepEqual(walked.files.map(rel).sort(), ['binary.md', 'normal.md', 'x.md', 'y.md/inside.md']);
    assert.deepEqual(walked.errors.map((e) => `${rel(e.path)}: ${e.error}`).sort(), ['a.md: symbolic link loop', 'b.md: symbolic link loop', 'dangling.md: no such file or directory']);
  });

  it('a file deleted between the walk and the parse is reported missing, not thrown', () => {
    const file = path.join(dir, 'gone.md');
    fs.writeFileSync(file, '- p.5 왜?');
    fs.rmSync(file);
    assert.deepEqual(parseFileForIndex({ file, uri: 'file:///gone.md', notesPath: 'gone.md' }), { uri: 'file:///gone.md', ok: false, error: 'no such file or directory' });
  });
});

describe('hostile settings: pattern values refused with a clear reason, matching stays fast', () => {
  for (const { name, value, reason } of REFUSED_PATTERNS) {
    it(`refuses ${name}`, () => {
      assert.match(patternProblem(value) ?? 'accepted', reason);
      const { settings, problems } = resolveSettings({ include: ['**/*.md', value], exclude: [value] });
      assert.deepEqual(settings.include, ['**/*.md']);
      assert.deepEqual(settings.exclude, []);
      assert.equal(problems.length, 2);
      assert.match(problems[0], /^marginalia\.include: .*; pattern ignored\.$/);
      assert.match(problems[1], /^marginalia\.exclude: .*; pattern ignored\.$/);
    });
  }

  it('refuses a pattern list that is not a list', () => {
    const { settings, problems } = resolveSettings({ include: '**/*.md', exclude: 7 });
    assert.deepEqual([settings.include, settings.exclude], [['**/*.md', '**/*.markdown'], []]);
    assert.deepEqual(problems, ['marginalia.include must be a list of glob patterns; using the default.', 'marginalia.exclude must be a list of glob patterns; using the default.']);
  });

  it('the largest patterns it accepts still match long paths quickly', () => {
    const accepted = ['**/'.repeat(8) + '*.md', '{a,{b,{c,{d,{e,{f,{g,{h,x}}}}}}}}/**/*.md', '**/' + 'ab'.repeat(140) + '*.md', '[' + 'a-z'.repeat(90) + ']/**'];
    for (const pattern of accepted) assert.equal(patternProblem(pattern), undefined, pattern);
    const filter = pathFilter(accepted, accepted.slice(1));
    const paths = ['a/'.repeat(100) + 'x.md', 'ab'.repeat(200) + '.md', '한글/'.repeat(50) + 'x.markdown', 'x'.repeat(4_000)];
    const { wallMs } = timed(() => paths.forEach((p) => filter.matches(p)));
    assert.ok(wallMs < 2_000, `${wallMs} ms`);
  });
});
