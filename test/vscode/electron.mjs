#!/usr/bin/env node
// The real-VS-Code suite under @vscode/test-electron, on a desktop VS Code you provide: the same
// compiled suite, workspace copy and settings as test/vscode/run.mjs (code-server), without the
// screenshots (`takeScreenshot` only logs there).
//
//   VSCODE_EXECUTABLE_PATH=/path/to/code node test/vscode/electron.mjs [--display-language ko] [--grep <regexp>] [--no-build]
//   (on Linux without a display: xvfb-run -a node test/vscode/electron.mjs)
//
// test-electron would download VS Code when no executable is given; this wrapper never does (this
// project's machines cannot reach the download server), so VSCODE_EXECUTABLE_PATH is required.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, SETTINGS, buildExtension, buildSuite, makeWorkspace, removeSuite, removeWorkspace } from './suite/prepare.mjs';

const { values: args } = parseArgs({
  options: {
    'display-language': { type: 'string' },
    grep: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

const executable = process.env.VSCODE_EXECUTABLE_PATH;
if (!executable) {
  console.error(`test/vscode/electron.mjs needs a desktop VS Code: set VSCODE_EXECUTABLE_PATH to its executable
(Linux: .../VSCode-linux-x64/code, macOS: .../Visual Studio Code.app/Contents/MacOS/Electron,
Windows: ...\\Code.exe). It does not download one. Without a desktop VS Code, run the same suite in
code-server: npm run test:vscode (test/vscode/run.mjs).`);
  process.exit(2);
}
if (!fs.existsSync(executable)) {
  console.error(`VSCODE_EXECUTABLE_PATH=${executable} does not exist.`);
  process.exit(2);
}

const { runTests } = await import('@vscode/test-electron');

if (!args['no-build']) buildExtension();
const tests = await buildSuite();
const workspace = makeWorkspace();
// Own user data and extensions folders: the user's settings and extensions stay out of the run.
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-electron-'));
const userData = path.join(profile, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
const settings = {
  ...SETTINGS,
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'git.enabled': false,
};
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: tests,
    launchArgs: [
      workspace,
      `--user-data-dir=${userData}`,
      `--extensions-dir=${path.join(profile, 'extensions')}`,
      '--disable-extensions',
      ...(args['display-language'] ? [`--locale=${args['display-language']}`] : []),
    ],
    extensionTestsEnv: args.grep ? { MARGINALIA_TEST_GREP: args.grep } : {},
  });
} catch (error) {
  console.error(`test-electron: ${error instanceof Error ? error.message : error}`);
  code = typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
} finally {
  removeWorkspace(workspace);
  removeSuite(tests);
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
