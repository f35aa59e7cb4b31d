#!/usr/bin/env node
// Runs an extension's integration tests inside a real VS Code: code-server (VS Code 1.139 server +
// workbench, real Node extension host) driven by Debian's chromium through playwright-core.
// See /work/shared/docs/real-vscode-tests.md and test/vscode/launcher/README.md.
//
//   node test/vscode/launcher/run.mjs --extension <abs ext dev folder> --tests <abs compiled test module>
//        --workspace <abs folder> [--timeout 600] [--screenshots <dir>] [--display-language ko]
//        [--setting key=<json>]... [--env KEY=VALUE]... [--keep-temp] [--verbose]
//
// Exit code: the test module's exit code (0 = passed); 1 on launcher errors, 124 on timeout,
// 130 on SIGINT/SIGTERM.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const CACHE = process.env.MARGINALIA_VSCODE_CACHE || path.join(ROOT, '.cache', 'code-server');
const INSTALL_HINT = 'run test/vscode/launcher/install.sh';
const T0 = Date.now();

// Workbench chatter that says nothing about the tests; shown only with --verbose.
const NOISE = [
  /^(Resolving|Resolved) connection token/, /^Creating a socket/, /^\[reconnection-grace-time\]/,
  /^\[Service Worker\]/, /^\[AgentHost/, /^\[AccountPolicyGate\]/, /additional builtin extensions/,
  /open-vsx\.org/, /No extension gallery service configured/,
];

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
];

// ------------------------------------------------------------------------------------------ utils
const since = (t = T0) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const say = (msg) => process.stdout.write(`[launcher ${since()}] ${msg}\n`);
const warn = (msg) => process.stderr.write(`[launcher ${since()}] ${msg}\n`);

class LauncherError extends Error {
  constructor(message, exitCode = 1) { super(message); this.exitCode = exitCode; }
}

function usage(msg) {
  if (msg) process.stderr.write(`error: ${msg}\n\n`);
  process.stderr.write(`usage: node test/vscode/launcher/run.mjs --extension <dir> --tests <module.js> --workspace <dir>
         [--timeout <seconds, default 600>] [--screenshots <dir>] [--display-language <locale>]
         [--setting key=<json>]... [--env KEY=VALUE]... [--keep-temp] [--verbose]
`);
  process.exit(2);
}

