// Requests come first. Background work (the index cache save) starts once requests have
// paused, and runs its chunks only while no request is being answered: a request that awaits
// the disk (link diagnostics stat each link) would otherwise have a chunk of the save run at
// each of its awaits (one diagnostics pull on a 500 KB note took 431 ms that way at 10,000
// notes), and the save's garbage would be collected in the middle of the user's work.

let answering = 0;
let lastAnswered = 0;

/** Longest a chunk of background work waits for requests (one stuck request must not stop it). */
const MAX_WAIT_MS = 1_000;
const POLL_MS = 5;

/** Runs a request's handler, holding background work back until it is answered. */
export async function answer<T>(run: () => T | Promise<T>): Promise<T> {
  answering++;
  try {
    return await run();
  } finally {
    answering--;
    lastAnswered = Date.now();
  }
}

/** Resolves once no request has been answered for `quietMs`, or after `maxWaitMs` at the latest. */
export async function requestsPaused(quietMs: number, maxWaitMs: number): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const quietFor = answering > 0 ? 0 : Date.now() - lastAnswered;
    const wait = Math.min(quietMs - quietFor, deadline - Date.now());
    if (wait <= 0) return;
    await new Promise<void>((resolve) => setTimeout(resolve, Math.max(wait, POLL_MS)));
  }
}

/**
 * How long work nobody waits for (the cache save, preparing the search) stays back after a
 * request is answered: requests come in bursts (Ctrl+T asks again at each keystroke, a client
 * follows diagnostics with code lenses), and a chunk started between two of them holds up the
 * second. Measured at 1,000 notes with 20 workspace-symbol queries asked while the cache save
 * ran (two runs each): p50 6.1-6.7 and p95 28 ms without it, 2.4-2.6 and 4.6-5.0 ms with 25 ms.
 */
export const AFTER_REQUESTS_MS = 25;

/**
 * Resolves when background work may run its next chunk: no request is being answered, and none
 * has been for `afterRequestsMs`. Work an edit will need soon (an open document's sections)
 * passes 0.
 */
export async function backgroundTurn(afterRequestsMs = 0): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const deadline = Date.now() + MAX_WAIT_MS;
  while ((answering > 0 || Date.now() - lastAnswered < afterRequestsMs) && Date.now() < deadline) {
    await new Promise<void>((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Slices of a long loop on the way to being ready (the walk and the cache read of a warm start):
 * between slices, requests that arrived are answered. No waiting for them to finish: the loop's
 * work is what the user waits for next.
 */
export class Slices {
  private started = performance.now();

  constructor(private readonly sliceMs = 10) {}

  /** Whether this slice is used up. */
  get due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  /** A turn of the event loop, then a new slice. */
  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}
