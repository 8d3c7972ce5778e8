/**
 * A digest of everything the pipeline writes for the first MiB of each bench shape, objects
 * decompressed: `npx tsx scripts/bench/output-digest.ts [MiB]`. Run it before and after a speed
 * change: the same digests mean the same output after decompression (issue 15's "no behaviour
 * change"). raw/ and quarantine/ objects count by key and decompressed body; a batch summary by
 * its JSON, wherever it was kept (a summaries/ object or a raw/ object's metadata), so moving it
 * between the two does not change the digest. Prints one line per shape: shape, objects, events,
 * summaries, sha256.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { generateShape, SHAPES } from './data/shapes.js';
import { summaryFromMetadata } from '../../shared/pipeline/summary-metadata.js';
import { MemoryStore } from './memory-store.js';
import { pipelineRun } from './throughput.js';

const mib = Number(process.argv[2] ?? 1);
for (const shape of SHAPES) {
  const store = new MemoryStore();
  await pipelineRun(generateShape(shape, Math.round(mib * 1024 * 1024)), store);
  const hash = createHash('sha256');
  let lines = 0;
  const summaries: string[] = [];
  for (const key of [...store.objects.keys()].sort()) {
    const body = store.objects.get(key)!;
    if (key.startsWith('summaries/')) {
      summaries.push(body.toString('utf8'));
      continue;
    }
    const carried = summaryFromMetadata(store.metadata.get(key));
    if (carried) summaries.push(JSON.stringify(carried));
    const text = key.endsWith('.gz') ? gunzipSync(body) : body;
    if (key.startsWith('raw/')) lines += text.toString('utf8').split('\n').length - 1;
    hash.update(`${key}\n`).update(text);
  }
  for (const summary of summaries.sort()) hash.update(`summary\n${summary}`);
  process.stdout.write(`${shape.padEnd(28)} ${String(store.objects.size).padStart(4)} objects ${String(lines).padStart(7)} events ${String(summaries.length).padStart(5)} summaries ${hash.digest('hex').slice(0, 16)}\n`);
}
