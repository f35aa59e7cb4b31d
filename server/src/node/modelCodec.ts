// A binary encoding of plain data (objects, arrays, strings, numbers, booleans, null, undefined)
// that decodes straight into compact objects: every object is made by an object literal for its
// exact keys, so it is laid out for them. `v8.deserialize` gives every object room for four
// properties or a separate property array instead: 10,000 cached models took 450 MB of heap read
// that way, and re-making them afterwards left as much garbage as it saved.
//
// Objects met twice are written once and referred to after (models share ranges and page
// references); equal positions ({line, character}) and strings are kept once per encoding, and
// every empty array decodes to one frozen array. Models are never changed in place.

const enum Tag {
  Undefined,
  Null,
  False,
  True,
  Uint,
  NegativeInt,
  Float,
  /** A string not met before in this encoding: latin1 or UTF-16, then its length and bytes. */
  NewString,
  StringRef,
  EmptyArray,
  Array,
  /** An object of keys not met before: their count, the keys, then the values. */
  NewShape,
  Object,
  /** An object or array met before: its number, counted in the order they were finished. */
  Ref,
}

const EMPTY: readonly unknown[] = Object.freeze([]);
const ONE_BYTE = /^[\x00-\xff]*$/;

class Writer {
  bytes = Buffer.alloc(1 << 16);
  length = 0;

  room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  byte(value: number): void {
    this.room(1);
    this.bytes[this.length++] = value;
  }

  /** A non-negative integer up to 2^53, seven bits a byte. */
  uint(value: number): void {
    this.room(8);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  float(value: number): void {
    this.room(8);
    this.bytes.writeDoubleLE(value, this.length);
    this.length += 8;
  }

  string(value: string, oneByte: boolean): void {
    const bytes = oneByte ? value.length : value.length * 2;
    this.uint(value.length);
    this.room(bytes);
    this.bytes.write(value, this.length, bytes, oneByte ? 'latin1' : 'utf16le');
    this.length += bytes;
  }
}

/**
 * Encodes values (plain data without cycles). One encoder reuses its buffer: the bytes `encode`
 * returns are valid until its next call (a save encodes 200 chunks; fresh buffers for each were
 * garbage enough to grow the process).
 */
export class ValueEncoder {
  private readonly out = new Writer();

  encode(values: unknown[]): Uint8Array {
    this.out.length = 0;
    writeValues(this.out, values);
    // A plain Uint8Array over the bytes (a Buffer's slice() would not copy).
    const { bytes } = this.out;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, this.out.length);
  }
}

function writeValues(out: Writer, values: unknown[]): void {
  const strings = new Map<string, number>();
  // Shapes by their keys in order, a key at a time: finding one allocates nothing.
  const shapes: ShapeNode = { next: new Map(), keys: [] };
  let shapeCount = 0;
  const shapeOf = (record: Record<string, unknown>): ShapeNode => {
    let node = shapes;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: new Map(), keys: [...node.keys, key] }));
      node = child;
    }
    return node;
  };
  const finished = new Map<object, number>();
  const positions = new Map<number, number>();
  let objects = 0;

  const writeString = (value: string): void => {
    const known = strings.get(value);
    if (known !== undefined) {
      out.byte(Tag.StringRef);
      out.uint(known);
      return;
    }
    strings.set(value, strings.size);
    const oneByte = ONE_BYTE.test(value);
    out.byte(Tag.NewString);
    out.byte(oneByte ? 1 : 0);
    out.string(value, oneByte);
  };

  const write = (value: unknown): void => {
    switch (typeof value) {
      case 'undefined':
        out.byte(Tag.Undefined);
        return;
      case 'boolean':
        out.byte(value ? Tag.True : Tag.False);
        return;
      case 'number':
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
          out.byte(value >= 0 ? Tag.Uint : Tag.NegativeInt);
          out.uint(Math.abs(value));
        } else {
          out.byte(Tag.Float);
          out.float(value);
        }
        return;
      case 'string':
        writeString(value);
        return;
      case 'object':
        break;
      default:
        throw new TypeError(`cannot encode a ${typeof value}`);
    }
    if (value === null) {
      out.byte(Tag.Null);
      return;
    }
    // Equal positions are one object: the first one written stands for the rest. They are found
    // by value, which keeps half the objects out of `finished` (less garbage while saving).
    const position = positionKey(value);
    const known = position === undefined ? finished.get(value) : positions.get(position);
    if (known !== undefined) {
      out.byte(Tag.Ref);
      out.uint(known);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.byte(Tag.EmptyArray);
        return;
      }
      out.byte(Tag.Array);
      out.uint(value.length);
      for (const item of value) write(item);
    } else {
      const record = value as Record<string, unknown>;
      const shape = shapeOf(record);
      if (shape.id === undefined) {
        shape.id = shapeCount++;
        out.byte(Tag.NewShape);
        out.uint(shape.keys.length);
        for (const key of shape.keys) writeString(key);
      } else {
        out.byte(Tag.Object);
        out.uint(shape.id);
      }
      for (const key of shape.keys) write(record[key]);
    }
    if (position === undefined) finished.set(value, objects);
    else positions.set(position, objects);
    objects++;
  };

  out.uint(values.length);
  for (const value of values) write(value);
}

