// Questions, answers and entries of one notes file, read off its block structure
// (notes-format.md §4–§5). Works on "atoms": the lines of prose, nested lists, separators and
// other content of one container (a list item, or the body under a heading), in order.
import type { Block } from './markdown.ts';
import type { LineIndex } from './lines.ts';
import type { Entry, EntryComment, EntryKind, MemberMention, PageRef, Position, Question, Range } from './model.ts';
import { hasInlineAnswer, plainText, questionSignal } from './questions.ts';
import { findMembers, splitTrailingAttribution } from './members.ts';
import { chapterFromHeading } from './chapters.ts';

export interface AnalysisInput {
  lines: LineIndex;
  /** The text with code, HTML tags and link destinations blanked; same length as the text. */
  prose: string;
  /** The same with inline code kept: the text shown to people. */
  display: string;
  /** Top-level blocks of one section body (between two headings). */
  blocks: Block[];
  /** Inside a question section: every item of a top-level list is a question (§4 rule 4). */
  listsForced: boolean;
  refsOnLine: (line: number) => PageRef[];
}

export interface Analysis {
  questions: Question[];
  entries: Entry[];
  members: MemberMention[];
}

type Atom =
  | { kind: 'line'; line: number; col: number; text: string; block: Block; inQuote: boolean }
  | { kind: 'list'; line: number; block: Block }
  | { kind: 'break'; line: number; block: Block }
  | { kind: 'content'; line: number; block: Block };

type LineAtom = Extract<Atom, { kind: 'line' }>;

const CONTAINER_MARKERS = /^[ \t]*(?:>[ \t]?)*[ \t]*/;
const LINK_OR_URL = /!?\[[^\]]*\]\([^)]*\)|<https?:[^>]*>|https?:\/\/\S+/g;
const CONTINUATION = /^(?:그리고|또한|또|그리고요|and\b|also\b|また|あと)/i;
// An answer stub before anyone wrote in it: an optional `A.` marker, a name with `:`, `(name)`.
const EMPTY_ANSWER = /^(?:A\d*\s*[.:)]\s*)?(?:['‘"“][^'’"”]{1,20}['’"”]\s*[:：]|[\p{L}\p{N}._-]{1,20}\s*[:：]|\([^)]{1,20}\))?\s*$/u;

/** Lines longer than this are never read as questions. */
const MAX_QUESTION_CHARS = 4_000;
const COMMENTER = /^[\s*_]*['‘"“]([^'’"”]{1,20})['’"”]\s*[:：]/;

