// Properties of the notes core over any text (issue 5): generated notes, real notes from the
// corpus mutated at random, every line-break style, BOMs, NUL, NFD, surrogate halves, bytes of
// any encoding. Whatever the input, parsing never throws, every position of the model is a place
// in the document on a UTF-16 boundary, page references cover their own text, and parsing is a
// function of the text (twice, or through a shared section cache, gives the same model).
//
// Deterministic: a fixed seed (MARGINALIA_FC_SEED to explore others, MARGINALIA_FC_RUNS to scale
// the number of runs); fast-check prints the seed and the shrunk counterexample on failure.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNotes } from '../../server/src/notes/parse.ts';
import { LruSectionCache } from '../../server/src/notes/sectionCache.ts';
import { decodeNotes } from '../../server/src/node/readNotesFile.ts';
import { resolveSettings, patternProblem } from '../../server/src/service/settings.ts';
import { pathFilter } from '../../server/src/node/globs.ts';
import { corpusSample, DocumentLines, modelProblems, mutatedCorpusFile, mutatedText, notesDocument, notesLine, documentOf } from '../support/arbitraries.ts';

const SEED = Number(process.env.MARGINALIA_FC_SEED ?? 5);
const SCALE = Number(process.env.MARGINALIA_FC_RUNS ?? 1);
const runs = (numRuns: number): { seed: number; numRuns: number } => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)) });

const SAMPLE = corpusSample(30);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Parses and checks the model; returns it for further checks. */
function parsedWell(text: string, path: string) {
  const model = parseNotes(text, path);
  assert.deepEqual(modelProblems(text, model), [], `model of ${JSON.stringify(text.slice(0, 300))}`);
  return model;
}

describe('notes core: properties over any text', () => {
  it('the corpus sample is 30 real files plus the seeds, the same on every run', () => {
    assert.equal(SAMPLE.length, 32);
    assert.deepEqual(
      SAMPLE.map((f) => f.path),
      corpusSample(30).map((f) => f.path),
    );
    assert.ok(new Set(SAMPLE.map((f) => f.path.split('/')[0])).size >= 6, 'files of many study groups');
    assert.ok(SAMPLE.filter((f) => /[가-힣]/.test(f.text)).length >= 10, 'Korean notes');
  });

  it('generated notes (every question shape, page refs, Hangul, kana, emoji, NFD, NUL, mixed line breaks, BOM): valid positions, same model twice', () => {
    fc.assert(
      fc.property(notesDocument, (text) => {
        const model = parsedWell(text, 'ch03/지민.md');
        assert.deepStrictEqual(parseNotes(text, 'ch03/지민.md'), model);
      }),
      runs(300),
    );
  });

  it('any string at all (random code units, lone surrogates): valid positions', () => {
    const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 });
    const anyChars = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(fc.oneof(anyUnits, anyChars, documentOf(fc.oneof(notesLine, anyUnits), 20)), (text) => {
        parsedWell(text, 'x.md');
      }),
      runs(300),
    );
  });

  it('the corpus sample, as written and with a BOM, NFD text and tab indentation: valid positions', () => {
    for (const file of SAMPLE) {
      parsedWell(file.text, file.path);
      parsedWell('\uFEFF' + file.text.normalize('NFD').replace(/^ {2,}/gm, (s) => '\t'.repeat(s.length >> 1)), file.path);
    }
  });

  it('a line break style does not change what a file means: CRLF and CR give the LF model, with valid positions', () => {
    for (const file of SAMPLE) {
      const lf = file.text.replace(/\r\n?/g, '\n');
      const expected = parsedWell(lf, file.path);
      for (const [style, text] of [['CRLF', lf.replace(/\n/g, '\r\n')], ['CR', lf.replace(/\n/g, '\r')]]) {
        const model = parsedWell(text, file.path);
        assert.deepStrictEqual(model, expected, `${file.path} with ${style}`);
      }
    }
  });

  it('mutated corpus files (lines inserted, deleted, duplicated; slices; hostile snippets at any offset): valid positions, same model twice', () => {
    fc.assert(
      fc.property(mutatedCorpusFile(SAMPLE), (mutated) => {
        const text = mutatedText(SAMPLE, mutated);
        const model = parsedWell(text, mutated.path);
        assert.deepStrictEqual(parseNotes(text, mutated.path), model);
      }),
      runs(60),
    );
  });

  it('a section cache shared across edits gives the model an uncached parse gives', () => {
    // The server keeps a cache per open document across its edits, and an edit may replace the
    // whole text (a paste, a branch switch): a stale analysis must never leak into the model.
    fc.assert(
      fc.property(mutatedCorpusFile(SAMPLE, 3), mutatedCorpusFile(SAMPLE, 3), (a, b) => {
        const cache = new LruSectionCache();
        const first = mutatedText(SAMPLE, a);
        const second = mutatedText(SAMPLE, b);
        const firstModel = parseNotes(first, a.path, { cache });
        const untouched = structuredClone(firstModel);
        const cached = parseNotes(second, b.path, { cache });
        assert.deepStrictEqual(cached, parseNotes(second, b.path));
        assert.deepStrictEqual(parseNotes(first, a.path, { cache }), parseNotes(first, a.path));
        // Later parses share the first model's moved ranges, and change nothing of it.
        assert.deepStrictEqual(firstModel, untouched);
      }),
      runs(15),
    );
  });
});

