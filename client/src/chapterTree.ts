// The chapter tree view: every member's notes merged, chapters in book order → entries in page
// order (or members → their entries, unanswered first). Data comes from `marginalia/chapterTree`;
// it reloads on the server's index changes and whenever the server (re)starts.
import * as vscode from 'vscode';
import { ChapterTreeRequest, type ChapterItem } from '../../server/src/protocol.ts';
import type { MarginaliaClient } from './client.ts';
import { LOOK_ICONS } from './navigate.ts';
import { chapterNodes, entryLook, firstWords, memberNodes, type EntryLook, type EntryNode, type TreeNode } from './treeModel.ts';

export const VIEW_ID = 'marginalia.chapters';
/** Command run by a click on an entry. Arguments: `[uri: string, range: LSP range]`. */
export const OPEN_ENTRY_COMMAND = 'marginalia.openEntry';

/** Context keys the view's toolbar and welcome content use. */
export const CONTEXT = {
  onlyUnanswered: 'marginalia.onlyUnanswered',
  groupByMember: 'marginalia.groupByMember',
  treeLoaded: 'marginalia.treeLoaded',
} as const;

const STATE = { onlyUnanswered: 'marginalia.tree.onlyUnanswered', groupByMember: 'marginalia.tree.groupByMember' } as const;
/** More top-level nodes than this start collapsed: a 30-chapter book should not open as one long list. */
const EXPAND_UP_TO = 5;

/** A rendered tree item, plain data, for the integration tests (`api.treeItems()`). */
export interface TreeItemSnapshot {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** ThemeIcon id: `book`, `person`, `file`, `quote`, `note`, `pass`, `question`. */
  icon?: string;
  /** ThemeColor id of the icon, when it has one (`list.warningForeground` on unanswered questions). */
  iconColor?: string;
  contextValue?: string;
  children?: TreeItemSnapshot[];
}

export class ChapterTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly view: vscode.TreeView<TreeNode>;
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private chapters: ChapterItem[] = [];
  private roots: TreeNode[] = [];
  private generation = 0;
  private loading: Promise<void> = Promise.resolve();
  private onlyUnansweredValue: boolean;
  private groupByMemberValue: boolean;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: MarginaliaClient,
  ) {
    this.onlyUnansweredValue = context.workspaceState.get(STATE.onlyUnanswered, false);
    this.groupByMemberValue = context.workspaceState.get(STATE.groupByMember, false);
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      server.onIndexChanged(() => void this.reload()),
      server.onDidChangeState((state) => {
        if (state === 'running') void this.reload();
        this.updateMessage();
      }),
    );
    void vscode.commands.executeCommand('setContext', CONTEXT.treeLoaded, false);
    this.updateContext();
    this.updateMessage();
  }

  get onlyUnanswered(): boolean {
    return this.onlyUnansweredValue;
  }
  get groupByMember(): boolean {
    return this.groupByMemberValue;
  }
  /** Unanswered questions the tree shows (its badge). */
  get unanswered(): number {
    return this.chapters.reduce((n, chapter) => n + chapter.unanswered, 0);
  }
  /** The chapters as last loaded (with the current filter). */
  get current(): ChapterItem[] {
    return this.chapters;
  }

  async setOnlyUnanswered(value: boolean): Promise<void> {
    this.onlyUnansweredValue = value;
    await this.context.workspaceState.update(STATE.onlyUnanswered, value);
    this.updateContext();
    await this.reload();
  }

  async setGroupByMember(value: boolean): Promise<void> {
    this.groupByMemberValue = value;
    await this.context.workspaceState.update(STATE.groupByMember, value);
    this.updateContext();
    this.rebuild();
  }

  /** Loads the tree from the server; a newer reload supersedes an older one still in flight. */
  reload(): Promise<void> {
    const generation = ++this.generation;
    const run = (async () => {
      if (this.server.state === 'stopped') return;
      const chapters = await this.server.request(ChapterTreeRequest.type, { onlyUnanswered: this.onlyUnansweredValue }, undefined);
      if (generation !== this.generation || !chapters) return;
      this.chapters = Array.isArray(chapters) ? chapters : [];
      this.rebuild();
      void vscode.commands.executeCommand('setContext', CONTEXT.treeLoaded, true);
    })();
    this.loading = run;
    return run;
  }

  /** Resolves when the latest reload (including any started meanwhile) has finished. */
  async settled(): Promise<void> {
    let pending: Promise<void>;
    do {
      pending = this.loading;
      await pending;
    } while (pending !== this.loading);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'chapter': {
        const { chapter } = node;
        const item = new vscode.TreeItem(chapter.title, this.rootState());
        item.id = node.id;
        item.description = counts(chapter.entries.length, chapter.unanswered);
        item.tooltip = `${chapter.title}\n${counts(chapter.entries.length, chapter.unanswered)}`;
        item.iconPath = new vscode.ThemeIcon('book');
        item.contextValue = 'chapter';
        return item;
      }
      case 'member': {
        // Members who owe answers open; the others stay folded when the list is long.
        const state = node.unanswered > 0 ? vscode.TreeItemCollapsibleState.Expanded : this.rootState();
        const item = new vscode.TreeItem(node.name, state);
        item.id = node.id;
        item.description = counts(node.children.length, node.unanswered);
        item.tooltip = node.isMember
          ? `${node.name} — ${counts(node.children.length, node.unanswered)}`
          : `${node.name} — ${counts(node.children.length, node.unanswered)}\n${vscode.l10n.t('These entries name no member: grouped by their file.')}`;
        item.iconPath = new vscode.ThemeIcon(node.isMember ? 'person' : 'file');
        item.contextValue = node.isMember ? 'member' : 'memberFile';
        return item;
      }
      case 'entry':
        return entryTreeItem(node, this.groupByMemberValue);
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots;
    return node.kind === 'entry' ? [] : node.children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'entry' ? node.parent : undefined;
  }

  /** Shows a chapter (the target of a chapter code lens): chapter grouping, filter off if it hides it. */
  async revealChapter(id: string): Promise<boolean> {
    if (this.groupByMemberValue) await this.setGroupByMember(false);
    await this.settled();
    let node = this.roots.find((n) => n.kind === 'chapter' && n.chapter.id === id);
    if (!node && this.onlyUnansweredValue) {
      await this.setOnlyUnanswered(false);
      node = this.roots.find((n) => n.kind === 'chapter' && n.chapter.id === id);
    }
    if (!node) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  /** The rendered tree as plain data (for tests): labels, descriptions, tooltips, icons, children. */
  async snapshot(): Promise<TreeItemSnapshot[]> {
    await this.settled();
    const render = (node: TreeNode): TreeItemSnapshot => {
      const item = this.getTreeItem(node);
      const snapshot: TreeItemSnapshot = { id: item.id ?? node.id, label: labelText(item.label) };
      if (typeof item.description === 'string') snapshot.description = item.description;
      if (item.tooltip !== undefined) snapshot.tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip.value;
      if (item.iconPath instanceof vscode.ThemeIcon) {
        snapshot.icon = item.iconPath.id;
        const color = item.iconPath.color && colorIds.get(item.iconPath.color);
        if (color) snapshot.iconColor = color;
      }
      if (item.contextValue) snapshot.contextValue = item.contextValue;
      const children = this.getChildren(node);
      if (children.length) snapshot.children = children.map(render);
      return snapshot;
    };
    return this.roots.map(render);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private rootState(): vscode.TreeItemCollapsibleState {
    return this.roots.length > EXPAND_UP_TO ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
  }

  private rebuild(): void {
    this.roots = this.groupByMemberValue ? memberNodes(this.chapters, vscode.env.language) : chapterNodes(this.chapters);
    const unanswered = this.unanswered;
    this.view.badge = unanswered > 0 ? { value: unanswered, tooltip: vscode.l10n.t('{0} unanswered questions', unanswered) } : undefined;
    this.changed.fire(undefined);
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT.onlyUnanswered, this.onlyUnansweredValue);
    void vscode.commands.executeCommand('setContext', CONTEXT.groupByMember, this.groupByMemberValue);
    const parts: string[] = [];
    if (this.onlyUnansweredValue) parts.push(vscode.l10n.t('unanswered only'));
    if (this.groupByMemberValue) parts.push(vscode.l10n.t('by member'));
    this.view.description = parts.length ? parts.join(' · ') : undefined;
  }

  private updateMessage(): void {
    this.view.message = this.server.state === 'stopped' && this.generation > 0 ? vscode.l10n.t('The Marginalia server is not running.') : undefined;
  }
}

