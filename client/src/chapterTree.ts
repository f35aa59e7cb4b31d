// The chapter tree view: every member's notes merged, chapters in book order → entries in page
// order (or members → their entries, unanswered first). The server groups and orders: the view
// asks for the groups (`marginalia/treeGroups`), then for a page of a group's entries when VS Code
// shows that group expanded (`marginalia/treeEntries`). It reloads on the server's index changes
// while it is visible, and when it becomes visible again after changes.
import * as vscode from 'vscode';
import { CountsRequest, TreeEntriesRequest, TreeGroupsRequest, type TreeEntry, type TreeGrouping } from '../../server/src/protocol.ts';
import type { MarginaliaClient } from './client.ts';
import { LOOK_ICONS } from './navigate.ts';
import { entryLook, entryNodes, firstWords, groupNodes, type EntryLook, type EntryNode, type GroupNode, type MoreNode, type TreeNode } from './treeModel.ts';

export const VIEW_ID = 'marginalia.chapters';
/** Command run by a click on an entry. Arguments: `[uri: string, range: LSP range]`. */
export const OPEN_ENTRY_COMMAND = 'marginalia.openEntry';
/** Command run by a click on a group's "more" item. Arguments: `[groupNodeId: string]`. */
export const SHOW_MORE_COMMAND = 'marginalia.showMoreEntries';

/** Context keys the view's toolbar and welcome content use. */
export const CONTEXT = {
  onlyUnanswered: 'marginalia.onlyUnanswered',
  groupByMember: 'marginalia.groupByMember',
  treeLoaded: 'marginalia.treeLoaded',
} as const;

const STATE = { onlyUnanswered: 'marginalia.tree.onlyUnanswered', groupByMember: 'marginalia.tree.groupByMember' } as const;
/** More top-level nodes than this start collapsed: a 30-chapter book should not open as one long list. */
const EXPAND_UP_TO = 5;
/** A visible tree reloads this long after the last change, and at most this long after the first. */
const RELOAD_DELAY_MS = 300;
const RELOAD_MAX_WAIT_MS = 1500;
/** Entries a group shows at first, and adds per click on "more": a chapter of 10,000 notes has ~18,000. */
const ENTRIES_PAGE = 500;

/** A rendered tree item, plain data, for the integration tests (`api.treeItems()`). */
export interface TreeItemSnapshot {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** ThemeIcon id: `book`, `person`, `file`, `quote`, `note`, `pass`, `question`, `ellipsis`. */
  icon?: string;
  /** ThemeColor id of the icon, when it has one (`list.warningForeground` on unanswered questions). */
  iconColor?: string;
  contextValue?: string;
  children?: TreeItemSnapshot[];
}

/** A group's entries as loaded so far. */
interface LoadedGroup {
  entries: TreeEntry[];
  total: number;
  children: Array<EntryNode | MoreNode>;
}

