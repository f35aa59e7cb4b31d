// Moves section-relative results to their lines in the document (sections start at line starts,
// so only line numbers change).
import type { Entry, Link, MemberMention, NotesDiagnostic, PageRef, Position, Question, Range } from './model.ts';

const position = (p: Position, by: number): Position => ({ line: p.line + by, character: p.character });
export const shiftRange = (r: Range, by: number): Range => ({ start: position(r.start, by), end: position(r.end, by) });

export function shiftPageRef(ref: PageRef, by: number): PageRef {
  return { ...ref, range: shiftRange(ref.range, by) };
}

export function shiftQuestion(q: Question, by: number, entryOffset: number): Question {
  const moved: Question = { ...q, range: shiftRange(q.range, by), scope: shiftRange(q.scope, by), pages: [...q.pages], askers: [...q.askers], addressees: [...q.addressees] };
  if (q.answerStart) moved.answerStart = position(q.answerStart, by);
  if (q.separator) moved.separator = shiftRange(q.separator, by);
  if (q.entry !== undefined) moved.entry = q.entry + entryOffset;
  return moved;
}

export function shiftEntry(e: Entry, by: number, questionOffset: number): Entry {
  return {
    ...e,
    range: shiftRange(e.range, by),
    scope: shiftRange(e.scope, by),
    pages: e.pages.map((ref) => shiftPageRef(ref, by)),
    comments: e.comments.map((c) => ({ ...c, range: shiftRange(c.range, by) })),
    questions: e.questions.map((q) => q + questionOffset),
  };
}

export function shiftMember(m: MemberMention, by: number): MemberMention {
  return { ...m, range: shiftRange(m.range, by) };
}

export function shiftLink(l: Link, by: number): Link {
  return { ...l, range: shiftRange(l.range, by) };
}

export function shiftDiagnostic(d: NotesDiagnostic, by: number): NotesDiagnostic {
  return { ...d, range: shiftRange(d.range, by) };
}
