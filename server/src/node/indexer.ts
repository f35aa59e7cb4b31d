// Keeps the workspace index current: indexes workspace folders (files near open documents
// first, parsed in worker threads, unchanged files taken from the on-disk cache), open
// documents from their in-memory text (debounced, once per version), and files the watcher
// reports, one at a time between requests or, many at once, in the workers.
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Connection, WorkspaceFolder } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { parseNotes, parseNotesInSteps } from '../notes/parse.ts';
import type { NotesModel } from '../notes/model.ts';
import { LruSectionCache } from '../notes/sectionCache.ts';
import { uriKey, type WorkspaceIndex } from '../service/workspaceIndex.ts';
import type { Logger } from '../service/context.ts';
import type { Settings } from '../service/settings.ts';
import { ALWAYS_EXCLUDED, walkNotes } from './walkNotes.ts';
import { pathFilter } from './globs.ts';
import { ParsePool } from './parsePool.ts';
import { contentVersion, parseFileForIndex, type FileStamp, type ParseJob, type ParseResult } from './parseFile.ts';
import { IndexCache, parserSchema, type CachedFile } from './indexCache.ts';
import { collectAfterIndexing, collectWhenQuiet } from './idleCollector.ts';
import { boundHeapGrowth } from './runtimeOptions.ts';
import { backgroundTurn, requestsPaused, Slices } from './foreground.ts';

/** Delay after a keystroke before the edited document is parsed (requests parse at once). */
export const EDIT_DEBOUNCE_MS = 120;
/**
 * A document opened as it is on disk takes its model from the index, unparsed; its sections are
 * then parsed in slices of this many milliseconds between requests, so that its first keystroke
 * re-parses one section (a 500 KB note takes ~0.45 s to parse: at once, it held up every request).
 */
const SECTION_CACHE_FILL_SLICE_MS = 8;
/** The slices start this long after the open: the editor asks for outline, folding and diagnostics first. */
const SECTION_CACHE_FILL_DELAY_MS = 50;
/** Files per message to a parse worker: large enough to amortise messaging, small enough to share. */
const BATCH = 12;
/**
 * From how many files re-read at once the parse workers read them (a branch checkout, a folder
 * unzipped into the workspace). Fewer are read on this thread, one at a time between requests:
 * starting the workers costs more than a few files.
 */
const REREAD_IN_WORKERS_FROM = 20;
/** Delay before the cache is written again after changes. */
const SAVE_DELAY_MS = 5_000;
const SAVE_AFTER_INDEXING_MS = 500;
/** A save starts when requests have paused this long (its 2.5 s of work at 10,000 notes would compete with them)… */
const SAVE_WHEN_QUIET_MS = 2_000;
/** …or after this long at the latest. */
const SAVE_WAIT_AT_MOST_MS = 60_000;

