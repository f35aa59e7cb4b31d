// The language client: starts the Marginalia server over Node IPC, keeps it observable (one
// output channel, `marginalia.trace.server`) and recoverable (restart on demand; after a crash
// languageclient restarts it and the views reload when it is running again), and turns the
// server's `marginalia/indexChanged` notification into one debounced event for the views.
import * as vscode from 'vscode';
import {
  ErrorAction,
  type ErrorHandler,
  DidChangeConfigurationNotification,
  LanguageClient,
  RevealOutputChannelOn,
  type RequestType,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { IndexChangedNotification } from '../../server/src/protocol.ts';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings.ts';
import { serverEnvironment, serverNodeOptions } from '../../server/src/node/processOptions.ts';
import { SettingTraceChannel } from './traceChannel.ts';

/** Views refresh at most this often while the index changes (typing, a branch switch). */
const INDEX_CHANGED_DEBOUNCE_MS = 200;

/** The `marginalia.*` keys the server reads (`features.x` is the setting `marginalia.x.enabled`). */
const SERVER_SETTINGS = [...Object.keys(DEFAULT_SETTINGS).filter((key) => key !== 'features'), ...Object.keys(DEFAULT_SETTINGS.features)];

export type ServerState = 'starting' | 'running' | 'stopped';

export class MarginaliaClient implements vscode.Disposable {
  readonly client: LanguageClient;
  readonly output: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly indexChanged = new vscode.EventEmitter<string[]>();
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  /** Fires (debounced) with the URIs whose notes changed; empty after a full re-index. */
  readonly onIndexChanged = this.indexChanged.event;
  /** Fires when the server starts, runs (first start, restart, recovery) or stops. */
  readonly onDidChangeState = this.stateChanged.event;
  private pendingUris = new Set<string>();
  private fullChange = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Marginalia', { log: true });
    const traceOutputChannel = new SettingTraceChannel(this.output);
    const server = { module: context.asAbsolutePath('dist/server.js'), transport: TransportKind.ipc };
    const serverOptions: ServerOptions = {
      run: { ...server, options: { execArgv: serverNodeOptions(), env: serverEnvironment() } },
      debug: { ...server, options: { execArgv: [...serverNodeOptions(), '--nolazy', '--inspect=6011'], env: serverEnvironment() } },
    };
    let restartPolicy: ErrorHandler | undefined;
    const clientOptions: LanguageClientOptions = {
      errorHandler: {
        // A write to a server that just died fails (EPIPE, "Channel closed") before its exit is
        // noticed; the default handler would then shut the client down for good. The close decides.
        error: () => ({ action: ErrorAction.Continue }),
        // languageclient's own restart budget: up to 4 restarts within 3 minutes.
        closed: () => (restartPolicy ??= this.client.createDefaultErrorHandler(4)).closed(),
      },
      documentSelector: [{ scheme: 'file', language: 'markdown' }],
      // Nothing synchronized: the server registers its own file watchers (notes files only), and
      // settings changes are announced by `announceSettingsChanges` below.
      // The extension contributes the snippets itself, so the server need not offer them too.
      initializationOptions: { storagePath: context.globalStorageUri.fsPath, clientSnippets: true },
      outputChannel: this.output,
      traceOutputChannel,
      // A bad notes file is logged, not worth popping the output panel over.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    // `locale` (vscode.env.language) goes to the server in the initialize request: Korean UI → Korean messages.
    this.client = new LanguageClient('marginalia', 'Marginalia', serverOptions, clientOptions);

    this.disposables.push(
      this.output,
      traceOutputChannel,
      this.indexChanged,
      this.stateChanged,
      // Registered before start: languageclient re-installs the handler after every restart.
      this.client.onNotification(IndexChangedNotification.type, (params) => this.queueIndexChanged(params?.uris)),
      this.client.onDidChangeState((event) => this.stateChanged.fire(toServerState(event.newState))),
      vscode.workspace.onDidChangeConfiguration((event) => this.announceSettingsChanges(event)),
      // In Restricted Mode VS Code hides a workspace's own include/exclude (restrictedConfigurations
      // in package.json); trusting it lets them apply: have the server re-read its settings.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null })),
    );
  }

  get state(): ServerState {
    return toServerState(this.client.state);
  }

  async start(): Promise<void> {
    try {
      await this.client.start();
    } catch (error) {
      this.output.error(`Starting the Marginalia server failed: ${describe(error)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The Marginalia language server could not start. See the output for details.'));
    }
  }

  /** Restarts the server, or starts it again after languageclient gave up restarting it. */
  async restart(): Promise<void> {
    this.output.info('Restarting the Marginalia server on request.');
    try {
      if (this.client.needsStart()) await this.client.start();
      else await this.client.restart();
    } catch (error) {
      this.output.error(`Restarting the Marginalia server failed: ${describe(error)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The Marginalia language server could not restart. See the output for details.'));
    }
  }

  /** A request to the server, or `fallback` when it is not running or fails (logged). */
  async request<P, R>(type: RequestType<P, R, void>, params: P, fallback: R): Promise<R> {
    if (this.state === 'stopped') return fallback;
    try {
      // `params` is P; languageclient types it as a conditional type TypeScript cannot resolve for a generic P.
      return await this.client.sendRequest(type, params as never);
    } catch (error) {
      if (this.state === 'running') this.output.warn(`${type.method} failed: ${describe(error)}`);
      return fallback;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.client.needsStop()) await this.client.stop();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  /**
   * Tells the server that `marginalia.*` changed; it pulls the values itself. Unlike languageclient's
   * `synchronize.configurationSection`, this sends nothing at startup and nothing for
   * `marginalia.trace.server` (languageclient applies that one): the server re-indexes the
   * workspace on every such notification, which would throw away its index cache on each start.
   */
  private announceSettingsChanges(event: vscode.ConfigurationChangeEvent): void {
    if (!this.client.isRunning()) return; // a starting server reads the current values anyway
    if (!SERVER_SETTINGS.some((key) => event.affectsConfiguration(`marginalia.${key}`))) return;
    void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch((error) =>
      this.output.warn(`Announcing changed settings failed: ${describe(error)}`),
    );
  }

  private queueIndexChanged(uris: string[] | undefined): void {
    if (!uris || uris.length === 0) this.fullChange = true;
    else for (const uri of uris) this.pendingUris.add(uri);
    if (this.timer) return; // at most one refresh per window, however fast the changes come
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const changed = this.fullChange ? [] : [...this.pendingUris];
      this.pendingUris = new Set();
      this.fullChange = false;
      this.indexChanged.fire(changed);
    }, INDEX_CHANGED_DEBOUNCE_MS);
  }
}

function toServerState(state: State): ServerState {
  return state === State.Running ? 'running' : state === State.Starting ? 'starting' : 'stopped';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

