// The notes core and the language features stay pure (architecture: no vscode, no Node
// built-ins), so the same core can run in a browser worker; this is the lint that keeps it so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/shared.ts';

const PURE = ['server/src/notes', 'server/src/service'];
const FORBIDDEN = /^(?:vscode|node:.*|fs|path|os|child_process|worker_threads|crypto|url|util|v8)$/;

describe('pure core', () => {
  for (const dir of PURE) {
    it(`${dir} imports neither vscode nor Node built-ins`, () => {
      const offenders: string[] = [];
      for (const name of fs.readdirSync(path.join(PROJECT_ROOT, dir))) {
        if (!name.endsWith('.ts')) continue;
        const source = fs.readFileSync(path.join(PROJECT_ROOT, dir, name), 'utf8');
        for (const match of source.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) {
          if (FORBIDDEN.test(match[1])) offenders.push(`${name}: ${match[1]}`);
        }
      }
      assert.deepEqual(offenders, []);
    });
  }
});
