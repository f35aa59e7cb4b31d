// Recovery (issue 5): when the server process dies (killed, crashed, out of memory), languageclient
// starts a new one and the extension's views come back by themselves: the tree, the diagnostics
// of open files and the status bar, and the new server follows edits. Runs last: it replaces the
// server every other test talked to.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ChapterItem } from '../../../server/src/protocol.ts';
import { serverEnvironment, serverNodeOptions } from '../../../server/src/node/processOptions.ts';
import type { MarginaliaApi } from '../../../client/src/extension.ts';
import { deleteRange, marginalia, openNotes, unansweredLines, waitFor, withScratchEdits } from './helpers.ts';

const WORKSPACE = 11;

/** The running server's pid (languageclient's child process, spawned for the IPC transport). */
function serverPid(api: MarginaliaApi): number | undefined {
  return api.client.isRunning() ? api.client.serverProcess?.pid : undefined;
}

/** The process's command line, to be sure the pid is our server before killing it. */
function commandLine(pid: number): string {
  if (process.platform === 'linux') return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  if (process.platform === 'win32') return 'dist/server.js (not checked on Windows)';
  return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
}

/**
 * Waits, without giving the event loop a turn, until `pid` has died: the extension host then has
 * not yet seen the exit (it reaps its child on a later turn), as when a server crashes between two
 * messages the client sends. Linux shows the unreaped process as a zombie; elsewhere `ps` does.
 */
function waitDeadSync(pid: number, timeoutMs = 10_000): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive(pid) || zombie(pid)) return;
    if (Date.now() > deadline) throw new assert.AssertionError({ message: `process ${pid} still runs ${timeoutMs / 1000}s after SIGKILL` });
  }
}

function zombie(pid: number): boolean {
  try {
    if (process.platform === 'linux') return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (process.platform === 'win32') return false;
    return execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return true; // gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server recovery', () => {
  before(() => marginalia());

  it('comes back after the server process is killed: tree, diagnostics, status bar, edits', async () => {
    const api = await marginalia();
    const editor = await openNotes('ch02/지민.md');
    const uri = editor.document.uri;
    await waitFor('the warnings', () => unansweredLines(uri), (l) => l.length === 2);

    const old = await waitFor('the server pid', () => serverPid(api), (pid) => pid !== undefined);
    assert.ok(old);
    assert.match(commandLine(old), /dist[\\/]server\.js/);
    // Started with the Node options sized to this machine (V8's helper threads vs the parse
    // workers, no inlining) and the environment that keeps freed memory out of the process.
    if (process.platform === 'linux') {
      for (const option of serverNodeOptions()) assert.ok(commandLine(old).includes(option), `${commandLine(old)} has ${option}`);
      const environment = fs.readFileSync(`/proc/${old}/environ`, 'utf8').split('\0');
      const threshold = `MALLOC_MMAP_THRESHOLD_=${serverEnvironment({}).MALLOC_MMAP_THRESHOLD_}`;
      assert.ok(environment.includes(threshold), `the server's environment has ${threshold}`);
    }
    assert.notEqual(old, process.pid, 'the server runs in its own process, not in the extension host');
    process.kill(old, 'SIGKILL');
    await waitFor('the killed server to be gone', () => !alive(old));

    // languageclient notices the closed connection, cleans up (the old diagnostics go) and restarts.
    const fresh = await waitFor('a new server to run', () => serverPid(api), (pid) => pid !== undefined && pid !== old, 60_000);
    assert.match(commandLine(fresh!), /dist[\\/]server\.js/);

    // The new server answers (a request straight to it, not the tree's cached copy).
    const chapters = await waitFor(
      'the new server to answer the chapter tree',
      () => api.client.sendRequest<ChapterItem[]>('marginalia/chapterTree', {}),
      (c) => c.length === 3,
    );
    assert.deepEqual(chapters.map((c) => c.id), ['1', '2', '3-4']);
    // The views reload by themselves.
    const items = await waitFor('the tree view to show its chapters again', () => api.treeItems(), (i) => i.length === 3 && (i[0]?.children?.length ?? 0) > 0);
    assert.equal(items[0]!.icon, 'book');
    assert.deepEqual(await waitFor('the warnings to come back', () => unansweredLines(uri), (l) => l.length === 2), [23, 52]);
    await waitFor('the status bar counts', () => api.statusBarText(), (t) => t === `$(question) 2 / ${WORKSPACE}`);

    // The new server has the open document (languageclient re-sent it) and follows edits.
    await withScratchEdits('ch02/지민.md', async (scratch) => {
      const separator = scratch.document.lineAt(23);
      assert.equal(separator.text, '  ***');
      assert.ok(await scratch.edit((edit) => edit.insert(separator.range.end, '\n  - 지연 로딩과 N+1 질의 같은 것들.')));
      assert.deepEqual(await waitFor('the p.61 warning to go', () => unansweredLines(uri), (l) => l.length === 1), [53]);
      await waitFor('the status bar to count the answer', () => api.statusBarText(), (t) => t === `$(question) 1 / ${WORKSPACE - 1}`);
      await deleteRange(uri, new vscode.Range(separator.range.end, scratch.document.lineAt(24).range.end));
      await waitFor('the p.61 warning to come back', () => unansweredLines(uri), (l) => l.length === 2);
    });
  });

  it('comes back when the server dies while the client is sending to it', async () => {
    const api = await marginalia();
    const editor = await openNotes('ch02/지민.md');
    const uri = editor.document.uri;
    await waitFor('the warnings', () => unansweredLines(uri), (l) => l.length === 2);
    const old = await waitFor('the server pid', () => serverPid(api), (pid) => pid !== undefined);
    process.kill(old!, 'SIGKILL');
    waitDeadSync(old!);
    // The server is dead and the client does not know yet: what it sends now (a settings change
    // here; didChange while the user types) fails on the closed pipe (EPIPE, "Channel closed")
    // before the exit is noticed. A few messages per event-loop turn, as a burst of typing sends them.
    const sends: Promise<unknown>[] = [];
    for (let turn = 0; turn < 20 && api.client.isRunning(); turn++) {
      for (let i = 0; i < 3; i++) sends.push(api.client.sendNotification('workspace/didChangeConfiguration', { settings: null }).catch(() => undefined));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(sends);
    const fresh = await waitFor('a new server to run', () => serverPid(api), (pid) => pid !== undefined && pid !== old, 60_000);
    assert.match(commandLine(fresh!), /dist[\\/]server\.js/);
    assert.deepEqual(await waitFor('the warnings to come back', () => unansweredLines(uri), (l) => l.length === 2), [23, 52]);
    await waitFor('the status bar counts', () => api.statusBarText(), (t) => t === `$(question) 2 / ${WORKSPACE}`);
  });

  it('Restart Server starts a fresh server (also after languageclient gave up restarting it)', async () => {
    const api = await marginalia();
    const old = serverPid(api);
    await vscode.commands.executeCommand('marginalia.restartServer');
    const fresh = await waitFor('a new server to run', () => serverPid(api), (pid) => pid !== undefined && pid !== old, 60_000);
    if (old !== undefined) await waitFor('the old server to exit', () => !alive(old));
    assert.match(commandLine(fresh!), /dist[\\/]server\.js/);
    const editor = await openNotes('ch02/지민.md');
    assert.deepEqual(await waitFor('the warnings after the restart', () => unansweredLines(editor.document.uri), (l) => l.length === 2), [23, 52]);
  });
});
