/**
 * Query and detection figures (issue 14).
 *
 *   npx tsx scripts/bench/query-detect.ts [--events 100000] [--runs 3] [--mib 16] [--json]
 *
 * 1. A group-by over N events in a local lake: `bridge query`'s DuckDB session (views opened and
 *    the query run) against a Node gunzip + JSON.parse scan of the same objects, in the same run.
 * 2. The pipeline's MiB/s on a CloudTrail S3 object with the starter pack of Sigma rules (and one
 *    threat-intel list) on vs off. Seeding is not timed. Deletes its temp folder after.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../shared/config/index.js';
import { createDetector, loadRules, ThreatIntel, parseIndicators } from '../../shared/detect/index.js';
import { silentLogger } from '../../shared/observability/index.js';
import { ingest, persistEvents } from '../../shared/pipeline/index.js';
import type { PipelineDeps } from '../../shared/pipeline/types.js';
import { LakeSession, stageLake } from '../../shared/query/index.js';
import { createRedactor, policyFromConfig } from '../../shared/redact/index.js';
import { defaultRegistry, type BronzeEventDraft } from '../../shared/schema/index.js';
import { LocalFolderStore } from '../../shared/store/index.js';
import { Prng } from './prng.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, mib: { type: 'string', default: '16' }, json: { type: 'boolean', default: false } } });
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const MIB = 1024 * 1024;
const START = Date.parse('2026-11-24T00:00:00.000Z');
const rng = new Prng(14);
/** Types without a typed attribute schema, so every seeded event is written. */
const TYPES = ['app_log', 'proxy', 'dns_query', 'batch_job', 'queue'] as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function draft(i: number): BronzeEventDraft {
  const sourceType = rng.pick(TYPES);
  return {
    schema_version: '1.0',
    event_id: `bench-${i}`,
    source: 'aws.cloudwatch',
    source_type: sourceType,
    timestamp: new Date(START + Math.floor((i / EVENTS) * 10 * 3_600_000)).toISOString(),
    ingested_at: new Date(START + 11 * 3_600_000).toISOString(),
    severity: rng.pick(['INFO', 'LOW', 'MEDIUM'] as const),
    title: `${sourceType} event ${i}`,
    asset: `prod/app-${rng.int(1, 20)}`,
    attributes: { action: rng.pick(['ACCEPT', 'REJECT']), dst_port: rng.int(1, 65535), bytes: rng.int(40, 90_000), note: 'x'.repeat(rng.int(300, 700)) },
    raw_data: { id: i, message: 'y'.repeat(rng.int(100, 300)) },
  };
}

