// Screenshot hook for integration tests run by test/vscode/launcher/run.mjs.
//
// Bundle this into the test module (it only uses node:fs / node:path). Inside the extension host,
// `await takeScreenshot('hover-on-page-ref')` asks the launcher, which owns the browser page, for a
// PNG of the whole workbench: the test writes `<name>.request` into $MARGINALIA_SCREENSHOT_DIR, the
// launcher (polling that folder) saves `<--screenshots dir>/<name>.png` and answers with
// `<name>.done` (containing the PNG path) or `<name>.error`.
//
// Outside the launcher (e.g. under @vscode/test-electron) MARGINALIA_SCREENSHOT_DIR is unset and
// this is a logged no-op, so the same suite runs in both lanes.
import * as fs from 'node:fs';
import * as path from 'node:path';

const POLL_MS = 100;

export async function takeScreenshot(name: string, timeoutMs = 30_000): Promise<void> {
  const dir = process.env.MARGINALIA_SCREENSHOT_DIR;
  if (!dir) {
    console.log(`[screenshot] skipped "${name}": MARGINALIA_SCREENSHOT_DIR is not set (not running under test/vscode/launcher)`);
    return;
  }
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'screenshot';
  const request = path.join(dir, `${safe}.request`);
  const done = path.join(dir, `${safe}.done`);
  const error = path.join(dir, `${safe}.error`);
  await fs.promises.rm(done, { force: true });
  await fs.promises.rm(error, { force: true });
  // Write-then-rename so the launcher never sees a half-written request.
  const tmp = path.join(dir, `${safe}.${process.pid}.tmp`);
  await fs.promises.writeFile(tmp, new Date().toISOString());
  await fs.promises.rename(tmp, request);

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(done)) {
      const png = (await fs.promises.readFile(done, 'utf8')).trim();
      await fs.promises.rm(done, { force: true });
      console.log(`[screenshot] ${safe}: ${png}`);
      return;
    }
    if (fs.existsSync(error)) {
      const msg = await fs.promises.readFile(error, 'utf8');
      await fs.promises.rm(error, { force: true });
      throw new Error(`screenshot "${safe}" failed in the launcher: ${msg}`);
    }
    if (Date.now() > deadline) {
      await fs.promises.rm(request, { force: true });
      throw new Error(`screenshot "${safe}": no answer from the launcher within ${timeoutMs / 1000}s (is run.mjs polling ${dir}?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
