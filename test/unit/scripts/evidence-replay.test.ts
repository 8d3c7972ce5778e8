/** `bridge replay`: re-delivers failed/ through the enabled sinks (here FixOps, file mode and HTTP on loopback). */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import type { TelemetrySummary } from '../../../shared/schema/index.js';
import { failedKey, type FailedDelivery } from '../../../shared/sinks/index.js';
import { LocalFolderStore } from '../../../shared/store/index.js';
import { captureIo } from './capture-io.js';

let dir: string;
let store: LocalFolderStore;
let server: Server | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-replay-cli-'));
  store = new LocalFolderStore({ root: join(dir, 'data') });
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

function summary(batchKey: string): TelemetrySummary {
  return { schema_version: '1.0', alerts: [{ rule: 'vpc-rejects', count: 2 }], latency_ms_p95: null, window: { start: '2026-11-25T11:00:00.000Z', end: '2026-11-25T11:05:00.000Z' }, source: 'aws.cloudwatch', batch_key: batchKey, event_count: 2 };
}

async function park(sink: string, batchKey: string): Promise<string> {
  const entry: FailedDelivery = {
    schema_version: '1.0',
    sink,
    kind: 'summary',
    batch_key: batchKey,
    reason: 'fixops: HTTP 503',
    attempts: 1,
    first_failed_at: '2026-11-25T11:06:00.000Z',
    last_failed_at: '2026-11-25T11:06:00.000Z',
    items: [summary(batchKey)],
  };
  const key = failedKey(sink, entry.first_failed_at, batchKey, 0);
  await store.put(key, JSON.stringify(entry));
  return key;
}

async function failedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list('failed/')) keys.push(info.key);
  return keys;
}

/** A FixOps endpoint on loopback answering with the given statuses in turn (then 200), recording each request. */
async function fixops(statuses: number[]): Promise<{ url: string; seen: Array<{ apiKey: string | undefined; batchKey: string }> }> {
  const seen: Array<{ apiKey: string | undefined; batchKey: string }> = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ apiKey: req.headers['x-api-key'] as string | undefined, batchKey: (JSON.parse(Buffer.concat(chunks).toString()) as TelemetrySummary).batch_key });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/telemetry`, seen };
}

describe('bridge replay', () => {
  it('re-delivers through FixOps in file mode (the default) and removes the entries it delivered', async () => {
    await park('fixops', 'batch-a');
    await park('fixops', 'batch-b');
    const io = captureIo(dir);
    expect(await main(['replay', '--data', 'data'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^Replayed 2 failed deliveries through fixops from file:\/\/.*\n {2}delivered, removed {10}2\n {2}failed again, kept {10}0\n {2}skipped \(sink not enabled\) {2}0$/m);
    expect(await failedKeys()).toEqual([]);
    const latest = JSON.parse(readFileSync(join(dir, 'data', 'sinks', 'fixops', 'ops-telemetry.json'), 'utf8')) as TelemetrySummary;
    expect(latest.batch_key).toBe('batch-b');
  });

  it('keeps an entry that fails again (exit 1), and delivers it exactly once when the endpoint is back', async () => {
    const key = await park('fixops', 'batch-c');
    const { url, seen } = await fixops([503]);
    await writeFile(join(dir, 'fixops.key'), 'fx-key-123\n');
    const env = {
      BRIDGE__SINKS__FIXOPS__MODE: 'http',
      BRIDGE__SINKS__FIXOPS__URL: url,
      BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF: `file:${join(dir, 'fixops.key')}`,
      BRIDGE__SINKS__MAX_ATTEMPTS: '1',
    };
    const down = captureIo(dir, env);
    expect(await main(['replay', '--sink', 'fixops', '--data', 'data', '--json'], down)).toBe(1);
    expect(down.json()).toMatchObject({ replayed: 1, removed: 0, stillFailing: 1, skipped: 0, sinks: ['fixops'] });
    const kept = JSON.parse((await store.get(key))!.body.toString()) as FailedDelivery;
    expect(kept).toMatchObject({ attempts: 2, reason: 'fixops: HTTP 503', first_failed_at: '2026-11-25T11:06:00.000Z' });

    const up = captureIo(dir, env);
    expect(await main(['replay', '--data', 'data'], up)).toBe(0);
    expect(await failedKeys()).toEqual([]);
    expect(seen).toEqual([
      { apiKey: 'fx-key-123', batchKey: 'batch-c' },
      { apiKey: 'fx-key-123', batchKey: 'batch-c' },
    ]);
    expect(await main(['replay', '--data', 'data'], captureIo(dir, env))).toBe(0);
    expect(seen).toHaveLength(2);
    expect([...up.stdout, ...up.stderr].join('\n')).not.toContain('fx-key-123');
  });

  it('leaves the entries of a sink that is not enabled, counting them as skipped', async () => {
    const key = await park('sentinel', 'batch-d');
    const io = captureIo(dir);
    expect(await main(['replay', '--data', 'data'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/skipped \(sink not enabled\) {2}1$/m);
    expect(await failedKeys()).toEqual([key]);
  });

  it('says so when there is nothing to replay', async () => {
    const io = captureIo(dir);
    expect(await main(['replay', '--data', 'data'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^Nothing to replay: no entries under failed\/ in file:\/\//);
    expect(existsSync(join(dir, 'data', 'sinks'))).toBe(false);
  });

  it.each<[string, string[], RegExp]>([
    ['a sink that is not enabled', ['--sink', 'sentinel'], /^bridge: replay: sink sentinel is not enabled \(enabled: fixops\); enable it under sinks\.sentinel/],
    ['a sink name that is not one', ['--sink', '../raw'], /^bridge: replay: --sink "\.\.\/raw" is not a sink name/],
  ])('is 2 for %s', async (_what, args, message) => {
    const io = captureIo(dir);
    expect(await main(['replay', ...args, '--data', 'data'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
  });
});
