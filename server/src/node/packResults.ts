// How parse results cross from a worker to the server's main thread.
import * as v8 from 'node:v8';
import type { ParseResult } from './parseFile.ts';
import { compactModel } from './compactModel.ts';

/**
 * Results travel as one serialized buffer that is moved, not copied: posting the models as
 * objects (structured clone, object by object) cost a fifth of the workers' time.
 */
export function packResults(results: ParseResult[]): ArrayBuffer {
  const bytes = v8.serialize(results);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}

export function unpackResults(packed: ArrayBuffer): ParseResult[] {
  const results = v8.deserialize(Buffer.from(packed)) as ParseResult[];
  for (const result of results) if (result.ok) result.model = compactModel(result.model);
  return results;
}

