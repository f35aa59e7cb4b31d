// The server's own share of the Node options its launchers pass (processOptions.ts). Editors
// other than VS Code (Neovim, Helix) start the `marginalia-language-server` bin with plain
// `node`; the V8 flags that can still take effect once V8 runs are set here. Measured at 1,000
// notes, cold: 6.6 s started plain, 4.6-5.0 s with the launchers' options. The GC helper pool
// size and glibc's mmap threshold can only be given at start (README, "other editors").
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Sets the flags the process was not started with. Call before the parse workers start. */
export function applyRuntimeOptions(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  // Read when code is optimized: the parse workers, started later, get it too.
  if (!given.some((option) => /^--(no-)?turbo-inlining$/.test(option))) v8.setFlagsFromString('--no-turbo-inlining');
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
