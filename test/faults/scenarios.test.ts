/**
 * The eight failures the fault probe found (issue 11, "Why"), one test each; each failed before
 * the delivery changes and passes after them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { Context, S3Event } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeCloudWatchLogsHandler } from '../../aws-lambda/cloudwatch-logs.js';
import { makeS3ObjectsHandler } from '../../aws-lambda/s3-objects.js';
import { loadConfig } from '../../shared/config/index.js';
import { PersistError } from '../../shared/errors.js';
import { persistEvents } from '../../shared/pipeline/index.js';
import type { ObjectStore } from '../../shared/ports.js';
import type { BronzeEvent } from '../../shared/schema/index.js';
import { deliverBatch, replayFailed } from '../../shared/sinks/index.js';
import { createFixOpsSink } from '../../shared/sinks/fixops.js';
import { createSentinelSink } from '../../shared/sinks/sentinel.js';
import type { Sink } from '../../shared/sinks/types.js';
import { sampleEvent } from '../helpers/events.js';
import { testDeps } from '../helpers/pipeline.js';
import { accessLogLine, cloudWatchLogsEvent, dataMessage, s3Event, s3Record } from '../unit/aws-lambda/lambda-events.js';
import { startHttpSinks } from './support/loopback-sinks.js';
import { buildWorld, keysUnder, linesUnder, type World } from './support/world.js';

const http = await startHttpSinks();
const worlds: World[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) w.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});
afterAll(() => http.close());

async function world(sinks: Parameters<typeof buildWorld>[1]): Promise<World> {
  const w = await buildWorld(http, sinks);
  worlds.push(w);
  return w;
}

/** Fails the puts whose key matches, `times` times; with `landed`, after the object was written (the answer is lost, not the write). */
function failingPuts(inner: ObjectStore, matches: (key: string) => boolean, times = 1, landed = false): ObjectStore {
  let left = times;
  const fail = (k: string) => Promise.reject(new PersistError(`injected: cannot write ${k}`));
  return {
    ...inner,
    location: inner.location,
    list: (p) => inner.list(p),
    get: (k) => inner.get(k),
    getStream: (k) => inner.getStream(k),
    delete: (k) => inner.delete(k),
    put: (k, b, o) => (matches(k) && left-- > 0 ? (landed ? inner.put(k, b, o).then(() => fail(k)) : fail(k)) : inner.put(k, b, o)),
  };
}

const noTime = (i: number): string => JSON.stringify({ level: 'info', message: `request ${i} served`, request: `r-${i}` });

