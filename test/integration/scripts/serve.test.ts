import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { fixtureRecords, fluentBitRequest, vectorRequest } from '../../helpers/edge-agents.js';
import { captureIo } from '../../unit/scripts/capture-io.js';

const TOKEN = 'edge-test-token-1';
let dir: string;
let stop: AbortController;
let running: Promise<number>;
let base: string;
let io: ReturnType<typeof captureIo>;

async function listening(): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const line = io.stdout.find((l) => l.startsWith('bridge serve listening on '));
    if (line) return /listening on (http:\/\/\S+)/.exec(line)![1]!;
    const settled = await Promise.race([running.then((code) => `exited ${code}`), new Promise<undefined>((r) => setTimeout(() => r(undefined), 25))]);
    if (settled) throw new Error(`serve ${settled}: ${io.stderr.join('\n')}`);
  }
  throw new Error('serve did not start');
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-serve-'));
  await writeFile(join(dir, 'bridge.yaml'), 'serve:\n  token_secret_ref: env:BRIDGE_SERVE_TOKEN\n');
  stop = new AbortController();
  io = captureIo(dir, { BRIDGE_SERVE_TOKEN: TOKEN }, stop.signal);
  running = main(['serve', '--config', 'bridge.yaml', '--port', '0', '--data', 'data'], io);
  base = await listening();
});

afterEach(async () => {
  stop.abort();
  await running;
  await rm(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${TOKEN}` };

async function post(path: string, headers: Record<string, string>, body: Uint8Array): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('bridge serve', () => {
  it('answers health, stores Fluent Bit and Vector batches and a summary, refuses a missing token, and counts it all in /metrics', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', config: 'valid' });

    const fluent = fluentBitRequest(fixtureRecords('fluent-bit-json-lines'), { format: 'json_lines', gzip: true });
    const a = await post('/ingest', { ...fluent.headers, ...auth }, fluent.body);
    expect(a).toMatchObject({ status: 200, json: { received: 3, written: 3, quarantined: 0, filtered: 0 } });
    const vector = vectorRequest(fixtureRecords('vector-ndjson'), { framing: 'newline_delimited', gzip: false });
    const b = await post('/ingest', { ...vector.headers, ...auth }, vector.body);
    expect(b).toMatchObject({ status: 200, json: { received: 2, written: 2 } });

    expect((await post('/ingest', fluent.headers, fluent.body)).status).toBe(401);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);

    const t = await post('/telemetry', { 'content-type': 'application/json', ...auth }, Buffer.from(JSON.stringify({ alerts: [{ rule: 'waf-blocks', count: 10 }], latency_ms_p95: 250 })));
    expect(t.status).toBe(200);
    const store = new LocalFolderStore({ root: join(dir, 'data') });
    expect(JSON.parse((await store.get(String(t.json.key)))!.body.toString('utf8'))).toMatchObject({ alerts: [{ rule: 'waf-blocks', count: 10 }] });
    let raw = 0;
    for await (const o of store.list('raw/source=edge.http/')) raw += o.size > 0 ? 1 : 0;
    expect(raw).toBeGreaterThan(0);

    const metrics = await fetch(`${base}/metrics`, { headers: auth });
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('telemetry_bridge_http_requests_total{route="ingest",status="200"} 2');
    expect(text).toContain('telemetry_bridge_http_requests_total{route="ingest",status="401"} 1');
    expect(text).toContain('telemetry_bridge_http_requests_total{route="telemetry",status="200"} 1');
    expect(text).toContain('telemetry_bridge_records_total{outcome="written"} 5');
    expect(text).toContain('telemetry_bridge_summaries_stored_total 1');
    expect(text).toMatch(/telemetry_bridge_http_request_duration_seconds_count\{route="ingest"\} 3/);
    expect(text).toMatch(/telemetry_bridge_http_request_duration_seconds_bucket\{route="ingest",le="\+Inf"\} 3/);
  });

  it('answers 413 for a body past the cap without reading it all', async () => {
    const res = await post('/ingest', { ...auth, 'content-type': 'application/x-ndjson' }, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    expect(res.status).toBe(413);
  });

  it('drains a request in flight on shutdown, then stops', async () => {
    const vector = vectorRequest(fixtureRecords('vector-ndjson'), { framing: 'newline_delimited', gzip: false });
    const half = Math.floor(vector.body.length / 2);
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/ingest`, { method: 'POST', headers: { ...vector.headers, ...auth, 'content-length': String(vector.body.length) } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(vector.body.subarray(0, half));
      // The request is in flight (half its body sent) when the stop arrives.
      setTimeout(() => {
        stop.abort();
        setTimeout(() => req.end(vector.body.subarray(half)), 50);
      }, 50);
    });
    const res = await answered;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ received: 2, written: 2 });
    expect(await running).toBe(0);
    expect(io.stdout.join('\n')).toContain('bridge serve stopped');
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it('will not listen beyond loopback without a token', async () => {
    const other = captureIo(dir, {});
    expect(await main(['serve', '--port', '0', '--host', '0.0.0.0', '--data', 'data2'], other)).toBe(2);
    expect(other.stderr.join('\n')).toContain('token_secret_ref');
  });
});
