// What the language features receive, over an index alone: for unit tests of the features
// (no editor, no disk: links resolve to nothing, settings are the defaults).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings.ts';
import type { ServiceContext } from '../../server/src/service/context.ts';
import type { WorkspaceIndex } from '../../server/src/service/workspaceIndex.ts';

export function serviceContext(index: WorkspaceIndex, document: (uri: string) => TextDocument | undefined = () => undefined): ServiceContext {
  return {
    index,
    document,
    settings: async () => DEFAULT_SETTINGS,
    fs: { stat: async () => undefined, readDirectory: async () => undefined },
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    clientSnippets: false,
    locale: 'ko',
  };
}
