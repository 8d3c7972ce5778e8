/**
 * A digest of everything the pipeline writes for the first MiB of each bench shape, objects
 * decompressed: `npx tsx scripts/bench/output-digest.ts [MiB]`. Run it before and after a speed
 * change: the same digests mean the same output after decompression (issue 15's "no behaviour
 * change"). Prints one line per shape: shape, objects, events, sha256.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { generateShape, SHAPES } from './data/shapes.js';
import { MemoryStore } from './memory-store.js';
import { pipelineRun } from './throughput.js';

const mib = Number(process.argv[2] ?? 1);
for (const shape of SHAPES) {
  const store = new MemoryStore();
  await pipelineRun(generateShape(shape, Math.round(mib * 1024 * 1024)), store);
  const hash = createHash('sha256');
  let lines = 0;
  for (const key of [...store.objects.keys()].sort()) {
    const body = store.objects.get(key)!;
    const text = key.endsWith('.gz') ? gunzipSync(body) : body;
    if (key.startsWith('raw/')) lines += text.toString('utf8').split('\n').length - 1;
    hash.update(`${key}\n`).update(text);
  }
  process.stdout.write(`${shape.padEnd(28)} ${String(store.objects.size).padStart(4)} objects ${String(lines).padStart(7)} events ${hash.digest('hex').slice(0, 16)}\n`);
}
