// The grammar and the parser agree on real notes: every page reference and every @mention or
// commenter the parser finds is highlighted, and nothing else is, except for the differences
// syntaxes/README.md lists (ranges joined by words, presenters of chapter headings).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IGrammar, IToken } from 'vscode-textmate';
import { parseNotes } from '../../server/src/notes/parse.ts';
import type { NotesModel, Range } from '../../server/src/notes/model.ts';
import { markdownGrammar, scopedSpans, tokenizeDocument, type ScopedSpan } from './engine.ts';
import { PROJECT_ROOT, SHARED_DIR } from '../support/shared.ts';

const isPageRef = (scope: string) => scope === 'constant.numeric.page-reference.marginalia';
const isMember = (scope: string) => scope.startsWith('entity.name.type.member.');

/**
 * Corpus files worth comparing (a third of them): a page marker next to a digit, an `@` where a
 * mention may start, or a quoted name and a colon starting a line. Both sides find nothing elsewhere.
 */
const CANDIDATE = new RegExp(
  [
    String.raw`(?:^|[^A-Za-z0-9_])(?:[pP]{1,2}[.．]? ?[0-9]|[Pp]ages? [0-9])`,
    String.raw`(?:^|[^A-Za-z0-9_.,])[0-9]{1,4}(?:\s?[-–—~〜～]\s?[0-9]{1,4})? ?(?:[pP](?![A-Za-z0-9])|쪽|페이지|ページ|頁|[Pp]age)`,
    String.raw`(?:^|[\s(（\[,，、:：>*_~|「『【])@[가-힣A-Za-z0-9]`,
    String.raw`^[ \t>]*(?:[-*+]\s+)?['‘"“][^'’"”\n]{2,41}['’"”][ \t]*[:：]`,
  ].join('|'),
  'm',
);

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(full));
    else if (/\.(?:md|markdown)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** `p.42 「…」 から p.53`, `p.45부터 p.50까지`: one range for the parser, two references here. */
const WORD_RANGE = /から|부터|에서/;

const key = (s: ScopedSpan) => `${s.line + 1}:${s.start}-${s.end}`;
const rangeKey = (r: Range) => `${r.start.line + 1}:${r.start.character}-${r.end.character}`;

interface Disagreement {
  parserOnly: string[];
  grammarOnly: string[];
}

/** Page references: the parser's, with a range joined by words (`p.42 「…」 から p.53`) split at its ends. */
function comparePages(text: string, model: NotesModel, tokens: IToken[][]): Disagreement {
  const lines = text.split(/\r?\n/);
  const got = new Map(scopedSpans(tokens, isPageRef).map((s) => [key(s), s]));
  const parserOnly: string[] = [];
  for (const ref of model.pageRefs) {
    const k = rangeKey(ref.range);
    if (got.delete(k)) continue;
    // A range written with words: the grammar highlights the references at both ends instead.
    const { line, character: from } = ref.range.start;
    const to = ref.range.end.character;
    const inside = [...got.values()].filter((s) => s.line === line && s.start >= from && s.end <= to);
    if (WORD_RANGE.test(ref.text) && inside.some((s) => s.start === from) && inside.some((s) => s.end === to)) {
      for (const s of inside) got.delete(key(s));
      continue;
    }
    parserOnly.push(`${k} ${JSON.stringify(ref.text)} | ${lines[line]?.trim()}`);
  }
  const grammarOnly = [...got.values()].map((s) => `${key(s)} ${JSON.stringify(lines[s.line]?.slice(s.start, s.end))} | ${lines[s.line]?.trim()}`);
  return { parserOnly, grammarOnly };
}

/** Mentions and commenters; a presenter of a chapter heading is highlighted as the mention it is. */
function compareMembers(text: string, model: NotesModel, tokens: IToken[][]): Disagreement {
  const lines = text.split(/\r?\n/);
  const got = new Map(scopedSpans(tokens, isMember).map((s) => [key(s), s]));
  const parserOnly: string[] = [];
  for (const m of model.members) {
    if (m.role !== 'addressee' && m.role !== 'commenter') continue;
    const k = rangeKey(m.range);
    if (!got.delete(k)) parserOnly.push(`${k} ${m.name} | ${lines[m.range.start.line]?.trim()}`);
  }
  const presenterLines = new Set(model.members.filter((m) => m.role === 'presenter').map((m) => m.range.start.line));
  const grammarOnly = [...got.values()]
    .filter((s) => !presenterLines.has(s.line))
    .map((s) => `${key(s)} ${JSON.stringify(lines[s.line]?.slice(s.start, s.end))} | ${lines[s.line]?.trim()}`);
  return { parserOnly, grammarOnly };
}

function fixtureSets(): Array<{ name: string; root: string; files: string[] }> {
  const examples = path.join(PROJECT_ROOT, 'examples');
  const seeds = path.join(SHARED_DIR, 'seeds');
  const corpus = path.join(SHARED_DIR, 'corpus');
  return [
    { name: 'examples/', root: PROJECT_ROOT, files: markdownFiles(examples) },
    { name: 'shared seeds', root: SHARED_DIR, files: markdownFiles(seeds) },
    {
      name: 'shared corpus (files with a candidate)',
      root: SHARED_DIR,
      files: markdownFiles(corpus).filter((f) => CANDIDATE.test(fs.readFileSync(f, 'utf8'))),
    },
  ];
}

describe('grammar agrees with the parser on real notes', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await markdownGrammar();
  });

  for (const set of fixtureSets()) {
    it(`page references and members: ${set.name}`, () => {
      assert.ok(set.files.length > 0, `files in ${set.name}`);
      const problems: string[] = [];
      let pages = 0;
      let members = 0;
      for (const file of set.files) {
        const text = fs.readFileSync(file, 'utf8');
        const rel = path.relative(set.root, file);
        const model = parseNotes(text, rel);
        const tokens = tokenizeDocument(grammar, text);
        pages += model.pageRefs.length;
        members += model.members.filter((m) => m.role === 'addressee' || m.role === 'commenter').length;
        for (const [what, d] of [
          ['page', comparePages(text, model, tokens)],
          ['member', compareMembers(text, model, tokens)],
        ] as const) {
          for (const p of d.parserOnly) problems.push(`${rel}:${p}  (${what}: parser only)`);
          for (const g of d.grammarOnly) problems.push(`${rel}:${g}  (${what}: grammar only)`);
        }
      }
      assert.deepEqual(problems, []);
      // The comparison compared something: these fixtures hold references and members.
      assert.ok(pages > 0, `${set.name}: page references compared`);
      assert.ok(members > 0, `${set.name}: members compared`);
    });
  }
});
