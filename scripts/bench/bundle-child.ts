/** Bundles the throughput child alone (quick loops while profiling): `npx tsx scripts/bench/bundle-child.ts`. */
import { join } from 'node:path';
import { bundleScript } from './bundle.js';

await bundleScript(join('scripts', 'bench', 'throughput-child.ts'), join('bench', 'tmp', 'throughput-child.mjs'));
