// The LSP adapter: connection, documents, file system and settings in; the service's answers
// out. Serves over stdio (`marginalia-language-server --stdio`) or Node IPC (VS Code).
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  WatchKind,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ChapterTreeRequest, CountsRequest, IndexChangedNotification, PageIndexRequest, TreeEntriesRequest, TreeGroupsRequest } from './protocol.ts';
import { WorkspaceIndex, uriKey } from './service/workspaceIndex.ts';
import { resolveSettings, type Settings } from './service/settings.ts';
import type { Logger, ServiceContext } from './service/context.ts';
import { NodeFileSystem } from './node/nodeFileSystem.ts';
import { Indexer, isIgnored, isUnder } from './node/indexer.ts';
import { answer } from './node/foreground.ts';
import { applyRuntimeOptions } from './node/runtimeOptions.ts';
import { documentSymbols, resolveWorkspaceSymbol, workspaceSymbols } from './service/symbols.ts';
import { definition, references } from './service/navigation.ts';
import { hover } from './service/hover.ts';
import { documentDiagnostics } from './service/diagnostics.ts';
import { codeActions } from './service/codeActions.ts';
import { completion } from './service/completion.ts';
import { foldingRanges } from './service/folding.ts';
import { codeLenses } from './service/codeLens.ts';
import { counts, pageIndex } from './service/views.ts';
import { chapterTree, treeEntries, treeGroups } from './service/tree.ts';
import { NOTES_EXTENSIONS } from './node/walkNotes.ts';
import { finishWorkspaceSearchPriming, primeWorkspaceSearch } from './node/searchPriming.ts';
import * as path from 'node:path';
import * as os from 'node:os';

function defaultStoragePath(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'marginalia');
}

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex();

