// Go to Definition and Find References on page references: `p.12` leads to every note on page 12
// in every member's file, and to every other mention of page 12.
import type { Location, Position } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';
import { comparePositions, entriesOnRef, pageRefAt, refsToRef } from './pageAt.ts';
import { uriKey } from './workspaceIndex.ts';

/** Every entry on the page under the cursor, across the workspace (range entries covering it
 * included), at the entry's own line: VS Code jumps to a single one and peeks a list of several.
 * The entry under the cursor is listed too: the peek list is "the notes on this page". */
export function definition(ctx: ServiceContext, uri: string, position: Position): Location[] {
  const file = ctx.index.get(uri);
  const ref = file && pageRefAt(file.model, position);
  if (!ref) return [];
  return entriesOnRef(ctx.index, ref).map((hit) => ({ uri: hit.file.uri, range: hit.entry.range }));
}

/** Every page reference sharing a page with the one under the cursor (`p.2~p.9` refers to p.5, and
 * from a range every page of it counts). `includeDeclaration` keeps the reference under the cursor. */
export function references(ctx: ServiceContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const file = ctx.index.get(uri);
  const ref = file && pageRefAt(file.model, position);
  if (!file || !ref) return [];
  const own = uriKey(file.uri);
  const isDeclaration = (hitUri: string, start: Position) => uriKey(hitUri) === own && comparePositions(start, ref.range.start) === 0;
  return refsToRef(ctx.index, ref)
    .filter((hit) => includeDeclaration || !isDeclaration(hit.file.uri, hit.ref.range.start))
    .map((hit) => ({ uri: hit.file.uri, range: hit.ref.range }));
}
