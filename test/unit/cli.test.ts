// The `marginalia` command line, run as a user runs it: the built bundle in a child process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT, SHARED_DIR } from '../support/shared.ts';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

function marginalia(args: string[], cwd = PROJECT_ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function notesFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(?:md|markdown)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('marginalia CLI', () => {
  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is built by `npm run build` (part of `npm test`)'));

  it('gives a result for every file of ../shared/corpus without crashing', () => {
    const corpus = path.join(SHARED_DIR, 'corpus');
    const { code, stdout, stderr } = marginalia(['check', '--format', 'json', corpus]);
    assert.equal(code, 0, stderr);
    const files = (JSON.parse(stdout) as { files: Array<{ path: string; questions: unknown[] }> }).files;
    const expected = notesFilesUnder(corpus).length;
    assert.ok(expected > 1000, `corpus has ${expected} notes files`);
    assert.equal(files.length, expected, stderr);
    const questions = files.reduce((n, f) => n + f.questions.length, 0);
    console.log(`corpus: ${files.length} files, ${questions} questions`);
  });

  it('prints compiler-style findings and a summary; --fail-on unanswered sets the exit code', () => {
    const plain = marginalia(['check', '../shared/seeds/002_f9174dd6671af7b8.md'], PROJECT_ROOT);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /^\.\.\/shared\/seeds\/002_f9174dd6671af7b8\.md:145:3: warning: Unanswered question on p\.11 \[unanswered\]$/m);
    assert.match(plain.stdout, /^1 file: 17 page references, \d+ questions \(4 unanswered\)$/m);
    const failing = marginalia(['check', '--fail-on', 'unanswered', '../shared/seeds/002_f9174dd6671af7b8.md']);
    assert.equal(failing.code, 1);
  });

  it('prints the issue’s JSON shape with 1-based positions and paths as given', () => {
    const { stdout } = marginalia(['check', '--format=json', 'examples/ch02/지민.md']);
    const [file] = JSON.parse(stdout).files;
    assert.equal(file.path, 'examples/ch02/지민.md');
    assert.equal(file.title, '데이터 중심 2장');
    assert.deepEqual(Object.keys(file.chapters[0]).slice(0, 4), ['id', 'title', 'line', 'source']);
    assert.deepEqual(file.pageRefs[0], { line: 13, column: 3, start: 56, end: 56, text: 'p.56' });
    const question = file.questions.find((q: { line: number }) => q.line === 14);
    assert.equal(question.answered, true);
    assert.deepEqual(question.addressees, ['박은정']);
    assert.deepEqual(Object.keys(file.diagnostics[0]), ['line', 'column', 'severity', 'code', 'message']);
  });

  it('prints the page index across files in page order', () => {
    const { code, stdout } = marginalia(['pages', 'examples']);
    assert.equal(code, 0);
    const pages = [...stdout.matchAll(/^p\.(\d+)$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(pages, [...pages].sort((a, b) => a - b));
    // Page 12 is annotated in two members' files of chapter 1.
    const p12 = stdout.split(/^p\.12$/m)[1].split(/^p\.\d+$/m)[0];
    assert.match(p12, /examples\/ch01\/지민\.md:\d+/);
    assert.match(p12, /examples\/ch01\/haruto\.md:\d+/);
  });

  it('reports a missing path, a binary file and a dangling link, and still reads the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-cli-'));
    fs.writeFileSync(path.join(dir, 'good.md'), '# 1장\n\n- p.3 무엇일까?\n');
    fs.writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0]));
    fs.symlinkSync(path.join(dir, 'gone.md'), path.join(dir, 'dangling.md'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    const { code, stdout, stderr } = marginalia(['check', dir, path.join(dir, 'missing')]);
    assert.equal(code, 0);
    assert.match(stdout, /good\.md:3:3: warning: Unanswered question on p\.3 \[unanswered\]/);
    assert.match(stderr, /binary\.md: error: binary file/);
    assert.match(stderr, /missing: error: no such file or directory/);
    assert.match(stderr, /dangling\.md: error: no such file or directory/);
    assert.equal(stdout.match(/good\.md:3:3/g)?.length, 1, 'the symlink loop is not followed twice');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects unknown options with usage and exit code 2', () => {
    const { code, stderr } = marginalia(['check', '--format', 'xml']);
    assert.equal(code, 2);
    assert.match(stderr, /--format must be text or json/);
  });
});
