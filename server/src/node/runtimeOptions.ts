// The server's own share of the Node options its launchers pass (processOptions.ts). Editors
// other than VS Code (Neovim, Helix) start the `marginalia-language-server` bin with plain
// `node`; the V8 flags that can still take effect once V8 runs are set here. Measured at 1,000
// notes, cold: 6.6 s started plain, 4.6-5.0 s with the launchers' options. The GC helper pool
// size and glibc's mmap threshold can only be given at start (README, "other editors").
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Sets the flags the process was not started with. Call before the parse workers start. */
export function applyRuntimeOptions(): void {
  const given = givenOptions();
  // Read when code is optimized: the parse workers, started later, get it too.
  if (!given.some((option) => /^--(no-)?turbo-inlining$/.test(option))) v8.setFlagsFromString('--no-turbo-inlining');
}

/**
 * How far the server's heap may grow past what is in use before V8 collects again, while no
 * workspace is being indexed. V8 picks the factor itself, up to 4x on machines with 16 GB or
 * more, and each edit of a large note left ~2.7 MB in the old generation that only a full
 * collection frees: measured at 10,000 notes, 100 edits of the 500 KB note without a pause took
 * the server from 366 to 631 MB (heap 577 MB, 303 MB of it live) and 200 edits to 884 MB. A fixed
 * 25 % also bounded the 35 MB heap of 1,000 notes, and collecting that often cost its requests
 * (repeated document symbols p95 1.4-1.5 -> 2.0-2.5 ms) for nothing: hence a headroom over what
 * is in use. The bench's "typing on" at 10,000 notes (two runs each): 80 MB of headroom, peak
 * 488-492 MB and typing p95 39-41 ms; 48 MB, 456-460 MB and 56-61 ms; p50 31-32 ms for both.
 */
const HEAP_HEADROOM_BYTES = 48 * 2 ** 20;

let heapBounded = false;

/**
 * Bounds the heap's growth (see above), or gives V8 its own choice back: while parse workers run,
 * whose heaps share the flag, bounded growth made them collect so often that a cold index of
 * 10,000 notes took 46.7 s instead of 35.4 s.
 */
export function boundHeapGrowth(bounded: boolean): void {
  heapBounded = bounded;
  fitHeapGrowth();
}

/** Sizes the bound to the heap in use now: call after a full collection, when that is what is live. */
export function fitHeapGrowth(): void {
  if (givenOptions().some((option) => /^--heap[-_]growing[-_]percent/.test(option))) return;
  let percent = 0; // V8's own choice
  if (heapBounded) {
    percent = Math.max(10, Math.round((100 * HEAP_HEADROOM_BYTES) / Math.max(1, v8.getHeapStatistics().used_heap_size)));
    // V8's own factor is at most 4x: a small heap keeps it.
    if (percent >= 300) percent = 0;
  }
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

function givenOptions(): string[] {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
}

let collector: (() => void) | undefined;

/** A full garbage collection: `gc` when started with `--expose-gc`, made available otherwise. */
export function fullCollection(): () => void {
  if (!collector) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') collector = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      // A new context gets the `gc` the flag now exposes.
      collector = vm.runInNewContext('gc') as () => void;
    }
  }
  return collector;
}
