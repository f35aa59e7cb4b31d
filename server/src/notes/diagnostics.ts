// Findings of the notes core that explain themselves: who asked, of whom, on which page.
import type { NotesDiagnostic, Question } from './model.ts';

export function unansweredMessage(question: Question): string {
  const parts: string[] = [];
  if (question.pages.length) parts.push(`on ${pageList(question.pages)}`);
  const who: string[] = [];
  if (question.askers.length) who.push(`asked by ${question.askers.join(', ')}`);
  if (question.addressees.length) who.push(`asked of ${question.addressees.map((n) => '@' + n).join(', ')}`);
  return ['Unanswered question', ...parts].join(' ') + (who.length ? ` (${who.join('; ')})` : '');
}

/** `p.11`, `pp.41–44`, `p.7, p.20`. */
export function pageList(pages: number[]): string {
  if (pages.length === 1) return `p.${pages[0]}`;
  const contiguous = pages.every((p, i) => i === 0 || p === pages[i - 1] + 1);
  if (contiguous) return `pp.${pages[0]}–${pages[pages.length - 1]}`;
  return pages.map((p) => `p.${p}`).join(', ');
}

export function notesDiagnostics(questions: Question[]): NotesDiagnostic[] {
  const found: NotesDiagnostic[] = [];
  questions.forEach((question, index) => {
    if (question.answered) return;
    found.push({ range: question.range, severity: 'warning', code: 'unanswered', message: unansweredMessage(question), question: index });
  });
  return found;
}