/** A bullet that only names a unit or a member (`item48`, `4.3 데이터플로`, `@mae-da`, `도영`): a label, not a question. */
function isBareLabel(raw: string): boolean {
  const text = raw.replace(/[*_`]/g, '').trim();
  if (questionSignal(text)) return false;
  return (
    /^@[\w.-]+$/u.test(text) ||
    /^@?[가-힣]{2,4}$/.test(text) ||
    /^item\s*\d+$/i.test(text) ||
    /^\d+(?:\.\d+)+\.?\s+\S{1,20}$/u.test(text) ||
    (text.length <= 20 && chapterFromHeading(text) !== undefined)
  );
}

export function analyze(input: AnalysisInput): Analysis {
  const { lines, prose } = input;
  const questions: Question[] = [];
  const members: MemberMention[] = [];

  const lastLine = (b: Block) => lines.lineAt(Math.max(b.start, b.end - 1));
  const endOfLine = (line: number) => ({ line, character: lines.lineEnd(line) - lines.starts[line] });
  const rangeOf = (b: Block): Range => ({ start: lines.position(b.start), end: endOfLine(lastLine(b)) });

  function atomsOf(blocks: Block[], inQuote = false, out: Atom[] = []): Atom[] {
    for (const block of blocks) {
      switch (block.kind) {
        case 'paragraph':
        case 'html': {
          for (let line = lines.lineAt(block.start); line <= lastLine(block); line++) {
            const from = Math.max(lines.starts[line], block.start);
            const raw = prose.slice(from, lines.lineEnd(line));
            const lead = CONTAINER_MARKERS.exec(raw)![0].length;
            const text = raw.slice(lead).trimEnd();
            if (text) out.push({ kind: 'line', line, col: from - lines.starts[line] + lead, text, block, inQuote });
          }
          break;
        }
        case 'quote':
          atomsOf(block.children ?? [], true, out);
          break;
        case 'list':
          out.push({ kind: 'list', line: lines.lineAt(block.start), block });
          break;
        case 'break':
          out.push({ kind: 'break', line: lines.lineAt(block.start), block });
          break;
        default:
          out.push({ kind: 'content', line: lines.lineAt(block.start), block });
      }
    }
    return out;
  }

  /** A line that is only links or URLs: reference material, not an answer. */
  function isLinkOnly(atom: Atom): boolean {
    if (atom.kind !== 'line' || atom.text.length > MAX_QUESTION_CHARS) return false;
    const original = lines.line(atom.line).replace(CONTAINER_MARKERS, '').replace(/^[-*+]\s+/, '');
    return original.replace(LINK_OR_URL, '').replace(/[\s*_.,·|/-]/g, '') === '';
  }

  /** An answer stub nobody filled in yet (`지민: `, `- '지민' : `, `A. (지민)`): not an answer. */
  function isEmptyAnswer(atom: Atom): boolean {
    // Read as written: `- 참고: \`Foo.java\`` and a lone screenshot `- ![](…)` are answers.
    if (atom.kind === 'line') return EMPTY_ANSWER.test(lines.text.slice(lines.starts[atom.line] + atom.col, lines.lineEnd(atom.line)));
    if (atom.kind !== 'list') return false;
    for (let line = lines.lineAt(atom.block.start); line <= lastLine(atom.block); line++) {
      const text = lines.text.slice(lines.starts[line], lines.lineEnd(line)).replace(/^[\s>]*(?:(?:[-*+]|\d{1,9}[.)])(?:\s+|$))*/, '');
      if (!EMPTY_ANSWER.test(text)) return false;
    }
    return true;
  }

  function endOf(atom: Atom): number {
    return atom.kind === 'line' ? atom.line : lastLine(atom.block);
  }

  function addQuestion(group: LineAtom[], region: Atom[]): void {
    const first = group[0];
    const last = group[group.length - 1];
    const text = group.map((a) => a.text).join(' ');
    const shown = group.map((a) => input.display.slice(lines.starts[a.line] + a.col, lines.lineEnd(a.line)).trim()).join(' ');
    let answered: boolean;
    let answerStart: Atom | undefined;
    let separator: Atom | undefined;
    const breakAt = region.findIndex((a) => a.kind === 'break');
    if (breakAt >= 0) {
      separator = region[breakAt];
      answerStart = region.slice(breakAt + 1).find((a) => a.kind !== 'break' && !isEmptyAnswer(a));
      if (!answerStart) {
        // A separator that closes the item after the answer is not an empty answer part
        // (seed 002's p.23): count what stands between question and separator, except the
        // rest of the question's own paragraph and the asker's reference links.
        answerStart = region.slice(0, breakAt).find((a) => !(a.kind === 'line' && a.block === last.block) && !isLinkOnly(a) && !isEmptyAnswer(a));
      }
      answered = answerStart !== undefined;
    } else {
      answerStart = region.find((a) => !isEmptyAnswer(a));
      answered = answerStart !== undefined || hasInlineAnswer(last.text);
    }

    const pages = new Set<number>();
    for (const atom of group) for (const ref of input.refsOnLine(atom.line)) addPages(pages, ref);
    const scopeEnd = region.length ? endOf(region[region.length - 1]) : last.line;
    const question = makeQuestion(text, shown, { start: { line: first.line, character: first.col }, end: endOfLine(last.line) }, answered, endOfLine(scopeEnd), pages);
    if (answered && answerStart) question.answerStart = { line: answerStart.line, character: 0 };
    if (separator) question.separator = rangeOf(separator.block);
    questions.push(question);
  }

  /** Finds the questions among a container's atoms and decides which are answered. */
  function processContainer(atoms: Atom[], forced: boolean, listsForced = false): void {
    let starts: number[] = [];
    atoms.forEach((atom, i) => {
      // A line of thousands of characters is pasted text, not a question (and too costly to test).
      if (atom.kind !== 'line' || atom.text.length > MAX_QUESTION_CHARS) return;
      const signal = questionSignal(atom.text);
      if (!signal || isLinkOnly(atom)) return; // most lines have no signal: the link test is the dearer one
      // `…아닌가?'` then `하는 의문이 들 수 있다`: a quoted question inside a sentence that goes on.
      const next = atoms[i + 1];
      if (signal === 'quoted-question-mark' && next?.kind === 'line' && next.block === atom.block) return;
      starts.push(i);
    });
    // `- **p12. 캐시는 어떻게 만료되는가?**` then `> 적절한 만료 기간은 어떻게 정하나요??`: the
    // first is the book's own heading quoted as the entry; the quoted line is the question.
    starts = starts.filter((i) => {
      const atom = atoms[i] as LineAtom;
      const next = atoms[i + 1];
      return !(
        !atom.inQuote &&
        next?.kind === 'line' &&
        next.inQuote &&
        next.block !== atom.block &&
        starts.includes(i + 1) &&
        input.refsOnLine(atom.line).length > 0
      );
    });
    const firstBreak = atoms.findIndex((a) => a.kind === 'break');
    if (forced && !starts.some((i) => firstBreak < 0 || i < firstBreak)) {
      const head = atoms.findIndex((a) => a.kind === 'line');
      if (head >= 0 && (firstBreak < 0 || head < firstBreak) && !isBareLabel((atoms[head] as LineAtom).text)) {
        starts = [head, ...starts.filter((i) => i > head)];
      }
    }
    for (let s = 0; s < starts.length; s++) {
      const group = [atoms[starts[s]] as LineAtom];
      // One request written over two lines of one paragraph (`…알려주세요` / `그리고, …설명해주세요`).
      while (s + 1 < starts.length && starts[s + 1] === starts[s] + group.length) {
        const next = atoms[starts[s + 1]] as LineAtom;
        if (next.block !== group[0].block || !CONTINUATION.test(next.text)) break;
        group.push(next);
        s++;
      }
      const from = starts[s] + 1;
      const to = s + 1 < starts.length ? starts[s + 1] : atoms.length;
      addQuestion(group, atoms.slice(from, to));
    }
    for (const atom of atoms) if (atom.kind === 'list') processList(atom.block, listsForced);
  }

  /** `- item48` or `- @haruguchi-yuma` whose nested items are the real questions. */
  function isGroupingItem(item: Block): boolean {
    const [head, ...rest] = item.children ?? [];
    if (!head || head.kind !== 'paragraph' || rest.length === 0 || rest.some((b) => b.kind !== 'list')) return false;
    if (lines.lineAt(head.start) !== lastLine(head)) return false;
    return isBareLabel(prose.slice(head.start, head.end)) && input.refsOnLine(lines.lineAt(head.start)).length === 0;
  }

  function processList(list: Block, forced: boolean): void {
    for (const item of list.children ?? []) {
      if (forced && isGroupingItem(item)) {
        for (const nested of (item.children ?? []).slice(1)) processList(nested, true);
      } else {
        processContainer(atomsOf(item.children ?? []), forced);
      }
    }
  }

  processContainer(atomsOf(input.blocks), false, input.listsForced);

  questions.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const entries = buildEntries(input, questions);
  collectMembers(input, questions, members);
  return { questions, entries, members };
}

