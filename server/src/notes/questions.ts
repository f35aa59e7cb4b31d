// Is a line of prose a question for the group? (notes-format.md §4, rules 1–3; rule 4, items
// under question-section headings, is structural and lives in analyze.ts.)
import { splitTrailingAttribution } from './members.ts';

export type QuestionSignal = 'question-mark' | 'quoted-question-mark' | 'confusion' | 'marker' | 'request' | 'interrogative';

// Rule 2: `Q.`, `Q1.`, `Q:`, `질문:`, `[면접질문]`, `[면접 예상질문]`, `疑問`, `質問`.
const MARKER = /^(?:Q\s*\d*\s*[.:：)]|Q\d+\b|질문\s*\d*\s*[:：.]|\[\s*면접\s*(?:예상\s*)?질문\s*\]|疑問|質問)/i;
// Rule 3: a request to the group or a sign of not understanding, even without `?`.
// Phrases that also occur inside ordinary sentences (`…필요한지 여부를`) count only at the end.
const END = String.raw`(?=[\s\p{So}\p{Sk}\uFE0F\u200D]*(?:[.…~!！。)）?？]|\s-\s|@|\(|（|$))`;
const REQUEST = new RegExp(
  [
    String.raw`설명\s*(?:해|하여|좀\s*해)\s*주(?:세요|실\s*분|시면)`,
    String.raw`알려\s*주(?:세요|실\s*분|시면)`,
    String.raw`부탁\s*(?:드립니다|드려요|해요|합니다)`,
    String.raw`조사\s*(?:해|하여)\s*주세요`,
    String.raw`정리\s*(?:해|하여)\s*주세요`,
    String.raw`이해가\s*(?:잘\s*)?안\s*(?:돼|되|됨|감|가)`,
    String.raw`이해\s*(?:가|를)?\s*못\s*하겠`,
    '궁금',
    String.raw`(?:의미하는|필요한|맞는|무엇인)\s*지` + END,
    String.raw`모르겠(?:어요|습니다|다|네요|음)`,
    // Japanese: not understanding, asking to be told or shown.
    String.raw`(?:わから|分から)(?:ない|なかった|ん)` + END,
    String.raw`(?:わかり|分かり)ません`,
    '解せぬ',
    String.raw`教えて(?:ください|下さい|ほしい|欲しい|もらえ)`,
    String.raw`知りたい` + END,
    String.raw`説明して(?:ください|下さい|ほしい|欲しい)?` + END,
    String.raw`(?:でしょうか|ませんか|ですか|ますか)` + END,
  ].join('|'),
  'u',
);
const CONFUSION = /\?\?|？？|\(\s*\?{3,}\s*\)/;
// An English question written without its `?` ("How do you get users to sign up").
// Capitalised, as a sentence starts; a label ending in `:` ("What IS Motivation 3.0:") is not asking.
const INTERROGATIVE =
  /^(?:(?:What|Why|How|When|Where|Who|Which)\s+(?:do|does|did|is|are|was|were|would|could|should|can|will|has|have|had)\b|(?:Does|Do|Did|Is|Are|Can|Could|Should|Would|Will|Has|Have)\s+(?:you|we|I|it|they|he|she|this|that|the|a|an|anyone|there)\b)(?!.*[:：]\s*$)/;
