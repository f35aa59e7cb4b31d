// PLACEHOLDER (being written): code lens on chapter headings and page references.
import type { CodeLens } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';

export function codeLenses(_ctx: ServiceContext, _uri: string): CodeLens[] {
  return [];
}
