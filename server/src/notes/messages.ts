// Messages of the notes core and the server in English and Korean (the client's display language).
import type { Question } from './model.ts';
import { pageList } from './pageList.ts';

type Locale = 'en' | 'ko';

const STRINGS = {
  unanswered: { en: 'Unanswered question', ko: '답변이 없는 질문' },
  on: { en: 'on', ko: '' },
  askedBy: { en: 'asked by', ko: '질문자' },
  askedOf: { en: 'asked of', ko: '받는 사람' },
  malformedPageRef: { en: 'Malformed page reference', ko: '잘못된 쪽 표기' },
  brokenLink: { en: 'Link target not found', ko: '링크 대상이 없습니다' },
  brokenAnchor: { en: 'No heading matches this anchor', ko: '이 앵커와 맞는 제목이 없습니다' },
  addAnswer: { en: 'Add answer', ko: '답변 추가' },
  normalizePageRef: { en: 'Normalize page reference to', ko: '쪽 표기 바꾸기:' },
  notesOnPage: { en: 'notes on', ko: '개의 노트:' },
  entries: { en: 'entries', ko: '항목' },
  unansweredCount: { en: 'unanswered', ko: '미답변' },
  answered: { en: 'answered', ko: '답변됨' },
  noChapter: { en: '(no chapter)', ko: '(장 없음)' },
} as const;

export type MessageKey = keyof typeof STRINGS;

export function localeOf(value: string | undefined): Locale {
  return value?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function t(key: MessageKey, locale: string): string {
  return STRINGS[key][localeOf(locale)];
}

/** `Unanswered question on p.11 (asked of @박은정)` / `답변이 없는 질문 p.11 (받는 사람 @박은정)`. */
export function unansweredMessage(question: Question, locale: string): string {
  const ko = localeOf(locale) === 'ko';
  let message = t('unanswered', locale);
  if (question.pages.length) message += ko ? ` ${pageList(question.pages)}` : ` on ${pageList(question.pages)}`;
  const who: string[] = [];
  if (question.askers.length) who.push(`${t('askedBy', locale)} ${question.askers.join(', ')}`);
  if (question.addressees.length) who.push(`${t('askedOf', locale)} ${question.addressees.map((n) => '@' + n).join(', ')}`);
  return who.length ? `${message} (${who.join('; ')})` : message;
}
