// How parse results cross from a worker to the server's main thread.
import type { ParseResult } from './parseFile.ts';
import { decodeValues, ValueEncoder } from './modelCodec.ts';

const encoder = new ValueEncoder();

/**
 * Results travel as one encoded buffer that is moved, not copied: posting the models as objects
 * (structured clone, object by object) cost a fifth of the workers' time. modelCodec rather than
 * `v8.serialize`: what it decodes is compact as it stands (see there).
 */
export function packResults(results: ParseResult[]): ArrayBuffer {
  return encoder.encode(results).slice().buffer as ArrayBuffer;
}

export function unpackResults(packed: ArrayBuffer): ParseResult[] {
  return decodeValues(new Uint8Array(packed)) as ParseResult[];
}
