import { build } from 'esbuild';
import { LOWERED_SYNTAX } from '../build.js';

/** ESM bundles of CommonJS dependencies still call require(): give them one (as scripts/build.ts does). */
export const REQUIRE_BANNER = "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);";

/**
 * Bundles a bench child script into one .mjs that plain `node` runs (no tsx loader thread in the
 * measured process). Not minified, with a source map when asked (the profiler maps hot spots back).
 */
export async function bundleScript(entry: string, outfile: string, options: { external?: string[]; sourcemap?: boolean } = {}): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    supported: LOWERED_SYNTAX,
    banner: { js: REQUIRE_BANNER },
    external: options.external ?? [],
    sourcemap: options.sourcemap ? 'external' : false,
    logLevel: 'silent',
  });
}
