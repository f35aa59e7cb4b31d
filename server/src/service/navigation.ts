// PLACEHOLDER (being written): definition and references on page references.
import type { Location, Position } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';

export function definition(_ctx: ServiceContext, _uri: string, _position: Position): Location[] {
  return [];
}

export function references(_ctx: ServiceContext, _uri: string, _position: Position, _includeDeclaration: boolean): Location[] {
  return [];
}
