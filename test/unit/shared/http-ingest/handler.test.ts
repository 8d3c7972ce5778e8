import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createHttpIngestHandler, type IngestHttpRequest, type IngestObservation } from '../../../../shared/http-ingest/index.js';
import type { ObjectStore } from '../../../../shared/ports.js';
import type { Runtime } from '../../../../shared/runtime.js';
import { LocalFolderStore } from '../../../../shared/store/local-folder.js';
import { fixtureRecords, fluentBitRequest, vectorRequest, type AgentRequest } from '../../../helpers/edge-agents.js';
import { failingStore, tempDir, testRuntime } from '../../aws-lambda/handler-runtime.js';

function request(path: string, agent: AgentRequest | undefined, over: Partial<IngestHttpRequest> = {}): IngestHttpRequest {
  return { method: 'POST', path, headers: { authorization: 'Bearer t0ken', ...agent?.headers }, query: {}, body: agent?.body ?? Buffer.alloc(0), clientId: '127.0.0.1', ...over };
}

async function keys(store: ObjectStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list(prefix)) out.push(o.key);
  return out;
}

async function rawEvents(store: ObjectStore): Promise<Array<Record<string, unknown>>> {
  const events: Array<Record<string, unknown>> = [];
  for (const key of await keys(store, 'raw/')) {
    const body = (await store.get(key))!.body;
    for (const line of gunzipSync(body).toString('utf8').split('\n')) if (line) events.push(JSON.parse(line) as Record<string, unknown>);
  }
  return events;
}

async function setup(store?: ObjectStore, tweak: (r: Runtime) => void = () => undefined) {
  const t = await testRuntime(store);
  tweak(t.runtime);
  const seen: IngestObservation[] = [];
  const handle = createHttpIngestHandler(() => Promise.resolve(t.runtime), { cloud: 'local', bearerToken: 't0ken', observe: (o) => seen.push(o) });
  return { ...t, handle, seen };
}

