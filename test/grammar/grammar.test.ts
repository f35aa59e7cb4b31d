// The injection grammars under a real TextMate engine: every syntax test file beside this one
// (vscode-tmgrammar-test format), the wiring in package.json, and the generated JSON being current.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index.js';
import type { GrammarTestCase, TestFailure } from 'vscode-tmgrammar-test/dist/unit/model.js';
import { INJECTIONS, MARKDOWN, markdownGrammar, markdownRegistry, SYNTAXES } from './engine.ts';
import { PROJECT_ROOT } from '../support/shared.ts';

const HERE = path.join(PROJECT_ROOT, 'test', 'grammar');
const PAGE = 'constant.numeric.page-reference.marginalia';

/**
 * Runs one syntax test with our engine. The runner is typed against the vscode-textmate it ships
 * with (7.x); it only calls `loadGrammar` and `tokenizeLine`, which 9.x (VS Code's) has alike.
 */
function runCase(testCase: GrammarTestCase): Promise<TestFailure[]> {
  return runGrammarTestCase(markdownRegistry() as unknown as Parameters<typeof runGrammarTestCase>[0], testCase);
}

function syntaxTestFiles(): string[] {
  return fs
    .readdirSync(HERE)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

/** One failure as the vscode-tmgrammar-test CLI would print it: where, the source, what is wrong. */
function describeFailure(file: string, testCase: GrammarTestCase, f: TestFailure): string {
  const source = testCase.source[f.srcLine] ?? '';
  const what = [
    f.missing.length ? `missing ${f.missing.join(' ')}` : '',
    f.unexpected.length ? `unexpected ${f.unexpected.join(' ')}` : '',
  ].filter(Boolean);
  return `${file}:${f.line + 1} [${f.start},${f.end}) ${JSON.stringify(source.slice(f.start, f.end))} in ${JSON.stringify(source)}: ${what.join('; ')} (actual: ${f.actual.join(' ')})`;
}

describe('syntax tests (test/grammar/*.md) under vscode-textmate + Oniguruma', () => {
  before(async () => {
    await markdownGrammar(); // load once, so a broken grammar fails here with its own message
  });

  const files = syntaxTestFiles();
  it('finds the syntax test files', () => {
    assert.ok(files.length >= 5, `syntax test files in ${HERE}: ${files.join(', ')}`);
  });

  for (const file of files) {
    it(file, async () => {
      const testCase = parseGrammarTestCase(fs.readFileSync(path.join(HERE, file), 'utf8'));
      assert.equal(testCase.metadata.scope, MARKDOWN);
      const assertions = testCase.assertions.reduce((n, line) => n + line.scopeAssertions.length, 0);
      assert.ok(assertions >= 3, `${file} asserts something (${assertions} assertions)`);
      const failures = await runCase(testCase);
      assert.deepEqual(failures.map((f) => describeFailure(file, testCase, f)), []);
    });
  }

  it('reports a wrong expectation (the runner can fail)', async () => {
    const testCase = parseGrammarTestCase(
      [
        '<!-- SYNTAX TEST "text.html.markdown" "deliberately wrong"',
        '- 지연 시간 p95 와 (p.45)',
        `<!--    ^^^ ${PAGE}`,
        `<!--           ^^^^ - ${PAGE}`,
      ].join('\n'),
    );
    const failures = await runCase(testCase);
    assert.deepEqual(
      failures.map((f) => ({ missing: f.missing, unexpected: f.unexpected })),
      [
        { missing: [PAGE], unexpected: [] },
        { missing: [], unexpected: [PAGE] },
      ],
    );
  });
});

describe('grammar files', () => {
  it('are generated from syntaxes/build-grammars.mjs and current', () => {
    const run = spawnSync(process.execPath, [path.join(SYNTAXES, 'build-grammars.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  it('are contributed by package.json and injected into Markdown', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      contributes?: { grammars?: Array<{ scopeName?: string; path?: string; injectTo?: string[] }> };
    };
    const contributed = manifest.contributes?.grammars ?? [];
    for (const expected of INJECTIONS) {
      const entry = contributed.find((g) => g.scopeName === expected.scopeName);
      assert.ok(entry, `package.json contributes.grammars has ${expected.scopeName}`);
      assert.equal(path.normalize(entry.path ?? ''), path.normalize(expected.path));
      assert.deepEqual(entry.injectTo, [MARKDOWN]);
      const grammar = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, expected.path), 'utf8')) as { scopeName: string };
      assert.equal(grammar.scopeName, expected.scopeName);
    }
  });
});
