// A small pool of parse workers. Falls back to parsing on the calling thread when workers
// cannot start (e.g. the worker bundle is missing), so indexing never stops working.
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import { parseFileForIndex, type ParseJob, type ParseResult } from './parseFile.ts';
import { unpackResults } from './packResults.ts';
import { parseWorkerCount } from './processOptions.ts';

/**
 * A parse leaves nearly all it allocates as garbage that dies young, so a small young generation
 * costs little: measured on the bench, 8 MB (V8's default is 48) kept cold indexing as fast (1,000
 * notes 4.7-4.8 s; 10,000 notes 36 s against 34-35 s) and the process's peak lower (1,000 notes
 * 245-272 -> 196-209 MB; 10,000 notes 464-497 -> 404 MB). Old-generation limits are not set: they
 * made workers twice as slow (GC pressure), and a hostile file must not run a worker out of memory.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

interface Pending {
  resolve(results: ParseResult[]): void;
  reject(error: Error): void;
}

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ jobs: ParseJob[]; pending: Pending }> = [];
  private readonly busy = new Map<Worker, { id: number; jobs: ParseJob[]; pending: Pending }>();
  private nextId = 0;

  constructor(workerScript: string, size = parseWorkerCount()) {
    if (!fs.existsSync(workerScript)) return;
    for (let i = 0; i < size; i++) this.addWorker(workerScript);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Parses a batch of files; results in the same order. */
  parse(jobs: ParseJob[]): Promise<ParseResult[]> {
    if (this.workers.length === 0) return Promise.resolve(jobs.map((job) => parseFileForIndex(job)));
    return new Promise((resolve, reject) => {
      this.queue.push({ jobs, pending: { resolve, reject } });
      this.pump();
    });
  }

  /** Stops the workers; resolves when their threads (and heaps) are gone. */
  async dispose(): Promise<void> {
    const stopping = this.workers.map((worker) => worker.terminate());
    this.workers.length = 0;
    await Promise.allSettled(stopping);
  }

  private addWorker(script: string): void {
    const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    worker.unref();
    worker.on('message', (message: { id: number; packed: ArrayBuffer }) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (task && task.id === message.id) {
        try {
          task.pending.resolve(unpackResults(message.packed));
        } catch (error) {
          // Never expected (we wrote the buffer), but a lost batch is a skipped file, not a dead index.
          const why = `its parse result could not be read back (${error instanceof Error ? error.message : String(error)}); skipped`;
          task.pending.resolve(task.jobs.map((job) => ({ uri: job.uri, ok: false as const, error: why })));
        }
      }
      this.pump();
    });
    worker.on('error', () => this.replace(worker, script));
    worker.on('exit', (code) => {
      if (code !== 0 && this.workers.includes(worker)) this.replace(worker, script);
    });
    this.workers.push(worker);
    this.idle.push(worker);
  }

  /**
   * A worker died (out of memory on a hostile file, say). Its batch is retried file by file in
   * fresh workers; the one file that kills a worker on its own is reported, never retried here.
   */
  private replace(worker: Worker, script: string): void {
    const task = this.busy.get(worker);
    this.busy.delete(worker);
    const at = this.workers.indexOf(worker);
    if (at < 0) return;
    this.workers.splice(at, 1);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    this.addWorker(script);
    if (task) {
      if (task.jobs.length > 1) {
        Promise.all(task.jobs.map((job) => this.parse([job]))).then((results) => task.pending.resolve(results.flat()), task.pending.reject);
      } else {
        task.pending.resolve(task.jobs.map((job) => ({ uri: job.uri, ok: false as const, error: 'the parser ran out of resources on this file; skipped' })));
      }
    }
    this.pump();
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const { jobs, pending } = this.queue.shift()!;
      const id = this.nextId++;
      this.busy.set(worker, { id, jobs, pending });
      worker.postMessage({ id, jobs });
    }
  }
}
