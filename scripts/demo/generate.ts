/**
 * Regenerates the demo payloads under scripts/demo/samples/ (checked in, so the demo reads files
 * the way a user's own would be read). Deterministic: run it after changing a sample builder.
 *
 *   npx tsx scripts/demo/generate.ts
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSamples, SAMPLES_DIR } from './samples.js';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out;
}

export async function writeSamples(root = fileURLToPath(SAMPLES_DIR)): Promise<string[]> {
  const samples = buildSamples();
  const wanted = new Set(samples.map((s) => join(root, s.path)));
  for (const stale of await listFiles(root)) if (!wanted.has(stale)) await rm(stale);
  for (const sample of samples) {
    const path = join(root, sample.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, sample.body);
  }
  return samples.map((s) => relative(process.cwd(), join(root, s.path)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = await writeSamples();
  process.stdout.write(`${written.length} sample files written:\n${written.map((p) => `  ${p}`).join('\n')}\n`);
}
