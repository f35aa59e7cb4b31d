// The two servers under test, behind one session interface:
// - ours: `node <Node options> <bundle> --stdio`, with the Node options the VS Code client
//   passes; ready when `marginalia/counts` says indexing === false and files === N.
// - the reference, VS Code's Markdown language server (npm vscode-markdown-languageserver):
//   it reads nothing itself; like VS Code's Markdown extension, this client answers its
//   `markdown/parse` (markdown-it tokens), `markdown/fs/*` and
//   `markdown/findMarkdownFilesInWorkspace` requests. Ready when the first
//   `workspace/symbol ""` returns headings of all N files (that request makes it read and
//   parse every file).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ServerProcess, type RequestHandler } from './lsp.ts';
import { serverEnvironment, serverNodeOptions } from '../server/src/node/processOptions.ts';

export type ServerKind = 'ours' | 'reference';

export const REFERENCE_DIR = path.join(__dirname, '.reference');
export const REFERENCE_PACKAGE = {
  name: 'marginalia-bench-reference',
  private: true,
  description: 'Isolated install of the reference server for npm run bench (gitignored, not part of the project).',
  dependencies: { 'markdown-it': '14.1.0', 'vscode-markdown-languageserver': '0.5.0' },
};
export const REFERENCE_MAIN = path.join(REFERENCE_DIR, 'node_modules', 'vscode-markdown-languageserver', 'dist', 'node', 'workerMain.js');

/** VS Code's defaults for the settings the reference reads (`markdown.*`), link validation on. */
const REFERENCE_SETTINGS = {
  markdown: {
    server: { log: 'off' },
    preferredMdPathExtensionStyle: 'auto',
    suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'never' } },
    occurrencesHighlight: { enabled: false },
    validate: {
      enabled: true,
      referenceLinks: { enabled: 'warning' },
      fragmentLinks: { enabled: 'warning' },
      fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
      ignoredLinks: [],
      unusedLinkDefinitions: { enabled: 'hint' },
      duplicateLinkDefinitions: { enabled: 'warning' },
    },
  },
};

export interface SessionOptions {
  kind: ServerKind;
  /** Our bundled server (ignored for the reference). */
  serverJs: string;
  root: string;
  fileCount: number;
  /** Where our server may persist its index (XDG_CACHE_HOME and MARGINALIA_CACHE_DIR point here). */
  cacheDir: string;
  /** Write a V8 CPU profile of the server here. */
  cpuProfDir?: string;
}

export interface Timed<T> {
  ms: number;
  result: T;
}

export class Session {
  readonly proc: ServerProcess;
  /** Milliseconds this process spent answering the server's own requests (parse, fs): the client side's share. */
  clientMs = 0;
  initializeMs = 0;
  private readonly documents = new Map<string, TextDocument>();
  private readonly kind: ServerKind;

  constructor(private readonly options: SessionOptions) {
    this.kind = options.kind;
    const execArgv = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
    if (options.kind === 'ours') {
      this.proc = new ServerProcess({
        name: 'marginalia',
        command: process.execPath,
        // With the Node options and environment the VS Code client starts it with.
        args: [...serverNodeOptions(), ...execArgv, options.serverJs, '--stdio'],
        env: { ...serverEnvironment(), XDG_CACHE_HOME: options.cacheDir, MARGINALIA_CACHE_DIR: options.cacheDir },
        handlers: {
          'workspace/configuration': (params: { items: unknown[] }) => params.items.map(() => ({})),
        },
      });
    } else {
      this.proc = new ServerProcess({
        name: 'reference',
        command: process.execPath,
        args: [...execArgv, REFERENCE_MAIN, '--stdio'],
        handlers: this.referenceHandlers(),
      });
    }
  }

  uri(relative: string): string {
    return URI.file(path.join(this.options.root, relative)).toString();
  }

