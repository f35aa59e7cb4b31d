// `npm start`: VS Code with Marginalia on the example notes. Desktop `code` when it is installed
// (as an extension development host); otherwise code-server in the browser, with the packaged
// extension installed into a private extensions folder, and the URL printed.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const port = Number(process.env.PORT ?? 8080);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
}

run('node', ['esbuild.mjs']);

const code = onPath('code');
if (code) {
  console.log(`Opening VS Code (${code}) with Marginalia on ${examples}`);
  run(code, ['--new-window', `--extensionDevelopmentPath=${root}`, examples]);
  process.exit(0);
}

console.log('No desktop VS Code found: starting code-server (installs it on first use, ~3 min).');
run('bash', [path.join(root, 'test/vscode/launcher/install.sh')]);
const cache = process.env.MARGINALIA_VSCODE_CACHE ?? path.join(root, '.cache', 'code-server');
const node24 = path.join(cache, 'node24', 'node_modules', 'node', 'bin', 'node');
const entry = path.join(cache, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

run('npm', ['run', '--silent', 'package']);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-start-'));
const dirs = ['--user-data-dir', path.join(home, 'user'), '--extensions-dir', path.join(home, 'extensions')];
run(node24, [entry, ...dirs, '--install-extension', path.join(root, 'marginalia.vsix')]);
fs.mkdirSync(path.join(home, 'user', 'User'), { recursive: true });
fs.writeFileSync(path.join(home, 'user', 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none' }));

const server = spawn(
  node24,
  [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...dirs, examples],
  { stdio: 'inherit', env: { ...process.env, PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH}` } },
);
console.log(`\nMarginalia in VS Code (code-server): http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}\nPress Ctrl+C to stop.\n`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
server.on('exit', (status) => process.exit(status ?? 0));
