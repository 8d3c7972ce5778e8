import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildAll, CLOUD_SDKS, type BundleReport } from '../build.js';
import { REQUIRE_BANNER } from './bundle.js';
import { runNodeJson } from './child.js';
import { appLogLines, cloudWatchDelivery, cloudWatchEvents, generateShape } from './data/shapes.js';
import { summarize, type Summary } from './stats.js';

export interface ColdStartRaw {
  handler: string;
  bundleBytes: number;
  entryBytes: number;
  importMs: Summary;
  refImportMs: Summary;
  /** Fresh process: import, then the first invocation on a small batch (and a second, warm one). */
  firstInvokeMs?: Summary;
  secondInvokeMs?: Summary;
  invokeNote?: string;
}

export interface ColdStartOptions {
  /** Working folder under the repo (bench/tmp): bundles resolve node_modules from there. */
  dir: string;
  childScript: string;
  importRuns: number;
  invokeRuns: number;
  log: (line: string) => void;
}

const HERE = import.meta.dirname;

/** The reference: a handler importing only @aws-sdk/client-s3, built like the AWS bundles. */
async function buildReference(outdir: string): Promise<{ entry: string; bytes: number }> {
  const result = await build({
    entryPoints: { index: join(HERE, 'entries', 'ref-s3-handler.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    treeShaking: true,
    metafile: true,
    legalComments: 'none',
    outExtension: { '.js': '.mjs' },
    banner: { js: REQUIRE_BANNER },
    logLevel: 'silent',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { entry: join(outdir, 'index.mjs'), bytes };
}

/** The Event Hubs handler as a callable bundle, with the Function App's build settings. */
async function buildAzureInvokable(outdir: string): Promise<string> {
  await build({
    entryPoints: { index: join(HERE, 'entries', 'azure-event-hub.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: REQUIRE_BANNER },
    external: [...CLOUD_SDKS.aws, ...CLOUD_SDKS.gcp, '@azure/functions-core', 'pg-native', 'cpu-features', 'ssh2'],
    logLevel: 'silent',
  });
  return join(outdir, 'index.mjs');
}

/** A loopback stand-in for S3 GetObject (path-style), so the s3-objects handler's first call does real SDK work. */
function fakeS3(objects: Map<string, Buffer>): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    const body = objects.get(decodeURIComponent((req.url ?? '').split('?')[0]!));
    if (req.method !== 'GET' || !body) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length, etag: '"bench0etag"', 'last-modified': new Date(0).toUTCString() }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

interface InvokeTarget {
  handler: string;
  kind: 'aws' | 'azure' | 'gcp';
  url: string;
  payload: unknown;
  env?: Record<string, string>;
}

function smallPayloads(s3Endpoint: string): Record<string, Omit<InvokeTarget, 'url' | 'handler'>> {
  const { events } = cloudWatchEvents('cloudtrail', 50 * 1024, 'cold-start');
  const hub = generateShape('eventhub-azure-diagnostics', 40 * 1024);
  const pubsub = generateShape('pubsub-logentry', 1);
  return {
    'aws/cloudwatch-logs': { kind: 'aws', payload: { event: cloudWatchDelivery('aws-cloudtrail-logs-123456789012-prod', 'cold', events) } },
    'aws/s3-objects': {
      kind: 'aws',
      payload: { event: { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: '2026-11-25T10:05:00.000Z', s3: { bucket: { name: 'bench-app-logs' }, object: { key: 'app/small.ndjson.gz', size: 1, eTag: 'bench0etag' } } }] } },
      env: {
        BRIDGE__STORE__ENDPOINT: s3Endpoint,
        BRIDGE__STORE__REGION: 'us-east-1',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    },
    'aws/schedule': { kind: 'aws', payload: { event: { time: '2026-11-25T12:00:00Z', source: 'aws.events', 'detail-type': 'Scheduled Event' } } },
    'azure/function-app': { kind: 'azure', payload: hub.deliveries[0]! },
    'gcp/functions': { kind: 'gcp', payload: pubsub.deliveries[0]! },
  };
}

function smallObject(): Buffer {
  const lines = appLogLines('cold-start-s3');
  return gzipSync(`${Array.from({ length: 200 }, () => lines.next().value as string).join('\n')}\n`);
}

/** The child's own failure line and the handler's logged error (name and message only). */
function failureSummary(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const logged = [...text.matchAll(/"error":\{"name":"([^"]+)","message":"([^"]+)"/g)].pop();
  const own = /cold-child failed: ([^\n]+)/.exec(text)?.[1];
  return [own, logged ? `(logged ${logged[1]}: ${logged[2]})` : undefined].filter(Boolean).join(' ').slice(0, 300) || text.slice(-300);
}

/** Builds every handler bundle and the reference, then times imports and first invocations in fresh processes. */
export async function measureColdStart(options: ColdStartOptions): Promise<{ results: ColdStartRaw[]; reports: BundleReport[]; refBytes: number }> {
  const { dir, childScript, log } = options;
  const dist = join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  const reports = await buildAll(dist);
  const ref = await buildReference(join(dir, 'ref'));
  const azureInvokable = await buildAzureInvokable(join(dir, 'azure-invoke'));
  log(`  built ${reports.length} handler bundles + reference (${(ref.bytes / 1024).toFixed(0)} KB)`);

  const targets = reports.map((r) => ({ handler: `${r.cloud}/${r.name}`, report: r, url: pathToFileURL(r.entry).href }));
  const refUrl = pathToFileURL(ref.entry).href;
  const importTimes = new Map<string, number[]>([['ref', []], ...targets.map((t) => [t.handler, []] as [string, number[]])]);
  // Round-robin, so slow drift of the machine hits every bundle alike.
  for (let i = 0; i < options.importRuns; i++) {
    for (const [name, url] of [['ref', refUrl], ...targets.map((t) => [t.handler, t.url])] as Array<[string, string]>) {
      const { importMs } = await runNodeJson<{ importMs: number }>(childScript, ['import', url]);
      importTimes.get(name)!.push(importMs);
    }
  }
  const refImportMs = summarize(importTimes.get('ref')!);

  const objects = new Map([['/bench-app-logs/app/small.ndjson.gz', smallObject()]]);
  const { server, endpoint } = await fakeS3(objects);
  const payloads = smallPayloads(endpoint);
  const results: ColdStartRaw[] = [];
  try {
    for (const t of targets) {
      const raw: ColdStartRaw = { handler: t.handler, bundleBytes: t.report.totalBytes, entryBytes: t.report.entryBytes, importMs: summarize(importTimes.get(t.handler)!), refImportMs };
      const spec = payloads[t.handler];
      if (spec) {
        const url = t.handler === 'azure/function-app' ? pathToFileURL(azureInvokable).href : t.url;
        const payloadFile = join(dir, `invoke-${t.handler.replace('/', '-')}.json`);
        writeFileSync(payloadFile, JSON.stringify(spec.payload));
        const first: number[] = [];
        const second: number[] = [];
        try {
          for (let i = 0; i < options.invokeRuns; i++) {
            const dataDir = join(dir, 'invoke-data', `${t.handler.replace('/', '-')}-${i}`);
            rmSync(dataDir, { recursive: true, force: true });
            const env = { BRIDGE_DATA_DIR: dataDir, BRIDGE_ALLOW_DEV_KEYS: '1', BRIDGE_CONFIG: '', ...spec.env };
            const r = await runNodeJson<{ firstMs: number; secondMs: number }>(childScript, ['invoke', spec.kind, url, payloadFile], { env });
            first.push(r.firstMs);
            second.push(r.secondMs);
          }
          raw.firstInvokeMs = summarize(first);
          raw.secondInvokeMs = summarize(second);
          if (t.handler === 'azure/function-app') raw.invokeNote = 'Event Hubs handler bundled alone with the Function App build settings';
        } catch (err) {
          raw.invokeNote = `first invocation failed: ${failureSummary(err)}`;
        }
      } else {
        raw.invokeNote = 'HTTP handler (no batch to invoke it with)';
      }
      results.push(raw);
    }
  } finally {
    server.close();
  }
  return { results, reports, refBytes: ref.bytes };
}
