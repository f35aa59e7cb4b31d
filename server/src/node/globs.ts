// Include/exclude globs of the settings, compiled once per settings value. Patterns were
// validated by `resolveSettings` (length, brackets), so matching stays linear enough.
import { minimatch, type MMRegExp } from 'minimatch';

export interface PathFilter {
  /** Path relative to its workspace folder, `/`-separated. */
  matches(relativePath: string): boolean;
}

const cache = new Map<string, PathFilter>();

export function pathFilter(include: string[], exclude: string[]): PathFilter {
  const key = JSON.stringify([include, exclude]);
  let filter = cache.get(key);
  if (!filter) {
    const compile = (patterns: string[]) =>
      patterns.map((p) => minimatch.makeRe(p, { dot: true, nocomment: true, nonegate: true, noext: true })).filter((r): r is MMRegExp => r !== false);
    const includes = compile(include);
    const excludes = compile(exclude);
    filter = {
      matches: (relativePath) => {
        const path = relativePath.normalize('NFC');
        return includes.some((r) => r.test(path)) && !excludes.some((r) => r.test(path));
      },
    };
    if (cache.size > 50) cache.clear();
    cache.set(key, filter);
  }
  return filter;
}
