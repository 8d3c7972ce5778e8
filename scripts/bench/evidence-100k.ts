/**
 * Time to build and to verify an evidence bundle of 100,000 events (issue 3).
 *
 *   npx tsx scripts/bench/evidence-100k.ts [--events 100000] [--runs 3] [--algorithm RSA-SHA256|Ed25519] [--json]
 *
 * Seeds the events through the pipeline's write path (persistEvents: redaction, validation,
 * gzipped raw/ partitions) into a local folder store under the OS temp folder, then times
 * buildEvidenceBundle over the whole window and verifyEvidenceBundle on the downloaded bundle,
 * with the peak RSS seen while each runs. The seeding is not timed. Deletes its folder after.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../shared/config/index.js';
import { buildEvidenceBundle, generateSigningKeyPem, signingKeyFromPem, verifyEvidenceBundle, type SignatureAlgorithm } from '../../shared/evidence/index.js';
import { silentLogger } from '../../shared/observability/index.js';
import { persistEvents } from '../../shared/pipeline/index.js';
import { createRuntime } from '../../shared/runtime.js';
import type { BronzeEventDraft } from '../../shared/schema/index.js';
import { LocalFolderStore } from '../../shared/store/index.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    algorithm: { type: 'string', default: 'RSA-SHA256' },
    json: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const ALGORITHM = values.algorithm as SignatureAlgorithm;
const BATCH = 5_000;
const START = Date.parse('2026-11-24T00:00:00.000Z');
/** The events spread over 10 hours: 10 hourly partitions, several objects each. */
const SPAN_MS = 10 * 3_600_000;

