// Every edit the server offers changes only what it says it changes (issue 5), as a property over
// random documents against the bundled server: generated notes mixing question shapes and page
// references, and real notes from the corpus (lightly mutated). For each document the test asks
// for code actions at random ranges (with the unanswered diagnostics there, as VS Code sends them)
// and completions at random positions and just after typed `@`/`p.`; it applies every edit offered
// and checks that the edit's ranges are real places in the document, that nothing outside them
// changed, that "Add answer" only inserts, that a normalized page reference is still a reference
// to the same pages, and that the edited text still parses into a valid model.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, Diagnostic, DocumentDiagnosticReport, InsertReplaceEdit, Position, Range, TextEdit } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from '../support/lspServer.ts';
import { copyOfExamples, sharedFile } from '../support/shared.ts';
import { corpusSample, DocumentLines, isHighSurrogate, isLowSurrogate, modelProblems, mutate, mutation, notesDocument, show } from '../support/arbitraries.ts';
import { parseNotes } from '../../server/src/notes/parse.ts';

const SEED = Number(process.env.MARGINALIA_FC_SEED ?? 5);
const SCALE = Number(process.env.MARGINALIA_FC_RUNS ?? 1);
const runs = (numRuns: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)) });

/** Corpus notes small enough to send many times (the property opens one per run). */
const SAMPLE = corpusSample(30).filter((f) => f.text.length < 15_000);

interface Case {
  text: string;
  /** Code action ranges: offsets into the text, taken modulo its length. */
  ranges: Array<[number, number]>;
  /** Completion positions: offsets, each maybe after something typed there. */
  completions: Array<{ at: number; typed: string }>;
}

const cases = (documents: fc.Arbitrary<string>): fc.Arbitrary<Case> =>
  fc.record({
    text: documents,
    ranges: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 400 })), { minLength: 1, maxLength: 3 }),
    completions: fc.array(fc.record({ at: fc.nat(), typed: fc.constantFrom('', '', '@', '@지', 'p.', 'p', 'P. 1', 'pp.', 'q', '질문', '\n') }), { minLength: 1, maxLength: 3 }),
  });

const corpusDocuments = fc
  .tuple(fc.nat({ max: SAMPLE.length - 1 }), fc.array(mutation, { maxLength: 2 }))
  .map(([file, mutations]) => mutations.reduce(mutate, SAMPLE[file].text).slice(0, 20_000));

/** Moves an offset off the middle of a surrogate pair (clients never send such positions). */
function boundary(text: string, offset: number): number {
  return offset > 0 && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset)) ? offset - 1 : offset;
}

function positionAt(text: string, offset: number): Position {
  return TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(offset);
}

/** Applies non-overlapping edits by the test's own line table, refusing any invalid range. */
function applyChecked(text: string, edits: TextEdit[], what: string): string {
  const lines = new DocumentLines(text);
  for (const edit of edits) {
    const problem = lines.rangeProblem(edit.range);
    assert.equal(problem, undefined, `${what}: edit range ${JSON.stringify(edit.range)}: ${problem}`);
  }
  const sorted = [...edits].sort((a, b) => lines.offset(a.range.start) - lines.offset(b.range.start));
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(lines.offset(sorted[i - 1].range.end) <= lines.offset(sorted[i].range.start), `${what}: edits overlap at ${show(sorted[i].range)}`);
  }
  let result = '';
  let at = 0;
  for (const edit of sorted) {
    result += text.slice(at, lines.offset(edit.range.start)) + edit.newText;
    at = lines.offset(edit.range.end);
  }
  result += text.slice(at);
  // The client applies them the same way (no clamping happened: the ranges were valid).
  assert.equal(TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), edits), result, `${what}: as a client applies it`);
  return result;
}