describe('POST /ingest', () => {
  it('stores a gzipped Fluent Bit json_lines batch and answers its accounting', async () => {
    const { handle, store, seen } = await setup();
    const records = fixtureRecords('fluent-bit-json-lines');
    const res = await handle(request('/ingest', fluentBitRequest(records, { format: 'json_lines', gzip: true })));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as Record<string, number>;
    expect(body).toMatchObject({ received: 3, written: 3, quarantined: 0, filtered: 0 });
    const events = await rawEvents(store);
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['edge.http']));
    // The record's own time (Fluent Bit's `date`, epoch seconds) is the event time.
    expect(events.map((e) => e.timestamp).sort()).toEqual(['2025-12-01T10:00:00.125Z', '2025-12-01T10:00:01.500Z', '2025-12-01T10:00:02.750Z']);
    // Redaction ran: the email is not stored in clear.
    expect(JSON.stringify(events)).not.toContain('alice@example.org');
    expect(seen.at(-1)).toMatchObject({ route: 'ingest', status: 200, result: { written: 3 } });
  });

  it('stores Vector NDJSON and JSON-array batches', async () => {
    const { handle, store } = await setup();
    const events = fixtureRecords('vector-ndjson');
    const a = await handle(request('/ingest', vectorRequest(events, { framing: 'newline_delimited', gzip: true })));
    const b = await handle(request('/ingest', vectorRequest(events.slice(0, 1), { framing: 'json_array', gzip: false })));
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(JSON.parse(a.body)).toMatchObject({ received: 2, written: 2 });
    expect(JSON.parse(b.body)).toMatchObject({ received: 1, written: 1 });
    const stored = await rawEvents(store);
    expect(stored.map((e) => e.timestamp)).toContain('2026-12-01T10:00:01.250Z');
  });

  it('hands /ingest/<log type> to the catalogue as a hint: VPC flow lines become vpcflow events', async () => {
    const { handle, store } = await setup();
    const line = '2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.2.9 443 49152 6 10 840 1764583200 1764583260 REJECT OK';
    const res = await handle(request('/ingest/vpcflow', { headers: { 'content-type': 'text/plain' }, body: Buffer.from(`${line}\n`) }));
    expect(JSON.parse(res.body)).toMatchObject({ received: 1, written: 1 });
    const [event] = await rawEvents(store);
    expect(event).toMatchObject({ source: 'edge.http', source_type: 'vpcflow', attributes: expect.objectContaining({ action: 'REJECT' }) });
  });

  it('overwrites on a retried POST: the same Idempotency-Key or the same body gives the same keys', async () => {
    const { handle, store } = await setup();
    const records = fixtureRecords('vector-ndjson');
    const first = await handle(request('/ingest', vectorRequest(records, { framing: 'newline_delimited', gzip: true, headers: { 'idempotency-key': 'batch-42' } })));
    const before = await keys(store, 'raw/');
    const retried = await handle(request('/ingest', vectorRequest(records, { framing: 'newline_delimited', gzip: false, headers: { 'idempotency-key': 'batch-42' } })));
    expect(JSON.parse(retried.body).batch_key).toBe(JSON.parse(first.body).batch_key);
    expect(await keys(store, 'raw/')).toEqual(before);
    const again = await handle(request('/ingest', vectorRequest(records, { framing: 'json_array', gzip: false })));
    const same = await handle(request('/ingest', vectorRequest(records, { framing: 'json_array', gzip: false })));
    expect(JSON.parse(same.body).batch_key).toBe(JSON.parse(again.body).batch_key);
  });

  it('answers 400 naming the bad record with a redacted excerpt, and stores nothing', async () => {
    const { handle, store } = await setup();
    const res = await handle(request('/ingest', { headers: { 'content-type': 'application/x-ndjson' }, body: Buffer.from('{"ok":1}\nnot json, mail bob@example.com\n') }));
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body).toMatchObject({ index: 1, path: 'records[1]' });
    expect(String(body.excerpt)).toContain('not json');
    expect(String(body.excerpt)).not.toContain('bob@example.com');
    expect(await keys(store, 'raw/')).toEqual([]);
  });

  it('answers 415 for MessagePack (Fluent Bit default format) and 404/405 for other routes', async () => {
    const { handle } = await setup();
    expect((await handle(request('/ingest', { headers: { 'content-type': 'application/msgpack' }, body: Buffer.from([0x81]) }))).status).toBe(415);
    expect((await handle(request('/nope', undefined))).status).toBe(404);
    expect((await handle(request('/ingest/%E0%A4%A', { headers: {}, body: Buffer.from('{}') }))).status).toBe(400);
    expect((await handle(request('/ingest/Not-Snake', { headers: {}, body: Buffer.from('{}') }))).status).toBe(400);
    const wrong = await handle(request('/ingest', undefined, { method: 'GET' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
  });

  it('refuses a request without the bearer token with 401', async () => {
    const { handle } = await setup();
    const agent = fluentBitRequest([{ log: 'x' }], { format: 'json_lines', gzip: false });
    expect((await handle(request('/ingest', agent, { headers: agent.headers }))).status).toBe(401);
    expect((await handle(request('/ingest', agent, { headers: { ...agent.headers, authorization: 'Bearer wrong' } }))).status).toBe(401);
  });

  it('answers 413 past the body cap and 429 with Retry-After past the client rate', async () => {
    const { handle } = await setup(undefined, (r) => {
      r.config.serve.max_body_bytes = 64;
      r.config.serve.rate_limit_burst = 3;
      r.config.serve.rate_limit_per_second = 0.5;
    });
    const big = await handle(request('/ingest', { headers: {}, body: Buffer.alloc(65, 0x20) }));
    expect(big.status).toBe(413);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await handle(request('/ingest', { headers: {}, body: Buffer.from('{"n":1}\n') }, { clientId: '10.0.0.9' }));
      statuses.push(res.status);
      retryAfter ??= res.headers['retry-after'];
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another client has its own bucket.
    expect((await handle(request('/ingest', { headers: {}, body: Buffer.from('{"n":1}\n') }, { clientId: '10.0.0.10' }))).status).toBe(200);
  });

  it('answers 503 when the batch cannot be persisted, so the agent retries', async () => {
    const { handle } = await setup(failingStore(new LocalFolderStore({ root: tempDir() })));
    const res = await handle(request('/ingest', vectorRequest([{ message: 'x' }], { framing: 'newline_delimited', gzip: false })));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body).not.toContain('cannot write');
  });
});

