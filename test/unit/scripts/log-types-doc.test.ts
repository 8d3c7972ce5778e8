import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_TYPES } from '../../../shared/catalogue/index.js';
import { logTypesMarkdown } from '../../../scripts/docs/log-types-table.js';

describe('docs/log-types.md', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/log-types.md', import.meta.url)), 'utf8');

  it('is what the catalogue generates (run `npx tsx scripts/docs/log-types.ts` when this fails)', () => {
    expect(doc).toBe(logTypesMarkdown());
  });

  it('lists every catalogue type once', () => {
    for (const t of LOG_TYPES) expect(doc.split(`| \`${t.type}\` |`).length - 1, t.type).toBe(1);
  });

  it('is linked from the README', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    expect(readme).toContain('docs/log-types.md');
  });
});
