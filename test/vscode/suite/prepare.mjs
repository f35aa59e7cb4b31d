// What both launchers of the real-VS-Code suite share (test/vscode/run.mjs for code-server,
// test/vscode/electron.mjs for @vscode/test-electron): building the extension and the suite, the
// throwaway workspace, and the user settings the suite expects.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SUITE = path.join(ROOT, 'test', 'vscode', 'suite');
/** Compiled suites (gitignored `out/`), one folder per run: index.js plus one bundle per test file. */
export const OUT = path.join(ROOT, 'test', 'vscode', 'out');

/**
 * User settings of a run. `marginalia.author` is what Insert Quote / Insert Answer write in
 * (editing.test.ts checks it); no minimap, for readable screenshots.
 */
export const SETTINGS = {
  'marginalia.author': '은정',
  'editor.minimap.enabled': false,
};

/** dist/client.js and dist/server.js from the current sources (the project's esbuild.mjs). */
export function buildExtension() {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${result.status ?? result.signal})`);
}

/**
 * Bundles the suite into a fresh folder under test/vscode/out: one CommonJS file per entry, with
 * `vscode` (the host's) and `mocha` (resolved from the repo's node_modules at run time) left
 * external. The launcher's screenshot helper is bundled in. A folder per run, because several
 * people may run the lane in one work tree at once. Returns the path of index.js.
 */
export async function buildSuite() {
  const esbuild = createRequire(path.join(ROOT, 'package.json'))('esbuild');
  fs.mkdirSync(OUT, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(OUT, 'run-'));
  const entryPoints = fs
    .readdirSync(SUITE)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => path.join(SUITE, name));
  await esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

/** Removes a compiled suite made by buildSuite. */
export function removeSuite(index) {
  fs.rmSync(path.dirname(index), { recursive: true, force: true });
}

/**
 * A fresh copy of examples/ (the suite edits and saves files; examples/ itself stays untouched),
 * in a folder with a Korean name, as a study group's repository may have: the workbench shows it,
 * and every URI the suite handles goes through percent-encoding.
 */
export function makeWorkspace() {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-suite-ws-'));
  const workspace = path.join(parent, '데이터-중심-스터디');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  return workspace;
}

/** Removes a workspace made by makeWorkspace (its temp parent too). */
export function removeWorkspace(workspace) {
  fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
}