describe('POST /telemetry', () => {
  it('validates, stores under summaries/ and forwards to FixOps', async () => {
    const { handle, store, runtime, seen } = await setup();
    const doc = { alerts: [{ rule: 'waf-blocks', count: 25 }], latency_ms_p95: 350 };
    const res = await handle(request('/telemetry', { headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(doc)) }));
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as { key: string; delivered: Record<string, number> };
    expect(answer.key).toMatch(/^summaries\/dt=2026-11-25\/[0-9a-f]{32}\.json$/);
    expect(answer.delivered).toEqual({ fixops: 1 });
    const stored = JSON.parse((await store.get(answer.key))!.body.toString('utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ schema_version: '1.0', source: 'edge.http', alerts: doc.alerts, latency_ms_p95: 350, event_count: 25 });
    expect(runtime.deps.registry.validate('telemetry_summary', stored).ok).toBe(true);
    const fixops = JSON.parse(await readFile(join(runtime.devKeyDir!, '..', 'sinks', 'fixops', 'ops-telemetry.json'), 'utf8')) as unknown;
    expect(JSON.stringify(fixops)).toContain('waf-blocks');
    expect(seen.at(-1)).toMatchObject({ route: 'telemetry', status: 200, summaryStored: true });
  });

  it('takes the summaries a Fluent Bit aggregation posts (format json: an array, with its date key)', async () => {
    const { handle, store } = await setup();
    const posted = [
      { date: 1_764_583_200.5, alerts: [{ rule: 'waf-blocks', count: 4 }], latency_ms_p95: 120 },
      { date: 1_764_583_260.5, alerts: [], latency_ms_p95: null },
    ];
    const agent = fluentBitRequest(posted, { format: 'json', gzip: true });
    const res = await handle(request('/telemetry', agent));
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as { keys: string[]; stored: number };
    expect(answer.stored).toBe(2);
    expect(new Set(answer.keys).size).toBe(2);
    const second = JSON.parse((await store.get(answer.keys[1]!))!.body.toString('utf8')) as Record<string, unknown>;
    expect(second).toMatchObject({ alerts: [], latency_ms_p95: null, event_count: 0 });
    expect(second).not.toHaveProperty('date');
    const bad = await handle(request('/telemetry', fluentBitRequest([posted[0]!, { alerts: 'none' }], { format: 'json_lines', gzip: false })));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ index: 1 });
  });

  it('answers 400 naming the field when it is not a TelemetrySummary', async () => {
    const { handle } = await setup();
    const res = await handle(request('/telemetry', { headers: {}, body: Buffer.from('{"alerts":[{"rule":"","count":-1}],"latency_ms_p95":"fast"}') }));
    expect(res.status).toBe(400);
    expect(res.body).toContain('alerts');
    expect(res.body).toContain('latency_ms_p95');
  });
});

describe('GET /health and /evidence', () => {
  it('reports config, store and dev keys without a token and without secrets', async () => {
    const { handle } = await setup();
    const res = await handle(request('/health', undefined, { method: 'GET', headers: {} }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', config: 'valid', store: { reachable: true }, dev_keys_in_use: true });
    expect(res.body).not.toMatch(/secret_ref|key_dir|\.dev-keys/);
  });

  it('answers 503 when the runtime cannot start', async () => {
    const handle = createHttpIngestHandler(() => Promise.reject(Object.assign(new Error('bad'), { name: 'ConfigError' })), { cloud: 'local' });
    const res = await handle(request('/health', undefined, { method: 'GET' }));
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ config: 'invalid' });
  });

  it('builds an evidence bundle through the evidence service', async () => {
    const { handle, seen } = await setup();
    await handle(request('/ingest', vectorRequest([{ message: 'hello', timestamp: '2026-11-25T11:30:00.000Z' }], { framing: 'newline_delimited', gzip: false })));
    const res = await handle(request('/evidence', undefined, { method: 'GET', query: { since: '1h' } }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).manifest.line_count).toBe(1);
    expect(seen.at(-1)).toMatchObject({ route: 'evidence', bundleBuilt: true });
    expect((await handle(request('/evidence', undefined, { method: 'GET', query: {} }))).status).toBe(400);
  });
});
