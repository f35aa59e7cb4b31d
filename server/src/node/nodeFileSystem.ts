// The features' file-system interface over node:fs, by URI.
import * as fs from 'node:fs/promises';
import { URI } from 'vscode-uri';
import type { FileStat, NotesFileSystem } from '../service/context.ts';

export class NodeFileSystem implements NotesFileSystem {
  async stat(uri: string): Promise<FileStat | undefined> {
    try {
      const stat = await fs.stat(URI.parse(uri).fsPath);
      return { type: stat.isDirectory() ? 'directory' : 'file' };
    } catch {
      return undefined;
    }
  }

  async readDirectory(uri: string): Promise<string[] | undefined> {
    try {
      return await fs.readdir(URI.parse(uri).fsPath);
    } catch {
      return undefined;
    }
  }
}