/** An object's keys in order; `id` once it was written in this encoding. */
interface ShapeNode {
  next: Map<string, ShapeNode>;
  keys: string[];
  id?: number;
}

function positionKey(value: object): number | undefined {
  const { line, character } = value as { line?: unknown; character?: unknown };
  if (typeof line !== 'number' || typeof character !== 'number' || !Number.isInteger(line) || !Number.isInteger(character)) return undefined;
  if (line < 0 || character < 0 || character >= 0x200000 || line >= 2 ** 31) return undefined;
  let keys = 0;
  for (const key in value) if (Object.hasOwn(value, key)) keys++;
  return keys === 2 ? line * 0x200000 + character : undefined;
}

type Maker = (values: unknown[], at: number) => object;
const makers = new Map<string, Maker>();

/** A function that makes an object of these keys by a literal (JSON quotes any key safely). */
function makerFor(keys: string[]): Maker {
  const id = JSON.stringify(keys); // unambiguous whatever the keys hold
  let make = makers.get(id);
  if (!make) {
    // `__proto__` as a plain literal key would set the prototype: that one is computed.
    const fields = keys.map((key, i) => `${key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key)}: values[at + ${i}]`);
    make = new Function('values', 'at', `return { ${fields.join(', ')} };`) as Maker;
    makers.set(id, make);
  }
  return make;
}

/** Decodes what `ValueEncoder.encode` wrote. Throws on a damaged buffer. */
export function decodeValues(bytes: Uint8Array): unknown[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const strings: string[] = [];
  const shapes: Array<{ keys: string[]; make: Maker }> = [];
  const finished: object[] = [];
  // Values of the objects being made, innermost last (a stack, so nothing is allocated per object).
  const pending: unknown[] = [];
  let at = 0;

  const need = (n: number): void => {
    if (at + n > bytes.length) throw new Error('damaged encoding: truncated');
  };
  const uint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      need(1);
      const b = bytes[at++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new Error('damaged encoding: integer too long');
    }
  };
  const readString = (): string => {
    need(1);
    const oneByte = bytes[at++] === 1;
    const length = uint();
    const size = oneByte ? length : length * 2;
    need(size);
    const value = buffer.toString(oneByte ? 'latin1' : 'utf16le', at, at + size);
    at += size;
    strings.push(value);
    return value;
  };
  const stringAt = (index: number): string => {
    if (index >= strings.length) throw new Error('damaged encoding: unknown string');
    return strings[index];
  };
  const keyString = (): string => {
    need(1);
    const tag = bytes[at++];
    if (tag === Tag.NewString) return readString();
    if (tag === Tag.StringRef) return stringAt(uint());
    throw new Error('damaged encoding: a key that is not a string');
  };

  const read = (): unknown => {
    need(1);
    const tag = bytes[at++];
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Uint:
        return uint();
      case Tag.NegativeInt:
        return -uint();
      case Tag.Float: {
        need(8);
        const value = buffer.readDoubleLE(at);
        at += 8;
        return value;
      }
      case Tag.NewString:
        return readString();
      case Tag.StringRef:
        return stringAt(uint());
      case Tag.EmptyArray:
        return EMPTY;
      case Tag.Array: {
        const length = uint();
        if (length > bytes.length - at) throw new Error('damaged encoding: array too long');
        const array = new Array<unknown>(length);
        for (let i = 0; i < length; i++) array[i] = read();
        finished.push(array);
        return array;
      }
      case Tag.NewShape:
      case Tag.Object: {
        let shape: { keys: string[]; make: Maker };
        if (tag === Tag.NewShape) {
          const count = uint();
          if (count > bytes.length - at) throw new Error('damaged encoding: too many keys');
          const keys: string[] = [];
          for (let i = 0; i < count; i++) keys.push(keyString());
          shape = { keys, make: makerFor(keys) };
          shapes.push(shape);
        } else {
          const index = uint();
          if (index >= shapes.length) throw new Error('damaged encoding: unknown shape');
          shape = shapes[index];
        }
        const base = pending.length;
        for (let i = 0; i < shape.keys.length; i++) pending.push(read());
        const object = shape.make(pending, base);
        pending.length = base;
        finished.push(object);
        return object;
      }
      case Tag.Ref: {
        const index = uint();
        if (index >= finished.length) throw new Error('damaged encoding: unknown reference');
        return finished[index];
      }
      default:
        throw new Error(`damaged encoding: tag ${tag}`);
    }
  };

  const count = uint();
  if (count > bytes.length) throw new Error('damaged encoding: too many values');
  const values: unknown[] = [];
  for (let i = 0; i < count; i++) values.push(read());
  if (at !== bytes.length) throw new Error('damaged encoding: trailing bytes');
  return values;
}
