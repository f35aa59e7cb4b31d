// A bounded cache of section analyses by their text: an edit re-reads only the section it
// touched; every other section of the document comes back from here.
import type { SectionAnalysis } from './section.ts';
import type { SectionCache } from './parse.ts';

export class LruSectionCache implements SectionCache {
  private readonly entries = new Map<string, SectionAnalysis>();
  private size = 0;

  /** `maxChars`: total section text kept. */
  constructor(private maxChars = 100_000) {}

  /** Raises the bound to `chars` (a document grew): never lowers it. */
  holdAtLeast(chars: number): void {
    this.maxChars = Math.max(this.maxChars, chars);
  }

  get(text: string): SectionAnalysis | undefined {
    const hit = this.entries.get(text);
    if (hit) {
      // Most recently used last.
      this.entries.delete(text);
      this.entries.set(text, hit);
    }
    return hit;
  }

  set(text: string, parsed: SectionAnalysis): void {
    if (text.length > this.maxChars / 2) return;
    if (!this.entries.has(text)) this.size += text.length;
    this.entries.set(text, parsed);
    for (const key of this.entries.keys()) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(key);
      this.size -= key.length;
    }
  }
}
