// Is a line of prose a question for the group? (notes-format.md §4, rules 1–3; rule 4, items
// under question-section headings, is structural and lives in analyze.ts.)
import { splitTrailingAttribution } from './members.ts';

export type QuestionSignal = 'question-mark' | 'confusion' | 'marker' | 'request';

// Rule 2: `Q.`, `Q1.`, `Q:`, `질문:`, `[면접질문]`, `[면접 예상질문]`, `疑問`, `質問`.
const MARKER = /^(?:Q\s*\d*\s*[.:：)]|Q\d+\b|질문\s*\d*\s*[:：.]|\[\s*면접\s*(?:예상\s*)?질문\s*\]|疑問|質問)/i;
// Rule 3: a request to the group or a sign of not understanding, even without `?`.
const REQUEST =
  /(?:설명\s*(?:해|하여|좀\s*해)\s*주(?:세요|실\s*분|시면)|알려\s*주(?:세요|실\s*분|시면)|부탁\s*(?:드립니다|드려요|해요|합니다)|조사\s*(?:해|하여)\s*주세요|정리\s*(?:해|하여)\s*주세요|이해가\s*(?:잘\s*)?안\s*(?:돼|되|됨|감|가)|이해\s*(?:가|를)?\s*못\s*하겠|궁금|의미하는\s*지|필요한\s*지|모르겠(?:어요|습니다|다|네요|음)|わから(?:ない|なかった|ん)|分から(?:ない|なかった|ん)|わかりません|分かりません|教えて(?:ください|下さい|ほしい)|でしょうか)/;
const CONFUSION = /\?\?|？？|\(\s*\?{3,}\s*\)/;
// Closing markup and punctuation a question mark may sit inside: `**…?**`, `(무슨 소리?)`.
const TRAILING_CLOSERS = /[\s*_~"'”’」』）)\]】>]+$/;
const LEADING_MARKUP = /^[\s*_~>]+/;

/** Why `text` (one line of prose, list and quote markers removed) is a question, if it is. */
export function questionSignal(text: string): QuestionSignal | undefined {
  const line = text.replace(LEADING_MARKUP, '').trimEnd();
  if (!/[\p{L}\p{N}]/u.test(line)) return undefined;
  if (MARKER.test(line)) return 'marker';
  const { body } = splitTrailingAttribution(line);
  const ending = body.replace(TRAILING_CLOSERS, '');
  const last = ending.charAt(ending.length - 1);
  if ((last === '?' || last === '？') && /[\p{L}\p{N}]/u.test(ending.slice(0, -1))) return 'question-mark';
  if (CONFUSION.test(line)) return 'confusion';
  if (REQUEST.test(line)) return 'request';
  return undefined;
}

// Answer markers that continue a question item (§5): `A.`, `A:`, `답변:`, `→ …`, `-> …`, `\- …`.
const ANSWER_MARKER = /^[\s*_]*(?:A\s*\d*\s*[.:：)]|답(?:변)?\s*[:：]|→|->|\\-|回答\s*[:：])/;

export function isAnswerMarker(text: string): boolean {
  return ANSWER_MARKER.test(text);
}

/** A question answered on its own line: `…인가요? → 답`. */
export function hasInlineAnswer(text: string): boolean {
  const mark = Math.max(text.lastIndexOf('?'), text.lastIndexOf('？'));
  if (mark < 0) return false;
  const after = text.slice(mark + 1);
  return /^\s*(?:→|->|=>|A[.:])\s*[\p{L}\p{N}]/u.test(after);
}

/** Plain one-line text of a question or entry for messages and outlines. */
export function plainText(text: string, max = 80): string {
  const plain = text
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? plain.slice(0, max - 1).trimEnd() + '…' : plain;
}