  async initialize(): Promise<void> {
    const folder = { uri: URI.file(this.options.root).toString(), name: path.basename(this.options.root) };
    const start = performance.now();
    await this.proc.request('initialize', {
      processId: process.pid,
      rootUri: folder.uri,
      locale: 'ko',
      workspaceFolders: [folder],
      // Ours: where to persist the index, as our VS Code client passes its global storage path.
      initializationOptions: this.kind === 'reference' ? { markdownFileExtensions: ['md', 'markdown'] } : { storagePath: this.options.cacheDir },
      // As VS Code's client (vscode-languageclient) advertises them, where the servers read them.
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          diagnostics: { refreshSupport: true },
          symbol: { resolveSupport: { properties: ['location.range'] } },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
        },
        window: { workDoneProgress: true },
      },
    });
    this.initializeMs = performance.now() - start;
    await this.proc.notify('initialized', {});
    if (this.kind === 'reference') await this.proc.notify('workspace/didChangeConfiguration', { settings: REFERENCE_SETTINGS });
  }

  /** Waits until the workspace is indexed; returns ms since spawn and what was seen. */
  async waitReady(timeoutMs: number): Promise<{ ms: number; detail: string }> {
    const deadline = Date.now() + timeoutMs;
    if (this.kind === 'ours') {
      for (;;) {
        const counts = await this.proc.request<{ files: number; indexing: boolean; entries: number; questions: number; unanswered: number }>(
          'marginalia/counts',
          {},
          Math.max(1000, deadline - Date.now()),
        );
        if (!counts.indexing && counts.files >= this.options.fileCount) {
          return { ms: this.proc.elapsed(), detail: `${counts.files} files, ${counts.entries} entries, ${counts.questions} questions (${counts.unanswered} unanswered)` };
        }
        if (!counts.indexing && counts.files > 0 && counts.files < this.options.fileCount) {
          throw new Error(`marginalia indexed only ${counts.files} of ${this.options.fileCount} files`);
        }
        if (Date.now() > deadline) throw new Error(`marginalia not indexed after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const symbols = await this.proc.request<Array<{ location: { uri: string } }>>('workspace/symbol', { query: '' }, timeoutMs);
    const files = new Set(symbols.map((s) => s.location.uri)).size;
    if (files < this.options.fileCount) throw new Error(`reference: workspace symbols cover ${files} of ${this.options.fileCount} files`);
    return { ms: this.proc.elapsed(), detail: `${symbols.length} heading symbols in ${files} files` };
  }

  async open(relative: string): Promise<string> {
    const uri = this.uri(relative);
    const text = fs.readFileSync(path.join(this.options.root, relative), 'utf8');
    this.documents.set(uri, TextDocument.create(uri, 'markdown', 1, text));
    await this.proc.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return uri;
  }

  /** Inserts `text` at the start of `line` (an incremental change, as an editor sends it). */
  async insert(uri: string, line: number, text: string): Promise<void> {
    const document = this.documents.get(uri)!;
    const version = document.version + 1;
    const change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text };
    TextDocument.update(document, [change], version);
    await this.proc.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  }

  lineCount(uri: string): number {
    return this.documents.get(uri)!.lineCount;
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.proc.notify('textDocument/didClose', { textDocument: { uri } });
  }

  documentSymbols(uri: string): Promise<Timed<unknown[] | null>> {
    return this.proc.timed('textDocument/documentSymbol', { textDocument: { uri } });
  }

  diagnostics(uri: string): Promise<Timed<{ kind: string; items?: unknown[] }>> {
    return this.proc.timed('textDocument/diagnostic', { textDocument: { uri }, identifier: this.kind === 'ours' ? 'marginalia' : 'markdown' });
  }

  workspaceSymbols(query: string): Promise<Timed<unknown[] | null>> {
    return this.proc.timed('workspace/symbol', { query });
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }

  /** What VS Code's Markdown extension answers for its server (extensions/markdown-language-features, client side). */
  private referenceHandlers(): Record<string, RequestHandler> {
    const require = createRequire(path.join(REFERENCE_DIR, 'package.json'));
    const MarkdownIt = require('markdown-it') as new (options: object) => { parse(text: string, env: object): unknown[] };
    // VS Code tokenizes with html on and linkify on (its `markdown.preview` defaults).
    const md = new MarkdownIt({ html: true, linkify: true });
    const fsPath = (uri: string) => URI.parse(uri).fsPath;
    const timed =
      <P, R>(handler: (params: P) => R) =>
      (params: P): R => {
        const start = performance.now();
        try {
          return handler(params);
        } finally {
          this.clientMs += performance.now() - start;
        }
      };
    return {
      // The open document's text if open, else the file's (as `workspace.getOrLoadMarkdownDocument`).
      'markdown/parse': timed((params: { uri: string; text?: string }) => {
        const text = params.text ?? this.documents.get(params.uri)?.getText() ?? fs.readFileSync(fsPath(params.uri), 'utf8');
        return md.parse(text, {});
      }),
      // VS Code answers with the bytes as a number array (`Array.from(await workspace.fs.readFile(uri))`).
      'markdown/fs/readFile': timed((params: { uri: string }) => Array.from(fs.readFileSync(fsPath(params.uri)))),
      'markdown/fs/stat': timed((params: { uri: string }) => {
        try {
          return { isDirectory: fs.statSync(fsPath(params.uri)).isDirectory() };
        } catch {
          return null;
        }
      }),
      'markdown/fs/readDirectory': timed((params: { uri: string }) =>
        fs.readdirSync(fsPath(params.uri), { withFileTypes: true }).map((entry) => [entry.name, { isDirectory: entry.isDirectory() }]),
      ),
      // `workspace.findFiles('**/*.{md,…}', '**/node_modules/**')`.
      'markdown/findMarkdownFilesInWorkspace': timed(() => findMarkdown(this.options.root).map((file) => URI.file(file).toString())),
      // Files do not change during the benchmark: watchers are accepted and never fire.
      'markdown/fs/watcher/create': () => null,
      'markdown/fs/watcher/delete': () => null,
      'workspace/configuration': (params: { items: unknown[] }) => params.items.map(() => null),
    };
  }
}

function findMarkdown(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') visit(path.join(dir, entry.name));
      } else if (/\.(md|markdown)$/i.test(entry.name)) {
        found.push(path.join(dir, entry.name));
      }
    }
  };
  visit(root);
  return found;
}

/** Installs the reference server into bench/.reference (its own package.json) when missing. */
export async function ensureReference(log: (line: string) => void): Promise<void> {
  if (fs.existsSync(REFERENCE_MAIN) && fs.existsSync(path.join(REFERENCE_DIR, 'node_modules', 'markdown-it'))) return;
  fs.mkdirSync(REFERENCE_DIR, { recursive: true });
  fs.writeFileSync(path.join(REFERENCE_DIR, 'package.json'), JSON.stringify(REFERENCE_PACKAGE, null, 2) + '\n');
  log('Installing the reference server into bench/.reference (npm install)…');
  const { spawnSync } = await import('node:child_process');
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: REFERENCE_DIR, stdio: 'inherit', timeout: 300_000 });
  if (npm.status !== 0) throw new Error('npm install of the reference server failed');
}
