// Keeps the workspace index current: indexes workspace folders (with progress, yielding so
// requests are served meanwhile), open documents from their in-memory text (debounced, once
// per version), and single files when the watcher reports them.
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Connection, WorkspaceFolder } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { parseNotes } from '../notes/parse.ts';
import { LruSectionCache } from '../notes/sectionCache.ts';
import type { NotesModel } from '../notes/model.ts';
import type { WorkspaceIndex } from '../service/workspaceIndex.ts';
import type { Logger } from '../service/context.ts';
import type { Settings } from '../service/settings.ts';
import { readNotesFile } from './readNotesFile.ts';
import { walkNotes } from './walkNotes.ts';
import { pathFilter } from './globs.ts';

/** Delay after a keystroke before the edited document is parsed (requests parse at once). */
export const EDIT_DEBOUNCE_MS = 120;

export class Indexer {
  /** True while a folder walk is running. */
  indexing = false;
  private readonly sections = new LruSectionCache();
  private readonly editTimers = new Map<string, NodeJS.Timeout>();
  private run = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly logger: Logger,
    private readonly connection: Connection,
  ) {}

  /** Parses an open document's current version, now or after the edit debounce. */
  updateOpenDocument(document: TextDocument, now: boolean): void {
    const version = `v${document.version}`;
    const timer = this.editTimers.get(document.uri);
    if (this.index.has(document.uri, version)) return;
    if (timer) clearTimeout(timer);
    if (!now) {
      this.editTimers.set(document.uri, setTimeout(() => this.updateOpenDocument(document, true), EDIT_DEBOUNCE_MS));
      return;
    }
    this.editTimers.delete(document.uri);
    try {
      const model = parseNotes(document.getText(), notesPath(document.uri, this.folders), { cache: this.sections });
      this.index.set(document.uri, version, model);
    } catch (error) {
      this.logger.error(`Could not read ${document.uri} as notes`, error);
    }
  }

  private folders: WorkspaceFolder[] = [];

  /** Indexes every notes file of the folders; unchanged files (same content) are skipped unless `force`. */
  async indexFolders(
    folders: WorkspaceFolder[],
    settingsFor: (uri?: string) => Promise<Settings>,
    openDocuments: TextDocument[],
    force = false,
  ): Promise<void> {
    const run = ++this.run;
    this.folders = mergeFolders(this.folders, folders);
    this.indexing = true;
    const started = Date.now();
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    try {
      const open = new Set(openDocuments.map((d) => d.uri));
      const files: Array<{ file: string; uri: string }> = [];
      for (const folder of folders) {
        const settings = await settingsFor(folder.uri);
        const root = URI.parse(folder.uri).fsPath;
        const filter = pathFilter(settings.include, settings.exclude);
        const walked = walkNotes([root], (relative) => filter.matches(relative));
        for (const error of walked.errors) this.logger.warn(`Skipped ${error.path}: ${error.error}`);
        for (const file of walked.files) files.push({ file, uri: URI.file(file).toString() });
        // Files that the settings no longer include leave the index.
        const kept = new Set(files.map((f) => f.uri.normalize('NFC')));
        for (const indexed of [...this.index.all()]) {
          if (isUnder(indexed.uri, folder.uri) && !kept.has(indexed.uri.normalize('NFC')) && !open.has(indexed.uri)) this.index.delete(indexed.uri);
        }
      }
      progress?.begin('Marginalia: indexing notes', 0, `0/${files.length}`, true);
      let lastYield = Date.now();
      for (let i = 0; i < files.length; i++) {
        if (run !== this.run || progress?.token.isCancellationRequested) return;
        const { file, uri } = files[i];
        if (!open.has(uri)) this.indexFile(file, uri, force);
        if (Date.now() - lastYield > 15) {
          progress?.report(Math.round((100 * i) / files.length), `${i}/${files.length}`);
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      }
      this.logger.info(`Indexed ${files.length} notes files in ${Date.now() - started} ms`);
    } finally {
      progress?.done();
      if (run === this.run) this.indexing = false;
    }
  }

  /** Re-reads one file from disk (watcher event, or a document closed). */
  async reindexFile(uri: string, folders: WorkspaceFolder[], settingsFor: (uri?: string) => Promise<Settings>): Promise<void> {
    const file = URI.parse(uri).fsPath;
    const folder = folders.find((f) => isUnder(uri, f.uri));
    if (folder) {
      const settings = await settingsFor(folder.uri);
      const relative = path.relative(URI.parse(folder.uri).fsPath, file).split(path.sep).join('/');
      if (!pathFilter(settings.include, settings.exclude).matches(relative)) {
        this.index.delete(uri);
        return;
      }
    }
    this.indexFile(file, uri, false);
  }

  private indexFile(file: string, uri: string, force: boolean): void {
    const read = readNotesFile(file);
    if (!read.ok) {
      this.index.delete(uri);
      if (!/no such file/.test(read.error)) this.logger.warn(`Skipped ${file}: ${read.error}`);
      return;
    }
    if (read.note) this.logger.info(`${file}: ${read.note}`);
    const version = createHash('sha1').update(read.text).digest('base64');
    if (!force && this.index.has(uri, version)) return;
    let model: NotesModel;
    try {
      model = parseNotes(read.text, notesPath(uri, this.folders));
    } catch (error) {
      this.logger.error(`Could not read ${file} as notes`, error);
      return;
    }
    for (const warning of model.warnings) this.logger.warn(`${file}: ${warning}`);
    this.index.set(uri, version, model);
  }
}

/** The path the notes model sees: relative to its workspace folder (chapters come from it). */
function notesPath(uri: string, folders: WorkspaceFolder[]): string {
  const folder = folders.find((f) => isUnder(uri, f.uri));
  const file = URI.parse(uri).fsPath;
  if (!folder) return path.basename(file);
  return path.relative(URI.parse(folder.uri).fsPath, file).split(path.sep).join('/');
}

function isUnder(uri: string, folderUri: string): boolean {
  const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
  return uri.normalize('NFC').startsWith(prefix.normalize('NFC'));
}

function mergeFolders(known: WorkspaceFolder[], added: WorkspaceFolder[]): WorkspaceFolder[] {
  return [...known.filter((k) => !added.some((a) => a.uri === k.uri)), ...added];
}
