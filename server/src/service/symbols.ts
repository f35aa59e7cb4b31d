// PLACEHOLDER (being written): document and workspace symbols.
import type { DocumentSymbol, WorkspaceSymbol } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';

export function documentSymbols(_ctx: ServiceContext, _uri: string): DocumentSymbol[] {
  return [];
}

export function workspaceSymbols(_ctx: ServiceContext, _query: string): WorkspaceSymbol[] {
  return [];
}