/** What a client inserts for a snippet: placeholders replaced by their defaults. */
function expandSnippet(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
      out += body[++i];
    } else if (c === '$' && body[i + 1] === '{') {
      // ${n}, ${n:default (nested)}, ${n|a,b|}
      let depth = 1;
      let j = i + 2;
      for (; j < body.length && depth > 0; j++) {
        if (body[j] === '\\') j++;
        else if (body[j] === '{') depth++;
        else if (body[j] === '}') depth--;
      }
      const inner = body.slice(i + 2, j - 1);
      const choice = /^\d+\|([^,|]*)/.exec(inner);
      const placeholder = /^\d+:([\s\S]*)$/.exec(inner);
      out += choice ? choice[1] : placeholder ? expandSnippet(placeholder[1]) : '';
      i = j - 1;
    } else if (c === '$' && /\d/.test(body[i + 1] ?? '')) {
      while (/\d/.test(body[i + 1] ?? '')) i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** The edited text parses into a valid model. */
function parsesWell(text: string, what: string): void {
  const model = parseNotes(text, 'props/doc.md');
  assert.deepEqual(modelProblems(text, model), [], `${what}: the edited text's model`);
}

/** Every style "Normalize page reference" can rewrite to. */
const STYLES = ['p.N', 'pN', 'Np'];

/** What a normalized reference looks like in each style: `p.45`, `p45`, `45p`, with a range `-50`. */
const NORMALIZED = /^(?:p\.?\d+(?:-\d+)?|\d+(?:-\d+)?p)$/;

describe('every edit the server offers changes only what it says it changes', () => {
  let server: TestServer;
  let root: string;
  let docs = 0;
  const stats = { actions: 0, addAnswer: 0, normalize: 0, normalizeAll: 0, completions: 0, completionItems: 0, members: 0, pages: 0, snippets: 0 };

  before(async () => {
    // Members and pages to complete come from a copy of examples/ and the seeds.
    root = copyOfExamples('edits');
    fs.mkdirSync(path.join(root, 'seeds'));
    for (const seed of ['000_a2fd999622add595.md', '002_f9174dd6671af7b8.md']) fs.copyFileSync(sharedFile(`seeds/${seed}`), path.join(root, 'seeds', seed));
    fs.mkdirSync(path.join(root, 'props'));
    server = await startServer({ folders: [root], settings: { author: '지민', pageRefStyle: 'pN' } });
    await server.waitForIndex();
  });
  after(async () => {
    console.log(`edits checked: ${JSON.stringify(stats)} over ${docs} documents`);
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Sets the page reference style "Normalize" converts to, and waits until the server uses it. */
  async function useStyle(style: string): Promise<void> {
    server.settings = { author: '지민', pageRefStyle: style };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await server.waitForIndex();
  }

  /** Opens the case's document, asks for every action and completion, checks each edit. */
  async function check(c: Case): Promise<void> {
    const text = c.text;
    const file = path.join(root, 'props', `doc-${docs++}.md`);
    const uri = server.uri(file);
    const lines = new DocumentLines(text);
    const before = parseNotes(text, 'props/doc.md');
    await server.open(file, text);
    try {
      const report = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
      const diagnostics: Diagnostic[] = report.kind === 'full' ? report.items : [];

      // Code actions at random ranges, with the diagnostics they touch; and on each unanswered question.
      const requests: Range[] = c.ranges.map(([from, length]) => {
        const start = boundary(text, from % (text.length + 1));
        const end = boundary(text, Math.min(text.length, start + length));
        return { start: positionAt(text, start), end: positionAt(text, end) };
      });
      requests.push(...diagnostics.filter((d) => d.code === 'unanswered').slice(0, 2).map((d) => d.range));
      for (const range of requests) {
        const touching = diagnostics.filter((d) => !(lines.offset(d.range.end) < lines.offset(range.start) || lines.offset(range.end) < lines.offset(d.range.start)));
        const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: touching } })) as CodeAction[];
        for (const action of actions) checkAction(action, uri, text, before);
      }

      // Completions, at a random place and after typing there.
      for (const { at, typed } of c.completions) {
        const offset = boundary(text, at % (text.length + 1));
        const edited = text.slice(0, offset) + typed + text.slice(offset);
        const cursor = positionAt(edited, offset + typed.length);
        if (typed) await server.change(file, edited, 2 + stats.completions);
        const result = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: cursor })) as CompletionItem[] | { items: CompletionItem[] } | null;
        const items = Array.isArray(result) ? result : (result?.items ?? []);
        stats.completions++;
        // Every kind of item the list holds (members, pages, snippets), a few of each.
        const picked = [...new Map(items.map((item) => [`${item.kind}:${items.filter((i) => i.kind === item.kind).indexOf(item) % 4}`, item])).values()].slice(0, 6);
        for (const item of picked) checkCompletion(item, edited, cursor);
        if (typed) await server.change(file, text, 2 + stats.completions);
      }
    } finally {
      await server.close(file);
    }
  }

  function checkAction(action: CodeAction, uri: string, text: string, before: ReturnType<typeof parseNotes>): void {
    stats.actions++;
    const what = `${action.kind} "${action.title}"`;
    assert.ok(action.edit, `${what} has an edit`);
    assert.equal(action.edit.documentChanges, undefined);
    assert.deepEqual(Object.keys(action.edit.changes ?? {}), [uri], `${what} edits only its own document`);
    const edits = action.edit.changes![uri];
    assert.ok(edits.length > 0, `${what}: no edits`);
    const after = applyChecked(text, edits, what);
    const lines = new DocumentLines(text);

    if (action.kind === 'quickfix') {
      // Add answer: one insertion; the cursor lands inside what was inserted.
      stats.addAnswer++;
      assert.equal(edits.length, 1, what);
      const [edit] = edits;
      assert.deepEqual(edit.range.start, edit.range.end, `${what} inserts, never replaces`);
      assert.ok(!/\$\{|\$\d/.test(edit.newText), `${what}: snippet syntax in a plain edit`);
      assert.equal(action.command?.command, 'marginalia.revealPosition');
      const cursor = action.command!.arguments![1] as Position;
      const afterLines = new DocumentLines(after);
      assert.equal(afterLines.positionProblem(cursor), undefined, `${what}: cursor ${JSON.stringify(cursor)}`);
      const at = lines.offset(edit.range.start);
      const cursorAt = afterLines.offset(cursor);
      assert.ok(cursorAt >= at && cursorAt <= at + edit.newText.length, `${what}: the cursor goes into the stub`);
    } else {
      // Normalize: each edit replaces exactly one page reference, which stays a reference to the same pages.
      if (action.kind === 'source.marginalia.normalizePageRefs') stats.normalizeAll++;
      else stats.normalize++;
      assert.ok(action.kind === 'refactor.rewrite' || action.kind === 'source.marginalia.normalizePageRefs', `unexpected kind ${action.kind}`);
      const model = parseNotes(after, 'props/doc.md');
      const afterLines = new DocumentLines(after);
      const shiftOf = new Map<number, number>();
      const inOrder = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      for (const edit of inOrder) {
        const ref = before.pageRefs.find((r) => show(r.range) === show(edit.range));
        assert.ok(ref, `${what}: replaces ${JSON.stringify(lines.slice(edit.range))} at ${show(edit.range)}, which is not a page reference`);
        assert.ok(NORMALIZED.test(edit.newText), `${what}: ${JSON.stringify(edit.newText)}`);
        // Where the new reference sits after the edits before it on the same line.
        const line = edit.range.start.line;
        const shift = shiftOf.get(line) ?? 0;
        const start = { line, character: edit.range.start.character + shift };
        shiftOf.set(line, shift + edit.newText.length - (edit.range.end.character - edit.range.start.character));
        const now = model.pageRefs.find((r) => r.range.start.line === start.line && r.range.start.character === start.character);
        assert.ok(now, `${what}: ${JSON.stringify(ref.text)} → ${JSON.stringify(edit.newText)} is no longer read as a page reference in ${JSON.stringify(afterLines.line(line))}`);
        assert.deepEqual([now.start, now.end, now.text], [ref.start, ref.end, edit.newText], `${what}: ${JSON.stringify(ref.text)} → ${JSON.stringify(edit.newText)}`);
      }
    }
    parsesWell(after, what);
  }

  function checkCompletion(item: CompletionItem, text: string, cursor: Position): void {
    stats.completionItems++;
    const what = `completion "${item.label}" at ${cursor.line}:${cursor.character}`;
    const lines = new DocumentLines(text);
    const line = lines.line(cursor.line);
    let range: Range;
    let newText: string;
    if (item.textEdit) {
      const edit = item.textEdit as TextEdit | InsertReplaceEdit;
      range = 'range' in edit ? edit.range : edit.replace;
      newText = edit.newText;
      if ('insert' in edit) assert.equal(lines.rangeProblem(edit.insert), undefined, what);
    } else {
      // Without a text edit the client replaces the word before the cursor.
      const word = /[\p{L}\p{N}_]*$/u.exec(line.slice(0, cursor.character))![0];
      range = { start: { line: cursor.line, character: cursor.character - word.length }, end: cursor };
      newText = item.insertText ?? item.label;
    }
    // The range is the text typed before the cursor on its line, and nothing else.
    assert.equal(lines.rangeProblem(range), undefined, `${what}: ${JSON.stringify(range)}`);
    assert.equal(range.start.line, cursor.line, what);
    assert.deepEqual(range.end, cursor, `${what} replaces up to the cursor`);
    const replaced = lines.slice(range);
    const before = line.slice(0, range.start.character);
    stats[item.kind === 15 ? 'snippets' : item.kind === 18 ? 'members' : 'pages']++;
    if (item.kind === 15 /* Snippet */) assert.ok(/^[\p{L}\p{N}_]*$/u.test(replaced) && /^[ \t]*$/.test(before), `${what}: snippet replaces ${JSON.stringify(replaced)} after ${JSON.stringify(before)}`);
    else if (item.kind === 18 /* Reference: a member */) assert.ok(/^[\p{L}\p{N}_.\-]*$/u.test(replaced) && before.endsWith('@'), `${what}: member replaces ${JSON.stringify(replaced)} after ${JSON.stringify(before)}`);
    else if (item.kind === 12 /* Value: a page */) assert.ok(/^(?:pp|PP|p|P)(?:[.．] ?)?\d{0,5}$/.test(replaced), `${what}: page replaces ${JSON.stringify(replaced)}`);
    else assert.fail(`${what}: unexpected kind ${item.kind}`);
    const inserted = item.insertTextFormat === 2 ? expandSnippet(newText) : newText;
    const after = applyChecked(text, [{ range, newText: inserted }], what);
    parsesWell(after, what);
  }

  for (const style of STYLES) {
    it(`on generated notes (question shapes, page refs, Hangul, emoji, mixed line breaks), page style ${style}`, async () => {
      await useStyle(style);
      await fc.assert(fc.asyncProperty(cases(notesDocument), check), runs(50));
    });

    it(`on real notes from the corpus, lightly mutated, page style ${style}`, async () => {
      await useStyle(style);
      await fc.assert(fc.asyncProperty(cases(corpusDocuments), check), runs(30));
    });
  }

  it('exercised every kind of edit', () => {
    assert.ok(stats.normalize > 0 && stats.normalizeAll > 0 && stats.addAnswer > 0 && stats.members > 0 && stats.pages > 0 && stats.snippets > 0, JSON.stringify(stats));
  });
});
