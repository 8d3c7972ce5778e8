import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../shared/config/index.js';
import { persistEvents } from '../../../../shared/pipeline/index.js';
import type { BronzeEvent } from '../../../../shared/schema/index.js';
import { createEventHubsSink, type EventHubsProducerLike } from '../../../../shared/sinks/event-hubs.js';
import { createFixOpsSink } from '../../../../shared/sinks/fixops.js';
import { createPubSubSink } from '../../../../shared/sinks/pubsub.js';
import { createSentinelSink, LOGS_INGESTION_MAX_CALL_BYTES } from '../../../../shared/sinks/sentinel.js';
import { deliverBatch, replayFailed } from '../../../../shared/sinks/index.js';
import { sampleEvent } from '../../../helpers/events.js';
import { readAll, testDeps } from '../../../helpers/pipeline.js';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;
const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const secrets = { get: async (ref: string) => (ref === 'env:FIXOPS_KEY' ? 'fx-key-123' : Promise.reject(new Error('unknown'))) };
const noSleep = { sleep: async () => {}, random: () => 0 };

function events(n: number, over: (i: number) => Partial<BronzeEvent> = () => ({})): Array<Omit<BronzeEvent, 'redactions'>> {
  return Array.from({ length: n }, (_, i) => {
    const { redactions: _r, ...e } = sampleEvent({ event_id: `e${i}`, source_type: 'vpcflow', attributes: { action: 'REJECT', 'event.type': 'denied' }, ...over(i) });
    return e;
  });
}

describe('FixOps sink', () => {
  it('POSTs the TelemetrySummary with X-API-Key, retrying a 500 and honouring a 429 Retry-After', async () => {
    const seen: Array<{ key: string | undefined; body: unknown }> = [];
    const statuses = [500, 429, 200];
    const url = await serve((req, body, res) => {
      seen.push({ key: req.headers['x-api-key'] as string | undefined, body: JSON.parse(body.toString()) });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, status === 429 ? { 'retry-after': '2' } : {}).end();
    });
    const waits: number[] = [];
    const config = loadConfig({ env: {}, overrides: { sinks: { fixops: { mode: 'http', url, api_key_secret_ref: 'env:FIXOPS_KEY' } } } });
    const sink = createFixOpsSink(config.sinks, { secrets, http: { sleep: async (ms) => void waits.push(ms), random: () => 0 } });
    const deps = testDeps();
    const result = await persistEvents(events(3), { source: 'aws.cloudwatch', identity: 'fx' }, deps);
    const report = await deliverBatch(result, [sink], deps);
    expect(report.delivered).toEqual({ fixops: 1 });
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.key === 'fx-key-123')).toBe(true);
    expect(seen[2]!.body).toMatchObject({ alerts: [{ rule: 'vpc-rejects', count: 3 }, { rule: 'firewall-denies', count: 3 }], latency_ms_p95: null });
    expect(waits).toContain(2000);
  });

  it('parks a summary in failed/ when the endpoint hangs, and replays it exactly once', async () => {
    let healthy = false;
    let delivered = 0;
    const url = await serve((_req, _body, res) => {
      if (!healthy) return; // hang: never answer
      delivered++;
      res.writeHead(202).end();
    });
    const config = loadConfig({ env: {}, overrides: { sinks: { timeout_ms: 150, max_attempts: 2, fixops: { mode: 'http', url, api_key_secret_ref: 'env:FIXOPS_KEY' } } } });
    const sink = createFixOpsSink(config.sinks, { secrets, http: noSleep });
    const deps = testDeps();
    const result = await persistEvents(events(2), { source: 'aws.cloudwatch', identity: 'hang' }, deps);
    const report = await deliverBatch(result, [sink], deps);
    expect(report.parked).toEqual({ fixops: 1 });
    const failed = await readAll(deps.store, 'failed/fixops/');
    // The day is the batch's (its summary window), never the clock: a retry rewrites the same entry.
    expect([...failed.keys()]).toEqual([`failed/fixops/dt=2026-11-24/${result.batchKey}-0.json`]);
    expect(JSON.parse([...failed.values()][0]!)).toMatchObject({ reason: expect.stringContaining('timed out'), items: [{ event_count: 2 }] });
    expect(JSON.stringify([...failed.values()])).not.toContain('fx-key-123');

    const stillDown = await replayFailed([sink], deps);
    expect(stillDown).toMatchObject({ replayed: 1, stillFailing: 1, removed: 0 });
    healthy = true;
    expect(await replayFailed([sink], deps)).toMatchObject({ replayed: 1, removed: 1 });
    expect(await replayFailed([sink], deps)).toMatchObject({ replayed: 0 });
    expect(delivered).toBe(1);
  });

  it('does not retry a 401 and names the status', async () => {
    let calls = 0;
    const url = await serve((_req, _b, res) => {
      calls++;
      res.writeHead(401).end();
    });
    const config = loadConfig({ env: {}, overrides: { sinks: { fixops: { mode: 'http', url, api_key_secret_ref: 'env:FIXOPS_KEY' } } } });
    const sink = createFixOpsSink(config.sinks, { secrets, http: noSleep });
    await expect(sink.deliver([{ schema_version: '1.0', alerts: [], latency_ms_p95: null, window: { start: '', end: '' }, source: 'aws.s3', batch_key: 'k', event_count: 0 }], { batchKey: 'k' })).rejects.toThrow('HTTP 401');
    expect(calls).toBe(1);
  });

  it('writes ops-telemetry.json in file mode', async () => {
    const deps = testDeps();
    const dir = `${(deps.store as unknown as { root: string }).root}/out`;
    const config = loadConfig({ env: {}, overrides: { sinks: { fixops: { mode: 'file', path: dir } } } });
    const result = await persistEvents(events(1), { source: 'aws.cloudwatch', identity: 'file' }, deps);
    await deliverBatch(result, [createFixOpsSink(config.sinks, { secrets })], deps);
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(`${dir}/ops-telemetry.json`, 'utf8'))).toMatchObject({ alerts: [{ rule: 'vpc-rejects', count: 1 }, { rule: 'firewall-denies', count: 1 }] });
  });
});

