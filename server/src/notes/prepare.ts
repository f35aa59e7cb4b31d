// Length-preserving repairs applied before CommonMark parsing, so that the parse reads notes
// the way their writers meant them while every offset still points into the original text.

const FRONT_MATTER = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?=\r?\n|$)/;
// A line of only dashes: writers mean a rule (or an in-item separator), but directly under a
// paragraph line CommonMark reads it as a setext heading underline. `***` is always a rule.
const DASH_RULE = /^([ \t]*)(-{3,})([ \t]*)$/gm;
// `•` bullets pasted from PDFs: a list to the writer, a paragraph to CommonMark.
const PDF_BULLET = /^([ \t]*)•(?=[ \t])/gm;

export function prepareForParsing(text: string): string {
  let prepared = text;
  if (prepared.charCodeAt(0) === 0xfeff) prepared = ' ' + prepared.slice(1);
  const frontMatter = FRONT_MATTER.exec(prepared);
  if (frontMatter) prepared = blank(frontMatter[0]) + prepared.slice(frontMatter[0].length);
  if (prepared.includes('\0')) prepared = prepared.replace(/\0/g, '\uFFFD');
  if (prepared.includes('---')) prepared = prepared.replace(DASH_RULE, (_m, lead: string, dashes: string, trail: string) => lead + '*'.repeat(dashes.length) + trail);
  if (prepared.includes('•')) prepared = prepared.replace(PDF_BULLET, '$1-');
  return prepared;
}

/** Replaces every character but line breaks with a space. */
export function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}
