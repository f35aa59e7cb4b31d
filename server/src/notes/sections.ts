// Splits a notes file at its top-level ATX headings (outside fenced code and HTML comments).
// Sections are parsed separately and cached by their text, so an edit re-parses one section.
// Headings are recognised here, not by CommonMark, because writers glue `##heading` without a
// space (a paragraph to CommonMark, a heading to them).
import type { LineIndex } from './lines.ts';

export interface HeadingLine {
  line: number;
  level: number;
  /** Character where the heading text starts on its line. */
  contentStart: number;
}

export interface SectionSpan {
  heading?: HeadingLine;
  /** First and last line (inclusive) of the section body; `bodyEnd < bodyStart` when empty. */
  bodyStart: number;
  bodyEnd: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$|(?=[^#\s]))/;
// `Title` over `=====`: a level-1 heading (a `---` underline was already made a rule).
const SETEXT_UNDERLINE = /^ {0,3}=+[ \t]*$/;
// A fence may open inside a list item or quote (`    - \`\`\``); it closes on a line of its own.
const FENCE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})/;
const FENCE_CLOSE = /^[ \t>]*(`{3,}|~{3,})[ \t]*$/;

export function headingOf(lineText: string): { level: number; contentStart: number } | undefined {
  const match = ATX.exec(lineText);
  if (!match) return undefined;
  // `#!/bin/sh`, `#1` issue numbers and `#include` are not what writers mean by a heading.
  const rest = lineText.slice(match[0].length);
  if (match[1].length === 1 && match[0].length === 1 && /^(?:!|\d+\b|include\b|define\b)/.test(rest)) return undefined;
  return { level: match[1].length, contentStart: match[0].length };
}

/**
 * Follows fenced code line by line: each line is `open` (it opens a fence), `code` (inside one,
 * or its closing line) or `text`; headings and list items count only in text.
 */
export function fenceTracker(): (text: string) => 'open' | 'code' | 'text' {
  let fence: string | undefined;
  return (text) => {
    if (fence) {
      const close = FENCE_CLOSE.exec(text);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) fence = undefined;
      return 'code';
    }
    const open = FENCE.exec(text);
    // An info string with a backtick is not a fence (``` `code` ``` on one line).
    if (open && !(open[1][0] === '`' && text.slice(text.indexOf(open[1]) + open[1].length).includes('`'))) {
      fence = open[1];
      return 'open';
    }
    return 'text';
  };
}

/** A line that can carry a setext underline: plain text, not a list item, quote, table or blank. */
function isSetextTitle(line: string): boolean {
  return line.trim() !== '' && !/^\s{0,3}(?:[-*+]\s|\d+[.)]\s|>|\||#|    |\t)/.test(line);
}

export function splitSections(lines: LineIndex, prepared: string): SectionSpan[] {
  const sections: SectionSpan[] = [];
  let current: SectionSpan = { bodyStart: 0, bodyEnd: -1 };
  const inFence = fenceTracker();
  let inComment = false;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = prepared.slice(lines.starts[line], lines.lineEnd(line));
    if (inComment) {
      if (text.includes('-->')) inComment = false;
    } else if (inFence(text) === 'text') {
      if (/^\s*<!--/.test(text) && !text.includes('-->')) {
        inComment = true;
      } else {
        const previous = line > 0 ? prepared.slice(lines.starts[line - 1], lines.lineEnd(line - 1)) : '';
        if (SETEXT_UNDERLINE.test(text) && current.bodyEnd === line - 1 && current.bodyStart <= line - 1 && isSetextTitle(previous)) {
          current.bodyEnd = line - 2;
          sections.push(current);
          current = { heading: { line: line - 1, level: 1, contentStart: previous.length - previous.trimStart().length }, bodyStart: line + 1, bodyEnd: line };
          continue;
        }
        const heading = headingOf(text);
        if (heading) {
          current.bodyEnd = line - 1;
          sections.push(current);
          current = { heading: { line, ...heading }, bodyStart: line + 1, bodyEnd: line };
          continue;
        }
      }
    }
    current.bodyEnd = line;
  }
  sections.push(current);
  return sections;
}

const TOP_LEVEL_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/**
 * Cuts a section body into chunks that can be read independently: before each top-level list
 * item of a run of top-level items (each item is its own question container). A chunk that
 * starts with anything else (a quote and the comments under it) is not cut, so nothing that
 * belongs together is separated. Returns inclusive [first, last] line pairs.
 */
export function splitChunks(lines: LineIndex, prepared: string, bodyStart: number, bodyEnd: number): Array<[number, number]> {
  const chunks: Array<[number, number]> = [];
  let start = bodyStart;
  let startsWithItem = false;
  const inFence = fenceTracker();
  for (let line = bodyStart; line <= bodyEnd; line++) {
    const text = prepared.slice(lines.starts[line], lines.lineEnd(line));
    // A fence may open on a list item (`- \`\`\``), which starts a chunk like any other item.
    if (inFence(text) === 'code') continue;
    if (line === start) {
      startsWithItem = TOP_LEVEL_ITEM.test(text);
    } else if (startsWithItem && TOP_LEVEL_ITEM.test(text)) {
      chunks.push([start, line - 1]);
      start = line;
    }
  }
  chunks.push([start, bodyEnd]);
  return chunks;
}