describe('the eight delivery failures of the fault probe', () => {
  it('1. an S3 line without a time of its own keeps its keys across an hour boundary (event time, else last-modified)', async () => {
    for (const eventTime of [true, false]) {
      const w = await world([]);
      await w.sourceDirect.put('app/no-time.ndjson', Array.from({ length: 100 }, (_, i) => noTime(i)).join('\n'));
      const record = s3Record('app-logs', 'app/no-time.ndjson');
      if (!eventTime) delete (record as { eventTime?: string }).eventTime;
      // First attempt at 10:59:30 fails after the raw object landed (its answer is lost; the summary rides in its metadata, so there is no later write to fail).
      w.runtime.deps.store = failingPuts(w.lake, (k) => k.startsWith('raw/'), 1, true);
      const handler = makeS3ObjectsHandler(async () => w.runtime, { sourceStore: async () => w.source });
      await expect(handler(s3Event([record]), w.lambdaContext() as unknown as Context)).rejects.toThrow();
      w.storeFaults.advanceClock(2 * 60_000); // the retry runs at 11:01:30
      await handler(s3Event([record]), w.lambdaContext() as unknown as Context);
      const raw = await linesUnder(w.lakeDirect, 'raw/');
      expect(raw).toHaveLength(100);
      expect(new Set(raw.map((e) => e.event_id)).size).toBe(100);
      expect((raw[0]!.attributes as Record<string, unknown>).time_source ?? 'transport').not.toBe('ingested');
    }
  });

  it('2. a streamed S3 object reaches the sinks once, after every part is persisted, even when part 3 fails to write', async () => {
    const w = await world(['fixops', 'sentinel']);
    await w.sourceDirect.put('app/big.ndjson', Array.from({ length: 6 }, (_, i) => JSON.stringify({ time: `2026-11-25T10:0${i}:00Z`, message: `line ${i}` })).join('\n'));
    let rawPuts = 0;
    w.runtime.deps.store = failingPuts(w.lake, (k) => k.startsWith('raw/') && ++rawPuts === 3);
    const handler = makeS3ObjectsHandler(async () => w.runtime, { sourceStore: async () => w.source, partRecords: 2 });
    const event: S3Event = s3Event([s3Record('app-logs', 'app/big.ndjson')]);
    await expect(handler(event, w.lambdaContext() as unknown as Context)).rejects.toThrow();
    expect(w.far.sentinel.arrivals + w.far.fixops.arrivals, 'nothing delivered before the whole object is persisted').toBe(0);
    await handler(event, w.lambdaContext() as unknown as Context);
    expect(w.far.sentinel.arrivals).toBe(w.far.sentinel.byKey.size);
    expect(w.far.sentinel.ids().sort()).toEqual((await linesUnder(w.lakeDirect, 'raw/')).map((e) => String(e.event_id)).sort());
    expect(w.far.fixops.arrivals, 'one summary per part, each sent once').toBe(3);
  });

  it('3. Sentinel parks only the body the service did not accept, and the replay re-sends only that one', async () => {
    const arrivals: string[][] = [];
    let reject = true;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rows = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as Array<{ EventId: string }>;
        const second = rows.some((r) => r.EventId === 'big-5');
        if (second && reject) return void res.writeHead(503).end();
        arrivals.push(rows.map((r) => r.EventId));
        res.writeHead(204).end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({ env: {}, overrides: { sinks: { max_attempts: 2, sentinel: { enabled: true, endpoint: url, dcr_immutable_id: 'dcr-1', max_concurrency: 1 } } } });
    const sink = createSentinelSink(config.sinks, { credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }, http: { sleep: async () => undefined } });
    const deps = testDeps();
    // Eight events of ~180 KB each (three fields just under the 64 KB column limit): two bodies under 1 MB.
    const big = (i: number): Omit<BronzeEvent, 'redactions'> => {
      const { redactions: _r, ...e } = sampleEvent({ event_id: `big-${i}`, description: 'd'.repeat(60_000), raw_data: 'r'.repeat(60_000), attributes: { note: 'a'.repeat(60_000) } });
      return e;
    };
    const result = await persistEvents(Array.from({ length: 8 }, (_, i) => big(i)), { source: 'aws.cloudwatch', identity: 'two-bodies' }, deps);
    expect(result.written).toBe(8);
    const report = await deliverBatch(result, [sink], deps);
    const first = arrivals.flat();
    expect(first.length).toBeGreaterThan(0);
    expect(report.parked.sentinel).toBe(8 - first.length);
    reject = false;
    expect(await replayFailed([sink], deps)).toMatchObject({ removed: 1, stillFailing: 0 });
    const all = arrivals.flat().sort();
    expect(all).toEqual(Array.from({ length: 8 }, (_, i) => `big-${i}`).sort());
  });

  it('4. two overlapping replays deliver each parked entry once (the lease), and delete only what was delivered', async () => {
    const deps = testDeps();
    const delivered: string[] = [];
    const sink: Sink = { name: 'fixops', kind: 'summary', deliver: async (items) => void delivered.push(...items.map((i) => (i as { batch_key: string }).batch_key)) };
    for (let i = 0; i < 30; i++) {
      const entry = { schema_version: '1.0', sink: 'fixops', kind: 'summary', batch_key: `b${i}`, reason: 'down', attempts: 1, first_failed_at: 'x', last_failed_at: 'x', items: [{ batch_key: `b${i}` }] };
      await deps.store.put(`failed/fixops/dt=2026-11-25/b${i}-0.json`, JSON.stringify(entry));
    }
    const [a, b] = await Promise.all([replayFailed([sink], deps), replayFailed([sink], deps)]);
    expect(delivered.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `b${i}`).sort());
    expect(a.removed + b.removed).toBe(30);
    expect([a.leaseBusy, b.leaseBusy].filter(Boolean)).toHaveLength(1);
    expect(await keysUnder(deps.store, 'failed/')).toEqual([]);
  });

  it('5. a sink answering 429 Retry-After: 59 inside a 60 s Lambda gives up in time and parks, instead of being killed', async () => {
    const w = await world(['sentinel']);
    w.sinkFaults.outage = 'throttle';
    const context = w.lambdaContext();
    const result = await makeCloudWatchLogsHandler(async () => w.runtime)(cloudWatchLogsEvent(dataMessage([accessLogLine(1), accessLogLine(2)])), context as unknown as Context);
    expect(result.written).toBe(2);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(await keysUnder(w.lakeDirect, 'failed/sentinel/')).toHaveLength(1);
    w.heal();
    await w.drainFailed();
    expect(w.far.sentinel.ids()).toHaveLength(2);
  });

  it('6. a raw/ read-back failure parks the delivery in failed/ (the invocation succeeds), and the replay delivers it', async () => {
    const w = await world(['sentinel']);
    const noRead: ObjectStore = { ...w.lake, location: w.lake.location, put: (k, b, o) => w.lake.put(k, b, o), get: (k) => w.lake.get(k), list: (p) => w.lake.list(p), delete: (k) => w.lake.delete(k), getStream: (k) => (k.startsWith('raw/') ? Promise.reject(new Error('AccessDenied: s3:GetObject on raw/')) : w.lake.getStream(k)) };
    w.runtime.deps.store = noRead;
    const runtime = { ...w.runtime, store: noRead };
    const result = await makeCloudWatchLogsHandler(async () => runtime)(cloudWatchLogsEvent(dataMessage([accessLogLine(1), accessLogLine(2), accessLogLine(3)])), w.lambdaContext() as unknown as Context);
    expect(result.written).toBe(3);
    const parked = await keysUnder(w.lakeDirect, 'failed/sentinel/');
    expect(parked).toHaveLength(1);
    expect(JSON.parse((await w.lakeDirect.get(parked[0]!))!.body.toString())).toMatchObject({ read_back: { skip: 0 }, reason: expect.stringContaining('read-back failed') });
    await w.drainFailed();
    expect(w.far.sentinel.ids()).toHaveLength(3);
  });

  it('7. a poison entry moves to failed/_poison/ with its reason, is counted, and the replay goes on', async () => {
    const w = await world(['fixops']);
    await w.lakeDirect.put('failed/fixops/dt=2026-11-25/garbage-0.json', '{"truncated": ');
    await w.lakeDirect.put('failed/fixops/dt=2026-11-25/other-0.json', JSON.stringify({ schema_version: '1.0', sink: 'fixops' }));
    const good = { schema_version: '1.0', sink: 'fixops', kind: 'summary', batch_key: 'ok', reason: 'down', attempts: 1, first_failed_at: 'x', last_failed_at: 'x', request_key: 'ok.0', items: [{ batch_key: 'ok' }] };
    await w.lakeDirect.put('failed/fixops/dt=2026-11-25/ok-0.json', JSON.stringify(good));
    const report = await replayFailed(w.runtime.sinks, w.runtime);
    expect(report).toMatchObject({ poisoned: 2, removed: 1, stillFailing: 0 });
    expect(w.far.fixops.ids()).toEqual(['ok']);
    const poison = await keysUnder(w.lakeDirect, 'failed/_poison/');
    expect(poison).toEqual(['failed/_poison/fixops/dt=2026-11-25/garbage-0.json', 'failed/_poison/fixops/dt=2026-11-25/other-0.json']);
    expect(JSON.parse((await w.lakeDirect.get(poison[0]!))!.body.toString())).toMatchObject({ reason: expect.stringContaining('not JSON'), original: '{"truncated": ' });
    expect(w.metrics.sets.some((s) => s.values.ReplayPoisoned === 2)).toBe(true);
    expect(await replayFailed(w.runtime.sinks, w.runtime)).toMatchObject({ poisoned: 0, replayed: 0 });
  });

  it('8. a hung FixOps request is retried with the same Idempotency-Key (batch key + chunk index), so FixOps takes it once', async () => {
    const keys: Array<string | undefined> = [];
    let hang = true;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        keys.push(req.headers['idempotency-key'] as string | undefined);
        if (hang) {
          hang = false;
          return; // the body arrived; the answer never comes
        }
        res.writeHead(200).end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telemetry`;
    const config = loadConfig({ env: {}, overrides: { sinks: { timeout_ms: 150, max_attempts: 3, fixops: { mode: 'http', url, api_key_secret_ref: 'env:K' } } } });
    const sink = createFixOpsSink(config.sinks, { secrets: { get: async () => 'key' }, http: { sleep: async () => undefined, random: () => 0 } });
    const deps = testDeps();
    const result = await persistEvents([sampleEvent()].map(({ redactions: _r, ...e }) => e), { source: 'aws.cloudwatch', identity: 'hung' }, deps);
    const report = await deliverBatch(result, [sink], deps);
    expect(report.delivered).toEqual({ fixops: 1 });
    expect(keys).toEqual([`${result.batchKey}.0`, `${result.batchKey}.0`]);
  });
});
