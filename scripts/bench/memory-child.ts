/**
 * One memory case in a fresh process: peak heap (sampled process.memoryUsage()) and peak RSS (the
 * kernel's high-water mark) while the pipeline processes it. Sampling happens on a 2 ms timer
 * (async phases) and, because most of the pipeline is synchronous, from wrappers around the
 * injected ports (every 128th redaction, every put): nothing inside shared/ is changed.
 *
 *   node memory-child.mjs cloudwatch <event.json>          a CloudWatch Logs invocation event
 *   node memory-child.mjs s3-stream <bytes>                gzip NDJSON streamed from a generator
 * Prints one JSON line: see MemoryRaw.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { decodeS3ObjectStream } from '../../shared/decode/index.js';
import { decodeLimits, ingest, ingestDecoded } from '../../shared/pipeline/index.js';
import type { PipelineDeps } from '../../shared/pipeline/types.js';
import type { Redactor } from '../../shared/redact/types.js';
import { appLogLines } from './data/shapes.js';
import { benchDeps } from './deps.js';
import { MemoryStore } from './memory-store.js';

export interface MemoryRaw {
  case: string;
  decompressedBytes: number;
  /** Heap and RSS after loading and reading the input, before processing. */
  idleHeap: number;
  idleRss: number;
  peakHeap: number;
  peakRss: number;
  /** Peak heap while the first quarter of the input was processed (streaming: flat means equal to peakHeap). */
  peakHeapFirstQuarter: number;
  ms: number;
  received: number;
  written: number;
  samples: number;
}

let peakHeap = 0;
let peakRss = 0;
let samples = 0;
function sample(): void {
  const m = process.memoryUsage();
  samples++;
  if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  if (m.rss > peakRss) peakRss = m.rss;
}

function sampledDeps(store: MemoryStore): PipelineDeps {
  const deps = benchDeps(store);
  const inner = deps.redactor;
  let calls = 0;
  const redactor: Redactor = {
    redactValue(value) {
      if ((++calls & 127) === 0) sample();
      return inner.redactValue(value);
    },
    redactText: (text) => inner.redactText(text),
    redactRaw: (raw) => inner.redactRaw(raw),
  };
  const put = store.put.bind(store);
  store.put = (key, body, options) => {
    sample();
    return put(key, body, options);
  };
  return { ...deps, redactor };
}

async function cloudWatchCase(file: string): Promise<Omit<MemoryRaw, 'idleHeap' | 'idleRss' | 'peakHeap' | 'peakRss' | 'samples' | 'peakHeapFirstQuarter'>> {
  // As the Lambda runtime does: the invocation's JSON text, parsed into the event.
  const event: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const { decompressedBytes } = JSON.parse(readFileSync(`${file}.meta`, 'utf8')) as { decompressedBytes: number };
  const deps = sampledDeps(new MemoryStore({ keepBodies: false }));
  resetPeaks();
  const t0 = performance.now();
  const result = await ingest({ trigger: 'cloudwatch', event }, deps);
  return { case: 'cloudwatch-6mb-batch', decompressedBytes, ms: performance.now() - t0, received: result.received, written: result.written };
}

let firstQuarterDone = false;
let peakHeapFirstQuarter = 0;

/** A gzip NDJSON object of `total` bytes, generated as it is read (the bench never holds it). */
function objectStream(total: number, onProgress: (bytes: number) => void): AsyncIterable<Uint8Array> {
  const lines = appLogLines('memory-s3-stream');
  async function* text(): AsyncGenerator<string> {
    let sent = 0;
    while (sent < total) {
      let block = '';
      while (block.length < 256 * 1024 && sent + block.length < total) block += `${lines.next().value as string}\n`;
      sent += block.length;
      onProgress(sent);
      yield block;
    }
  }
  return Readable.from(text()).pipe(createGzip({ level: 1 }));
}

async function s3StreamCase(total: number): Promise<Omit<MemoryRaw, 'idleHeap' | 'idleRss' | 'peakHeap' | 'peakRss' | 'samples' | 'peakHeapFirstQuarter'>> {
  const deps = sampledDeps(new MemoryStore({ keepBodies: false }));
  let generated = 0;
  const chunks = objectStream(total, (n) => {
    generated = n;
    if (!firstQuarterDone && n >= total / 4) {
      firstQuarterDone = true;
      peakHeapFirstQuarter = peakHeap;
    }
  });
  resetPeaks();
  let received = 0;
  let written = 0;
  const t0 = performance.now();
  const meta = { bucket: 'bench-app-logs', key: 'app/orders-api/2026/11/25/10/orders-api-large.ndjson.gz', etag: 'bench' };
  for await (const part of decodeS3ObjectStream(chunks, meta, decodeLimits(deps))) {
    const result = await ingestDecoded(part, deps);
    received += result.received;
    written += result.written;
    sample();
  }
  return { case: `s3-${Math.round(total / 1048576)}mb-object-streamed`, decompressedBytes: generated, ms: performance.now() - t0, received, written };
}

let idle = { heapUsed: 0, rss: 0 };
/** After loading and reading the input: the idle baseline, and the start of the peaks. */
function resetPeaks(): void {
  (globalThis as { gc?: () => void }).gc?.();
  idle = process.memoryUsage();
  peakHeap = 0;
  peakRss = 0;
  sample();
}

async function main(): Promise<void> {
  const [kind, arg] = process.argv.slice(2);
  const timer = setInterval(sample, 2);
  const run = kind === 'cloudwatch' ? await cloudWatchCase(arg!) : kind === 's3-stream' ? await s3StreamCase(Number(arg)) : undefined;
  clearInterval(timer);
  if (!run) throw new Error('usage: memory-child cloudwatch <file> | s3-stream <bytes>');
  sample();
  const maxRss = process.resourceUsage().maxRSS * 1024;
  const out: MemoryRaw = {
    ...run,
    idleHeap: idle.heapUsed,
    idleRss: idle.rss,
    peakHeap,
    peakRss: Math.max(peakRss, maxRss),
    peakHeapFirstQuarter: firstQuarterDone ? peakHeapFirstQuarter : peakHeap,
    samples,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`memory-child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
