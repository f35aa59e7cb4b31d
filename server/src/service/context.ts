// What every language feature receives: the index, open documents, settings, the file system
// and a logger, all behind small interfaces so the features stay pure (no vscode, no node:fs).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from './settings.ts';
import type { WorkspaceIndex } from './workspaceIndex.ts';

export interface FileStat {
  type: 'file' | 'directory';
}

/** The file system as the features need it: does a link target exist? */
export interface NotesFileSystem {
  /** Stat by URI; undefined when nothing is there. */
  stat(uri: string): Promise<FileStat | undefined>;
  /** Names in a folder (as stored on disk: may be NFD), undefined when it cannot be read. */
  readDirectory(uri: string): Promise<string[] | undefined>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface ServiceContext {
  index: WorkspaceIndex;
  /** The open document for a URI (its in-memory text), if open. */
  document(uri: string): TextDocument | undefined;
  settings(uri?: string): Promise<Settings>;
  fs: NotesFileSystem;
  logger: Logger;
  /** UI language for messages: 'ko' or 'en' (and 'ja' falls back to 'en'). */
  locale: string;
  /** The client contributes the snippets itself (VS Code): completion leaves them out. */
  clientSnippets: boolean;
}
