// The VS Code extension's entry point: wiring only. The language client, the chapter tree, the
// status bar and the commands each live in their own module.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ChapterTreeRequest, type ChapterItem } from '../../server/src/protocol.ts';
import { MarginaliaClient } from './client.ts';
import { ChapterTree, type TreeItemSnapshot } from './chapterTree.ts';
import { StatusBar } from './statusBar.ts';
import { registerCommands } from './commands.ts';

/** What `activate` returns: the integration tests read the views through it. */
export interface MarginaliaApi {
  /** Reloads the chapter tree view, then returns the whole tree from the server (with the view's filter). */
  chapterTree(): Promise<ChapterItem[]>;
  /** The tree as rendered (after any reload in flight): labels, descriptions, tooltips, icons, children. */
  treeItems(): Promise<TreeItemSnapshot[]>;
  /** How many requests (groups or entries) the tree view has sent to the server. */
  treeRequests(): number;
  /** The status bar item's text, e.g. `$(question) 2 / 11` or `$(sync~spin) Marginalia`. */
  statusBarText(): string;
  readonly client: LanguageClient;
}

let server: MarginaliaClient | undefined;

export function activate(context: vscode.ExtensionContext): MarginaliaApi {
  server = new MarginaliaClient(context);
  const tree = new ChapterTree(context, server);
  const status = new StatusBar(server);
  context.subscriptions.push(server, tree, status, status.onDidFinishIndexing(() => tree.refresh()));
  registerCommands(context, server, tree);
  void server.start();

  const client = server.client;
  return {
    async chapterTree() {
      await tree.reload();
      return (await server?.request(ChapterTreeRequest.type, { onlyUnanswered: tree.onlyUnanswered }, undefined)) ?? [];
    },
    treeItems: () => tree.snapshot(),
    treeRequests: () => tree.requests,
    statusBarText: () => status.text,
    client,
  };
}

export async function deactivate(): Promise<void> {
  const stopping = server;
  server = undefined;
  await stopping?.stop();
}
