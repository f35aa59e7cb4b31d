// A full garbage collection once the server has been quiet for a moment after work that leaves
// garbage (indexing, saving the cache, parsing edits). V8 collects when a program allocates; a
// quiet server allocates nothing, so the garbage of its last burst of work stays. Measured at
// 10,000 notes: after indexing, a cache save and 20 edits the heap held 654 MB of which 322 MB
// were live, and it stayed so for as long as the server was idle. A collection takes ~200 ms at
// 10,000 notes (~30 ms at 1,000), on a server nobody is waiting for.
import type { Logger } from '../service/context.ts';
import { requestsPaused } from './foreground.ts';
import { fitHeapGrowth, fullCollection } from './runtimeOptions.ts';

const QUIET_MS = 3_000;
let timer: NodeJS.Timeout | undefined;

/**
 * A collection while idle takes time in proportion to what is live, not to the garbage: at
 * 10,000 notes, 190-460 ms to free 1-2 MB after one file was read again. It runs only once the
 * heap holds this share more than the last collection left.
 */
const GROWTH_WORTH_COLLECTING = 0.05;
/** Heap in use after the last full collection of ours. */
let liveAfterCollection: number | undefined;

/** Work that leaves garbage just ran: collect it once nothing else has run for `QUIET_MS`. */
export function collectWhenQuiet(logger: Logger): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    const used = process.memoryUsage().heapUsed;
    if (liveAfterCollection === undefined || used > liveAfterCollection * (1 + GROWTH_WORTH_COLLECTING)) collect(logger, 'while idle');
  }, QUIET_MS);
  timer.unref();
}

/** A pause in requests this long is enough for the collection after indexing… */
const PAUSE_MS = 300;
/** …or it runs after this long at the latest. */
const PAUSE_WAIT_AT_MOST_MS = 60_000;

/**
 * Indexing just ended: collects at the first pause in requests, without waiting for the server
 * to go quiet. Its heap holds the garbage of building the index, and V8's next collection would
 * come at the limit it set while indexing, above the bound on growth that holds from then on
 * (runtimeOptions.ts): typing straight after a cold index of 10,000 notes took the server to
 * 498-551 MB before that collection.
 */
export async function collectAfterIndexing(logger: Logger): Promise<void> {
  await requestsPaused(PAUSE_MS, PAUSE_WAIT_AT_MOST_MS);
  collect(logger, 'after indexing');
}

function collect(logger: Logger, when: string): void {
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  fullCollection()();
  fitHeapGrowth(); // to what is live now
  const after = process.memoryUsage().heapUsed;
  liveAfterCollection = after;
  logger.info(`Collected garbage ${when}: heap ${mb(before)} -> ${mb(after)} MB in ${Math.round(performance.now() - started)} ms`);
}

const mb = (bytes: number) => Math.round(bytes / 1e6);