export class Indexer {
  /** A folder walk running. */
  private walking = false;
  /** Re-reads running in the parse workers (many files at once). */
  private bulkRereads = 0;
  /**
   * The parsed sections of each open document, by index key, until it is closed and read again
   * from disk. One cache for all documents kept the sections of every note ever opened, with
   * their moved ranges (~20 bytes a character): 71 MB at 1,000 notes once each had been opened.
   */
  private readonly sections = new Map<string, LruSectionCache>();
  private readonly editTimers = new Map<string, NodeJS.Timeout>();
  /** Size and mtime of files read from disk, for the persisted cache. */
  private readonly stamps = new Map<string, FileStamp>();
  /** Bumped by every watcher event for a file: a worker result read before the event is stale. */
  private readonly generations = new Map<string, number>();
  private folders: WorkspaceFolder[] = [];
  private pool: ParsePool | undefined;
  /** Parses using the pool: the last one to finish stops it. */
  private poolUsers = 0;
  /** Files waiting to be read again from disk, in the order they were asked for. */
  private readonly rereads = new Set<string>();
  private rereading: Promise<void> | undefined;
  /** What the queued re-reads need, as of the latest request. */
  private rereadContext: { folders: WorkspaceFolder[]; settingsFor: (uri?: string) => Promise<Settings> } | undefined;
  private storagePath: string | undefined;
  private readonly schema: string;
  /** Each folder's cache, kept: it knows which of its chunks a save can copy instead of encode. */
  private readonly caches = new Map<string, IndexCache>();
  private saveTimer: NodeJS.Timeout | undefined;
  private saveDue = 0;
  /** Files read from disk changed since the cache was last written. */
  private dirty = false;
  /** What the cache on disk holds for each file (read from it, or written to it). */
  private readonly persisted = new Map<string, { version: string; stamp: FileStamp }>();
  /** The model read from disk of each open document, for when it is closed unchanged, and for
   * the cache: a file open when the editor quits is read from it at the next start. */
  private readonly beforeOpen = new Map<string, { version: string; model: NotesModel; stamp: FileStamp }>();
  private saving: Promise<void> = Promise.resolve();
  private run = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly logger: Logger,
    private readonly connection: Connection,
    private readonly workerScript: string,
    /** Whether the editor has the document of this index key (`uriKey`) open: its text, not the disk's, is then the index's. */
    private readonly isOpenKey: (key: string) => boolean,
    /** Work for the first pause in requests after a workspace is indexed, once its garbage is collected. */
    private readonly whenIndexed: () => Promise<void> = async () => undefined,
  ) {
    this.schema = parserSchema(__filename);
  }

  /** True while folders are indexed or many files are re-read: views refresh less often, the status bar says so. */
  get indexing(): boolean {
    return this.walking || this.bulkRereads > 0;
  }

  /** Outside indexing, the heap's growth is bounded: edits of a large note leave old garbage. */
  private indexingChanged(): void {
    boundHeapGrowth(!this.indexing);
  }

  /** Where the index is persisted; undefined disables persistence. */
  setStoragePath(storagePath: string | undefined): void {
    this.storagePath = storagePath;
    this.caches.clear();
  }

  private cacheOf(folderUri: string): IndexCache {
    let cache = this.caches.get(folderUri);
    if (!cache) this.caches.set(folderUri, (cache = new IndexCache(this.storagePath, folderUri, this.schema)));
    return cache;
  }

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
    collectWhenQuiet(this.logger);
    try {
      const text = document.getText();
      const key = uriKey(document.uri);
      const stamp = this.stamps.get(key);
      const fromDisk = stamp ? this.index.get(document.uri) : undefined;
      if (fromDisk && stamp) this.beforeOpen.set(key, { version: fromDisk.version, model: fromDisk.model, stamp });
      this.stamps.delete(key);
      // Opening a file as it is on disk: the index already holds its model.
      if (fromDisk && contentVersion(text) === fromDisk.version) {
        this.index.relabel(document.uri, version);
        const fill = () => {
          this.editTimers.delete(document.uri);
          void this.fillSectionCache(document, version);
        };
        this.editTimers.set(document.uri, setTimeout(fill, SECTION_CACHE_FILL_DELAY_MS));
        return;
      }
      this.index.set(document.uri, version, parseNotes(text, notesPath(document.uri, this.folders), { cache: this.sectionsOf(document.uri, text.length) }));
    } catch (error) {
      this.logger.error(`Could not read ${document.uri} as notes`, error);
    }
  }

  /**
   * Parses a document opened unchanged, for its sections, a slice at a time while no request is
   * being answered. An edit or a close ends it: the edit's parse reads what is left.
   */
  private async fillSectionCache(document: TextDocument, version: string): Promise<void> {
    // A document closed and opened again within a fill may run two: the later one finds the
    // sections the earlier one cached, so little is parsed twice.
    const text = document.getText();
    const steps = parseNotesInSteps(text, notesPath(document.uri, this.folders), { cache: this.sectionsOf(document.uri, text.length) });
    try {
      for (;;) {
        await backgroundTurn();
        if (!this.index.has(document.uri, version)) return;
        const until = performance.now() + SECTION_CACHE_FILL_SLICE_MS;
        while (performance.now() < until) if (steps.next().done) return;
      }
    } catch (error) {
      this.logger.error(`Could not read ${document.uri} as notes`, error);
    }
  }

  /** The section cache of an open document, sized to hold all of its `chars` and as much again of edited sections. */
  private sectionsOf(uri: string, chars: number): LruSectionCache {
    const key = uriKey(uri);
    let cache = this.sections.get(key);
    if (!cache) this.sections.set(key, (cache = new LruSectionCache()));
    cache.holdAtLeast(2 * chars);
    return cache;
  }

  /** Indexes every notes file of the folders; unchanged files are taken from the index or its cache unless `force`. */
  async indexFolders(
    folders: WorkspaceFolder[],
    settingsFor: (uri?: string) => Promise<Settings>,
    openDocuments: TextDocument[],
    force = false,
  ): Promise<void> {
    const run = ++this.run;
    this.folders = [...this.folders.filter((k) => !folders.some((a) => a.uri === k.uri)), ...folders];
    this.walking = true;
    this.indexingChanged();
    const started = Date.now();
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    let fromCache = 0;
    let parsed = 0;
    try {
      // Begun before the walk and the cache read: at 10,000 notes they take ~2 s.
      progress?.begin('Marginalia', 0, undefined, true);
      const open = new Set(openDocuments.map((d) => uriKey(d.uri)));
      const openDirs = new Set(openDocuments.map((d) => path.dirname(URI.parse(d.uri).fsPath)));
      const toParse: ParseJob[] = [];
      const sizes = new Map<ParseJob, number>();
      // Requests are answered between slices: at 10,000 notes a warm start's walk, stats, cache
      // read and apply take ~1.7 s of this thread.
      const slices = new Slices();
      for (const folder of folders) {
        const settings = await settingsFor(folder.uri);
        const root = URI.parse(folder.uri).fsPath;
        const filter = pathFilter(settings.include, settings.exclude);
        const walked = walkNotes([root], (relative) => filter.matches(relative));
        for (const error of walked.errors) this.logger.warn(`Skipped ${error.path}: ${error.error}`);
        await slices.next();
        const jobs: ParseJob[] = [];
        const kept = new Set<string>();
        for (const file of walked.files) {
          if (slices.due) await slices.next();
          const uri = URI.file(file).toString();
          const key = uriKey(uri);
          kept.add(key);
          if (!open.has(key)) jobs.push({ file, uri, notesPath: path.relative(root, file).split(path.sep).join('/') });
        }

        // Files the settings no longer include leave the index.
        for (const indexed of [...this.index.all()]) {
          if (slices.due) await slices.next();
          const key = uriKey(indexed.uri);
          if (isUnder(indexed.uri, folder.uri) && !kept.has(key) && !this.isOpenKey(key)) {
            this.index.delete(indexed.uri);
            this.dirty = true;
          }
        }

        // Files the index holds as they are on disk stay; the cache is read only for the others
        // (at 10,000 notes it takes a second or more to read, as after a change of settings).
        const unknown: Array<{ job: ParseJob; key: string; stamp: FileStamp | undefined; generation: number }> = [];
        for (const job of jobs) {
          if (slices.due) await slices.next();
          const key = uriKey(job.uri);
          const known = this.stamps.get(key);
          const stamp = statStamp(job.file);
          if (!force && stamp && known && sameStamp(known, stamp) && this.index.has(job.uri)) continue;
          unknown.push({ job, key, stamp, generation: this.generationOf(key) });
        }
        const cached = force || unknown.length === 0 ? new Map<string, CachedFile>() : await this.cacheOf(folder.uri).load(slices);
        if (run !== this.run) return;
        for (const { job, key, stamp, generation } of unknown) {
          if (slices.due) await slices.next();
          // Opened, or reported by the watcher, while the cache was read: the editor's text or
          // the watcher's re-read wins.
          if (this.isOpenKey(key) || this.generationOf(key) !== generation) continue;
          const hit = cached.get(key);
          if (!force && stamp && hit && sameStamp(hit.stamp, stamp)) {
            this.index.set(job.uri, hit.version, hit.model);
            this.stamps.set(key, stamp);
            this.persisted.set(key, { version: hit.version, stamp });
            fromCache++;
          } else {
            toParse.push(job);
            sizes.set(job, stamp?.size ?? 0);
          }
        }
      }
      // Largest first (after the files beside open documents): a large note started last
      // would leave one worker busy while the other waits.
      toParse.sort((a, b) => Number(openDirs.has(path.dirname(b.file))) - Number(openDirs.has(path.dirname(a.file))) || sizes.get(b)! - sizes.get(a)!);
      progress?.report(0, `0/${toParse.length}`);
      parsed = await this.parseInWorkers(toParse, () => run !== this.run || !!progress?.token.isCancellationRequested, (done) =>
        progress?.report(Math.round((100 * done) / Math.max(1, toParse.length)), `${done}/${toParse.length}`),
      );
      // After readiness is reported; the save yields to requests between chunks.
      if (run === this.run) this.saveSoon(SAVE_AFTER_INDEXING_MS);
      this.logger.info(`Indexed ${this.index.size} notes files in ${Date.now() - started} ms (${parsed} parsed, ${fromCache} from cache)`);
    } finally {
      progress?.done();
      if (run === this.run) {
        this.walking = false;
        this.indexingChanged();
        void collectAfterIndexing(this.logger).then(this.whenIndexed);
      }
    }
  }

  /**
   * Parses files in the worker threads, applying each result unless the watcher reported the
   * file again meanwhile; stops between batches when `stop()` says so. Returns how many were
   * parsed. Idle workers hold a parser's heap each: the last parse to finish stops them, before
   * the index says it is ready.
   */
  private async parseInWorkers(jobs: ParseJob[], stop: () => boolean, onProgress: (done: number) => void): Promise<number> {
    if (jobs.length === 0) return 0;
    const pool = (this.pool ??= new ParsePool(this.workerScript));
    this.poolUsers++;
    try {
      const batches: ParseJob[][] = [];
      for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
      let done = 0;
      let next = 0;
      // Two batches in flight per worker keeps them busy while results are applied here.
      const inFlight = Math.max(1, pool.size * 2);
      const sender = async () => {
        while (next < batches.length && !stop()) {
          const batch = batches[next++];
          const sent = batch.map((job) => this.generationOf(uriKey(job.uri)));
          const results = await pool.parse(batch);
          if (stop()) return;
          // A file changed on disk while a worker read it: the watcher's re-read wins. A file
          // opened meanwhile: the editor's text wins.
          results.forEach((result, i) => {
            const key = uriKey(result.uri);
            if (this.generationOf(key) === sent[i] && !this.isOpenKey(key)) this.apply(result);
          });
          done += batch.length;
          onProgress(done);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, sender));
      return done;
    } finally {
      if (--this.poolUsers === 0) {
        this.pool = undefined;
        await pool.dispose();
      }
    }
  }

  /** A watcher event for a file (created, changed or deleted): results read before it are stale. */
  touch(uri: string): void {
    const key = uriKey(uri);
    this.generations.set(key, this.generationOf(key) + 1);
  }

  /** How many watcher events the file of this index key has had. */
  private generationOf(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  /**
   * Reads files again from disk: watcher events, documents closed (back to what is on disk: the
   * edit may not have been saved), a new folder's files. Files are read on this thread one at a
   * time, requests answered in between; many at once (a branch checkout, a folder unzipped into
   * the workspace) are read by the parse workers. Open documents are skipped when their turn
   * comes (the editor's text wins). Resolves when no re-read is left.
   */
  reread(uris: string[], folders: WorkspaceFolder[], settingsFor: (uri?: string) => Promise<Settings>): Promise<void> {
    this.rereadContext = { folders, settingsFor };
    for (const uri of uris) {
      this.touch(uri);
      // A closed document's pending parse would put its last text back over the disk's.
      clearTimeout(this.editTimers.get(uri));
      this.editTimers.delete(uri);
      this.rereads.add(uri);
    }
    this.rereading ??= this.drainRereads();
    return this.rereading;
  }

  private async drainRereads(): Promise<void> {
    await Promise.resolve(); // `rereading` is set before the queue can run dry
    try {
      while (this.rereads.size > 0) {
        const uris = this.rereads.size >= REREAD_IN_WORKERS_FROM ? [...this.rereads] : [this.rereads.values().next().value!];
        for (const uri of uris) this.rereads.delete(uri);
        try {
          await this.rereadNow(uris);
        } catch (error) {
          this.logger.error(`Could not read ${uris.length} files again`, error);
        }
        this.saveSoon(SAVE_DELAY_MS);
        collectWhenQuiet(this.logger);
        if (this.rereads.size > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.rereading = undefined;
    }
  }

  private async rereadNow(uris: string[]): Promise<void> {
    const { folders, settingsFor } = this.rereadContext!;
    const inWorkers: ParseJob[] = [];
    const filters = new Map<string, ReturnType<typeof pathFilter>>();
    for (const uri of uris) {
      if (this.isOpenKey(uriKey(uri))) continue;
      // Closed: its sections serve this read, then go.
      const sections = this.sections.get(uriKey(uri));
      this.sections.delete(uriKey(uri));
      const file = URI.parse(uri).fsPath;
      const folder = folders.find((f) => isUnder(uri, f.uri));
      if (folder) {
        let filter = filters.get(folder.uri);
        if (!filter) {
          const settings = await settingsFor(folder.uri);
          filters.set(folder.uri, (filter = pathFilter(settings.include, settings.exclude)));
        }
        const relative = path.relative(URI.parse(folder.uri).fsPath, file).split(path.sep).join('/');
        if (!filter.matches(relative)) {
          if (this.index.delete(uri)) this.dirty = true;
          continue;
        }
      }
      const job = { file, uri, notesPath: notesPath(uri, this.folders) };
      // A document closed unchanged gets the model it had before it was opened, unparsed; one
      // saved after edits re-reads only the sections the editor's parses have not cached (the
      // whole of a 500 KB note held requests up for ~0.3 s).
      const known = this.beforeOpen.get(uriKey(uri));
      this.beforeOpen.delete(uriKey(uri));
      if (known || uris.length === 1) this.apply(parseFileForIndex(job, known, sections));
      else inWorkers.push(job);
    }
    if (inWorkers.length === 0) return;
    // Largest first, as when indexing: a large note started last keeps one worker busy alone.
    const sizes = new Map(inWorkers.map((job) => [job, statStamp(job.file)?.size ?? 0]));
    inWorkers.sort((a, b) => sizes.get(b)! - sizes.get(a)!);
    this.bulkRereads++;
    this.indexingChanged();
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    try {
      progress?.begin('Marginalia', 0, `0/${inWorkers.length}`, false);
      await this.parseInWorkers(inWorkers, () => false, (done) => progress?.report(Math.round((100 * done) / inWorkers.length), `${done}/${inWorkers.length}`));
      this.logger.info(`Read ${inWorkers.length} notes files again in the parse workers`);
    } finally {
      progress?.done();
      this.bulkRereads--;
      this.indexingChanged();
    }
  }

  /**
   * The notes files under a path the watcher reported as created that the index does not hold
   * as they are on disk; none when the path is not a folder. VS Code's Linux watcher reports a
   * new folder but not the files written into it before it watched it (`mkdir -p`, a member's
   * chapter folder arriving with `git pull`, a folder moved into the workspace).
   */
  async notesFilesInCreatedFolder(uri: string, folders: WorkspaceFolder[], settingsFor: (uri?: string) => Promise<Settings>): Promise<string[]> {
    if (isIgnored(uri, folders)) return [];
    const dir = URI.parse(uri).fsPath;
    const folder = folders.find((f) => isUnder(uri, f.uri))!;
    if (!(await fs.promises.stat(dir).then((stat) => stat.isDirectory(), () => false))) return [];
    const inFolder = path.relative(URI.parse(folder.uri).fsPath, dir).split(path.sep);
    const settings = await settingsFor(folder.uri);
    const filter = pathFilter(settings.include, settings.exclude);
    const walked = walkNotes([dir], (relative) => filter.matches([...inFolder, relative].join('/')));
    for (const error of walked.errors) this.logger.warn(`Skipped ${error.path}: ${error.error}`);
    return walked.files
      .filter((file) => {
        const fileUri = URI.file(file).toString();
        const known = this.stamps.get(uriKey(fileUri));
        const stamp = statStamp(file);
        return !(known && stamp && sameStamp(known, stamp) && this.index.has(fileUri));
      })
      .map((file) => URI.file(file).toString());
  }

  dispose(): void {
    if (this.saveTimer || this.dirty) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.save(true);
    }
    void this.pool?.dispose();
  }

  private apply(result: ParseResult): void {
    if (!result.ok) {
      this.dirty = true;
      this.index.delete(result.uri);
      this.stamps.delete(uriKey(result.uri));
      if (!/no such file/.test(result.error)) this.logger.warn(`Skipped ${URI.parse(result.uri).fsPath}: ${result.error}`);
      return;
    }
    if (result.note) this.logger.info(`${URI.parse(result.uri).fsPath}: ${result.note}`);
    for (const warning of result.model.warnings) this.logger.warn(`${URI.parse(result.uri).fsPath}: ${warning}`);
    const key = uriKey(result.uri);
    this.stamps.set(key, result.stamp);
    // A document closed unchanged is read again, but the cache already holds it: no new save.
    const saved = this.persisted.get(key);
    if (!saved || saved.version !== result.version || !sameStamp(saved.stamp, result.stamp)) this.dirty = true;
    if (this.index.has(result.uri, result.version)) return;
    // A document closed as it was on disk keeps the model it had: views have nothing to reload.
    if (this.index.get(result.uri)?.model === result.model) this.index.relabel(result.uri, result.version);
    else this.index.set(result.uri, result.version, result.model);
  }

  /** Saves the cache after `delay`, if anything read from disk changed since the last save. */
  private saveSoon(delay: number): void {
    if (!this.storagePath || !this.dirty) return;
    // A save due sooner stays: postponed by each file closed or changed, the save after
    // indexing used to land in the middle of the user's editing.
    if (this.saveTimer && this.saveDue <= Date.now() + delay) return;
    clearTimeout(this.saveTimer);
    this.saveDue = Date.now() + delay;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save(false);
    }, delay);
    this.saveTimer.unref();
  }

  /** Writes each folder's files read from disk (not unsaved editor text) to the cache, one save at a time. */
  private save(now: boolean): void {
    const failed = (error: unknown) => this.logger.warn(`Could not save the index cache: ${error instanceof Error ? error.message : String(error)}`);
    if (now) {
      try {
        for (const { cache, files } of this.snapshot()) cache.saveNow(files);
      } catch (error) {
        failed(error);
      }
      return;
    }
    this.saving = this.saving
      .then(async () => {
        await requestsPaused(SAVE_WHEN_QUIET_MS, SAVE_WAIT_AT_MOST_MS);
        if (!this.dirty) return; // a save at shutdown, or the one before this, wrote it
        for (const { cache, files } of this.snapshot()) {
          const started = performance.now();
          const counts = await cache.save(files);
          if (counts) this.logger.info(`Saved the index cache of ${files.length} files in ${Math.round(performance.now() - started)} ms (chunks encoded: ${counts.encoded}, copied unchanged: ${counts.copied})`);
        }
        // After a save that mostly copied, the heap has hardly grown: the collection skips itself.
        collectWhenQuiet(this.logger);
      })
      .catch(failed);
  }

  /** What each folder's cache is to hold: files read from disk (not unsaved editor text). */
  private snapshot(): Array<{ cache: IndexCache; files: CachedFile[] }> {
    this.dirty = false;
    return this.folders.map((folder) => {
      const files: CachedFile[] = [];
      for (const file of this.index.all()) {
        if (!isUnder(file.uri, folder.uri)) continue;
        const key = uriKey(file.uri);
        const stamp = this.stamps.get(key);
        // An open document: what was read from disk before it was opened.
        const onDisk = stamp ? { version: file.version, model: file.model, stamp } : this.beforeOpen.get(key);
        if (onDisk) {
          files.push({ uri: file.uri, version: onDisk.version, stamp: onDisk.stamp, model: onDisk.model });
          this.persisted.set(key, { version: onDisk.version, stamp: onDisk.stamp });
        }
      }
      return { cache: this.cacheOf(folder.uri), files };
    });
  }
}

function statStamp(file: string): FileStamp | undefined {
  try {
    const stat = fs.statSync(file);
    return { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/** The path the notes model sees: relative to its workspace folder (chapters come from it). */
function notesPath(uri: string, folders: WorkspaceFolder[]): string {
  const folder = folders.find((f) => isUnder(uri, f.uri));
  const file = URI.parse(uri).fsPath;
  if (!folder) return path.basename(file);
  return path.relative(URI.parse(folder.uri).fsPath, file).split(path.sep).join('/');
}

/**
 * Outside every workspace folder, or inside a folder no notes are read from (`node_modules`,
 * `.git`, …): what `npm install` or a `git` command creates by the thousand.
 */
export function isIgnored(uri: string, folders: WorkspaceFolder[]): boolean {
  const folder = folders.find((f) => isUnder(uri, f.uri));
  if (!folder) return true;
  return path.relative(URI.parse(folder.uri).fsPath, URI.parse(uri).fsPath).split(path.sep).some((segment) => ALWAYS_EXCLUDED.has(segment));
}

export function isUnder(uri: string, folderUri: string): boolean {
  const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
  return uriKey(uri).startsWith(uriKey(prefix));
}
