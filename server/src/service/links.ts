// PLACEHOLDER (being written): broken-link and broken-anchor diagnostics.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext } from './context.ts';
import type { IndexedFile } from './workspaceIndex.ts';
import type { Settings } from './settings.ts';

export async function linkDiagnostics(_ctx: ServiceContext, _file: IndexedFile, _settings: Settings): Promise<Diagnostic[]> {
  return [];
}
