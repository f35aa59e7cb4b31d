// PLACEHOLDER (being written): hover on page references.
import type { Hover, Position } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';

export function hover(_ctx: ServiceContext, _uri: string, _position: Position): Hover | null {
  return null;
}
