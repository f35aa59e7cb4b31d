// The status bar item: unanswered questions in the current file and in the workspace
// (`$(question) 2 / 11`), a spinner while the server's first indexing runs, a warning when the
// server is down. A click focuses the chapter tree (or restarts a stopped server).
import * as vscode from 'vscode';
import { CountsRequest } from '../../server/src/protocol.ts';
import type { MarginaliaClient } from './client.ts';

/** While the server reports `indexing`, ask again this often (it sends no "done" notification). */
const INDEXING_POLL_MS = 500;
/** Editor switches come in bursts (opening a diff, a peek): update once they settle. */
const UPDATE_DELAY_MS = 50;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly finishedIndexing = new vscode.EventEmitter<void>();
  /** Fires when the server's indexing of the workspace has finished (views may reload). */
  readonly onDidFinishIndexing = this.finishedIndexing.event;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private indexing = false;
  private started = false;

  constructor(private readonly server: MarginaliaClient) {
    this.item = vscode.window.createStatusBarItem('marginalia.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Marginalia';
    this.showBusy();
    this.item.show();
    this.disposables.push(
      this.item,
      this.finishedIndexing,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      server.onIndexChanged(() => this.refresh()),
      server.onDidChangeState((state) => {
        if (state !== 'stopped') this.started = true;
        this.refresh(0);
      }),
    );
  }

  /** The item's current text, e.g. `$(question) 2 / 11` (for tests). */
  get text(): string {
    return this.item.text;
  }
  get tooltip(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  }

  refresh(delay = UPDATE_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, delay);
  }

  /** Asks the server for the counts and renders them; resolves when the item shows them. */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const state = this.server.state;
    if (state === 'stopped') {
      if (this.started) this.showStopped();
      else this.showBusy();
      return;
    }
    if (state === 'starting') {
      this.showBusy();
      return;
    }
    const uri = notesUri(vscode.window.activeTextEditor);
    const counts = await this.server.request(CountsRequest.type, uri ? { uri } : {}, undefined);
    if (generation !== this.generation || !counts) return;
    if (counts.indexing) {
      this.indexing = true;
      this.showBusy();
      this.refresh(INDEXING_POLL_MS);
      return;
    }
    if (this.indexing) {
      this.indexing = false;
      this.finishedIndexing.fire();
    }
    this.show(counts, uri !== undefined);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private show(counts: CountsRequest.Result, hasEditor: boolean): void {
    const workspace = counts.unanswered;
    const icon = workspace > 0 ? '$(question)' : '$(pass)';
    const own = hasEditor ? counts.document : undefined;
    const click = vscode.l10n.t('Click to show the chapter tree.');
    if (own) {
      this.item.text = `${icon} ${own.unanswered} / ${workspace}`;
      this.item.tooltip = `${vscode.l10n.t('{0} unanswered in this file, {1} in the workspace', own.unanswered, workspace)}\n${click}`;
      this.item.accessibilityInformation = { label: vscode.l10n.t('{0} unanswered in this file, {1} in the workspace', own.unanswered, workspace) };
    } else {
      this.item.text = `${icon} ${workspace}`;
      this.item.tooltip = `${vscode.l10n.t('{0} unanswered questions in the workspace', workspace)}\n${click}`;
      this.item.accessibilityInformation = { label: vscode.l10n.t('{0} unanswered questions in the workspace', workspace) };
    }
    this.item.command = 'marginalia.focusTree';
    this.item.backgroundColor = undefined;
  }

  private showBusy(): void {
    this.item.text = '$(sync~spin) Marginalia';
    this.item.tooltip = vscode.l10n.t('Marginalia is reading the notes of the workspace…');
    this.item.accessibilityInformation = { label: this.item.tooltip };
    this.item.command = 'marginalia.focusTree';
    this.item.backgroundColor = undefined;
  }

  private showStopped(): void {
    this.item.text = '$(warning) Marginalia';
    this.item.tooltip = vscode.l10n.t('The Marginalia server is not running. Click to restart it.');
    this.item.accessibilityInformation = { label: this.item.tooltip };
    this.item.command = 'marginalia.restartServer';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }
}

/** The active editor's document, when it is a Markdown file the server may have indexed. */
function notesUri(editor: vscode.TextEditor | undefined): string | undefined {
  const document = editor?.document;
  return document && document.languageId === 'markdown' && document.uri.scheme === 'file' ? document.uri.toString() : undefined;
}
