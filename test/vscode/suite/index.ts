// Entry of the real-VS-Code suite (the `extensionTestsPath` of both launchers): runs the compiled
// test files with mocha inside the extension host and settles when they are done. Same contract as
// @vscode/test-electron: `run()` resolves when every test passed and rejects otherwise.
//
// Files run in this order: views and language features first, edits next (each puts its file
// back), the screenshots, and last the server crash, which restarts the server under the others.
import * as path from 'node:path';
import Mocha from 'mocha';

export const FILES = [
  'tree.test.js',
  'languageFeatures.test.js',
  'diagnostics.test.js',
  'editing.test.js',
  'statusBar.test.js',
  'screenshots.test.js',
  'recovery.test.js',
];

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    // One test may wait on the server several times (each wait is bounded by itself).
    timeout: 120_000,
    // `MARGINALIA_TEST_GREP` (run.mjs --grep) runs a subset while working on one test.
    ...(process.env.MARGINALIA_TEST_GREP ? { grep: process.env.MARGINALIA_TEST_GREP } : {}),
  });
  for (const file of FILES) mocha.addFile(path.join(__dirname, file));
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`[suite] ${failures ? `${failures} failing` : 'all passing'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      // The plain summary line CI reads, whichever launcher ran the suite.
      console.log(`vscode: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}
