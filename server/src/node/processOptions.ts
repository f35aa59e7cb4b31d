// How the server's Node process is sized to the machine: parse workers per core, and the V8
// flags its launchers pass (the VS Code client, the bench). No server code here: the client
// imports this module too.
import * as os from 'node:os';

/**
 * One parse worker per core, up to 4 (the main thread mostly waits while indexing, and answers
 * requests); at least one, so a hostile file can never stall the server.
 * `MARGINALIA_PARSE_WORKERS` overrides (0: parse on the main thread).
 */
export function parseWorkerCount(): number {
  const configured = process.env.MARGINALIA_PARSE_WORKERS;
  if (configured !== undefined && /^\d+$/.test(configured)) return Number(configured);
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * Node options for the server process, each measured on the 2-core bench machine (1,000 notes,
 * cold index):
 * - V8's garbage collectors run helper threads from one pool per process (4 by default). While
 *   the parse workers keep every core busy, those helpers only compete with them: a pool of one
 *   cut the index from 7.8-8.5 s to 6.8-7.0 s. Cores the parse workers leave free go to the pool.
 * - Each parse worker optimizes the same parser code again, and with inlining that compile work
 *   was ~1 s of CPU per worker, taken from the other worker. Without inlining: 5.5 -> 4.8 s, with
 *   the same steady-state parse speed and request latencies.
 * - `--expose-gc` lets the server collect its garbage when it goes quiet (idleCollector.ts).
 */
export function serverNodeOptions(): string[] {
  const free = os.availableParallelism() - parseWorkerCount();
  return [...(free >= 4 ? [] : [`--v8-pool-size=${Math.max(1, free)}`]), '--no-turbo-inlining', '--expose-gc'];
}

/**
 * Environment for the server process. glibc raises its mmap threshold each time a large block is
 * freed, so later large blocks (parse results, cache chunks, the parser's arrays) come from the
 * heap and stay in the process after they are freed. Measured at 10,000 notes, a cold index and
 * the cache save after it: peak 519 -> 464 MB and 463 -> 408 MB after the save with the threshold
 * fixed at 128 KB. Ignored where the C library is not glibc.
 */
export function serverEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { MALLOC_MMAP_THRESHOLD_: '131072', ...base };
}
