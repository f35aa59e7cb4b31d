// Findings of the notes core that explain themselves: who asked, of whom, on which page.
import type { NotesDiagnostic, Question } from './model.ts';
import { unansweredMessage } from './messages.ts';

export function notesDiagnostics(questions: Question[], locale = 'en'): NotesDiagnostic[] {
  const found: NotesDiagnostic[] = [];
  questions.forEach((question, index) => {
    if (question.answered) return;
    found.push({ range: question.range, severity: 'warning', code: 'unanswered', message: unansweredMessage(question, locale), question: index });
  });
  return found;
}