const logger: Logger = {
  info: (message) => connection.console.info(message),
  warn: (message) => connection.console.warn(message),
  error: (message, error) => connection.console.error(error ? `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : message),
};

let folders: WorkspaceFolder[] = [];
let supportsConfiguration = false;
let supportsPullDiagnostics = false;
let supportsWatchedFileRegistration = false;
/** Workspace symbols go without ranges, filled in by `workspaceSymbol/resolve` (VS Code does so). */
let workspaceSymbolRangesOnResolve = false;
let locale = 'en';
let clientSnippets = false;
const settingsByScope = new Map<string, Promise<Settings>>();
const reportedSettingProblems = new Set<string>();

/**
 * Where a file's settings come from: its workspace folder (the innermost). VS Code resolves a
 * resource's settings from the folder holding it (a URI scope gets no language overrides), so
 * every note of a folder shares one `workspace/configuration` round trip instead of one per
 * document opened. A file outside every folder is its own scope.
 */
function settingsScope(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  let scope: WorkspaceFolder | undefined;
  for (const folder of folders) {
    if ((isUnder(uri, folder.uri) || uriKey(uri) === uriKey(folder.uri)) && (!scope || folder.uri.length > scope.uri.length)) scope = folder;
  }
  return scope?.uri ?? uri;
}

async function settingsFor(uri?: string): Promise<Settings> {
  const scopeUri = settingsScope(uri);
  const key = scopeUri ?? '';
  let pending = settingsByScope.get(key);
  if (!pending) {
    pending = (async () => {
      const raw = supportsConfiguration ? await connection.workspace.getConfiguration({ scopeUri, section: 'marginalia' }) : undefined;
      const { settings, problems } = resolveSettings(raw);
      const fresh = problems.filter((problem) => !reportedSettingProblems.has(problem));
      for (const problem of fresh) {
        reportedSettingProblems.add(problem);
        logger.warn(`Settings: ${problem}`);
      }
      // One message however many values were wrong; the details are in the output.
      if (fresh.length === 1) void connection.window.showWarningMessage(`Marginalia: ${fresh[0]}`);
      else if (fresh.length > 1) void connection.window.showWarningMessage(`Marginalia: ${fresh.length} settings were invalid and are ignored (first: ${fresh[0]}); see the output for all.`);
      return settings;
    })().catch((error) => {
      logger.error('Reading settings failed; using defaults', error);
      return resolveSettings(undefined).settings;
    });
    settingsByScope.set(key, pending);
  }
  return pending;
}

const context: ServiceContext = {
  index,
  document: (uri) => documents.get(uri),
  settings: settingsFor,
  fs: new NodeFileSystem(),
  logger,
  get locale() {
    return locale;
  },
  get clientSnippets() {
    return clientSnippets;
  },
};

applyRuntimeOptions();

// The parse worker is bundled beside the server (dist/parseWorker.js).
const indexer = new Indexer(
  index,
  logger,
  connection,
  path.join(__dirname, 'parseWorker.js'),
  (key) => openKeys.has(key),
  // Not `guarded`: that counts as a request, which the priming's slices wait for.
  () => primeWorkspaceSearch(context, workspaceSymbolRangesOnResolve).catch((error) => logger.error('Could not prepare workspace symbol search', error)),
);

/** Runs a handler; errors are logged with context and answered with `fallback`. */
async function guarded<T>(what: string, fallback: T, run: () => T | Promise<T>): Promise<T> {
  try {
    return await answer(run);
  } catch (error) {
    logger.error(`${what} failed`, error);
    return fallback;
  }
}

/** Brings an open document's model up to date before a feature reads it. */
function fresh(uri: string): void {
  const document = documents.get(uri);
  if (document) indexer.updateOpenDocument(document, true);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const capabilities = params.capabilities;
  supportsConfiguration = !!capabilities.workspace?.configuration;
  supportsPullDiagnostics = !!capabilities.textDocument?.diagnostic;
  supportsWatchedFileRegistration = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  workspaceSymbolRangesOnResolve = !!capabilities.workspace?.symbol?.resolveSupport?.properties.includes('location.range');
  locale = (params.locale ?? 'en').toLowerCase().startsWith('ko') ? 'ko' : 'en';
  folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  // VS Code passes its storage for the extension; other editors get the user's cache folder.
  const options = (params.initializationOptions ?? {}) as { storagePath?: string | null; clientSnippets?: boolean };
  clientSnippets = options.clientSnippets === true;
  indexer.setStoragePath(options.storagePath === null ? undefined : (options.storagePath ?? defaultStoragePath()));

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      documentSymbolProvider: { label: 'Marginalia' },
      workspaceSymbolProvider: { resolveProvider: true },
      definitionProvider: true,
      referencesProvider: true,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite', 'source'] },
      completionProvider: { triggerCharacters: ['@', '.', 'p'] },
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
      ...(supportsPullDiagnostics ? { diagnosticProvider: { identifier: 'marginalia', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'marginalia-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (supportsWatchedFileRegistration) {
    // Notes files for every change; other paths for creation and deletion only, which tell
    // the server of folders coming and going and of files that notes link to (broken-link).
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{md,markdown}' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
    });
  }
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    settingsByScope.clear(); // files change scope with the folders
    for (const removed of event.removed) index.deleteUnder(removed.uri);
    folders = folders.filter((f) => !event.removed.some((r) => r.uri === f.uri)).concat(event.added);
    void indexAndRefresh(event.added);
  });
  void indexAndRefresh(folders);
});

connection.onDidChangeConfiguration(() => {
  settingsByScope.clear();
  reportedSettingProblems.clear();
  // Unchanged files are kept; only include/exclude changes add or drop files.
  void indexAndRefresh(folders).then(() => refreshDiagnostics());
});

// Open documents by index key: the watcher and the workspace walk may spell a URI otherwise.
const openKeys = new Set<string>();

function isOpen(uri: string): boolean {
  return openKeys.has(uriKey(uri));
}

documents.onDidOpen((event) => {
  openKeys.add(uriKey(event.document.uri));
  indexer.updateOpenDocument(event.document, true);
});
documents.onDidChangeContent((event) => indexer.updateOpenDocument(event.document, false));
documents.onDidClose((event) => {
  openKeys.delete(uriKey(event.document.uri));
  // Back to what is on disk (the edit may not have been saved).
  void indexer.reread([event.document.uri], folders, settingsFor);
  if (!supportsPullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles((params) => {
  const changed: string[] = [];
  for (const change of params.changes) {
    const isNotes = NOTES_EXTENSIONS.test(URI.parse(change.uri).path);
    // Any file a note links to coming or going changes only link diagnostics, not the index.
    // node_modules, .git and the like: their READMEs are not notes, and npm writes thousands.
    const ignored = isIgnored(change.uri, folders);
    if (!isNotes && !ignored) scheduleDiagnosticsRefresh();
    if (isOpen(change.uri)) continue; // the editor's text wins while open
    if (change.type === FileChangeType.Deleted) {
      indexer.touch(change.uri);
      if (isNotes) index.delete(change.uri);
      else if (!ignored) for (const gone of index.deleteUnder(change.uri)) indexer.touch(gone);
    } else if (ignored) {
      continue;
    } else if (isNotes) {
      changed.push(change.uri);
    } else if (change.type === FileChangeType.Created) {
      void indexCreatedFolder(change.uri);
    }
  }
  // A branch checkout changes many files in one notification: read together, in the workers.
  if (changed.length) void rereadAndRefresh(changed);
});

/** Reads files again; when that ends a spell of indexing (many files), views hear of it at once. */
async function rereadAndRefresh(uris: string[]): Promise<void> {
  await indexer.reread(uris, folders, settingsFor);
  if (changeTimer && refreshAfterIndexing && !indexer.indexing) flushRefresh();
}

/** Reads the notes files of a folder that appeared on disk, which the watcher may not report. */
async function indexCreatedFolder(uri: string): Promise<void> {
  const found = await guarded('reading a new folder', [], () => indexer.notesFilesInCreatedFolder(uri, folders, settingsFor));
  if (found.length) await rereadAndRefresh(found);
}

// Views and diagnostics of other files follow index changes, debounced.
let changedUris = new Set<string>();
let changeTimer: NodeJS.Timeout | undefined;
index.onDidChange((uris) => {
  for (const uri of uris) changedUris.add(uri);
  scheduleRefresh();
});

/**
 * Views reload the whole chapter tree on each notice (seconds at 10,000 notes), so while a
 * workspace is being indexed they hear of it every couple of seconds, and once more at the end.
 */
const REFRESH_MS = 150;
const REFRESH_WHILE_INDEXING_MS = 2_000;

/** The pending notice waits the long delay of indexing: flushed as soon as indexing ends. */
let refreshAfterIndexing = false;

function scheduleRefresh(): void {
  if (changeTimer) return;
  refreshAfterIndexing = indexer.indexing;
  changeTimer = setTimeout(flushRefresh, refreshAfterIndexing ? REFRESH_WHILE_INDEXING_MS : REFRESH_MS);
}

let diagnosticsTimer: NodeJS.Timeout | undefined;
function scheduleDiagnosticsRefresh(): void {
  diagnosticsTimer ??= setTimeout(() => {
    diagnosticsTimer = undefined;
    refreshDiagnostics();
  }, REFRESH_MS);
}

function flushRefresh(): void {
  if (changeTimer) clearTimeout(changeTimer);
  changeTimer = undefined;
  // Past a hundred files, "everything changed" (an empty list) says the same for less.
  const uris = changedUris.size > 100 ? [] : [...changedUris];
  changedUris = new Set();
  void connection.sendNotification(IndexChangedNotification.type, { uris });
  refreshDiagnostics();
}

/** Indexes folders; views and diagnostics hear of the result at once. */
async function indexAndRefresh(toIndex: WorkspaceFolder[]): Promise<void> {
  await indexer.indexFolders(toIndex, settingsFor, documents.all());
  if (changeTimer) flushRefresh();
}

function refreshDiagnostics(): void {
  if (supportsPullDiagnostics) {
    void connection.languages.diagnostics.refresh();
  } else {
    for (const document of documents.all()) {
      void guarded('diagnostics', [], () => documentDiagnostics(context, document.uri)).then((diagnostics) =>
        connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics }),
      );
    }
  }
}

connection.languages.diagnostics.on((params) =>
  guarded('diagnostics', { kind: 'full' as const, items: [] }, async () => {
    fresh(params.textDocument.uri);
    return { kind: 'full' as const, items: await documentDiagnostics(context, params.textDocument.uri) };
  }),
);

/**
 * A feature on one document: errors logged with an empty answer, the document's latest text
 * parsed first, and the feature's `marginalia.features` switch honoured.
 */
function documentFeature<T>(what: string, feature: keyof Settings['features'], empty: T, uri: string, run: () => T | Promise<T>): Promise<T> {
  return guarded(what, empty, async () => {
    fresh(uri);
    return (await settingsFor(uri)).features[feature] ? run() : empty;
  });
}

connection.onDocumentSymbol(({ textDocument: { uri } }) => documentFeature('document symbols', 'documentSymbols', [], uri, () => documentSymbols(context, uri)));
connection.onWorkspaceSymbol((params) =>
  guarded('workspace symbols', [], async () => {
    if (!(await settingsFor()).features.workspaceSymbols) return [];
    finishWorkspaceSearchPriming();
    return workspaceSymbols(context, params.query, workspaceSymbolRangesOnResolve);
  }),
);
connection.onWorkspaceSymbolResolve((symbol) => guarded('resolving a workspace symbol', symbol, () => resolveWorkspaceSymbol(symbol)));
connection.onDefinition(({ textDocument: { uri }, position }) => documentFeature('definition', 'definition', [], uri, () => definition(context, uri, position)));
connection.onReferences(({ textDocument: { uri }, position, context: { includeDeclaration } }) =>
  documentFeature('references', 'references', [], uri, () => references(context, uri, position, includeDeclaration)),
);
connection.onHover(({ textDocument: { uri }, position }) => documentFeature('hover', 'hover', null, uri, () => hover(context, uri, position)));
connection.onCodeAction(({ textDocument: { uri }, range, context: actionContext }) =>
  documentFeature('code actions', 'codeActions', [], uri, () => codeActions(context, uri, range, actionContext)),
);
connection.onCompletion(({ textDocument: { uri }, position }) => documentFeature('completion', 'completion', [], uri, () => completion(context, uri, position)));
connection.onFoldingRanges(({ textDocument: { uri } }) => documentFeature('folding', 'folding', [], uri, () => foldingRanges(context, uri)));
connection.onCodeLens(({ textDocument: { uri } }) => documentFeature('code lens', 'codeLens', [], uri, () => codeLenses(context, uri)));

connection.onRequest(ChapterTreeRequest.type, (params) => guarded('chapter tree', [], () => chapterTree(context, params)));
connection.onRequest(TreeGroupsRequest.type, (params) => guarded('tree groups', [], () => treeGroups(context, params)));
connection.onRequest(TreeEntriesRequest.type, (params) => guarded('tree entries', { entries: [], total: 0 }, () => treeEntries(context, params)));
connection.onRequest(PageIndexRequest.type, (params) => guarded('page index', [], () => pageIndex(context, params)));
connection.onRequest(CountsRequest.type, (params) =>
  guarded('counts', { files: 0, entries: 0, questions: 0, unanswered: 0, indexing: true }, () => {
    if (params.uri) fresh(params.uri);
    return counts(context, params, indexer.indexing);
  }),
);

connection.onShutdown(() => indexer.dispose());

// The server never dies on a bad file: log what escaped and keep serving.
process.on('uncaughtException', (error) => logger.error('Uncaught exception', error));
process.on('unhandledRejection', (error) => logger.error('Unhandled rejection', error));

documents.listen(connection);
connection.listen();
