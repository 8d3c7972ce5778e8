import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { logTypesMarkdown } from './log-types-table.js';

/** Rewrites docs/log-types.md from the catalogue. */
const target = fileURLToPath(new URL('../../docs/log-types.md', import.meta.url));
writeFileSync(target, logTypesMarkdown());
console.log(`wrote ${target}`);
