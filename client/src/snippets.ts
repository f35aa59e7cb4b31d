// The snippets of Insert Quote / Question / Answer, in the shapes the notes format knows
// (seed 000's quoted passage with comments, seed 002's question with a separator), with the
// configured author name written in. Pure: text in, snippet text and where to put it out.

export type InsertKind = 'quote' | 'question' | 'answer';

export interface SnippetPlan {
  /** Snippet syntax (`$1`, `${2:passage}`), ready for `new vscode.SnippetString(...)`. */
  snippet: string;
  /**
   * `cursor`: at the cursor, because the cursor's line is blank (VS Code indents the snippet's
   * lines like that line). `newLine`: on a new line after the cursor's line, `blankLineBefore`
   * with an empty line first; the snippet's indentation is then absolute (the client inserts it
   * at column 0 of the new line, where VS Code adds no indentation of its own).
   */
  at: 'cursor' | 'newLine';
  blankLineBefore?: boolean;
}

export interface SnippetWords {
  /** Placeholder for the author when `marginalia.author` is empty. */
  name: string;
  passage: string;
  question: string;
  member: string;
}

const BULLET = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;

/** Escapes text for snippet syntax: `$`, `}` and `\` would otherwise start syntax. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

export function snippetFor(kind: InsertKind, lineText: string, author: string, words: SnippetWords): SnippetPlan {
  const blank = lineText.trim() === '';
  const name = author.trim() ? escapeSnippetText(author.trim()) : undefined;
  const bullet = BULLET.exec(lineText);
  switch (kind) {
    case 'quote': {
      // A quoted passage starts a new entry: at the left margin, after an empty line.
      const who = name ?? `\${3:${words.name}}`;
      const snippet = `> <strong><i>p$1. \${2:${words.passage}}</i></strong>\n\n- '${who}' : $0`;
      return blank ? { snippet, at: 'cursor' } : { snippet, at: 'newLine', blankLineBefore: true };
    }
    case 'question': {
      // A sibling of the item the cursor is on; the separator with nothing after it is the
      // format's "unanswered" (notes-format §5) until someone answers under it.
      const indent = bullet ? expandTabs(bullet[1]) : '';
      const body = [`- p.$1 \${2:${words.passage}}`, `  > **\${3:${words.question}}? @\${4:${words.member}}**`, '  ***', '  $0'];
      return blank ? { snippet: body.join('\n'), at: 'cursor' } : { snippet: body.map((l) => indent + l).join('\n'), at: 'newLine' };
    }
    case 'answer': {
      // Under a list item the answer belongs inside the item: at the item's content column.
      const who = name ?? `\${1:${words.name}}`;
      const body = ['***', `- '${who}' : $0`];
      if (blank) return { snippet: body.join('\n'), at: 'cursor' };
      const indent = bullet ? ' '.repeat(expandTabs(bullet[1] + bullet[2] + (bullet[3] || ' ')).length) : expandTabs(/^[ \t]*/.exec(lineText)![0]);
      return { snippet: body.map((l) => indent + l).join('\n'), at: 'newLine' };
    }
  }
}

function expandTabs(whitespace: string): string {
  return whitespace.replace(/\t/g, '    ');
}