/** A small deterministic PRNG (mulberry32), so every run seeds the same bytes. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const ACTIONS = ['ACCEPT', 'REJECT'] as const;
const ASSETS = ['app-1', 'app-2', 'prod/payments/api', 'prod/search/web', 'i-0abc12345def67890'];

/** A VPC flow log event of about 900 bytes once stored, as the CloudWatch path produces them. */
function flowEvent(i: number): BronzeEventDraft {
  const timestamp = new Date(START + Math.floor((i / EVENTS) * SPAN_MS)).toISOString();
  const action = pick(ACTIONS);
  const src = `10.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`;
  const dstPort = pick([22, 80, 443, 3306, 5432, 8080]);
  const bytes = Math.floor(random() * 100_000);
  const eni = `eni-${hex(17)}`;
  const raw = `2 123456789012 ${eni} ${src} 172.31.16.${Math.floor(random() * 255)} ${Math.floor(random() * 65535)} ${dstPort} 6 ${Math.floor(random() * 50)} ${bytes} ${Math.floor(START / 1000)} ${Math.floor(START / 1000) + 60} ${action} OK`;
  return {
    schema_version: '1.0',
    event_id: `bench-${i.toString(36)}-${hex(12)}`,
    source: 'aws.cloudwatch',
    source_type: 'vpcflow',
    timestamp,
    ingested_at: timestamp,
    severity: action === 'REJECT' ? 'LOW' : 'INFO',
    title: `${action} tcp ${dstPort}`,
    description: `VPC flow ${action.toLowerCase()} to port ${dstPort} on ${eni}`,
    resource: { cloud: 'aws', account: '123456789012', region: 'eu-west-1', service: 'ec2', name: eni, id: eni },
    asset: pick(ASSETS),
    attributes: { action, protocol: 6, dst_port: dstPort, bytes, packets: Math.floor(random() * 50), log_status: 'OK', interface_id: eni, flow_direction: pick(['ingress', 'egress']) },
    raw_data: raw,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Peak RSS while `run` runs, sampled every 10 ms. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMiB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const started = performance.now();
  try {
    const value = await run();
    return { value, ms: performance.now() - started, peakRssMiB: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'bridge-bench-evidence-'));
try {
  const store = new LocalFolderStore({ root: join(dir, 'store') });
  const runtime = await createRuntime({ config: loadConfig({ env: {} }), store, dataDir: join(dir, 'data'), allowDevKeys: true, logger: silentLogger });
  const seedStarted = performance.now();
  let written = 0;
  for (let first = 0; first < EVENTS; first += BATCH) {
    const drafts = Array.from({ length: Math.min(BATCH, EVENTS - first) }, (_, j) => flowEvent(first + j));
    const result = await persistEvents(drafts, { source: 'aws.cloudwatch', identity: `bench-${first}` }, runtime.deps);
    if (result.written !== drafts.length) throw new Error(`seeding: ${JSON.stringify(result.quarantineReasons)}`);
    written += result.written;
  }
  const seedMs = performance.now() - seedStarted;
  if (written !== EVENTS) throw new Error(`seeded ${written} of ${EVENTS} events`);

  const signingKey = signingKeyFromPem(generateSigningKeyPem(ALGORITHM).privateKeyPem);
  const request = { since: new Date(START).toISOString(), until: new Date(START + SPAN_MS).toISOString() };
  const builds: number[] = [];
  const verifies: number[] = [];
  let buildRss = 0;
  let verifyRss = 0;
  let manifest: Awaited<ReturnType<typeof buildEvidenceBundle>>['manifest'] | undefined;
  for (let run = 0; run < RUNS; run++) {
    const built = await withPeakRss(() => buildEvidenceBundle(request, { store, signingKey, clock: Date.now, tmpDir: dir }));
    manifest = built.value.manifest;
    if (manifest.line_count !== EVENTS) throw new Error(`bundle holds ${manifest.line_count} of ${EVENTS} events`);
    builds.push(built.ms);
    buildRss = Math.max(buildRss, built.peakRssMiB);
    const keys = built.value.keys;
    const bundlePath = join(dir, keys.bundle.split('/')[1]!);
    await writeFile(bundlePath, (await store.get(keys.bundle))!.body);
    const manifestDoc = JSON.parse((await store.get(keys.manifest))!.body.toString('utf8')) as unknown;
    const signatureDoc = JSON.parse((await store.get(keys.signature))!.body.toString('utf8')) as unknown;
    const verified = await withPeakRss(() => verifyEvidenceBundle({ bundlePath, manifest: manifestDoc, signature: signatureDoc, publicKeyPem: signingKey.publicKeyPem }));
    if (!verified.value.ok) throw new Error(`bundle did not verify: ${JSON.stringify(verified.value.findings.filter((f) => !f.ok))}`);
    verifies.push(verified.ms);
    verifyRss = Math.max(verifyRss, verified.peakRssMiB);
    await rm(bundlePath);
  }
  const result = {
    events: EVENTS,
    runs: RUNS,
    algorithm: ALGORITHM,
    raw_objects: await (async () => {
      let n = 0;
      for await (const _ of store.list('raw/')) n++;
      return n;
    })(),
    bundle_bytes: manifest!.bytes,
    uncompressed_bytes: manifest!.uncompressed_bytes,
    seed_ms: Math.round(seedMs),
    build_ms: { median: Math.round(median(builds)), all: builds.map(Math.round) },
    verify_ms: { median: Math.round(median(verifies)), all: verifies.map(Math.round) },
    build_events_per_s: Math.round(EVENTS / (median(builds) / 1000)),
    verify_events_per_s: Math.round(EVENTS / (median(verifies) / 1000)),
    peak_rss_mib: { build: Math.round(buildRss), verify: Math.round(verifyRss) },
    node: process.version,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const mib = (b: number) => (b / 2 ** 20).toFixed(1);
    process.stdout.write(
      [
        `Evidence bundle of ${EVENTS} events (${result.raw_objects} raw/ objects; ${mib(result.uncompressed_bytes)} MiB JSONL, ${mib(result.bundle_bytes)} MiB gzipped), ${ALGORITHM}, ${RUNS} runs, ${process.version}`,
        `  build   median ${result.build_ms.median} ms (${result.build_ms.all.join(', ')}), ${result.build_events_per_s} events/s, peak RSS ${result.peak_rss_mib.build} MiB`,
        `  verify  median ${result.verify_ms.median} ms (${result.verify_ms.all.join(', ')}), ${result.verify_events_per_s} events/s, peak RSS ${result.peak_rss_mib.verify} MiB`,
        `  (seeding through persistEvents, not timed: ${result.seed_ms} ms)`,
      ].join('\n') + '\n',
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