export class ChapterTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly view: vscode.TreeView<TreeNode>;
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private roots: GroupNode[] = [];
  /** Ids of the groups that open expanded. */
  private expanded = new Set<string>();
  /** Entries loaded per group node, for the current roots only. */
  private loaded = new Map<GroupNode, Promise<LoadedGroup>>();
  /** How many entries the user has asked to see per group: kept across reloads. */
  private wanted = new Map<string, number>();
  private generation = 0;
  private loading: Promise<void> = Promise.resolve();
  /** The index changed while the view was hidden: reload when it shows again. */
  private stale = false;
  private reloadTimer: NodeJS.Timeout | undefined;
  /** When the oldest change not yet shown came. */
  private firstPending: number | undefined;
  private onlyUnansweredValue: boolean;
  private groupByMemberValue: boolean;
  /** Requests sent to the server for groups or entries (for tests: a hidden view sends none). */
  requests = 0;

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
      vscode.commands.registerCommand(SHOW_MORE_COMMAND, (id: unknown) => this.showMore(String(id))),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && this.stale) void this.reload();
      }),
      server.onIndexChanged(() => this.refresh()),
      server.onDidChangeState((state) => {
        if (state === 'running') this.refresh();
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
  get grouping(): TreeGrouping {
    return this.groupByMemberValue ? 'member' : 'chapter';
  }

  async setOnlyUnanswered(value: boolean): Promise<void> {
    this.onlyUnansweredValue = value;
    await this.context.workspaceState.update(STATE.onlyUnanswered, value);
    this.updateContext();
    this.wanted.clear();
    await this.reload();
  }

  async setGroupByMember(value: boolean): Promise<void> {
    this.groupByMemberValue = value;
    await this.context.workspaceState.update(STATE.groupByMember, value);
    this.updateContext();
    this.wanted.clear();
    await this.reload();
  }

  /**
   * After a change on the server: the badge now; the tree once changes pause (they come every
   * 150 ms while someone types, and each reload re-reads the open groups), or when it shows.
   */
  refresh(): void {
    void this.updateBadge();
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    const now = Date.now();
    this.firstPending ??= now;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    const wait = Math.min(RELOAD_DELAY_MS, Math.max(0, this.firstPending + RELOAD_MAX_WAIT_MS - now));
    this.reloadTimer = setTimeout(() => void this.reload(), wait);
  }

  /** Loads the groups from the server; a newer reload supersedes an older one still in flight. */
  reload(): Promise<void> {
    const generation = ++this.generation;
    this.stale = false;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
    this.firstPending = undefined;
    const run = (async () => {
      if (this.server.state === 'stopped') return;
      this.requests++;
      const groups = await this.server.request(TreeGroupsRequest.type, { groupBy: this.grouping, onlyUnanswered: this.onlyUnansweredValue }, undefined);
      if (generation !== this.generation || !groups) return;
      this.roots = groupNodes(Array.isArray(groups) ? groups : []);
      this.expanded = this.openAtFirst();
      this.loaded = new Map();
      this.changed.fire(undefined);
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
      case 'group': {
        const { group } = node;
        const state = this.expanded.has(node.id) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
        const item = new vscode.TreeItem(group.title, state);
        item.id = node.id;
        item.description = counts(group.entries, group.unanswered);
        const tooltip = group.kind === 'chapter' ? `${group.title}\n${item.description}` : `${group.title} — ${item.description}`;
        item.tooltip = group.kind === 'file' ? `${tooltip}\n${vscode.l10n.t('These entries name no member: grouped by their file.')}` : tooltip;
        item.iconPath = new vscode.ThemeIcon(group.kind === 'chapter' ? 'book' : group.kind === 'member' ? 'person' : 'file');
        item.contextValue = group.kind === 'file' ? 'memberFile' : group.kind;
        return item;
      }
      case 'entry':
        return entryTreeItem(node, this.groupByMemberValue);
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('Show {0} more…', Math.min(node.remaining, ENTRIES_PAGE)), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = vscode.l10n.t('{0} not shown', node.remaining);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'more';
        item.command = { command: SHOW_MORE_COMMAND, title: vscode.l10n.t('Show more'), arguments: [node.parent.id] };
        return item;
      }
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots;
    if (node.kind !== 'group') return [];
    return (await this.entriesOf(node)).children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'group' ? undefined : node.parent;
  }

  /** Shows a chapter (the target of a chapter code lens): chapter grouping, filter off if it hides it. */
  async revealChapter(id: string): Promise<boolean> {
    if (this.groupByMemberValue) await this.setGroupByMember(false);
    else if (this.stale || this.generation === 0) await this.reload();
    await this.settled();
    const find = () => this.roots.find((n) => n.group.kind === 'chapter' && n.group.key === id);
    let node = find();
    if (!node && this.onlyUnansweredValue) {
      await this.setOnlyUnanswered(false);
      node = find();
    }
    if (!node) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  /** The rendered tree as plain data (for tests): every group with the entries it has loaded. */
  async snapshot(): Promise<TreeItemSnapshot[]> {
    if (this.stale) await this.reload();
    await this.settled();
    const render = async (node: TreeNode): Promise<TreeItemSnapshot> => {
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
      const children = await this.getChildren(node);
      if (children.length) snapshot.children = await Promise.all(children.map(render));
      return snapshot;
    };
    return Promise.all(this.roots.map(render));
  }

  /** Loads the next page of a group shown in part (a click on its "more" item). */
  async showMore(groupId: string): Promise<void> {
    const group = this.roots.find((n) => n.id === groupId);
    if (!group) return;
    const have = await this.entriesOf(group);
    const next = await this.fetchEntries(group, have.entries.length, ENTRIES_PAGE);
    if (!this.loaded.has(group)) return; // reloaded meanwhile: the new tree asks for itself
    const entries = [...have.entries, ...next.entries];
    this.wanted.set(group.id, entries.length);
    this.loaded.set(group, Promise.resolve({ entries, total: next.total, children: entryNodes(group, entries, next.total) }));
    this.changed.fire(group);
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private entriesOf(group: GroupNode): Promise<LoadedGroup> {
    let loaded = this.loaded.get(group);
    if (!loaded) {
      loaded = this.fetchEntries(group, 0, Math.max(ENTRIES_PAGE, this.wanted.get(group.id) ?? 0)).then(({ entries, total }) => ({
        entries,
        total,
        children: entryNodes(group, entries, total),
      }));
      this.loaded.set(group, loaded);
    }
    return loaded;
  }

  private async fetchEntries(group: GroupNode, offset: number, limit: number): Promise<TreeEntriesRequest.Result> {
    this.requests++;
    const params = { groupBy: this.grouping, onlyUnanswered: this.onlyUnansweredValue, key: group.group.key, offset, limit };
    const result = this.server.state === 'stopped' ? undefined : await this.server.request(TreeEntriesRequest.type, params, undefined);
    return result && Array.isArray(result.entries) ? result : { entries: [], total: 0 };
  }

  /**
   * Few groups all open. Of many chapters none does (a 30-chapter book is not one long list); of
   * many members, the first few who owe answers do.
   */
  private openAtFirst(): Set<string> {
    if (this.roots.length <= EXPAND_UP_TO) return new Set(this.roots.map((n) => n.id));
    if (!this.groupByMemberValue) return new Set();
    return new Set(
      this.roots
        .filter((n) => n.group.unanswered > 0)
        .slice(0, EXPAND_UP_TO)
        .map((n) => n.id),
    );
  }

  /** The badge counts the workspace's unanswered questions (what the status bar shows). */
  private async updateBadge(): Promise<void> {
    if (this.server.state !== 'running') return;
    const result = await this.server.request(CountsRequest.type, {}, undefined);
    if (!result || result.indexing) return;
    const unanswered = result.unanswered;
    this.view.badge = unanswered > 0 ? { value: unanswered, tooltip: vscode.l10n.t('{0} unanswered questions', unanswered) } : undefined;
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
  const where = underMember ? [entry.chapterTitle, entry.fileLabel] : [entry.member, entry.fileLabel];
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
  const where = [entry.member, entry.chapterTitle, vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri))].filter(Boolean).join(' · ');
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
