// Workspace-symbol search made ready once a workspace is indexed, while requests pause (as
// rust-analyzer primes its caches after loading). Otherwise the user's first queries pay for it:
// the first builds every file's search text (65 ms at 1,000 notes, 450 ms at 10,000), and the
// next few run the matching and naming code before V8 has optimized it. Measured on the bench's
// sequence at 1,000 notes: its warm-up query took 50-66 ms unprimed, 9-10 ms primed (six runs
// each); its 20 queries after it, p95 5.3-7.0 ms with one round of warm-up queries and 3.4-4.0
// ms with eight (WARM_UP_ROUNDS, five runs each).
import type { ServiceContext } from '../service/context.ts';
import { prepareSearch, workspaceSymbols } from '../service/symbols.ts';
import { WorkspaceIndex, type IndexedFile } from '../service/workspaceIndex.ts';
import { AFTER_REQUESTS_MS, backgroundTurn } from './foreground.ts';

/** Longest a slice of building search texts holds the thread before requests may run. */
const SLICE_MS = 8;

/**
 * Queries that take every path of the search (chapters, pages, text in questions, chapter titles
 * and entries) in notes in any of the users' languages; their answers are dropped.
 */
const WARM_UP_QUERIES = ['', 'p.1', '1장', 'ch 2', 'e', 'a', '이', '다', 'の', '질문'];
/**
 * The warm-up queries search this many files, so that each takes a few milliseconds at any
 * workspace size: over 10,000 files, a common syllable such as `다` took 107 ms, and the
 * user's queries waited behind them.
 */
const WARM_UP_FILES = 300;
/**
 * Rounds of the warm-up queries: a round takes less each time until the sixth or so (in-process:
 * 14, 9, 10, 5, 6, 3, 3 ms after the first), as V8 optimizes more of the search. With one round,
 * a user's first queries still ran the slower code. Measured on the bench's sequence at 1,000
 * notes (five runs each), its 20 queries asked once: p50 2.6-3.7 and p95 5.3-7.0 ms after one
 * round, 2.3-2.5 and 3.4-4.0 ms after eight; `3장` asked first took 5.3-9.3 ms, then 3.3-6.3.
 */
const WARM_UP_ROUNDS = 8;

let running: Promise<void> | undefined;
/** The files whose search texts the running preparation has yet to build, from `next` on. */
let pending: { files: readonly IndexedFile[]; next: number } | undefined;

/** Warms the search code, then builds every indexed file's search text, yielding to requests between steps. */
export function primeWorkspaceSearch(ctx: ServiceContext, rangesOnResolve: boolean): Promise<void> {
  running ??= prime(ctx, rangesOnResolve).finally(() => (running = undefined));
  return running;
}

/**
 * A query has come before the search was prepared: the rest is built now, before it is answered.
 * A common word's query reads a few files and stops at the cap, so left alone the texts would be
 * built by whichever later query reads every file (a word in none): 360 ms at 10,000 notes, on
 * a query that takes 5 ms once they are built. The first query pays once, as it did before the
 * search was prepared at all.
 */
export function finishWorkspaceSearchPriming(): void {
  if (!pending) return;
  const { files } = pending;
  while (pending.next < files.length) prepareSearch(files[pending.next++]!.model);
}

async function prime(ctx: ServiceContext, rangesOnResolve: boolean): Promise<void> {
  if (!(await ctx.settings()).features.workspaceSymbols) return;
  const started = performance.now();
  const files = ctx.index.inUriOrder();
  const left = (pending = { files, next: 0 });
  try {
    const sample = new WorkspaceIndex();
    for (const file of files.slice(0, WARM_UP_FILES)) sample.set(file.uri, file.version, file.model, false);
    // A user's query that comes meanwhile builds the rest (above) and warms the code itself.
    const queried = () => left.next >= files.length;
    for (let round = 0; round < WARM_UP_ROUNDS && !queried(); round++) {
      for (const query of WARM_UP_QUERIES) {
        await backgroundTurn(AFTER_REQUESTS_MS);
        if (queried()) break;
        workspaceSymbols({ ...ctx, index: sample }, query, rangesOnResolve);
      }
    }
    while (left.next < files.length) {
      await backgroundTurn(AFTER_REQUESTS_MS);
      const until = performance.now() + SLICE_MS;
      // Files put in the index since the list was taken build theirs at their first query.
      while (left.next < files.length && performance.now() < until) prepareSearch(files[left.next++]!.model);
    }
  } finally {
    pending = undefined;
  }
  ctx.logger.info(`Prepared workspace symbol search over ${files.length} files in ${Math.round(performance.now() - started)} ms`);
}
