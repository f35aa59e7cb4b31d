// Statistics and the markdown table of results (rows: metrics; columns: size × server).
import type { ServerKind } from './servers.ts';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values: number[]) => percentile(values, 50);

export interface LatencyTests {
  /** The server's peak RSS (VmHWM, kB) after each phase of the tests. */
  peakKb: { symbols: number; workspaceSymbols: number; edits: number; typing: number };
  /** didOpen then the first documentSymbol request (ms), per file. */
  symbolsFirstMs: number[];
  /** The same request again on the unchanged document (ms). */
  symbolsRepeatMs: number[];
  symbolsCount: number[];
  /** One small edit in the middle of the 500 KB note, then a pull diagnostic request (ms). */
  editDiagnosticsMs: number[];
  /** Then 100 more edits 50 ms apart, each with its pull (ms): someone typing on. */
  typingDiagnosticsMs: number[];
  bigNoteDiagnostics: number;
  bigNoteBytes: number;
  /** didOpen of the 500 KB note, as it is on disk, then its first pull diagnostic request (ms). */
  bigNoteOpenMs: number;
  workspaceSymbolsMs: number[];
  workspaceSymbolsCount: number[];
  /** Response bodies (UTF-8 JSON bytes) of the same outlines and queries, asked again after the
   * timed tests so that measuring them takes nothing from the timings. */
  symbolsBytes: number[];
  workspaceSymbolsBytes: number[];
}

export interface SessionResult {
  kind: ServerKind;
  size: number;
  phase: 'cold' | 'warm';
  rep: number;
  readyMs?: number;
  initializeMs?: number;
  cpuSeconds?: number;
  rssAfterReadyKb?: number;
  /** VmHWM when indexed: the peak of indexing itself. */
  peakAtReadyKb?: number;
  peakKb?: number;
  /** Time this client spent serving the server's requests (reference: markdown-it parse, file reads). */
  clientMs?: number;
  detail?: string;
  error?: string;
  tests?: LatencyTests;
}

const SERVER_LABEL: Record<ServerKind, string> = { ours: 'Marginalia', reference: 'VS Code md' };

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

function fmtRange(values: number[], fmt: (v: number) => string): string {
  if (values.length === 0) return '–';
  if (values.length === 1) return fmt(values[0]);
  return `${fmt(median(values))} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

function fmtKb(bytes: number): string {
  return bytes >= 10 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024).toFixed(1)} KB`;
}

interface Row {
  metric: string;
  target?: string;
  cell: (sessions: SessionResult[]) => string;
}

function tested(sessions: SessionResult[]): LatencyTests | undefined {
  return sessions.find((s) => s.tests)?.tests;
}

function phase(sessions: SessionResult[], which: 'cold' | 'warm'): SessionResult[] {
  return sessions.filter((s) => s.phase === which);
}

function errors(sessions: SessionResult[]): string {
  const failed = sessions.filter((s) => s.error);
  return failed.length ? ` ⚠ ${failed.length} failed` : '';
}

