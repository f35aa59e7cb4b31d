#!/usr/bin/env node
// Self-test of test/vscode/launcher: builds the probe's copy of the screenshot helper, runs the probe
// extension's mocha suite inside real VS Code (code-server + chromium) via run.mjs on a temp copy
// of probe/workspace, and checks that the exit code is 0 and the requested screenshot exists.
//
//   node test/vscode/probe/selftest.mjs [--display-language ko] [--keep-temp] [--verbose]
// (run test/vscode/launcher/install.sh first)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const PROBE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(PROBE, '../../..');
const LAUNCHER = path.join(ROOT, 'test', 'vscode', 'launcher');
const t0 = Date.now();

// 1. screenshot.ts -> probe/out/screenshot.js (CommonJS, as a real suite's bundle would contain it).
const esbuild = createRequire(path.join(ROOT, 'package.json'))('esbuild');
await esbuild.build({
  entryPoints: [path.join(LAUNCHER, 'screenshot.ts')],
  outfile: path.join(PROBE, 'out', 'screenshot.js'),
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
});

// 2. a throwaway workspace
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-probe-ws-'));
fs.cpSync(path.join(PROBE, 'workspace'), workspace, { recursive: true });
const screenshots = path.join(ROOT, '.cache', 'screenshots', 'probe');
fs.rmSync(path.join(screenshots, 'probe-notes.png'), { force: true });

// 3. run
const passthrough = process.argv.slice(2);
const lang = passthrough.indexOf('--display-language');
const env = { ...process.env };
if (lang >= 0) env.MARGINALIA_PROBE_LANGUAGE = passthrough[lang + 1];
const args = [
  path.join(LAUNCHER, 'run.mjs'),
  '--extension', PROBE,
  '--tests', path.join(PROBE, 'test', 'index.js'),
  '--workspace', workspace,
  '--screenshots', screenshots,
  '--timeout', '300',
  '--env', 'MARGINALIA_PROBE_ENV=hello from the launcher',
  ...(lang >= 0 ? ['--env', `MARGINALIA_PROBE_LANGUAGE=${passthrough[lang + 1]}`] : []),
  ...passthrough,
];
const child = spawn(process.execPath, args, { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig)); // run.mjs cleans up
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 130 : 1))));
fs.rmSync(workspace, { recursive: true, force: true });

// 4. verdict
const png = path.join(screenshots, 'probe-notes.png');
let ok = code === 0;
if (ok && !(fs.existsSync(png) && fs.statSync(png).size > 10_000)) {
  console.error(`[selftest] missing or tiny screenshot ${png}`);
  ok = false;
}
console.log(`[selftest] ${ok ? 'PASS' : 'FAIL'}: run.mjs exit ${code}, screenshot ${png}, ${((Date.now() - t0) / 1000).toFixed(1)}s`);
process.exit(ok ? 0 : code || 1);
