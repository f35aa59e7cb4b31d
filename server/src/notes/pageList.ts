/** `p.11`, `pp.41–44`, `p.7, p.20`. */
export function pageList(pages: number[]): string {
  if (pages.length === 1) return `p.${pages[0]}`;
  const contiguous = pages.every((p, i) => i === 0 || p === pages[i - 1] + 1);
  if (contiguous) return `pp.${pages[0]}–${pages[pages.length - 1]}`;
  return pages.map((p) => `p.${p}`).join(', ');
}