const ROWS: Row[] = [
  {
    metric: 'cold: spawn → indexed (median (min–max))',
    target: '1,000: < 5 s; 10,000: < 60 s',
    cell: (s) => fmtRange(phase(s, 'cold').flatMap((r) => (r.readyMs === undefined ? [] : [r.readyMs])), fmtMs) + errors(phase(s, 'cold')),
  },
  {
    metric: 'cold: server CPU time until indexed',
    cell: (s) => fmtRange(phase(s, 'cold').flatMap((r) => (r.cpuSeconds === undefined ? [] : [r.cpuSeconds * 1000])), fmtMs),
  },
  {
    metric: 'cold: client time serving the server (parse, fs)',
    cell: (s) => (s[0]?.kind === 'ours' ? 'none' : fmtRange(phase(s, 'cold').flatMap((r) => (r.clientMs === undefined ? [] : [r.clientMs])), fmtMs)),
  },
  {
    metric: 'warm: second start → indexed',
    target: '10,000: < 5 s',
    cell: (s) => fmtRange(phase(s, 'warm').flatMap((r) => (r.readyMs === undefined ? [] : [r.readyMs])), fmtMs) + errors(phase(s, 'warm')),
  },
  {
    metric: 'document symbols: open → first response p50 / p95',
    cell: (s) => {
      const t = tested(s);
      return t ? `${fmtMs(percentile(t.symbolsFirstMs, 50))} / ${fmtMs(percentile(t.symbolsFirstMs, 95))}` : '–';
    },
  },
  {
    metric: 'document symbols: repeat request p50 / p95',
    target: 'p95 < 5 ms',
    cell: (s) => {
      const t = tested(s);
      return t ? `${fmtMs(percentile(t.symbolsRepeatMs, 50))} / ${fmtMs(percentile(t.symbolsRepeatMs, 95))}` : '–';
    },
  },
  {
    metric: 'document symbols: symbols per file (median, nested included)',
    cell: (s) => {
      const t = tested(s);
      return t ? `${median(t.symbolsCount)} (${t.symbolsCount.length} files)` : '–';
    },
  },
  {
    metric: 'document symbols: response size p50 / p95',
    cell: (s) => {
      const t = tested(s);
      return t?.symbolsBytes?.length ? `${fmtKb(percentile(t.symbolsBytes, 50))} / ${fmtKb(percentile(t.symbolsBytes, 95))}` : '–';
    },
  },
  {
    metric: 'edit → pull diagnostics on the 500 KB note p50 / p95',
    target: 'p50 < 50 ms',
    cell: (s) => {
      const t = tested(s);
      return t ? `${fmtMs(percentile(t.editDiagnosticsMs, 50))} / ${fmtMs(percentile(t.editDiagnosticsMs, 95))}` : '–';
    },
  },
  {
    metric: 'typing on: 100 more edits 50 ms apart, p50 / p95',
    cell: (s) => {
      const t = tested(s);
      return t?.typingDiagnosticsMs.length ? `${fmtMs(percentile(t.typingDiagnosticsMs, 50))} / ${fmtMs(percentile(t.typingDiagnosticsMs, 95))}` : '–';
    },
  },
  {
    metric: 'open the 500 KB note → first diagnostics',
    cell: (s) => {
      const t = tested(s);
      return t ? fmtMs(t.bigNoteOpenMs) : '–';
    },
  },
  {
    metric: 'diagnostics on the 500 KB note (count)',
    cell: (s) => {
      const t = tested(s);
      return t ? `${t.bigNoteDiagnostics} (${(t.bigNoteBytes / 1024).toFixed(0)} KB)` : '–';
    },
  },
  {
    metric: 'workspace symbols p50 / p95',
    cell: (s) => {
      const t = tested(s);
      return t ? `${fmtMs(percentile(t.workspaceSymbolsMs, 50))} / ${fmtMs(percentile(t.workspaceSymbolsMs, 95))}` : '–';
    },
  },
  {
    metric: 'workspace symbols: results per query (median)',
    cell: (s) => {
      const t = tested(s);
      return t ? `${median(t.workspaceSymbolsCount)} (${t.workspaceSymbolsCount.length} queries)` : '–';
    },
  },
  {
    metric: 'workspace symbols: response size p50 / p95',
    cell: (s) => {
      const t = tested(s);
      return t?.workspaceSymbolsBytes?.length ? `${fmtKb(percentile(t.workspaceSymbolsBytes, 50))} / ${fmtKb(percentile(t.workspaceSymbolsBytes, 95))}` : '–';
    },
  },
  {
    metric: 'RSS after indexing (median)',
    cell: (s) => {
      const v = phase(s, 'cold').flatMap((r) => (r.rssAfterReadyKb ? [r.rssAfterReadyKb] : []));
      return v.length ? mb(median(v)) : '–';
    },
  },
  {
    metric: 'peak RSS while indexing (VmHWM at ready, max of cold runs)',
    target: '10,000: < 500 MB',
    cell: (s) => {
      const v = phase(s, 'cold').flatMap((r) => (r.peakAtReadyKb ? [r.peakAtReadyKb] : []));
      return v.length ? mb(Math.max(...v)) : '–';
    },
  },
  {
    metric: 'peak RSS after doc symbols / ws symbols / 20 edits / typing on',
    cell: (s) => {
      const t = tested(s);
      return t ? `${mb(t.peakKb.symbols)} / ${mb(t.peakKb.workspaceSymbols)} / ${mb(t.peakKb.edits)} / ${mb(t.peakKb.typing)}` : '–';
    },
  },
  {
    metric: 'peak RSS, whole sessions (max, incl. tests)',
    cell: (s) => {
      const v = s.flatMap((r) => (r.peakKb ? [r.peakKb] : []));
      return v.length ? mb(Math.max(...v)) : '–';
    },
  },
];

export function resultsTable(results: SessionResult[], sizes: number[], kinds: ServerKind[]): string {
  const columns = sizes.flatMap((size) => kinds.map((kind) => ({ size, kind })));
  const header = ['metric', ...columns.map((c) => `${c.size.toLocaleString('en')} · ${SERVER_LABEL[c.kind]}`), 'issue 3 target'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of ROWS) {
    const cells = columns.map((c) => row.cell(results.filter((r) => r.size === c.size && r.kind === c.kind)));
    lines.push(`| ${row.metric} | ${cells.join(' | ')} | ${row.target ?? ''} |`);
  }
  return lines.join('\n');
}
