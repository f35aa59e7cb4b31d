// Marginalia's settings: defaults, and validation that turns broken values into clear messages
// instead of failures. Pure: the server reads raw values per resource and passes them here.

export type SeverityOrOff = 'off' | 'hint' | 'information' | 'warning' | 'error';
export type PageRefStyle = 'p.N' | 'pN' | 'Np';

export interface Settings {
  include: string[];
  exclude: string[];
  /** Name written into answer stubs and snippets. */
  author: string;
  pageRefStyle: PageRefStyle;
  diagnostics: {
    unanswered: SeverityOrOff;
    malformedPageRef: SeverityOrOff;
    brokenLink: SeverityOrOff;
    brokenAnchor: SeverityOrOff;
  };
  features: {
    documentSymbols: boolean;
    workspaceSymbols: boolean;
    hover: boolean;
    definition: boolean;
    references: boolean;
    completion: boolean;
    codeActions: boolean;
    codeLens: boolean;
    folding: boolean;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  include: ['**/*.md', '**/*.markdown'],
  exclude: [],
  author: '',
  pageRefStyle: 'p.N',
  diagnostics: { unanswered: 'warning', malformedPageRef: 'warning', brokenLink: 'warning', brokenAnchor: 'warning' },
  features: {
    documentSymbols: true,
    workspaceSymbols: true,
    hover: true,
    definition: true,
    references: true,
    completion: true,
    codeActions: true,
    codeLens: true,
    folding: true,
  },
};

const SEVERITIES: readonly string[] = ['off', 'hint', 'information', 'warning', 'error'];
const STYLES: readonly string[] = ['p.N', 'pN', 'Np'];
/** Longer patterns are refused: a workspace setting must not be able to make matching slow. */
export const MAX_PATTERN_LENGTH = 300;

export interface ResolvedSettings {
  settings: Settings;
  /** Human-readable problems found in the raw values (each ignored in favour of the default). */
  problems: string[];
}

/** Validates raw `marginalia.*` values (any shape) against the defaults. */
export function resolveSettings(raw: unknown): ResolvedSettings {
  const problems: string[] = [];
  const source = isObject(raw) ? raw : {};
  const settings: Settings = structuredClone(DEFAULT_SETTINGS);

  settings.include = patterns(source.include, 'include', DEFAULT_SETTINGS.include, problems);
  settings.exclude = patterns(source.exclude, 'exclude', DEFAULT_SETTINGS.exclude, problems);
  if (source.author !== undefined) {
    if (typeof source.author === 'string' && source.author.length <= 100) settings.author = source.author.trim();
    else problems.push('marginalia.author must be a name of at most 100 characters; ignored.');
  }
  if (source.pageRefStyle !== undefined) {
    if (typeof source.pageRefStyle === 'string' && STYLES.includes(source.pageRefStyle)) settings.pageRefStyle = source.pageRefStyle as PageRefStyle;
    else problems.push(`marginalia.pageRefStyle must be one of ${STYLES.join(', ')}; using ${DEFAULT_SETTINGS.pageRefStyle}.`);
  }
  const diagnostics = isObject(source.diagnostics) ? source.diagnostics : {};
  for (const key of Object.keys(settings.diagnostics) as Array<keyof Settings['diagnostics']>) {
    const value = diagnostics[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && SEVERITIES.includes(value)) settings.diagnostics[key] = value as SeverityOrOff;
    else problems.push(`marginalia.diagnostics.${key} must be one of ${SEVERITIES.join(', ')}; using ${DEFAULT_SETTINGS.diagnostics[key]}.`);
  }
  for (const key of Object.keys(settings.features) as Array<keyof Settings['features']>) {
    const section = source[key];
    const enabled = isObject(section) ? section.enabled : undefined;
    if (enabled === undefined) continue;
    if (typeof enabled === 'boolean') settings.features[key] = enabled;
    else problems.push(`marginalia.${key}.enabled must be true or false; ignored.`);
  }
  return { settings, problems };
}

function patterns(value: unknown, name: string, fallback: string[], problems: string[]): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) {
    problems.push(`marginalia.${name} must be a list of glob patterns; using the default.`);
    return [...fallback];
  }
  const kept: string[] = [];
  for (const pattern of value) {
    const problem = patternProblem(pattern);
    if (problem) problems.push(`marginalia.${name}: ${problem}; pattern ignored.`);
    else kept.push(pattern as string);
  }
  return kept;
}

/** Why a glob pattern is refused, or undefined when it is fine. */
export function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || pattern.trim() === '') return 'a pattern must be a non-empty string';
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  let depth = 0;
  for (const c of pattern) {
    if (c === '{' || c === '[') depth++;
    if (c === '}' || c === ']') depth--;
    if (depth < 0) return `unbalanced brackets in '${pattern}'`;
  }
  if (depth !== 0) return `unbalanced brackets in '${pattern}'`;
  if ((pattern.match(/\*\*/g)?.length ?? 0) > 8) return `too many '**' in '${pattern}'`;
  // Several `*` in one path segment (`*a*a*a*a*b`) and extglobs (`+(a|aa)`) make the matcher's
  // regular expression backtrack exponentially on some file names.
  for (const segment of pattern.split('/')) {
    if (segment !== '**' && (segment.match(/\*/g)?.length ?? 0) > 4) return `too many '*' in one path segment of '${pattern}'`;
  }
  if (/[+@!?*]\(/.test(pattern)) return `extended glob syntax is not supported in '${pattern}'`;
  if ((pattern.match(/\{/g)?.length ?? 0) > 8) return `too many '{…}' groups in '${pattern}'`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
