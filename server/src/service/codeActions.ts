// PLACEHOLDER (being written): Add answer, Normalize page reference.
import type { CodeAction, CodeActionContext, Range } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';

export async function codeActions(_ctx: ServiceContext, _uri: string, _range: Range, _context: CodeActionContext): Promise<CodeAction[]> {
  return [];
}
