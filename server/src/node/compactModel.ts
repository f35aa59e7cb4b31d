// Models a parse worker sends back are read with `v8.deserialize`, which lays objects out as V8's
// deserializer does: every object gets room for four properties (more go to a separate property
// array) and every array a generic backing store. The same model re-made from object literals
// takes ~30% less heap (10,000 notes: 453 → 321 MB). Objects the model shares (a range used as a
// scope, a section's page references in its entries) stay shared.
import type { NotesModel } from '../notes/model.ts';

type Maker = (source: Record<string, unknown>, copy: (value: unknown) => unknown) => object;

/**
 * One literal-making function per set of keys: a literal (`{ line: …, character: … }`) is the
 * only way to get an object laid out for exactly its properties. The keys are the model's own
 * property names; JSON.stringify quotes them whatever they hold.
 */
const makers = new Map<string, Maker>();

function makerFor(keys: string[]): Maker {
  const id = keys.join('\0');
  let make = makers.get(id);
  if (!make) {
    const fields = keys.map((key) => `${JSON.stringify(key)}: copy(source[${JSON.stringify(key)}])`);
    make = new Function('source', 'copy', `return { ${fields.join(', ')} };`) as Maker;
    makers.set(id, make);
  }
  return make;
}

/** Models hold many empty arrays (an entry's comments, a question's addressees): one serves all. */
const EMPTY: readonly unknown[] = Object.freeze([]);

export function compactModel(model: NotesModel): NotesModel {
  const copies = new Map<object, unknown>();
  // Equal positions and strings within a file are kept once (a range's end is often the next
  // range's start; member names, kinds and page texts repeat). Models are never changed in place.
  const positions = new Map<number, unknown>();
  const strings = new Map<string, string>();
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const known = strings.get(value);
      if (known !== undefined) return known;
      strings.set(value, value);
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    const known = copies.get(value);
    if (known !== undefined) return known;
    let result: unknown;
    if (Array.isArray(value)) {
      if (value.length === 0) return EMPTY;
      const array = new Array<unknown>(value.length);
      copies.set(value, array);
      for (let i = 0; i < value.length; i++) array[i] = copy(value[i]);
      return array;
    }
    const source = value as Record<string, unknown>;
    // Positions are half the model's objects: the common shape skips the generic path.
    const { line, character } = source;
    if (typeof line === 'number' && typeof character === 'number' && Object.keys(source).length === 2) {
      const key = character < 0x200000 ? line * 0x200000 + character : -1;
      result = positions.get(key);
      if (result === undefined) {
        result = { line, character };
        if (key >= 0) positions.set(key, result);
      }
    } else {
      result = makerFor(Object.keys(source))(source, copy);
    }
    copies.set(value, result);
    return result;
  };
  return copy(model) as NotesModel;
}
