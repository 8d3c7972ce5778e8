/**
 * vitest setupFiles: each test file gets its own temp folder (under the run's, see
 * temp-root.global.ts), removed when the file's tests are done, so a long run does not pile up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const parent = process.env.TMPDIR;
const dir = mkdtempSync(join(tmpdir(), 'file-'));
process.env.TMPDIR = dir;

afterAll(() => {
  if (parent === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = parent;
  rmSync(dir, { recursive: true, force: true });
});
