// Reads a notes file from disk the way the server and CLI both need: refuses binary files,
// decodes UTF-8 (and UTF-16 or legacy Korean EUC-KR when that is what the bytes are), and says
// what it did instead of failing silently.
import * as fs from 'node:fs';

export type ReadResult =
  | { ok: true; text: string; note?: string }
  | { ok: false; error: string };

/** Files larger than this are not read at all. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function decodeNotes(bytes: Uint8Array): ReadResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), note: 'decoded as UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), note: 'decoded as UTF-16BE' };
  const head = bytes.subarray(0, 8192);
  let zeros = 0;
  for (const byte of head) if (byte === 0) zeros++;
  if (zeros > 0 && zeros * 100 > head.length) return { ok: false, error: 'binary file (contains NUL bytes), skipped' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    try {
      return { ok: true, text: new TextDecoder('euc-kr', { fatal: true }).decode(bytes), note: 'not UTF-8; decoded as EUC-KR' };
    } catch {
      return { ok: true, text: new TextDecoder('utf-8').decode(bytes), note: 'invalid UTF-8 bytes replaced with U+FFFD' };
    }
  }
}

export function readNotesFile(file: string): ReadResult {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, error: 'not a regular file' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, error: `too large (${stat.size} bytes; limit ${MAX_FILE_BYTES}), skipped` };
    return decodeNotes(fs.readFileSync(file));
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
