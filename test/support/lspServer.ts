// Drives the bundled language server (dist/server.js) over stdio with real LSP messages.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { URI } from 'vscode-uri';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type InitializeResult,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { CountsRequest, IndexChangedNotification } from '../../server/src/protocol.ts';
import { PROJECT_ROOT } from './shared.ts';

export const SERVER = path.join(PROJECT_ROOT, 'dist', 'server.js');

export interface ServerOptions {
  /** Workspace folders (absolute paths). */
  folders: string[];
  /** `marginalia` settings answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Client capabilities to leave out, e.g. to test push diagnostics. */
  pullDiagnostics?: boolean;
  /** Advertise what VS Code's client does: workspace symbols' ranges filled in on resolve. */
  workspaceSymbolResolve?: boolean;
  locale?: string;
  /** Where the server persists its index; a fresh temporary folder when not given. */
  storagePath?: string;
  /** Node options for the server process (the VS Code client's are `serverNodeOptions()`). */
  nodeOptions?: string[];
}

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  /** Server log lines (window/logMessage), for assertions and failure output. */
  logs: string[];
  /** Messages shown to the user (window/showMessage). */
  shown: string[];
  /** Last pushed diagnostics per URI (when pull diagnostics are off). */
  pushed: Map<string, Diagnostic[]>;
  /** How many times the server asked for a diagnostics refresh. */
  refreshes: number;
  notifications: Array<{ method: string; params: unknown }>;
  settings: Record<string, unknown>;
  /** The `scopeUri` of every item the server asked for with workspace/configuration, in order. */
  configurationScopes: Array<string | undefined>;
  uri(file: string): string;
  open(file: string, text: string, version?: number): Promise<void>;
  change(file: string, text: string, version: number): Promise<void>;
  close(file: string): Promise<void>;
  waitForIndex(): Promise<CountsRequest.Result>;
  stop(): Promise<void>;
}

export function fileUri(file: string): string {
  return URI.file(file).toString();
}

export async function startServer(options: ServerOptions): Promise<TestServer> {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const logs: string[] = [];
  const shown: string[] = [];
  const pushed = new Map<string, Diagnostic[]>();
  const notifications: TestServer['notifications'] = [];
  child.stderr!.on('data', (chunk) => logs.push(String(chunk)));
  const server: Partial<TestServer> = { logs, shown, pushed, notifications, refreshes: 0, settings: options.settings ?? {}, configurationScopes: [] };

  connection.onNotification('window/logMessage', (params: { message: string }) => {
    logs.push(params.message);
  });
  connection.onNotification('window/showMessage', (params: { message: string }) => {
    shown.push(params.message);
  });
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
    pushed.set(params.uri, params.diagnostics);
  });
  for (const method of [IndexChangedNotification.method, '$/progress']) {
    connection.onNotification(method, (params: unknown) => {
      notifications.push({ method, params });
    });
  }
  connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string | null }> }) =>
    params.items.map((item) => {
      server.configurationScopes!.push(item.scopeUri ?? undefined);
      return server.settings;
    }),
  );
  connection.onRequest('window/workDoneProgress/create', () => null);
  // showWarningMessage is a request (it may carry actions): record it like showMessage.
  connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
    shown.push(params.message);
    return null;
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => {
    server.refreshes!++;
    return null;
  });
  connection.listen();

  const initializeResult = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    locale: options.locale ?? 'en',
    initializationOptions: { storagePath: options.storagePath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-storage-')) },
    workspaceFolders: options.folders.map((folder) => ({ uri: fileUri(folder), name: path.basename(folder) })),
    capabilities: {
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: true,
        diagnostics: { refreshSupport: true },
        ...(options.workspaceSymbolResolve ? { symbol: { resolveSupport: { properties: ['location.range'] } } } : {}),
      },
      textDocument: {
        ...(options.pullDiagnostics === false ? {} : { diagnostic: { dynamicRegistration: false } }),
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true } },
      },
      window: { workDoneProgress: true },
    },
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});

  const versions = new Map<string, number>();
  Object.assign(server, {
    connection,
    process: child,
    initializeResult,
    uri: (file: string) => fileUri(file),
    open: async (file: string, text: string, version = 1) => {
      versions.set(file, version);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(file), languageId: 'markdown', version, text } });
    },
    change: async (file: string, text: string, version: number) => {
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri: fileUri(file), version }, contentChanges: [{ text }] });
    },
    close: async (file: string) => {
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri: fileUri(file) } });
    },
    waitForIndex: async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const result = (await connection.sendRequest(CountsRequest.method, {})) as CountsRequest.Result;
        if (!result.indexing && result.files > 0) return result;
        if (Date.now() > deadline) throw new Error(`index not ready: ${JSON.stringify(result)}\n${logs.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: async () => {
      // A clean shutdown lets the server write its index cache; wait for the process to end.
      const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      connection.dispose();
      child.kill();
    },
  });
  return server as TestServer;
}

/** Polls `check` until it returns a value (or throws after `ms`): for things that settle asynchronously. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, ms = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
