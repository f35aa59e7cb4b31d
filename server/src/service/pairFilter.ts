// Which pairs of adjacent characters a text holds, hashed into 4,096 bits (a Bloom filter with one
// hash): a query some of whose pairs are missing cannot be in the text. Workspace-symbol search
// asks it before scanning a file, so a rare word skips most files of a large workspace, while a
// scan of all 10,000 notes' text takes ~10 ms per keystroke. Korean needs pairs, not single
// characters: common syllables (`요`, `다`, `지`) are in nearly every file.

const BITS = 4096;
const WORDS = BITS / 32;

/** A pair's bit: the two UTF-16 units mixed by a multiplicative hash, top 12 bits. */
function pairBit(first: number, second: number): number {
  return Math.imul((first << 16) | second, 0x9e3779b1) >>> 20;
}

/** The bits of every pair in `text`. */
export function pairBits(text: string): Uint32Array {
  const bits = new Uint32Array(WORDS);
  let previous = text.charCodeAt(0);
  for (let i = 1; i < text.length; i++) {
    const current = text.charCodeAt(i);
    const bit = pairBit(previous, current);
    bits[bit >>> 5]! |= 1 << (bit & 31);
    previous = current;
  }
  return bits;
}

/** The bits a text must hold to contain `needle`: none for a single character (no pair to ask). */
export function needlePairs(needle: string): number[] {
  const bits = new Set<number>();
  for (let i = 1; i < needle.length; i++) bits.add(pairBit(needle.charCodeAt(i - 1), needle.charCodeAt(i)));
  return [...bits];
}

/** False only when the text whose `bits` these are cannot contain the needle of `pairs`. */
export function mayContain(bits: Uint32Array, pairs: readonly number[]): boolean {
  for (const bit of pairs) if ((bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
  return true;
}
