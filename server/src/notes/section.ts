// Everything the notes model learns from one section body (the text between two headings),
// in section-relative lines. Results are cached by the body's text, so an edit re-reads only
// the section it touched and the rest of a large document is reassembled, not re-parsed.
import { LineIndex } from './lines.ts';
import { blank } from './prepare.ts';
import { parseSection, type Mask } from './markdown.ts';
import { findPageRefs } from './pageRefs.ts';
import { analyze } from './analyze.ts';
import type { Entry, Link, MemberMention, NotesDiagnostic, PageRef, Question } from './model.ts';

export interface SectionAnalysis {
  hasContent: boolean;
  pageRefs: PageRef[];
  malformed: NotesDiagnostic[];
  questions: Question[];
  /** `questions` and `entry` indices are local to this section. */
  entries: Entry[];
  members: MemberMention[];
  links: Link[];
}

/** `body`: the section's text after `prepareForParsing`, starting at a line start. */
export function analyzeSection(body: string, listsForced: boolean): SectionAnalysis {
  const lines = new LineIndex(body);
  const parsed = parseSection(body);
  parsed.masks.sort((a, b) => a.start - b.start);
  const prose = applyMasks(body, parsed.masks);
  // What people read in outlines and messages: inline code kept, markup gone.
  const display = applyMasks(body, parsed.masks.filter((mask) => !mask.code));

  const pageRefs: PageRef[] = [];
  const malformed: NotesDiagnostic[] = [];
  const refsByLine = new Map<number, PageRef[]>();
  for (let line = 0; line < lines.lineCount; line++) {
    const { refs, malformed: bad } = findPageRefs(prose.slice(lines.starts[line], lines.lineEnd(line)));
    if (refs.length === 0 && bad.length === 0) continue;
    const found = refs.map((ref) => {
      const pageRef: PageRef = { range: lineSpan(line, ref.offset, ref.length), start: ref.start, end: ref.end, text: ref.text };
      if (ref.qualifier) pageRef.qualifier = ref.qualifier;
      return pageRef;
    });
    if (found.length) refsByLine.set(line, found);
    pageRefs.push(...found);
    for (const b of bad) {
      malformed.push({ range: lineSpan(line, b.offset, b.length), severity: 'warning', code: 'malformed-page-ref', message: `Malformed page reference '${b.text}': ${b.reason}` });
    }
  }

  const analysis = analyze({ lines, prose, display, blocks: parsed.blocks, listsForced, refsOnLine: (line) => refsByLine.get(line) ?? [] });
  return {
    hasContent: parsed.blocks.length > 0,
    pageRefs,
    malformed,
    questions: analysis.questions,
    entries: analysis.entries,
    members: analysis.members,
    links: parsed.links.map((link) => ({ url: link.url, range: lines.range(link.start, link.end), image: link.image })),
  };
}

export function lineSpan(line: number, offset: number, length: number) {
  return { start: { line, character: offset }, end: { line, character: offset + length } };
}

/** Blanks the masked ranges (sorted by start), keeping line breaks so offsets stay put. */
export function applyMasks(text: string, masks: Mask[]): string {
  if (masks.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { start, end } of masks) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    out += text.slice(at, from) + blank(text.slice(from, end));
    at = end;
  }
  return out + text.slice(at);
}
