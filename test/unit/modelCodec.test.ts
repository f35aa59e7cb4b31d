// Models cross from the parse workers and to and from the on-disk cache in modelCodec's encoding:
// what it decodes must be the same model, with the same objects shared, equal positions and empty
// arrays kept once, for every real notes file; any plain value must survive it; a damaged buffer
// must fail loudly (the cache then counts as missing), never decode into something else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeValues, ValueEncoder } from '../../server/src/node/modelCodec.ts';
import { packResults, unpackResults } from '../../server/src/node/packResults.ts';
import type { ParseResult } from '../../server/src/node/parseFile.ts';
import { parseNotes } from '../../server/src/notes/parse.ts';
import type { NotesModel } from '../../server/src/notes/model.ts';
import { corpusPaths } from '../support/arbitraries.ts';
import { SHARED_DIR } from '../support/shared.ts';

/** Every object reachable from a value, each once. */
function objectsOf(value: unknown): object[] {
  const seen = new Set<object>();
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    for (const child of Object.values(v)) walk(child);
  };
  walk(value);
  return [...seen];
}

const roundTrip = (values: unknown[]): unknown[] => decodeValues(new ValueEncoder().encode(values).slice());

describe('modelCodec', () => {
  const files = corpusPaths();

  it(`decodes the ${files.length} corpus models exactly, a chunk of 50 at a time as the cache does`, () => {
    const encoder = new ValueEncoder();
    for (let start = 0; start < files.length; start += 50) {
      const chunk = files.slice(start, start + 50);
      const models = chunk.map((file) => parseNotes(fs.readFileSync(path.join(SHARED_DIR, 'corpus', file), 'utf8'), file));
      // The encoder's buffer is reused between calls: decoding must not depend on the previous chunk.
      const decoded = decodeValues(encoder.encode(models)) as NotesModel[];
      assert.deepStrictEqual(decoded, models, `files ${start}…`);
      for (const [i, model] of decoded.entries()) {
        const objects = objectsOf(model);
        assert.ok(objects.length <= objectsOf(models[i]).length, `${chunk[i]}: no more distinct objects than the parser made`);
        const positions = objects.filter((o) => 'line' in o && 'character' in o) as Array<{ line: number; character: number }>;
        assert.equal(new Set(positions.map((p) => `${p.line}:${p.character}`)).size, positions.length, `${chunk[i]}: each position once`);
        assert.ok(objects.every((o) => !Array.isArray(o) || o.length > 0 || Object.isFrozen(o)), `${chunk[i]}: empty arrays are the shared frozen one`);
      }
    }
  });

  it('keeps an entry’s page references the model’s own, and a one-line scope its range', () => {
    const text = ['# 3장', '', '- p.45 첫 인용', '  - 이건 왜 그럴까요?', ''].join('\n');
    const [model] = roundTrip([parseNotes(text, 'ch03/지민.md')]) as NotesModel[];
    const entry = model.entries.find((e) => e.pages.length > 0);
    assert.ok(entry);
    assert.ok(model.pageRefs.includes(entry.pages[0]), 'the entry’s page reference is the model’s object');
    const oneLine = [...model.entries, ...model.questions].filter((x) => x.range.start.line === x.scope.end.line && x.range.end.character === x.scope.end.character);
    assert.ok(oneLine.length > 0 && oneLine.every((x) => x.scope === x.range), 'one-line scopes share their range');
  });

  it('carries any plain value: numbers of every kind, lone surrogates, odd keys, undefined and null', () => {
    const values = [
      0, -0, 1, -1, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 60, 1.5, -1e-300, NaN, Infinity, -Infinity, 1_700_000_000_123.456,
      '', 'ascii', 'ÿ', '한글 p.45', '\uD800', '\uDC00x', '😀', '\0', 'e\u0301',
      { a: undefined, b: null, c: true, d: false }, { '': 1, 'a\0b': 2, __proto__x: 3, 'with "quotes"': 4, "back\\slash'": 5 }, { '': {} }, {}, JSON.parse('{"__proto__": {"polluted": 1}}'),
      [[], [[]], [undefined, null]], { line: 1, character: 2, extra: 3 }, { line: -1, character: 0 }, { line: 0.5, character: 1 },
    ];
    assert.deepStrictEqual(roundTrip(values), values);
    fc.assert(fc.property(fc.array(fc.jsonValue()), (json) => assert.deepStrictEqual(roundTrip(json), json)), { seed: 7, numRuns: 300 });
    const strings = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(fc.property(fc.array(strings), (texts) => assert.deepStrictEqual(roundTrip(texts), texts)), { seed: 7, numRuns: 300 });
  });

  it('packs a worker batch into its own buffer, untouched by the next batch (it is transferred)', () => {
    const batch = (text: string): ParseResult[] => [{ uri: 'file:///a.md', ok: true, version: 'v', stamp: { mtimeMs: 1.5, size: 3 }, model: parseNotes(text, 'a.md') }];
    const first = batch('# 1장\n- p.3 인용\n  - 왜요?\n');
    const packed = packResults(first);
    packResults(batch('# 2장\n- p.9 다른 인용\n'));
    assert.equal(packed.byteLength, new ValueEncoder().encode(first).length, 'exactly the batch, not the encoder\'s whole buffer');
    assert.deepStrictEqual(unpackResults(packed), first);
  });

  it('refuses what it cannot carry, and fails on every truncated or damaged buffer', () => {
    assert.throws(() => new ValueEncoder().encode([() => 1]), /cannot encode a function/);
    const [model] = [parseNotes(['# 1장', '- p.3 인용 @지민', '  - 왜요?', ''].join('\n'), 'a.md')];
    const bytes = new ValueEncoder().encode([model]).slice();
    for (let cut = 0; cut < bytes.length; cut++) assert.throws(() => decodeValues(bytes.subarray(0, cut)), /damaged encoding/, `cut at ${cut}`);
    assert.throws(() => decodeValues(Uint8Array.of(...bytes, 0)), /trailing bytes/);
    // A flipped byte either fails or decodes to a different value; it never throws anything else.
    for (let at = 0; at < bytes.length; at++) {
      const damaged = bytes.slice();
      damaged[at] ^= 0xff;
      try {
        decodeValues(damaged);
      } catch (error) {
        assert.match(String(error), /damaged encoding|RangeError/, `byte ${at}`);
      }
    }
  });
});
