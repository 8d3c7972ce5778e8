import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyPeriod, inWindow } from '../../../scripts/cli/backfill-key-time.js';
import { progressLine } from '../../../scripts/cli/backfill-progress.js';
import type { BackfillReport } from '../../../scripts/cli/backfill-run.js';
import { runBackfill } from '../../../scripts/cli/backfill-run.js';
import { parseBackfillSource } from '../../../scripts/cli/backfill-source.js';
import { main } from '../../../scripts/cli/main.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { PersistError } from '../../../shared/errors.js';
import { failingStore, testRuntime } from '../aws-lambda/handler-runtime.js';
import { captureIo } from './capture-io.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'scripts', 'demo', 'samples', 'aws', 's3');
let dir: string;
let src: string;
let data: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-backfill-'));
  src = join(dir, 'bucket');
  data = join(dir, 'data');
  // Two buckets' worth of objects in one folder: relative paths are the keys, as S3 would list them.
  await cp(join(SAMPLES, 'demo-org-trail-123456789012'), src, { recursive: true });
  await cp(join(SAMPLES, 'demo-app-logs-123456789012'), src, { recursive: true });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function backfill(args: string[]): Promise<{ code: number; report: BackfillReport; stderr: string }> {
  const io = captureIo(dir, {});
  const code = await main(['backfill', ...args, '--data', data, '--json'], io);
  return { code, report: io.json<BackfillReport>(), stderr: io.stderr.join('\n') };
}

async function rawKeys(): Promise<string[]> {
  const out: string[] = [];
  for await (const o of new LocalFolderStore({ root: data }).list('raw/')) out.push(o.key);
  return out;
}