function cloudTrailObject(bytes: number): Buffer {
  const records: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const r = {
      eventVersion: '1.09',
      eventTime: new Date(START + i * 1000).toISOString().replace('.000Z', 'Z'),
      eventSource: rng.pick(['iam.amazonaws.com', 'cloudtrail.amazonaws.com', 'signin.amazonaws.com', 's3.amazonaws.com']),
      eventName: rng.pick(['GetObject', 'PutObject', 'CreateAccessKey', 'ConsoleLogin', 'StopLogging', 'ListBuckets']),
      awsRegion: 'eu-west-1',
      sourceIPAddress: `198.51.100.${rng.int(1, 254)}`,
      userAgent: 'aws-cli/2.15.0 Python/3.11',
      userIdentity: { type: rng.chance(0.01) ? 'Root' : 'IAMUser', userName: `user-${rng.int(1, 50)}`, arn: 'arn:aws:iam::111122223333:user/x', accountId: '111122223333' },
      requestParameters: { userName: `user-${rng.int(1, 50)}`, bucketName: 'bench-bucket' },
      eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      eventType: 'AwsApiCall',
      recipientAccountId: '111122223333',
    };
    size += JSON.stringify(r).length + 1;
    records.push(r);
  }
  return Buffer.from(JSON.stringify({ Records: records }));
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bridge-bench-query-'));
  try {
    const config = loadConfig({ env: {} });
    const redactor = createRedactor(policyFromConfig(config.redaction), 'bench-key-'.repeat(4));
    const store = new LocalFolderStore({ root: dir });
    const deps: PipelineDeps = { store, redactor, config, registry: defaultRegistry(), logger: silentLogger, clock: () => START + 12 * 3_600_000 };
    let written = 0;
    for (let from = 0; from < EVENTS; from += 5_000) {
      const drafts = Array.from({ length: Math.min(5_000, EVENTS - from) }, (_, j) => draft(from + j));
      written += (await persistEvents(drafts, { source: 'aws.cloudwatch', identity: `bench-${from}` }, deps)).written;
    }
    const staged = await stageLake(store, {}, { localRoot: dir, views: ['events'] });
    const gzBytes = staged.bytes;
    const sql = 'select source_type, count(*) as n from events group by 1 order by 2 desc';
    const duck: number[] = [];
    const scan: number[] = [];
    let rss = 0;
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      const session = await LakeSession.open(staged);
      const result = await session.query(sql, 100);
      session.close();
      duck.push(performance.now() - t);
      rss = Math.max(rss, process.memoryUsage().rss);
      if (result.rows.reduce((n, row) => n + Number(row[1]), 0) !== written) throw new Error('DuckDB count mismatch');
      t = performance.now();
      const counts = new Map<string, number>();
      for (const file of staged.files.events) {
        for (const line of gunzipSync(await readFile(file)).toString('utf8').split('\n')) {
          if (line === '') continue;
          const e = JSON.parse(line) as { source_type: string };
          counts.set(e.source_type, (counts.get(e.source_type) ?? 0) + 1);
        }
      }
      scan.push(performance.now() - t);
      if ([...counts.values()].reduce((a, b) => a + b, 0) !== written) throw new Error('scan count mismatch');
    }

    const pack = await loadRules([fileURLToPath(new URL('../../detections/', import.meta.url))]);
    const intel = new ThreatIntel([{ name: 'bench', severity: 'HIGH', indicators: parseIndicators('203.0.113.0/24\nevil.example\n198.51.100.250\n').indicators }], START);
    const body = cloudTrailObject(Number(values.mib) * MIB);
    const on: number[] = [];
    const off: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      for (const [withRules, into] of [[false, off], [true, on]] as const) {
        const run = { ...deps, ...(withRules ? { detector: createDetector(pack, redactor, intel) } : {}) };
        const t = performance.now();
        await ingest({ trigger: 's3', bucket: 'bench', key: `AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/24/r${r}-${withRules}.json`, body }, run);
        into.push(body.length / MIB / ((performance.now() - t) / 1000));
      }
    }
    const figures = {
      events: written,
      lake_gzip_mib: +(gzBytes / MIB).toFixed(1),
      duckdb_group_by_ms: +median(duck).toFixed(0),
      node_gunzip_json_scan_ms: +median(scan).toFixed(0),
      duckdb_speedup: +(median(scan) / median(duck)).toFixed(2),
      peak_rss_mib: +(rss / MIB).toFixed(0),
      pipeline_mib: +(body.length / MIB).toFixed(1),
      rules: pack.detections.length,
      pipeline_mib_per_s_rules_off: +median(off).toFixed(1),
      pipeline_mib_per_s_rules_on: +median(on).toFixed(1),
      rules_cost_pct: +((1 - median(on) / median(off)) * 100).toFixed(1),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    else {
      process.stdout.write(`query over ${written} events (${figures.lake_gzip_mib} MiB gzipped): DuckDB ${figures.duckdb_group_by_ms} ms vs Node gunzip+JSON.parse ${figures.node_gunzip_json_scan_ms} ms (×${figures.duckdb_speedup}), peak RSS ${figures.peak_rss_mib} MiB\n`);
      process.stdout.write(`pipeline on a ${figures.pipeline_mib} MiB CloudTrail object: ${figures.pipeline_mib_per_s_rules_off} MiB/s without rules, ${figures.pipeline_mib_per_s_rules_on} MiB/s with the starter pack (${figures.rules} rules) + threat intel (${figures.rules_cost_pct}% slower)\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