/** Entries: annotated places pinned to pages, with their comments; questions join the innermost. */
function buildEntries(input: AnalysisInput, questions: Question[]): Entry[] {
  const { lines, display } = input;
  const entries: Entry[] = [];
  const lastLine = (b: Block) => lines.lineAt(Math.max(b.start, b.end - 1));
  const endOfLine = (line: number) => ({ line, character: lines.lineEnd(line) - lines.starts[line] });

  function headText(block: Block): { line: number; text: string; col: number } {
    const line = lines.lineAt(block.start);
    const from = block.start;
    const raw = display.slice(from, lines.lineEnd(line));
    const lead = CONTAINER_MARKERS.exec(raw)![0].length;
    return { line, text: raw.slice(lead), col: from - lines.starts[line] + lead };
  }

  function refsOf(block: Block): PageRef[] {
    const refs: PageRef[] = [];
    for (let line = lines.lineAt(block.start); line <= lastLine(block); line++) refs.push(...input.refsOnLine(line));
    return refs;
  }

  function comment(item: Block): EntryComment | undefined {
    const head = (item.children ?? [])[0];
    if (!head || (head.kind !== 'paragraph' && head.kind !== 'html')) return undefined;
    const { line, text, col } = headText(head);
    const commenter = COMMENTER.exec(text);
    const body = commenter ? text.slice(commenter[0].length) : text;
    const result: EntryComment = { text: plainText(body), range: { start: { line, character: col }, end: endOfLine(line) } };
    if (commenter) result.member = commenter[1].trim();
    return result;
  }

  function add(kind: EntryKind, head: Block, scopeEnd: number, pages: PageRef[], comments: EntryComment[], member?: string): void {
    const { line, text, col } = headText(head);
    const range = { start: { line, character: col }, end: endOfLine(line) };
    const entry: Entry = {
      kind,
      range,
      // One object when the entry is its first line: a workspace holds ~20 entries per note.
      scope: scopeEnd === line ? range : { start: range.start, end: endOfLine(scopeEnd) },
      text: plainText(stripLeadingRefs(text, pages, line, col)),
      pages,
      comments,
      questions: [],
    };
    const named = member ?? comments.find((c) => c.member)?.member;
    if (named) entry.member = named;
    entries.push(entry);
  }

  function visit(blocks: Block[], topLevel: boolean): void {
    blocks.forEach((block, i) => {
      if (block.kind === 'item') {
        const head = (block.children ?? [])[0];
        if (head && (head.kind === 'paragraph' || head.kind === 'html') && input.refsOnLine(lines.lineAt(head.start)).length) {
          const nested = (block.children ?? []).filter((b) => b.kind === 'list').flatMap((l) => l.children ?? []);
          const headLine = headText(head);
          const commenter = COMMENTER.exec(headLine.text);
          const member = commenter?.[1].trim() ?? splitTrailingAttribution(headLine.text).askers[0];
          add('note', head, lastLine(block), refsOf(head), nested.map(comment).filter((c): c is EntryComment => !!c), member);
        }
        visit(block.children ?? [], false);
      } else if (block.kind === 'quote') {
        const head = (block.children ?? [])[0];
        if (head && input.refsOnLine(lines.lineAt(head.start)).length) {
          // Seed 000's shape: a quoted passage, then list items commenting on it.
          let end = i + 1;
          while (end < blocks.length && blocks[end].kind === 'list') end++;
          const commentItems = blocks.slice(i + 1, end).flatMap((l) => l.children ?? []);
          const scopeEnd = end > i + 1 ? lastLine(blocks[end - 1]) : lastLine(block);
          add('quote', head, scopeEnd, refsOf(head), commentItems.map(comment).filter((c): c is EntryComment => !!c));
        }
        visit(block.children ?? [], false);
      } else if (block.kind === 'list') {
        visit(block.children ?? [], false);
      } else if (topLevel && block.kind === 'paragraph' && input.refsOnLine(lines.lineAt(block.start)).length) {
        add('note', block, lastLine(block), refsOf(block), []);
      }
    });
  }
  visit(input.blocks, true);

  // Each question belongs to the innermost entry whose scope holds it.
  questions.forEach((question, q) => {
    let best = -1;
    entries.forEach((entry, e) => {
      const line = question.range.start.line;
      if (line < entry.scope.start.line || line > entry.scope.end.line) return;
      if (best < 0 || entry.scope.start.line >= entries[best].scope.start.line) best = e;
    });
    if (best < 0) return;
    question.entry = best;
    entries[best].questions.push(q);
    if (entries[best].kind === 'note') entries[best].kind = 'question';
    if (question.pages.length === 0) {
      const pages = new Set<number>();
      for (const ref of entries[best].pages) addPages(pages, ref);
      question.pages = [...pages].sort((a, b) => a - b);
    }
  });
  entries.sort((a, b) => a.range.start.line - b.range.start.line);
  return entries;
}

