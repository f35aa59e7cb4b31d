// One language server process under measurement: spawned over stdio, driven with real LSP
// messages, its memory (VmRSS / VmHWM) sampled every 50 ms from /proc and its CPU time read
// from /proc/<pid>/stat. Every process started here is killed on stop, on error and on exit.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export type RequestHandler = (params: any) => unknown;

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Requests the server sends to the client, by method; anything else is answered with null. */
  handlers: Record<string, RequestHandler>;
}

export interface MemorySample {
  atMs: number;
  rssKb: number;
}

const live = new Set<ChildProcess>();
function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

export class ServerProcess {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly startedAt = performance.now();
  readonly samples: MemorySample[] = [];
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  /** Highest VmHWM seen (kB): the kernel's own peak RSS, so no spike between samples is missed. */
  peakKb = 0;
  private sampler: NodeJS.Timeout;
  private exited = false;
  /** Rejects when the process exits, so no request waits for a dead server. */
  private readonly died: Promise<never>;

  constructor(readonly options: SpawnOptions) {
    this.child = spawn(options.command, options.args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    live.add(this.child);
    this.died = new Promise<never>((_, reject) => {
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        live.delete(this.child);
        reject(new Error(`${options.name} exited (${code ?? signal})\n${this.stderr.slice(-20).join('')}`));
      });
    });
    this.died.catch(() => undefined);
    this.child.stderr!.on('data', (chunk) => {
      this.stderr.push(String(chunk));
      if (this.stderr.length > 200) this.stderr.shift();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    for (const [method, handler] of Object.entries(options.handlers)) this.connection.onRequest(method, handler);
    const raw = this.connection as unknown as MessageConnection; // the same object, with the catch-all overloads
    raw.onRequest(() => null);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      if (this.logs.length > 500) this.logs.shift();
    });
    raw.onNotification(() => undefined);
    this.connection.onError(() => undefined);
    this.connection.listen();
    this.sampler = setInterval(() => this.sample(), 50);
    this.sampler.unref();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Milliseconds since spawn. */
  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  sample(): void {
    if (this.exited) return;
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.peakKb = Math.max(this.peakKb, hwm, rss);
      this.samples.push({ atMs: this.elapsed(), rssKb: rss });
    } catch {
      // process gone
    }
  }

  rssKb(): number {
    this.sample();
    return this.samples.at(-1)?.rssKb ?? 0;
  }

  /** User + system CPU seconds the server has used so far. */
  cpuSeconds(): number {
    try {
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      return NaN;
    }
  }

  async request<T>(method: string, params: unknown, timeoutMs = 60_000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.options.name}: ${method} timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.connection.sendRequest(method, params) as Promise<T>, timeout, this.died]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Times one request (ms) from sending to the response. */
  async timed<T>(method: string, params: unknown, timeoutMs?: number): Promise<{ ms: number; result: T }> {
    const start = performance.now();
    const result = await this.request<T>(method, params, timeoutMs);
    return { ms: performance.now() - start, result };
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Asks politely (shutdown + exit, 3 s), then kills. Takes a last memory sample first. */
  async stop(): Promise<void> {
    this.sample();
    clearInterval(this.sampler);
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 3000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await Promise.race([this.died.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
    this.connection.dispose();
    if (!this.exited) this.child.kill('SIGKILL');
    live.delete(this.child);
  }
}