// Closing markup and punctuation a question mark may sit inside: `**…?**`, `(무슨 소리?)`, `?!`.
const TRAILING_CLOSERS = /[\s*_~”’」』）)\]】>!！.。…]+$/;
const TRAILING_QUOTE = /[?？]\s*['"“‘]?[*_\s]*['"”’][\s*_.…]*$/;
// A parenthesised aside after the question: `…NG ってこと？（P97太字）`, `…referencing? (page 72)`.
const TRAILING_ASIDE = /[?？]\s*[(（][^()（）]*[)）][\s*_.]*$/;
// A question mark inside the line, after a word: `When was this book written? It's so dated`.
const MID_LINE = /[\p{L}\p{N}]\s?[?？]+(?:[\s(（]+[^\s?？]|(?=[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\p{Script=Hangul}]))/u;
// Between the last word and its `?`: emphasis, quotes, trailing dots (`*does it make sense*?`, `남았지..?`).
const ENDS_WITH_QUESTION = /[\p{L}\p{N}][*_~`'"”’」』).…。]*\s*[?？]+$/u;
const LEADING_MARKUP = /^[\s*_~>]+/;
const QUESTION_MARK = /[?？]/;

// The rules above with their anchors and exceptions dropped: each matches wherever its rule could.
const MARKER_ANYWHERE = /(?:Q\s*\d*\s*[.:：)]|Q\d+\b|질문\s*\d*\s*[:：.]|\[\s*면접\s*(?:예상\s*)?질문\s*\]|疑問|質問)/i;
const INTERROGATIVE_ANYWHERE =
  /(?:(?:What|Why|How|When|Where|Who|Which)\s+(?:do|does|did|is|are|was|were|would|could|should|can|will|has|have|had)\b|(?:Does|Do|Did|Is|Are|Can|Could|Should|Would|Will|Has|Have)\s+(?:you|we|I|it|they|he|she|this|that|the|a|an|anyone|there)\b)/;

/**
 * Whether any part of `line` (one raw line of a section) could be a question to `questionSignal`:
 * false means no text read from this line, whatever its Markdown, is one. Every rule needs a
 * question mark, a marker, a request or an interrogative opening; their tests here hold wherever
 * the rule's would (a line's prose is a suffix of the line, trimmed).
 */
export function mayAsk(line: string): boolean {
  const text = line.trimEnd();
  return QUESTION_MARK.test(text) || MARKER_ANYWHERE.test(text) || REQUEST.test(text) || INTERROGATIVE_ANYWHERE.test(text);
}

/** Why `text` (one line of prose, list and quote markers removed) is a question, if it is. */
export function questionSignal(text: string): QuestionSignal | undefined {
  const line = text.replace(LEADING_MARKUP, '').trimEnd();
  if (!/[\p{L}\p{N}]/u.test(line)) return undefined;
  if (MARKER.test(line)) return 'marker';
  // The question-mark rules below all need one; most lines of notes have none.
  if (!QUESTION_MARK.test(line)) return REQUEST.test(line) ? 'request' : INTERROGATIVE.test(line) ? 'interrogative' : undefined;
  const { body } = splitTrailingAttribution(line);
  const ending = body.replace(TRAILING_CLOSERS, '');
  if (ENDS_WITH_QUESTION.test(ending)) return TRAILING_QUOTE.test(line) ? 'quoted-question-mark' : 'question-mark';
  if (TRAILING_ASIDE.test(body) && /[\p{L}\p{N}]\s*[?？]/u.test(body)) return 'question-mark';
  if (CONFUSION.test(line)) return 'confusion';
  if (MID_LINE.test(line)) return 'question-mark';
  if (REQUEST.test(line)) return 'request';
  if (INTERROGATIVE.test(line)) return 'interrogative';
  return undefined;
}

// Answer markers that continue a question item (§5): `A.`, `A:`, `답변:`, `→ …`, `-> …`, `\- …`.
const ANSWER_MARKER = /^[\s*_]*(?:A\s*\d*\s*[.:：)]|답(?:변)?\s*[:：]|→|->|\\-|回答\s*[:：])/;

export function isAnswerMarker(text: string): boolean {
  return ANSWER_MARKER.test(text);
}

/** A question answered on its own line: `…인가요? → 답`, `…설명해주세요 → 비트가 …`. */
export function hasInlineAnswer(text: string): boolean {
  for (const arrow of text.matchAll(/→|->|=>/g)) {
    const before = text.slice(0, arrow.index);
    const after = text.slice(arrow.index + arrow[0].length);
    // `… 있을 것이다. → 이해가 안돼요`: the arrow leads to the question, not away from it.
    if (/[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after) && !questionSignal(after)) return true;
  }
  return false;
}

/** Plain one-line text of a question or entry for messages and outlines. */
export function plainText(text: string, max = 80): string {
  const plain = text
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? plain.slice(0, max - 1).trimEnd() + '…' : plain;
}