/** Pages of a reference for a question's `pages` (a wide range counts by its ends). */
export function addPages(pages: Set<number>, ref: Pick<PageRef, 'start' | 'end'>): void {
  if (ref.end - ref.start > 50) {
    pages.add(ref.start).add(ref.end);
    return;
  }
  for (let p = ref.start; p <= ref.end; p++) pages.add(p);
}

/** A question with askers and addressees read off its text (shared by items and headings). */
export function makeQuestion(text: string, shown: string, range: Range, answered: boolean, scopeEnd: Position, pages: Set<number>): Question {
  const { askers, addressees } = splitTrailingAttribution(text);
  const commenter = COMMENTER.exec(text);
  if (commenter && !askers.includes(commenter[1].trim())) askers.unshift(commenter[1].trim());
  return {
    range,
    text: plainText(shown, 200),
    answered,
    pages: [...pages].sort((a, b) => a - b),
    askers,
    addressees,
    scope: scopeEnd.line === range.end.line && scopeEnd.character === range.end.character ? range : { start: range.start, end: scopeEnd },
  };
}

function stripLeadingRefs(text: string, pages: PageRef[], line: number, col: number): string {
  let cut = 0;
  for (const ref of pages) {
    if (ref.range.start.line !== line) continue;
    const at = ref.range.start.character - col;
    const before = text.slice(cut, at);
    if (at >= cut && /^[\s*_(（\[【"'“‘<>·,.:\-/~]*$/.test(before)) cut = ref.range.end.character - col;
  }
  // `p.2~p.9 の導入部分`: a particle glued to the reference reads wrong without it.
  if (cut > 0 && /^[\p{L}\p{N}]/u.test(text.slice(cut))) return text;
  return text.slice(cut).replace(/^[\s*_)）\]】.:,\-—–/]+/, '') || text;
}

function collectMembers(input: AnalysisInput, questions: Question[], out: MemberMention[]): void {
  mentionsIn(input.lines, input.prose, out);
  for (const q of questions) {
    for (const name of q.askers) {
      if (!out.some((m) => m.name === name && m.range.start.line === q.range.start.line)) out.push({ name, role: 'asker', range: q.range });
    }
  }
}

/** Members named in the lines of `prose` (`@지민`, `- '지민' :`, a trailing `- 지민`), in order. */
export function mentionsIn(lines: LineIndex, prose: string, out: MemberMention[] = []): MemberMention[] {
  for (let line = 0; line < lines.lineCount; line++) {
    const text = prose.slice(lines.starts[line], lines.lineEnd(line));
    if (!/[@'‘(-]/.test(text)) continue;
    const lead = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?/.exec(text)![0].length;
    for (const found of findMembers(text.slice(lead))) {
      const role = found.kind === 'commenter' ? 'commenter' : found.kind === 'attribution' ? 'asker' : 'addressee';
      const start = { line, character: lead + found.offset };
      out.push({ name: found.name, role, range: { start, end: { line, character: start.character + found.length } } });
    }
  }
  return out;
}