describe('decodeNotes: any bytes', () => {
  const encoder = new TextEncoder();

  it('never throws; whatever it decodes parses into a valid model', () => {
    const utf8Notes = notesDocument.map((text) => encoder.encode(text));
    const euckr = fc.constant(Uint8Array.from([0xc7, 0xd1, 0xb1, 0xb9, 0xbe, 0xee, 0x3f, 0x0a, 0x70, 0x2e, 0x34, 0x35])); // "한국어?\np.45" in EUC-KR
    const utf16 = notesDocument.map((text) => {
      const bytes = new Uint8Array(2 + text.length * 2);
      bytes.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) {
        bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
        bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
      }
      return bytes;
    });
    // Valid text with a few bytes overwritten: invalid UTF-8 sequences, NULs, stray BOMs.
    const damaged = fc.tuple(utf8Notes, fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x80, 0xbf, 0xc0, 0xc3, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf8, 0xfe, 0xff)), { minLength: 1, maxLength: 6 })).map(([bytes, hits]) => {
      const copy = Uint8Array.from(bytes.length ? bytes : [0x20]);
      for (const [at, byte] of hits) copy[at % copy.length] = byte;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), utf8Notes, utf16, damaged, euckr), (bytes) => {
        const read = decodeNotes(bytes);
        if (!read.ok) {
          assert.match(read.error, /binary/);
          return;
        }
        parsedWell(read.text, 'x.md');
      }),
      runs(300),
    );
  });

  it('valid UTF-8 text (with a few NULs at most) is read exactly as written', () => {
    const text = fc.oneof(notesDocument, fc.string({ unit: 'binary', maxLength: 200 })).filter((s) => !s.startsWith('\uFEFF') && (s.match(/\0/g)?.length ?? 0) * 100 <= encoder.encode(s.slice(0, 8192)).length);
    fc.assert(
      fc.property(text, (s) => {
        const read = decodeNotes(encoder.encode(s));
        assert.equal(read.ok, true);
        // Lone surrogates are not encodable: TextEncoder wrote U+FFFD, which is read back.
        if (read.ok) assert.equal(read.text, s.replace(LONE_SURROGATE, '\uFFFD'));
      }),
      runs(200),
    );
  });

  it('UTF-16 with a byte order mark and EUC-KR are decoded and say so; files that are mostly NULs are refused', () => {
    assert.deepEqual(decodeNotes(Uint8Array.from([0xc7, 0xd1, 0xb1, 0xb9, 0xbe, 0xee, 0x3f])), { ok: true, text: '한국어?', note: 'not UTF-8; decoded as EUC-KR' });
    // 질 is U+C9C8; 😀 is the pair D83D DE00.
    const le = Uint8Array.from([0xff, 0xfe, 0xc8, 0xc9, 0x3f, 0x00, 0x3d, 0xd8, 0x00, 0xde]);
    assert.deepEqual(decodeNotes(le), { ok: true, text: '질?😀', note: 'decoded as UTF-16LE' });
    const be = Uint8Array.from([0xfe, 0xff, 0xc9, 0xc8, 0x00, 0x3f]);
    assert.deepEqual(decodeNotes(be), { ok: true, text: '질?', note: 'decoded as UTF-16BE' });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
    assert.equal(decodeNotes(png).ok, false);
  });
});

describe('settings: any value', () => {
  it('resolveSettings never throws on any JSON value and keeps only patterns patternProblem accepts', () => {
    const pattern = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('**/*.md', '{a,b}', '[', ']', '{', '}', '**/**', '!x', '#x', '\\', '+(a|b)', '@(x)', '*(a)'), fc.anything());
    const raw = fc.oneof(
      fc.anything(),
      fc.record({ include: fc.oneof(fc.array(pattern, { maxLength: 5 }), fc.anything()), exclude: fc.oneof(fc.array(pattern, { maxLength: 5 }), fc.anything()), author: fc.anything(), pageRefStyle: fc.anything(), diagnostics: fc.anything() }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(raw, (value) => {
        const { settings, problems } = resolveSettings(value);
        for (const p of [...settings.include, ...settings.exclude]) assert.equal(patternProblem(p), undefined, p);
        for (const problem of problems) assert.match(problem, /^marginalia\./);
        // The accepted patterns compile and match a path at once.
        const started = performance.now();
        pathFilter(settings.include, settings.exclude).matches('ch01/지민.md');
        assert.ok(performance.now() - started < 1_000);
      }),
      runs(300),
    );
  });
});

describe('the test oracle itself', () => {
  it('counts lines and flags positions the way LSP does', () => {
    const lines = new DocumentLines('a\r\n😀b\rc\n');
    assert.equal(lines.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => lines.line(l)), ['a', '😀b', 'c', '']);
    assert.equal(lines.positionProblem({ line: 1, character: 1 }), '1:1 splits a surrogate pair');
    assert.equal(lines.positionProblem({ line: 1, character: 2 }), undefined);
    assert.match(lines.positionProblem({ line: 0, character: 2 })!, /outside/);
    assert.match(lines.positionProblem({ line: 4, character: 0 })!, /outside/);
  });
});
