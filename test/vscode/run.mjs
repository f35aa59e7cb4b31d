#!/usr/bin/env node
// The real-VS-Code lane: builds the extension (dist/) and the suite (test/vscode/out/), copies
// examples/ to a temp workspace, and runs the suite in code-server + chromium through
// test/vscode/launcher/run.mjs, with a Korean UI and the settings the suite expects.
//
//   node test/vscode/run.mjs [--display-language ko|en] [--grep <regexp>] [--screenshots <dir>]
//        [--docs-screenshots] [--no-build] [--timeout <s>] [--keep-temp] [--verbose]
//
// --docs-screenshots copies the suite's screenshots to docs/screenshots/ after a passing run
// (through pngquant when installed). Check each picture before committing it.
// Run test/vscode/launcher/install.sh --korean-fonts first (`npm run test:vscode` does both).
// Exit code: the launcher's (0 = all tests passed).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, SETTINGS, buildExtension, buildSuite, makeWorkspace, removeSuite, removeWorkspace } from './suite/prepare.mjs';

/** The screenshots the suite takes, as committed under docs/screenshots/. */
const DOC_SCREENSHOTS = ['chapter-tree', 'outline', 'hover', 'problems'];

const { values: args } = parseArgs({
  options: {
    'display-language': { type: 'string', default: 'ko' },
    grep: { type: 'string' },
    screenshots: { type: 'string', default: path.join(ROOT, '.cache', 'screenshots', 'suite') },
    'docs-screenshots': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '300' },
    'keep-temp': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const t0 = Date.now();
const say = (msg) => console.log(`[vscode-suite ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

if (!args['no-build']) {
  buildExtension();
  say('built dist/');
}
const tests = await buildSuite();
say(`built the suite into ${path.relative(ROOT, path.dirname(tests))}/`);

const workspace = makeWorkspace();
const screenshots = path.resolve(args.screenshots);
fs.mkdirSync(screenshots, { recursive: true });
for (const name of DOC_SCREENSHOTS) fs.rmSync(path.join(screenshots, `${name}.png`), { force: true });

const launcherArgs = [
  path.join(ROOT, 'test', 'vscode', 'launcher', 'run.mjs'),
  '--extension', ROOT,
  '--tests', tests,
  '--workspace', workspace,
  '--screenshots', screenshots,
  '--timeout', args.timeout,
  ...(args['display-language'] ? ['--display-language', args['display-language']] : []),
  ...Object.entries(SETTINGS).flatMap(([key, value]) => ['--setting', `${key}=${JSON.stringify(value)}`]),
  ...(args.grep ? ['--env', `MARGINALIA_TEST_GREP=${args.grep}`] : []),
  ...(args['keep-temp'] ? ['--keep-temp'] : []),
  ...(args.verbose ? ['--verbose'] : []),
];
const child = spawn(process.execPath, launcherArgs, { stdio: 'inherit' });
// The launcher cleans up code-server and chromium on these signals; pass them on and wait.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 130 : 1))));

if (args['keep-temp']) say(`kept the workspace ${workspace} and the compiled suite ${path.dirname(tests)}`);
else {
  removeWorkspace(workspace);
  removeSuite(tests);
}

if (code === 0 && args['docs-screenshots']) {
  const docs = path.join(ROOT, 'docs', 'screenshots');
  fs.mkdirSync(docs, { recursive: true });
  for (const name of DOC_SCREENSHOTS) copyScreenshot(path.join(screenshots, `${name}.png`), path.join(docs, `${name}.png`));
  say(`wrote ${DOC_SCREENSHOTS.map((n) => `docs/screenshots/${n}.png`).join(', ')}`);
}
say(`done (exit ${code})`);
process.exit(code);

/**
 * Copies a screenshot into docs/, through pngquant when it is installed (apt-get install pngquant):
 * a 1440x900 workbench PNG drops from ~350 KB to ~120 KB with no visible change to the text.
 */
function copyScreenshot(from, to) {
  const quantized = spawnSync('pngquant', ['--quality=70-95', '--speed', '1', '--strip', '--force', '--output', to, from], { stdio: 'inherit' });
  if (quantized.status === 0) return;
  if (quantized.error?.code === 'ENOENT') say(`pngquant not found: ${path.basename(to)} copied as is (apt-get install pngquant makes it ~3x smaller)`);
  else say(`pngquant failed on ${path.basename(from)}: copied as is`);
  fs.copyFileSync(from, to);
}