describe('Sentinel sink (Logs Ingestion API)', () => {
  it('sends gzip bodies of at most 1 MB (compressed and uncompressed) with a bearer token and the event time as TimeGenerated', async () => {
    const calls: Array<{ path: string; auth: string | undefined; encoding: string | undefined; raw: number; rows: Array<Record<string, unknown>> }> = [];
    let first = true;
    const endpoint = await serve((req, body, res) => {
      if (first) {
        first = false;
        res.writeHead(503).end();
        return;
      }
      const json = gunzipSync(body);
      calls.push({ path: req.url!, auth: req.headers.authorization, encoding: req.headers['content-encoding'], raw: body.length, rows: JSON.parse(json.toString()) as Array<Record<string, unknown>> });
      expect(json.length).toBeLessThanOrEqual(LOGS_INGESTION_MAX_CALL_BYTES);
      res.writeHead(204).end();
    });
    const config = loadConfig({ env: {}, overrides: { sinks: { sentinel: { enabled: true, endpoint, dcr_immutable_id: 'dcr-123', stream_name: 'Custom-Bridge_CL' } } } });
    const sink = createSentinelSink(config.sinks, { credential: { getToken: async () => ({ token: 'entra-token', expiresOnTimestamp: Date.now() + 3600_000 }) }, http: noSleep });
    const deps = testDeps();
    const big = 'x'.repeat(100 * 1024);
    const result = await persistEvents(
      events(1500, (i) => ({ timestamp: new Date(Date.parse('2026-11-20T00:00:00.000Z') + i * 1000).toISOString(), description: i === 7 ? big : `event ${i} ${'y'.repeat(600)}` })),
      { source: 'aws.cloudwatch', identity: 'sentinel' },
      deps,
    );
    const report = await deliverBatch(result, [sink], deps);
    expect(report.delivered).toEqual({ sentinel: 1500 });
    expect(calls.length).toBeGreaterThan(1);
    const rows = calls.flatMap((c) => c.rows);
    expect(rows).toHaveLength(1500);
    expect(calls.every((c) => c.path === '/dataCollectionRules/dcr-123/streams/Custom-Bridge_CL?api-version=2023-01-01')).toBe(true);
    expect(calls.every((c) => c.auth === 'Bearer entra-token' && c.encoding === 'gzip' && c.raw <= LOGS_INGESTION_MAX_CALL_BYTES)).toBe(true);
    expect(rows.find((r) => r.EventId === 'e0')!.TimeGenerated).toBe('2026-11-20T00:00:00.000Z');
    const truncated = rows.find((r) => r.EventId === 'e7')!;
    expect(String(truncated.Description).length).toBeLessThanOrEqual(64 * 1024);
    expect(truncated._lake).toEqual({ key: result.objects.find((k) => k.startsWith('raw/')), truncated_fields: ['Description'] });
    // The full record stays in the lake.
    const lake = [...(await readAll(deps.store, 'raw/')).values()].join('');
    expect(lake).toContain(big);
  });
});

describe('Event Hubs and Pub/Sub sinks', () => {
  // No Event Hubs or Pub/Sub emulator runs here: these tests drive the sinks through the SDK
  // clients' interfaces (EventHubProducerClient.createBatch/sendBatch, Topic.publishMessage).
  it('fills Event Hubs batches as the SDK sizes them and truncates an event too large for an empty batch', async () => {
    const sent: unknown[][] = [];
    const producer: EventHubsProducerLike = {
      async createBatch() {
        const items: unknown[] = [];
        let size = 0;
        const max = 4096;
        return {
          maxSizeInBytes: max,
          get count() {
            return items.length;
          },
          tryAdd(event: { body: unknown }) {
            const n = JSON.stringify(event.body).length;
            if (size + n > max) return false;
            items.push(event.body);
            size += n;
            return true;
          },
          items,
        } as never;
      },
      async sendBatch(batch) {
        sent.push((batch as unknown as { items: unknown[] }).items);
      },
    };
    const sink = createEventHubsSink(loadConfig({ env: {} }).sinks, { producer });
    const list = events(20, (i) => ({ description: i === 3 ? 'z'.repeat(10_000) : 'ok' })) as BronzeEvent[];
    await sink.deliver(list, { batchKey: 'k', lakeKey: 'raw/x.jsonl.gz' });
    const all = sent.flat() as Array<Record<string, unknown>>;
    expect(all).toHaveLength(20);
    expect(sent.length).toBeGreaterThan(1);
    expect(all.find((e) => e.event_id === 'e3')!._lake).toMatchObject({ key: 'raw/x.jsonl.gz' });
  });

  it('publishes each event to Pub/Sub with attributes', async () => {
    const published: Array<{ data: Buffer; attributes?: Record<string, string> }> = [];
    const sink = createPubSubSink(loadConfig({ env: {} }).sinks, { topic: { publishMessage: async (m) => (published.push(m), String(published.length)) } });
    await sink.deliver(events(5) as BronzeEvent[], { batchKey: 'k' });
    expect(published).toHaveLength(5);
    expect(published[0]!.attributes).toEqual({ source: 'aws.cloudwatch', source_type: 'vpcflow', event_id: 'e0' });
  });
});