describe('bridge backfill FOLDER', () => {
  it('ingests every object once, with the S3 key layouts recognised, and a second run ingests nothing new', async () => {
    const first = await backfill([src]);
    expect(first.code).toBe(0);
    expect(first.report).toMatchObject({ listed: 3, ingested: 3, alreadyDone: 0, failed: [] });
    const { received, written, quarantined, filtered } = first.report.records;
    expect(received).toBe(written + quarantined + filtered);
    expect(written).toBeGreaterThan(0);
    const keys = await rawKeys();
    expect(keys.every((k) => k.startsWith('raw/source=aws.s3/'))).toBe(true);
    const types = new Set<string>();
    for (const key of keys) {
      for (const line of gunzipSync(await readFile(join(data, key))).toString('utf8').split('\n')) if (line) types.add((JSON.parse(line) as { source_type: string }).source_type);
    }
    expect(types).toContain('cloudtrail');

    const cursor = JSON.parse(await readFile(join(data, first.report.cursorKey), 'utf8')) as { watermark: string; done: string[] };
    expect(cursor.watermark).toBe('app/orders-api/2026/11/21/09/orders-api-0922-partial.ndjson.gz');
    expect(cursor.done).toEqual([]);

    const second = await backfill([src]);
    expect(second.report).toMatchObject({ listed: 3, ingested: 0, alreadyDone: 3 });
    expect(second.report.records.received).toBe(0);
    expect(await rawKeys()).toEqual(keys);
    const manifest = JSON.parse(await readFile(join(data, second.report.manifestKey), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ kind: 'backfill', status: 'ok', ingested: 0 });
  });

  it('selects by prefix and by the time in the key', async () => {
    const byPrefix = await backfill([src, '--prefix', 'AWSLogs/']);
    expect(byPrefix.report).toMatchObject({ listed: 1, ingested: 1 });
    const before = await backfill([src, '--until', '2026-11-21T09:00:00Z']);
    expect(before.report).toMatchObject({ listed: 3, outOfWindow: 3, ingested: 0 });
    const window = await backfill([src, '--since', '2026-11-21T09:20:00Z', '--until', '2026-11-21T09:21:00Z', '--concurrency', '2', '--rate', '100/s']);
    // The CloudTrail file names 09:20; the app objects' prefix names the hour 09: all overlap.
    expect(window.report).toMatchObject({ outOfWindow: 0, ingested: 3 });
    const after = await backfill([src, '--since', '2026-11-21T10:00:00Z']);
    expect(after.report).toMatchObject({ outOfWindow: 3, ingested: 0 });
  });

  it('records an object that cannot be read in the manifest, goes on, and tries it again next run', async () => {
    const t = await testRuntime(new LocalFolderStore({ root: data }));
    const source = parseBackfillSource(src, dir);
    const vanishing = 'app/orders-api/2026/11/21/09/orders-api-0922-partial.ndjson.gz';
    const saved = await readFile(join(src, vanishing));
    const lines: string[] = [];
    const report = await runBackfill({
      source,
      sourceStore: new LocalFolderStore({ root: src }),
      runtime: t.runtime,
      concurrency: 1,
      onProgress: (p) => {
        lines.push(progressLine(p));
        // Listed, then gone before it is read (a lifecycle rule, a concurrent delete).
        if (p.completed === 1) void unlink(join(src, vanishing)).catch(() => undefined);
      },
    });
    expect(report.ingested).toBe(2);
    expect(report.failed).toEqual([{ key: vanishing, reason: expect.stringContaining('not found') }]);
    const manifest = JSON.parse((await t.store.get(report.manifestKey))!.body.toString('utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ status: 'partial', failed: [{ key: vanishing }] });
    expect(lines.at(-1)).toMatch(/^\[#{28}\] 3\/3 objects .* \(1 failed\)$/);

    await writeFile(join(src, vanishing), saved);
    const retry = await runBackfill({ source, sourceStore: new LocalFolderStore({ root: src }), runtime: t.runtime, concurrency: 2 });
    expect(retry).toMatchObject({ ingested: 1, alreadyDone: 2, failed: [] });
  });

  it('stops when the lake cannot be written (events or cursor), so a later run resumes', async () => {
    const source = parseBackfillSource(src, dir);
    const lake = new LocalFolderStore({ root: data });
    const noRaw = await testRuntime(failingStore(lake, (key) => key.startsWith('raw/')));
    await expect(runBackfill({ source, sourceStore: new LocalFolderStore({ root: src }), runtime: noRaw.runtime, concurrency: 2 })).rejects.toBeInstanceOf(Error);
    const noCursor = await testRuntime(failingStore(lake, (key) => key.startsWith('state/')));
    await expect(runBackfill({ source, sourceStore: new LocalFolderStore({ root: src }), runtime: noCursor.runtime, concurrency: 2 })).rejects.toBeInstanceOf(PersistError);
    // Nothing was marked done: a healthy run takes all three.
    const healthy = await testRuntime(lake);
    expect(await runBackfill({ source, sourceStore: new LocalFolderStore({ root: src }), runtime: healthy.runtime, concurrency: 2 })).toMatchObject({ ingested: 3 });
  });

  it('refuses bad usage with exit code 2', async () => {
    const io = captureIo(dir, {});
    expect(await main(['backfill', 'ftp://x/y', '--data', data], io)).toBe(2);
    expect(await main(['backfill', src, '--concurrency', '0', '--data', data], io)).toBe(2);
    expect(await main(['backfill', src, '--enqueue', 'http://127.0.0.1:1/q', '--data', data], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('s3://');
  });
});

describe('key time', () => {
  it.each([
    ['AWSLogs/1/CloudTrail/eu-west-1/2026/11/21/1_CloudTrail_eu-west-1_20261121T0920Z_x.json.gz', '2026-11-21T09:20:00.000Z', 60_000],
    ['AWSLogs/1/vpcflowlogs/eu-west-1/2026/11/21/file.log.gz', '2026-11-21T00:00:00.000Z', 86_400_000],
    ['app/orders/2026/11/21/09/x.ndjson', '2026-11-21T09:00:00.000Z', 3_600_000],
    ['resourceId=/X/y=2026/m=11/d=21/h=09/m=00/PT1H.json', '2026-11-21T09:00:00.000Z', 3_600_000],
    ['raw/source=aws.s3/dt=2026-11-21/hour=09/k.jsonl.gz', '2026-11-21T09:00:00.000Z', 3_600_000],
    ['exports/2026-11-21.json', '2026-11-21T00:00:00.000Z', 86_400_000],
  ])('reads %s', (key, start, span) => {
    expect(keyPeriod(key)).toEqual({ start: Date.parse(start), spanMs: span });
  });

  it('falls back to last-modified, and keeps keys with no time at all', () => {
    expect(keyPeriod('misc/file.json')).toBeUndefined();
    expect(inWindow('misc/file.json', new Date('2026-01-01T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z'), undefined)).toBe(false);
    expect(inWindow('misc/file.json', undefined, Date.parse('2026-02-01T00:00:00Z'), undefined)).toBe(true);
  });
});
