// Broken links and anchors: relative links and images whose file or folder is missing, and
// `#fragment`s that match no heading under GitHub's slug rules. What GitHub shows a reader of
// the repository is the reference; names are compared after percent-decoding and NFC, because
// Notion exports and macOS store (and encode) Hangul decomposed.
//
// Freshness: nothing is cached between calls, so every pull reads the disk again. The server
// asks the client to pull again when the index changes, which covers notes targets created or
// deleted. An image or PDF created or deleted changes no index entry, so (until the server
// refreshes on those watcher events too) its diagnostic follows on the client's next own pull:
// an edit, or reopening the file.
import type { Diagnostic } from 'vscode-languageserver-types';
import { URI, Utils } from 'vscode-uri';
import type { Link, NotesModel } from '../notes/model.ts';
import { t } from '../notes/messages.ts';
import type { ServiceContext } from './context.ts';
import type { IndexedFile } from './workspaceIndex.ts';
import type { Settings } from './settings.ts';
import { DIAGNOSTIC_SOURCE, toSeverity } from './diagnostics.ts';
import { anchorKey, headingSlugs, isLineFragment } from './slug.ts';

/** A link destination taken apart: where it points, and the fragment, decoded. */
export type LinkTarget =
  | { kind: 'skip' }
  /** `#fragment`: a heading of this file. */
  | { kind: 'self'; fragment: string }
  /** A relative (or `/`-rooted) path; `segments` percent-decoded, as written otherwise. */
  | { kind: 'path'; segments: string[]; rooted: boolean; fragment?: string; shown: string };

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// `{{ url }}`, `${path}`, `<%= x %>`, `path/to/file`, `...`, `(링크)`: a template or a
// placeholder left for later, not a path anyone expects to exist.
const PLACEHOLDER = /\{\{|\}\}|\{%|%\}|\$\{|<%|%>|\.\.\.|…|(?:^|\/)path\/to\//i;
const PLACEHOLDER_WORD = /^(?:url|uri|link|links|href|path|src|todo|tbd|tbc|x+|링크|주소|경로|파일|이미지|url주소|リンク)$/i;

/** Takes a destination as written apart (pure). External, empty and placeholder destinations are skipped. */
export function parseLinkTarget(url: string): LinkTarget {
  const written = url.trim();
  if (!written || SCHEME.test(written) || written.startsWith('//')) return { kind: 'skip' };
  if (PLACEHOLDER.test(written) || PLACEHOLDER_WORD.test(written)) return { kind: 'skip' };
  const hash = written.indexOf('#');
  const beforeHash = hash < 0 ? written : written.slice(0, hash);
  const fragment = hash < 0 ? undefined : percentDecode(written.slice(hash + 1)).normalize('NFC');
  const query = beforeHash.indexOf('?');
  const pathPart = query < 0 ? beforeHash : beforeHash.slice(0, query);
  if (!pathPart) return fragment === undefined ? { kind: 'skip' } : { kind: 'self', fragment };
  // Split before decoding: an encoded `%2F` is part of a name, not a separator.
  const segments = pathPart.split('/').map((segment) => percentDecode(segment));
  const shown = segments.join('/').normalize('NFC');
  return { kind: 'path', segments, rooted: pathPart.startsWith('/'), fragment, shown };
}

/** Decodes `%XX` runs that form UTF-8; a stray `%` (`100%.png`) stays as written. */
function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

const STRINGS = {
  caseOnly: { en: 'on disk it is', ko: '실제 이름은' },
  caseNote: { en: 'GitHub matches letter case', ko: 'GitHub는 대소문자를 구분합니다' },
} as const;

function say(key: keyof typeof STRINGS, locale: string): string {
  return STRINGS[key][locale.toLowerCase().startsWith('ko') ? 'ko' : 'en'];
}

export async function linkDiagnostics(ctx: ServiceContext, file: IndexedFile, settings: Settings): Promise<Diagnostic[]> {
  const linkSeverity = toSeverity(settings.diagnostics.brokenLink);
  const anchorSeverity = toSeverity(settings.diagnostics.brokenAnchor);
  if ((!linkSeverity && !anchorSeverity) || !file.model.links.length) return [];
  const resolver = new Resolver(ctx, file);
  const found: Diagnostic[] = [];
  for (const link of file.model.links) {
    try {
      const problem = await resolver.check(link);
      if (problem?.code === 'broken-link' && linkSeverity) {
        found.push({ range: link.range, severity: linkSeverity, code: problem.code, source: DIAGNOSTIC_SOURCE, message: problem.message, data: { url: link.url } });
      } else if (problem?.code === 'broken-anchor' && anchorSeverity) {
        found.push({ range: link.range, severity: anchorSeverity, code: problem.code, source: DIAGNOSTIC_SOURCE, message: problem.message, data: { url: link.url } });
      }
    } catch (error) {
      ctx.logger.warn(`Could not check link ${link.url} in ${file.uri}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return found;
}

interface Problem {
  code: 'broken-link' | 'broken-anchor';
  message: string;
}

type Resolved = { found: true; uri: URI; name: string } | { found: false; caseOnly?: string };

/** Name lookups of one folder: exact, NFC, and lower-cased NFC (for the case hint). */
interface Listing {
  names: Set<string>;
  nfc: Map<string, string>;
  folded: Map<string, string>;
}

/** Resolves one file's links; folder listings, resolutions and anchor sets are cached for the call. */
class Resolver {
  private readonly listings = new Map<string, Promise<Listing | undefined>>();
  private readonly resolved = new Map<string, Promise<Resolved>>();
  private readonly anchors = new Map<string, Set<string>>();
  private readonly folder: URI;
  private readonly untitled: boolean;
  private root: URI | undefined;
  private indexByPath: Map<string, IndexedFile> | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly file: IndexedFile,
  ) {
    const uri = URI.parse(file.uri);
    this.folder = Utils.dirname(uri);
    this.untitled = uri.scheme === 'untitled' || !uri.path.startsWith('/');
  }

  async check(link: Link): Promise<Problem | undefined> {
    const target = parseLinkTarget(link.url);
    if (target.kind === 'skip') return undefined;
    if (target.kind === 'self') {
      return this.hasAnchor(this.file, target.fragment) ? undefined : this.brokenAnchor(`#${target.fragment}`);
    }
    // An unsaved editor has no folder to resolve against.
    if (this.untitled) return undefined;
    const base = target.rooted ? this.workspaceRoot() : this.folder;
    const key = `${base.toString()}\n${target.segments.join('/')}`;
    let pending = this.resolved.get(key);
    if (!pending) this.resolved.set(key, (pending = this.resolve(base, target.segments)));
    const result = await pending;
    if (!result.found) {
      let message = `${t('brokenLink', this.ctx.locale)}: ${target.shown}`;
      if (result.caseOnly) message += ` (${say('caseOnly', this.ctx.locale)} ${result.caseOnly}; ${say('caseNote', this.ctx.locale)})`;
      return { code: 'broken-link', message };
    }
    const fragment = target.fragment;
    if (!fragment || !/\.(?:md|markdown)$/i.test(result.name)) return undefined;
    // Only notes the index knows can be checked; anything else is given the benefit of the doubt.
    const targetFile = this.indexed(result.uri);
    if (!targetFile || this.hasAnchor(targetFile, fragment)) return undefined;
    return this.brokenAnchor(`${target.shown}#${fragment}`);
  }

  private brokenAnchor(shown: string): Problem {
    return { code: 'broken-anchor', message: `${t('brokenAnchor', this.ctx.locale)}: ${shown}` };
  }

  /** Walks the path segment by segment, matching each name against the folder's listing (NFC on both sides). */
  private async resolve(base: URI, segments: string[]): Promise<Resolved> {
    let current = base;
    let name = '';
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        current = Utils.dirname(current);
        continue;
      }
      const last = segments.slice(i + 1).every((s) => s === '' || s === '.');
      const match = await this.child(current, segment, last);
      if (!match.found) {
        if (match.caseOnly === undefined) return { found: false };
        const onDisk = segments.map((s, j) => (j === i ? match.caseOnly : s));
        return { found: false, caseOnly: onDisk.join('/').normalize('NFC') };
      }
      name = match.name;
      current = Utils.joinPath(current, match.name);
    }
    return { found: true, uri: current, name };
  }

  private async child(folder: URI, segment: string, last: boolean): Promise<{ found: true; name: string } | { found: false; caseOnly?: string }> {
    const listing = await this.list(folder);
    if (!listing) {
      // Unreadable folder (permissions, or not a folder at all): ask for the one path instead.
      const stat = await this.ctx.fs.stat(Utils.joinPath(folder, segment).toString());
      return stat ? { found: true, name: segment } : { found: false };
    }
    if (listing.names.has(segment)) return { found: true, name: segment };
    const nfc = segment.normalize('NFC');
    const exact = listing.nfc.get(nfc);
    if (exact !== undefined) return { found: true, name: exact };
    // `[2장](notes/2장)` for `notes/2장.md`: VS Code resolves it, so it is not reported.
    if (last && !/\.[A-Za-z0-9]{1,8}$/.test(nfc)) {
      const withExtension = listing.nfc.get(`${nfc}.md`);
      if (withExtension !== undefined) return { found: true, name: withExtension };
    }
    const folded = listing.folded.get(nfc.toLowerCase());
    return folded !== undefined ? { found: false, caseOnly: folded } : { found: false };
  }

  private list(folder: URI): Promise<Listing | undefined> {
    const key = folder.toString();
    let pending = this.listings.get(key);
    if (!pending) {
      pending = this.ctx.fs.readDirectory(key).then((names) => {
        if (!names) return undefined;
        const listing: Listing = { names: new Set(names), nfc: new Map(), folded: new Map() };
        for (const name of names) {
          const nfc = name.normalize('NFC');
          listing.nfc.set(nfc, name);
          listing.folded.set(nfc.toLowerCase(), name);
        }
        return listing;
      });
      this.listings.set(key, pending);
    }
    return pending;
  }

  /**
   * The folder `/`-rooted links start from: the workspace folder holding the file. The index
   * parses each file with its path relative to that folder (`model.path`, e.g. `ch01/지민.md`),
   * so the folder is the file's URI less that many segments. When the path does not line up
   * (a file outside every folder gets its bare name), links resolve against the file's folder.
   */
  private workspaceRoot(): URI {
    if (this.root) return this.root;
    const relative = this.file.model.path.split('/').filter((s) => s !== '' && s !== '.');
    const uri = URI.parse(this.file.uri);
    const own = uri.path.split('/');
    const lined = relative.length > 0 && !relative.includes('..') && relative.length < own.length && relative.every((s, i) => s.normalize('NFC') === own[own.length - relative.length + i].normalize('NFC'));
    let root = this.folder;
    if (lined) {
      root = uri;
      for (let i = 0; i < relative.length; i++) root = Utils.dirname(root);
    }
    return (this.root = root);
  }

  /** The indexed file at a URI, matching the name NFC when the spelling differs. */
  private indexed(uri: URI): IndexedFile | undefined {
    const direct = this.ctx.index.get(uri.toString());
    if (direct) return direct;
    if (!this.indexByPath) {
      this.indexByPath = new Map();
      for (const file of this.ctx.index.all()) this.indexByPath.set(URI.parse(file.uri).path.normalize('NFC'), file);
    }
    return this.indexByPath.get(uri.path.normalize('NFC'));
  }

  private hasAnchor(target: IndexedFile, fragment: string): boolean {
    if (fragment === '' || fragment.toLowerCase() === 'top' || isLineFragment(fragment)) return true;
    let wanted = anchorKey(fragment);
    if (wanted.startsWith('user-content-')) wanted = wanted.slice('user-content-'.length);
    let anchors = this.anchors.get(target.uri);
    if (!anchors) this.anchors.set(target.uri, (anchors = anchorsOf(target.model, this.ctx.document(target.uri)?.getText())));
    return anchors.has(wanted);
  }
}

