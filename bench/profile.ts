// Summarizes a V8 .cpuprofile (node --cpu-prof) of our server: self time per function and per
// source module. The bundle is built unminified, so esbuild's `// server/src/…` module comments
// map each bundle line back to its source file.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  functions: Array<{ name: string; module: string; selfMs: number }>;
  modules: Array<{ module: string; selfMs: number }>;
}

function moduleIndex(bundle: string): Array<{ line: number; module: string }> {
  const index: Array<{ line: number; module: string }> = [];
  bundle.split('\n').forEach((text, line) => {
    const match = /^\/\/ ((?:server|client|node_modules)\/\S+)$/.exec(text);
    if (match) index.push({ line, module: match[1] });
  });
  return index;
}

function moduleAt(index: Array<{ line: number; module: string }>, line: number): string {
  let low = 0;
  let high = index.length - 1;
  let found = '(bundle)';
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (index[mid].line <= line) {
      found = index[mid].module;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** Sums the self time of several profiles (one per thread); `bundleDir` holds the bundles they ran. */
export function summarizeProfile(profileFiles: string[], bundleDir: string, top = 15): ProfileSummary {
  const indexes = new Map<string, Array<{ line: number; module: string }>>();
  const indexFor = (url: string) => {
    const file = path.join(bundleDir, path.basename(url));
    if (!url.startsWith('file://') || !fs.existsSync(file)) return undefined;
    if (!indexes.has(file)) indexes.set(file, moduleIndex(fs.readFileSync(file, 'utf8')));
    return indexes.get(file);
  };
  const byFunction = new Map<string, { name: string; module: string; selfMs: number }>();
  const byModule = new Map<string, number>();
  let totalMs = 0;
  for (const profileFile of profileFiles) {
    const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile;
    totalMs += (profile.endTime - profile.startTime) / 1000;
    const selfUs = new Map<number, number>();
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const node of profile.nodes) {
      const us = selfUs.get(node.id) ?? 0;
      if (!us || node.callFrame.functionName === '(idle)') continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const index = indexFor(url);
      const module = index ? moduleAt(index, lineNumber) : url || (functionName.startsWith('(') ? functionName : `(native ${functionName})`);
      const name = functionName || '(anonymous)';
      const key = `${name}@${module}:${lineNumber}`;
      const entry = byFunction.get(key) ?? { name: `${name} (bundle line ${lineNumber + 1})`, module, selfMs: 0 };
      entry.selfMs += us / 1000;
      byFunction.set(key, entry);
      byModule.set(module, (byModule.get(module) ?? 0) + us / 1000);
    }
  }
  return {
    totalMs,
    functions: [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    modules: [...byModule.entries()].map(([module, selfMs]) => ({ module, selfMs })).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  };
}

export function profileMarkdown(summary: ProfileSummary, title: string): string {
  const lines = [`### ${title}`, '', `${(summary.totalMs / 1000).toFixed(2)} s of thread time profiled (all threads summed); self time; idle time left out.`, ''];
  lines.push('| self time | module |', '| ---: | --- |');
  for (const m of summary.modules) lines.push(`| ${m.selfMs.toFixed(0)} ms | ${m.module} |`);
  lines.push('', '| self time | function | module |', '| ---: | --- | --- |');
  for (const f of summary.functions) lines.push(`| ${f.selfMs.toFixed(0)} ms | ${f.name} | ${f.module} |`);
  return lines.join('\n');
}
