// Probe extension for the launcher self-test: activates on startup and contributes one command.
const vscode = require('vscode');

let pings = 0;

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('marginaliaProbe.ping', (arg) => {
      pings += 1;
      return { pong: arg, pings, word: vscode.l10n.t('pong'), pid: process.pid, node: process.version };
    }),
  );
  return { activatedAt: Date.now() };
}

function deactivate() {}

module.exports = { activate, deactivate };