function entryTreeItem(node: EntryNode, underMember: boolean): vscode.TreeItem {
  const { entry } = node;
  const look = entryLook(entry);
  const item = new vscode.TreeItem(entry.pageLabel || vscode.l10n.t('(no page)'), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  // Under a member the member is the parent; the chapter says where the entry is instead.
  const where = underMember ? [node.chapterTitle, entry.fileLabel] : [entry.member, entry.fileLabel];
  item.description = [firstWords(entry.text), ...where].filter(Boolean).join(' · ');
  const color = look === 'unanswered' ? themeColor('list.warningForeground') : look === 'answered' ? themeColor('testing.iconPassed') : undefined;
  item.iconPath = new vscode.ThemeIcon(LOOK_ICONS[look], color);
  item.tooltip = entryTooltip(node, look);
  item.contextValue = `entry.${look}`;
  item.accessibilityInformation = { label: `${lookName(look)}, ${entry.pageLabel}, ${entry.text}, ${[entry.member, entry.fileLabel].filter(Boolean).join(', ')}` };
  item.command = { command: OPEN_ENTRY_COMMAND, title: vscode.l10n.t('Open Entry'), arguments: [entry.uri, entry.range] };
  return item;
}

/** ThemeColor hides its id (until VS Code 1.93's types): remember it for snapshots. */
const colorIds = new WeakMap<vscode.ThemeColor, string>();
function themeColor(id: string): vscode.ThemeColor {
  const color = new vscode.ThemeColor(id);
  colorIds.set(color, id);
  return color;
}

function entryTooltip(node: EntryNode, look: EntryLook): vscode.MarkdownString {
  const { entry } = node;
  const head = [entry.pageLabel, lookName(look)].filter(Boolean).join(' · ');
  const where = [entry.member, node.chapterTitle, vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri))].filter(Boolean).join(' · ');
  return new vscode.MarkdownString(`$(${LOOK_ICONS[look]}) **${escapeMarkdown(head)}**\n\n${escapeMarkdown(entry.text)}\n\n---\n\n${escapeMarkdown(where)}`, true);
}

/** Notes text shown as text: Markdown and HTML syntax in it (`**`, `<i>`, `#`) is escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~$]/g, '\\$&');
}

function lookName(look: EntryLook): string {
  switch (look) {
    case 'unanswered':
      return vscode.l10n.t('Unanswered question');
    case 'answered':
      return vscode.l10n.t('Answered question');
    case 'quote':
      return vscode.l10n.t('Quote');
    case 'note':
      return vscode.l10n.t('Note');
  }
}

function counts(entries: number, unanswered: number): string {
  const n = entries === 1 ? vscode.l10n.t('1 entry') : vscode.l10n.t('{0} entries', entries);
  return unanswered > 0 ? `${n} · ${vscode.l10n.t('{0} unanswered', unanswered)}` : n;
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : (label?.label ?? '');
}