/**
 * Every anchor a reader can land on: heading slugs (GitHub's rules, duplicates numbered) and
 * HTML `id`/`name` attributes, as `anchorKey`s. With the file's text (open documents) the slugs
 * come from the heading lines as written and setext headings count too; without it, from the
 * model's heading texts.
 */
export function anchorsOf(model: NotesModel, text?: string): Set<string> {
  const lines = text?.split(/\r\n|\r|\n/);
  const headings = model.headings.map((h) => ({ line: h.range.start.line, source: (lines && atxText(lines[h.range.start.line])) ?? h.text }));
  if (lines) headings.push(...setextHeadings(lines, new Set(headings.map((h) => h.line))));
  headings.sort((a, b) => a.line - b.line);
  const anchors = new Set(headingSlugs(headings.map((h) => h.source)).map(anchorKey));
  if (text && /\b(?:id|name)\s*=/i.test(text)) {
    for (const match of text.matchAll(/<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      const id = anchorKey(match[1] ?? match[2] ?? match[3] ?? '');
      if (id) anchors.add(id.startsWith('user-content-') ? id.slice('user-content-'.length) : id);
    }
  }
  return anchors;
}

/** An ATX heading line's content as written (`## 1장 ##` → `1장`), undefined if the line is not one. */
function atxText(line: string | undefined): string | undefined {
  const match = line === undefined ? null : /^ {0,3}#{1,6}(?:[ \t]+|(?=[^#\s])|$)(.*)$/.exec(line);
  if (!match) return undefined;
  return match[1].replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
}

/**
 * Setext headings (`Title` over `===` or `---`), which GitHub renders and anchors but the notes
 * model reads as a paragraph and a rule. Approximate: a plain text line (not a list item, quote,
 * table row or heading) directly above an underline, outside fenced code.
 */
function setextHeadings(lines: string[], known: Set<number>): Array<{ line: number; source: string }> {
  const found: Array<{ line: number; source: string }> = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && line.trim() === open[1]) fence = undefined;
      continue;
    }
    if (open) {
      fence = open[1];
      continue;
    }
    if (i === 0 || known.has(i - 1) || !/^ {0,3}(?:=+|-+)[ \t]*$/.test(line)) continue;
    const above = lines[i - 1];
    if (above.trim() === '' || /^ {0,3}(?:[-*+>|#]|\d+[.)]\s)|^\s{4}/.test(above) || /^ {0,3}(?:[-*_][ \t]*){3,}$/.test(above)) continue;
    found.push({ line: i - 1, source: above.trim() });
  }
  return found;
}
