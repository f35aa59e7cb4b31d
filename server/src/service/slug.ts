// GitHub heading anchors: the slug GitHub gives a heading, so that `[1장](#1장)` and
// `other.md#section` can be checked the way GitHub resolves them. Pure.
//
// GitHub (github-slugger, html-pipeline's TOC filter): lowercase the heading's rendered text,
// drop every character that is not a letter, mark, number, connector punctuation (`_`), `-` or
// an ASCII space, then turn each space into `-` (runs are not collapsed, leading `-` kept: a
// heading `✅ 한 줄 정리` becomes `-한-줄-정리`). Hangul, kana and kanji are letters, so they stay.
// A repeated slug gets `-1`, `-2`, … in document order.

const NOT_SLUG = /[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu;

/** The slug of one heading's rendered text, before duplicates are numbered. */
export function slugify(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(NOT_SLUG, '').replace(/ /g, '-');
}

/** Numbers repeated slugs the way GitHub does: `a`, `a-1`, `a-2` (and `a-1` written out stays unique). */
export class Slugger {
  private readonly seen = new Map<string, number>();

  slug(text: string): string {
    const base = slugify(text);
    let result = base;
    while (this.seen.has(result)) {
      const count = this.seen.get(base)! + 1;
      this.seen.set(base, count);
      result = `${base}-${count}`;
    }
    this.seen.set(result, 0);
    return result;
  }
}

/** Slugs of a file's headings, in order, with GitHub's duplicate suffixes. */
export function headingSlugs(headings: readonly string[]): string[] {
  const slugger = new Slugger();
  return headings.map((text) => slugger.slug(headingRenderedText(text)));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * The text GitHub renders for a heading's Markdown source (`#`s already removed): link and
 * HTML markup gone, link text kept, images dropped, entities and escapes decoded. Only what
 * changes the slug matters: punctuation left behind is dropped by `slugify` anyway.
 */
export function headingRenderedText(source: string): string {
  return (
    source
      // Images render no text; links render their label.
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
      .replace(/\[([^\]]*)\]\((?:<[^>]*>|[^)]*)\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      // Autolinks render their address; other tags render nothing of themselves.
      .replace(/<((?:https?|mailto):[^>\s]*)>/gi, '$1')
      .replace(/<\/?[A-Za-z][^>]*>/g, '')
      .replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (_m, dec?: string, hex?: string, name?: string) => {
        if (name) return ENTITIES[name] ?? '';
        const code = dec ? Number(dec) : parseInt(hex!, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      })
      // `\_` is a literal underscore (kept in slugs); other escapes are punctuation (dropped).
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      // `_emphasis_` renders without its underscores; `snake_case` keeps them.
      .replace(/(^|[\s(])_+(?=\S)/g, '$1')
      .replace(/(\S)_+(?=$|[\s).,!?:;])/g, '$1')
  );
}

/**
 * How an anchor and a fragment are compared: NFC, lower case (GitHub finds `#Foo` for `foo`),
 * and without emoji variation selectors, which GitHub keeps in ids but nobody types.
 */
export function anchorKey(anchor: string): string {
  return anchor.normalize('NFC').toLowerCase().replace(/[\uFE0E\uFE0F]/g, '');
}

/** GitHub line fragments, valid on any file: `L12`, `L12-L20`, `L12C3-L14C8`. */
export function isLineFragment(fragment: string): boolean {
  return /^L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$/.test(fragment);
}
