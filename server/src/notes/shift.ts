// Moves section-relative results to their lines in the document (sections start at line starts,
// so only line numbers change). The cached section analysis is never changed: moved copies are
// made, and objects the analysis shares (an entry's page references are the section's, a
// one-line scope is its range) stay shared in the copy, which keeps a large index small.
import type { Entry, EntryComment, Link, MemberMention, NotesDiagnostic, PageRef, Position, Question, Range } from './model.ts';

export class SectionShift {
  private readonly moved = new Map<object, object>();

  constructor(readonly by: number) {}

  private once<T extends object>(original: T, move: (original: T) => T): T {
    let copy = this.moved.get(original) as T | undefined;
    if (!copy) {
      copy = move(original);
      this.moved.set(original, copy);
    }
    return copy;
  }

  position(p: Position): Position {
    return this.once(p, () => ({ line: p.line + this.by, character: p.character }));
  }

  range(r: Range): Range {
    return this.once(r, () => ({ start: this.position(r.start), end: this.position(r.end) }));
  }

  pageRef(ref: PageRef): PageRef {
    return this.once(ref, () => ({ ...ref, range: this.range(ref.range) }));
  }

  question(q: Question, entryOffset: number): Question {
    const moved: Question = { ...q, range: this.range(q.range), scope: this.range(q.scope), pages: [...q.pages], askers: [...q.askers], addressees: [...q.addressees] };
    if (q.answerStart) moved.answerStart = this.position(q.answerStart);
    if (q.separator) moved.separator = this.range(q.separator);
    if (q.entry !== undefined) moved.entry = q.entry + entryOffset;
    return moved;
  }

  entry(e: Entry, questionOffset: number): Entry {
    return {
      ...e,
      range: this.range(e.range),
      scope: this.range(e.scope),
      pages: e.pages.map((ref) => this.pageRef(ref)),
      comments: e.comments.map((c): EntryComment => ({ ...c, range: this.range(c.range) })),
      questions: e.questions.map((q) => q + questionOffset),
    };
  }

  member(m: MemberMention): MemberMention {
    return { ...m, range: this.range(m.range) };
  }

  link(l: Link): Link {
    return { ...l, range: this.range(l.range) };
  }

  diagnostic(d: NotesDiagnostic): NotesDiagnostic {
    return { ...d, range: this.range(d.range) };
  }
}