/** Polls `fn` until it returns a truthy value; throws `what` after `timeoutMs`. */
async function waitFor(what, timeoutMs, fn, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new LauncherError(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new LauncherError(`${what}: timed out after ${ms / 1000}s`)), ms); }),
  ]);
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch { /* next */ }
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Pids of live processes whose command line mentions `needle` (our unique temp dir). */
function pidsMentioning(needle) {
  const out = [];
  for (const ent of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(ent) || Number(ent) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${ent}/cmdline`, 'utf8');
      if (cmd.includes(needle)) out.push(Number(ent));
    } catch { /* gone */ }
  }
  return out;
}

function tail(file, lines) {
  try {
    const all = fs.readFileSync(file, 'utf8').split('\n');
    return all.slice(-lines).join('\n');
  } catch (e) { return `(cannot read ${file}: ${e.message})`; }
}

/**
 * VS Code only switches its display language (vscode.env.language, and with it the extension's
 * package.nls.<lang>.json and l10n/bundle.l10n.<lang>.json) when a language pack for it is
 * installed, and none can be downloaded here. So install a stub language pack: it declares the
 * locale and translates nothing, which leaves VS Code's own UI in English but makes VS Code run in
 * that locale for the extension under test.
 */
async function setUpDisplayLanguage(locale, userData, extensionsDir) {
  await fsp.writeFile(path.join(userData, 'User', 'argv.json'), JSON.stringify({ locale }, null, 2));
  const id = `marginalia-test.stub-language-pack-${locale.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  const dir = path.join(extensionsDir, `${id}-0.0.1`);
  await fsp.mkdir(path.join(dir, 'translations'), { recursive: true });
  const [publisher, name] = id.split('.');
  await fsp.writeFile(path.join(dir, 'package.json'), JSON.stringify({
    name, publisher, version: '0.0.1', engines: { vscode: '*' }, categories: ['Language Packs'],
    contributes: {
      localizations: [{
        languageId: locale, languageName: locale, localizedLanguageName: locale,
        translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
      }],
    },
  }, null, 2));
  const translations = path.join(dir, 'translations', 'main.i18n.json');
  await fsp.writeFile(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  // The server resolves the locale through <user-data>/languagepacks.json, which it only writes on
  // extension install events; write it up front (same shape VS Code writes).
  await fsp.writeFile(path.join(userData, 'languagepacks.json'), JSON.stringify({
    [locale]: {
      hash: `stub${Date.now()}`,
      label: locale,
      extensions: [{ extensionIdentifier: { id }, version: '0.0.1' }],
      translations: { vscode: translations },
    },
  }, null, 2));
}

// ------------------------------------------------------------------------------------------ args
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      extension: { type: 'string' },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      screenshots: { type: 'string' },
      'display-language': { type: 'string' },
      setting: { type: 'string', multiple: true, default: [] },
      env: { type: 'string', multiple: true, default: [] },
      'keep-temp': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (e) { usage(e.message); }
if (args.help) usage();
for (const k of ['extension', 'tests', 'workspace']) if (!args[k]) usage(`--${k} is required`);
const extensionPath = path.resolve(args.extension);
const testsPath = path.resolve(args.tests);
const workspacePath = path.resolve(args.workspace);
const timeoutMs = Number(args.timeout) * 1000;
if (!(timeoutMs > 0)) usage(`--timeout must be a positive number of seconds, got ${args.timeout}`);
const screenshotsDir = path.resolve(args.screenshots || path.join(ROOT, '.cache', 'screenshots'));

const settings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};
for (const s of args.setting) {
  const eq = s.indexOf('=');
  if (eq <= 0) usage(`--setting expects key=<json>, got ${s}`);
  const key = s.slice(0, eq), raw = s.slice(eq + 1);
  try { settings[key] = JSON.parse(raw); } catch { settings[key] = raw; } // bare words are strings
}
const extraEnv = {};
for (const e of args.env) {
  const eq = e.indexOf('=');
  if (eq <= 0) usage(`--env expects KEY=VALUE, got ${e}`);
  extraEnv[e.slice(0, eq)] = e.slice(eq + 1);
}

// ------------------------------------------------------------------------------------------ state
const state = {
  tmp: undefined, csLog: undefined, server: undefined, browser: undefined, browserPid: undefined,
  page: undefined, pollTimer: undefined, cleaning: undefined, failed: false, interrupted: false, cleaned: false,
};

async function cleanup() {
  if (state.cleaning) return state.cleaning;
  state.cleaning = (async () => {
    clearInterval(state.pollTimer);
    // Browser: polite close, then SIGKILL its process group (playwright starts it detached).
    if (state.browser) {
      try { await withTimeout(state.browser.close(), 10_000, 'browser.close()'); } catch (e) { warn(e.message); }
    }
    if (state.browserPid && isAlive(state.browserPid)) {
      try { process.kill(-state.browserPid, 'SIGKILL'); } catch { try { process.kill(state.browserPid, 'SIGKILL'); } catch { /* gone */ } }
    }
    // code-server: SIGTERM its process group (server, extension host, pty host, watchers), wait, SIGKILL.
    const srv = state.server;
    if (srv && srv.exitCode === null && srv.signalCode === null) {
      try { process.kill(-srv.pid, 'SIGTERM'); } catch { /* gone */ }
      try {
        await waitFor('code-server to exit', 5_000, () => srv.exitCode !== null || srv.signalCode !== null || !isAlive(srv.pid), 50);
      } catch {
        try { process.kill(-srv.pid, 'SIGKILL'); } catch { /* gone */ }
      }
    }
    // Stragglers that left the group (setsid'ed helpers) still carry our temp dir in their argv.
    if (state.tmp) {
      for (const pid of pidsMentioning(state.tmp)) {
        try { process.kill(pid, 'SIGKILL'); warn(`killed leftover process ${pid}`); } catch { /* gone */ }
      }
    }
    if (state.failed && state.csLog) {
      warn(`---- last 80 lines of the code-server log (${state.csLog}) ----`);
      process.stderr.write(tail(state.csLog, 80) + '\n');
      warn('---- end of code-server log ----');
    }
    if (state.tmp) {
      if (args['keep-temp'] || state.failed) warn(`kept temp dir ${state.tmp} (code-server log, user data, workbench logs)`);
      else await fsp.rm(state.tmp, { recursive: true, force: true }).catch(() => {});
    }
    state.cleaned = true;
  })();
  return state.cleaning;
}

// Last resort if the process dies without running cleanup(): kill the groups synchronously.
process.on('exit', () => {
  if (state.cleaned) return;
  for (const pid of [state.browserPid, state.server?.pid]) {
    if (pid && isAlive(pid)) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
  }
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (state.interrupted) return;
    warn(`${sig}: stopping code-server and the browser`);
    state.failed = true;
    state.interrupted = true;
    const hardExit = setTimeout(() => process.exit(130), 20_000);
    hardExit.unref();
    cleanup().finally(() => process.exit(130));
  });
}

// ------------------------------------------------------------------------------------------ main
async function main() {
  // ---- preflight
  const node24 = path.join(CACHE, 'node24', 'node_modules', 'node', 'bin', 'node');
  const entry = path.join(CACHE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(node24) || !fs.existsSync(entry)) {
    throw new LauncherError(`code-server not installed in ${CACHE}: ${INSTALL_HINT}`);
  }
  const chromium = process.env.CHROMIUM_PATH || which('chromium');
  if (!chromium) throw new LauncherError(`chromium not found on PATH: ${INSTALL_HINT}`);
  let playwright;
  try {
    playwright = createRequire(path.join(ROOT, 'package.json'))('playwright-core');
  } catch (e) {
    throw new LauncherError(`playwright-core not resolvable from ${ROOT}: run npm install (${e.message})`);
  }
  for (const [flag, p, kind] of [['--extension', extensionPath, 'dir'], ['--tests', testsPath, 'any'], ['--workspace', workspacePath, 'dir']]) {
    let st;
    try { st = fs.statSync(p); } catch { throw new LauncherError(`${flag} ${p} does not exist`); }
    if (kind === 'dir' && !st.isDirectory()) throw new LauncherError(`${flag} ${p} is not a directory`);
  }
  if (!fs.existsSync(path.join(extensionPath, 'package.json'))) {
    throw new LauncherError(`--extension ${extensionPath} has no package.json`);
  }

  // ---- temp dirs
  state.tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'marginalia-vscode-'));
  const userData = path.join(state.tmp, 'user-data');
  const extensionsDir = path.join(state.tmp, 'extensions');
  const xdg = path.join(state.tmp, 'xdg');
  const requestDir = path.join(state.tmp, 'screenshot-requests');
  const workbenchLogs = path.join(state.tmp, 'workbench-logs');
  state.csLog = path.join(state.tmp, 'code-server.log');
  for (const d of [path.join(userData, 'User'), extensionsDir, xdg, path.join(state.tmp, 'tmp'), requestDir, screenshotsDir]) {
    await fsp.mkdir(d, { recursive: true });
  }
  await fsp.writeFile(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (args['display-language']) await setUpDisplayLanguage(args['display-language'], userData, extensionsDir);

  // ---- code-server
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const csArgs = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', path.join(state.tmp, 'config.yaml'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver',
    ...(args['display-language'] ? ['--locale', args['display-language']] : []),
    workspacePath,
  ];
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    // Leaking these from a calling VS Code / test-electron / tsx run confuses the server.
    if (/^(VSCODE_|ELECTRON_)/.test(k) || k === 'NODE_OPTIONS') delete env[k];
  }
  Object.assign(env, {
    PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH || ''}`,
    // Keep $HOME and /tmp clean: code-server writes config.yaml and coder-logs under XDG dirs,
    // @vscode/deviceid writes $XDG_CACHE_HOME/Microsoft, and the server leaves vscode-ipc-*.sock
    // in $TMPDIR. The extension host inherits these too (os.tmpdir() is inside the run's temp dir).
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    TMPDIR: path.join(state.tmp, 'tmp'),
    // No reachable extension gallery offline: an empty gallery config turns the open-vsx queries off.
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY || '{}',
    MARGINALIA_VSCODE_LAUNCHER: '1',
    MARGINALIA_SCREENSHOT_DIR: requestDir,
    ...extraEnv,
  });
  const logFd = fs.openSync(state.csLog, 'a');
  say(`starting code-server on ${origin} (log: ${state.csLog})`);
  state.server = spawn(node24, csArgs, { cwd: workspacePath, env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  let serverExit;
  const serverExited = new Promise((resolve) => state.server.on('exit', (code, sig) => { serverExit = { code, sig }; resolve(); }));
  state.server.on('error', (e) => warn(`code-server spawn error: ${e.message}`));
  if (args.verbose) {
    // Follow the log file (the server writes straight into it).
    let offset = 0, partial = '';
    const follow = setInterval(() => {
      try {
        const st = fs.statSync(state.csLog);
        if (st.size > offset) {
          const fd = fs.openSync(state.csLog, 'r');
          const buf = Buffer.alloc(st.size - offset);
          fs.readSync(fd, buf, 0, buf.length, offset); fs.closeSync(fd);
          offset = st.size;
          const lines = (partial + buf.toString('utf8')).split('\n');
          partial = lines.pop();
          for (const l of lines) if (l.trim()) process.stdout.write(`[code-server] ${l}\n`);
        }
      } catch { /* not yet */ }
    }, 250);
    follow.unref();
    serverExited.then(() => clearInterval(follow));
  }
  await waitFor('code-server to answer /healthz', 90_000, async () => {
    if (serverExit) throw new LauncherError(`code-server exited early (code ${serverExit.code}, signal ${serverExit.sig})`);
    return (await httpStatus(`${origin}/healthz`)) === 200;
  }, 200);
  say(`code-server is up (${since()})`);

  // ---- browser
  const browser = await playwright.chromium.launch({
    executablePath: chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    // Chromium keeps Crash Reports in $XDG_CONFIG_HOME/chromium and dconf in $XDG_CACHE_HOME.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(xdg, 'config'), XDG_CACHE_HOME: path.join(xdg, 'cache') },
    timeout: 60_000,
  });
  state.browser = browser;
  state.browserPid = browser.process?.()?.pid;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  state.page = page;

  let resolveExit, rejectExit;
  const exitCode = new Promise((resolve, reject) => { resolveExit = resolve; rejectExit = reject; });
  exitCode.catch(() => {}); // may reject before the final race subscribes
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    // Workbench logger and extension-host console output (mocha's reporter) arrive here with
    // printf-style args ('✔ %s (%dms)', title, ms).
    const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    if (!args.verbose && NOISE.some((re) => re.test(text))) return;
    (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', async (code, logs) => {
    try {
      for (const log of logs || []) {
        const p = path.join(workbenchLogs, log.relativePath);
        await fsp.mkdir(path.dirname(p), { recursive: true });
        await fsp.writeFile(p, log.contents);
      }
    } catch (e) { warn(`could not save workbench logs: ${e.message}`); }
    resolveExit(typeof code === 'number' ? code : 1);
  });
  page.on('crash', () => rejectExit(new LauncherError('the workbench page crashed')));
  browser.on('disconnected', () => rejectExit(new LauncherError('the browser disconnected')));
  if (args.verbose) {
    page.on('console', (m) => process.stdout.write(`[page ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => process.stdout.write(`[page error] ${e.message}\n`));
  }

  // ---- screenshots on request: the test writes <name>.request into MARGINALIA_SCREENSHOT_DIR
  let busy = false;
  state.pollTimer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const reqs = (await fsp.readdir(requestDir)).filter((f) => f.endsWith('.request')).sort();
      for (const req of reqs) {
        const name = req.slice(0, -'.request'.length);
        const png = path.join(screenshotsDir, `${name}.png`);
        await fsp.rm(path.join(requestDir, req), { force: true });
        try {
          await page.screenshot({ path: png, timeout: 30_000 });
          say(`screenshot ${png}`);
          await fsp.writeFile(path.join(requestDir, `${name}.done`), png);
        } catch (e) {
          warn(`screenshot ${name} failed: ${e.message}`);
          await fsp.writeFile(path.join(requestDir, `${name}.error`), String(e.message));
        }
      }
    } catch (e) { warn(`screenshot poll: ${e.message}`); }
    busy = false;
  }, 150);

  // ---- payload URL
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split('/').map(encodeURIComponent).join('/')}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `${origin}/?folder=${encodeURIComponent(workspacePath)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say(`opening workbench: extension ${extensionPath}, tests ${testsPath}, workspace ${workspacePath}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  // ---- wait for the result
  const remaining = Math.max(1_000, timeoutMs - (Date.now() - T0));
  let timer;
  const code = await Promise.race([
    exitCode,
    serverExited.then(() => { throw new LauncherError(`code-server exited during the run (code ${serverExit.code}, signal ${serverExit.sig})`); }),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new LauncherError(`tests did not finish within ${timeoutMs / 1000}s (--timeout)`, 124)), remaining);
    }),
  ]).finally(() => clearTimeout(timer));
  say(`tests finished with exit code ${code} in ${since()}`);
  return code;
}

let code;
try {
  code = await main();
  if (code !== 0) state.failed = true;
} catch (e) {
  if (state.interrupted) await new Promise(() => {}); // the signal handler cleans up and exits 130
  state.failed = true;
  code = e instanceof LauncherError ? e.exitCode : 1;
  warn(`ERROR: ${e instanceof LauncherError ? e.message : (e?.stack || e)}`);
  // A picture of what the workbench showed when it went wrong.
  if (state.page && !state.page.isClosed()) {
    const png = path.join(screenshotsDir, 'launcher-failure.png');
    try { await state.page.screenshot({ path: png, timeout: 10_000 }); warn(`failure screenshot: ${png}`); } catch { /* ignore */ }
  }
}
await cleanup();
say(`done (exit ${code}, ${since()})`);
process.exit(code);
