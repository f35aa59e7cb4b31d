// A real TextMate engine for the grammar tests: vscode-textmate with the Oniguruma WebAssembly
// build (what VS Code itself runs), VS Code's Markdown and HTML grammars (from tm-grammars), and
// our two injection grammars, injected into Markdown the way package.json contributes them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { PROJECT_ROOT } from '../support/shared.ts';

const requireHere = createRequire(__filename);

export const MARKDOWN = 'text.html.markdown';
export const SYNTAXES = path.join(PROJECT_ROOT, 'syntaxes');
/** Our grammars, as package.json must contribute them. */
export const INJECTIONS = [
  { scopeName: 'markdown.marginalia.injection', path: './syntaxes/marginalia.injection.tmLanguage.json' },
  { scopeName: 'markdown.marginalia.separator.injection', path: './syntaxes/marginalia.separator.injection.tmLanguage.json' },
];

const GRAMMAR_FILES: Record<string, string> = {
  [MARKDOWN]: requireHere.resolve('tm-grammars/grammars/markdown.json'),
  'text.html.derivative': requireHere.resolve('tm-grammars/grammars/html-derivative.json'),
  'text.html.basic': requireHere.resolve('tm-grammars/grammars/html.json'),
  // Markdown drops its front matter rule when YAML is missing.
  'source.yaml': requireHere.resolve('tm-grammars/grammars/yaml.json'),
};
for (const g of INJECTIONS) GRAMMAR_FILES[g.scopeName] = path.join(PROJECT_ROOT, g.path);

let registry: vsctm.Registry | undefined;

/**
 * The registry, created once. Languages embedded in fenced code (Java, SQL…) are not loaded: their
 * blocks are still `markup.fenced_code`, which is all the injection cares about.
 */
export function markdownRegistry(): vsctm.Registry {
  if (registry) return registry;
  const wasm = new Uint8Array(fs.readFileSync(requireHere.resolve('vscode-oniguruma/release/onig.wasm'))).buffer;
  const onigLib = oniguruma.loadWASM(wasm).then(() => ({
    createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
  registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const file = GRAMMAR_FILES[scopeName];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (scopeName === MARKDOWN ? INJECTIONS.map((g) => g.scopeName) : undefined),
  });
  return registry;
}

export async function markdownGrammar(): Promise<vsctm.IGrammar> {
  const grammar = await markdownRegistry().loadGrammar(MARKDOWN);
  if (!grammar) throw new Error('the Markdown grammar did not load');
  return grammar;
}

/** A run of one scope on one line: [start, end) in UTF-16 code units, as LSP positions. */
export interface ScopedSpan {
  line: number;
  start: number;
  end: number;
}

/** The tokens of each line of a whole document (the state carries from line to line, as in the editor). */
export function tokenizeDocument(grammar: vsctm.IGrammar, text: string): vsctm.IToken[][] {
  let state = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    return tokens;
  });
}

/** The maximal runs of tokens that carry a scope `wanted` accepts. */
export function scopedSpans(lines: vsctm.IToken[][], wanted: (scope: string) => boolean): ScopedSpan[] {
  const spans: ScopedSpan[] = [];
  lines.forEach((tokens, n) => {
    let open: ScopedSpan | undefined;
    for (const token of tokens) {
      if (token.scopes.some(wanted)) {
        if (open && open.end === token.startIndex) open.end = token.endIndex;
        else spans.push((open = { line: n, start: token.startIndex, end: token.endIndex }));
      } else {
        open = undefined;
      }
    }
  });
  return spans;
}
