// Models read back from a parse worker are re-made compactly (compactModel): the copy must be
// the same model, with the same objects shared and equal positions and empty arrays kept once,
// for every real notes file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { compactModel } from '../../server/src/node/compactModel.ts';
import { parseNotes } from '../../server/src/notes/parse.ts';
import type { NotesModel } from '../../server/src/notes/model.ts';
import { corpusPaths } from '../support/arbitraries.ts';
import { SHARED_DIR } from '../support/shared.ts';

/** Every object reachable from the model, each once, in a stable walk order. */
function objectsOf(model: NotesModel): object[] {
  const seen = new Set<object>();
  const walk = (value: unknown) => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    for (const child of Object.values(value)) walk(child);
  };
  walk(model);
  return [...seen];
}

describe('compactModel', () => {
  const files = corpusPaths();

  it(`copies the ${files.length} corpus models exactly, as the deserializer gives them`, () => {
    for (const file of files) {
      const read = v8.deserialize(v8.serialize(parseNotes(fs.readFileSync(path.join(SHARED_DIR, 'corpus', file), 'utf8'), file))) as NotesModel;
      const compact = compactModel(read);
      assert.deepStrictEqual(compact, read, file);
      // A copy, not the same objects: nothing of the deserializer's is kept alive.
      const before = new Set(objectsOf(read));
      const after = objectsOf(compact);
      assert.ok(after.every((o) => !before.has(o)), `${file}: every object re-made`);
      // Shared objects stay shared, and equal positions become one object.
      const positions = after.filter((o) => 'line' in o && 'character' in o) as Array<{ line: number; character: number }>;
      assert.equal(new Set(positions.map((p) => `${p.line}:${p.character}`)).size, positions.length, `${file}: each position once`);
      assert.ok(after.length <= before.size, `${file}: no more distinct objects than before`);
      assert.ok(after.every((o) => !Array.isArray(o) || o.length > 0 || Object.isFrozen(o)), `${file}: empty arrays are the shared frozen one`);
    }
  });

  it('keeps an entry’s page references the model’s own, and a one-line scope its range', () => {
    const text = ['# 3장', '', '- p.45 첫 인용', '  - 이건 왜 그럴까요?', ''].join('\n');
    const model = compactModel(v8.deserialize(v8.serialize(parseNotes(text, 'ch03/지민.md'))) as NotesModel);
    const entry = model.entries.find((e) => e.pages.length > 0);
    assert.ok(entry);
    assert.ok(model.pageRefs.includes(entry.pages[0]), 'the entry’s page reference is the model’s object');
    const oneLine = [...model.entries, ...model.questions].filter((x) => x.range.start.line === x.scope.end.line && x.range.end.character === x.scope.end.character);
    assert.ok(oneLine.length > 0 && oneLine.every((x) => x.scope === x.range), 'one-line scopes share their range');
  });
});
