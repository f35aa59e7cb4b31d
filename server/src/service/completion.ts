// PLACEHOLDER (being written): members after @, pages after p., snippets.
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';

export async function completion(_ctx: ServiceContext, _uri: string, _position: Position): Promise<CompletionItem[]> {
  return [];
}
