import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../shared/config/index.js';
import {
  checkEvidenceWindow,
  createCallerRateLimiter,
  evidenceCaller,
  verifyEvidenceBundle,
  windowPrefixes,
  type EvidenceCaller,
} from '../../../../shared/evidence/index.js';
import { handleEvidenceRequest, parseEvidenceRequest, type EvidenceCreated } from '../../../../shared/evidence/http.js';
import type { ObjectInfo, ObjectStore } from '../../../../shared/ports.js';
import type { Runtime } from '../../../../shared/runtime.js';
import { LocalFolderStore } from '../../../../shared/store/local-folder.js';
import { testRuntime } from '../../aws-lambda/handler-runtime.js';
import { NOW, seedLake } from '../../scripts/evidence-seed.js';

const now = Date.parse(NOW);
const DAY = 86_400_000;

describe('the evidence window bounds', () => {
  it.each([
    ['a huge duration', { since: '999999w' }, /at most 31 days may be asked for at once/],
    ['year zero', { since: '0000-01-01' }, /at most 31 days/],
    ['32 days', { since: '32d' }, /the window is 32 days long; at most 31 days/],
    ['a start before the raw/ retention', { since: '8d' }, /^since \(2026-11-17T12:00:00\.000Z\) is before the raw\/ retention \(7 days: nothing older than 2026-11-18T12:00:00\.000Z is kept\)$/],
    ['an old window of one hour', { since: '2026-11-01T00:00:00Z', until: '2026-11-01T01:00:00Z' }, /before the raw\/ retention/],
  ])('refuses %s', (_what, query, message) => {
    expect(() => parseEvidenceRequest(query, now)).toThrow(message);
  });

  it('accepts the whole retention, and a configured maximum below it', () => {
    expect(parseEvidenceRequest({ since: '7d' }, now).since).toBe(new Date(now - 7 * DAY).toISOString());
    expect(() => checkEvidenceWindow(now - 2 * DAY, now, now, { maxWindowDays: 1, rawRetentionDays: 7 })).toThrow(/the window is 2 days long; at most 1 days/);
  });

  it('lists whole days where the window covers them and single hours at its edges, per source', () => {
    const since = Date.parse('2026-11-23T22:30:00Z');
    const until = Date.parse('2026-11-25T01:00:00Z');
    expect(windowPrefixes(since, until, ['b', 'a'])).toEqual(
      ['a', 'b'].flatMap((s) => [`raw/source=${s}/dt=2026-11-23/hour=22/`, `raw/source=${s}/dt=2026-11-23/hour=23/`, `raw/source=${s}/dt=2026-11-24/`, `raw/source=${s}/dt=2026-11-25/hour=00/`]),
    );
    expect(windowPrefixes(Date.parse('2026-11-25T11:00:00Z'), Date.parse('2026-11-25T12:00:00Z'), ['x'])).toEqual(['raw/source=x/dt=2026-11-25/hour=11/']);
  });
});

describe('the per-caller rate limit', () => {
  it('allows `limit` requests per window per caller and says when to retry', () => {
    let t = 0;
    const limiter = createCallerRateLimiter({ limit: 2, windowMs: 60_000, clock: () => t });
    expect([limiter.take('a').allowed, limiter.take('a').allowed, limiter.take('b').allowed]).toEqual([true, true, true]);
    t = 10_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterS: 50 });
    t = 60_001;
    expect(limiter.take('a').allowed).toBe(true);
  });
});

describe('evidence caller identities', () => {
  it('takes printable platform identifiers only', () => {
    expect(evidenceCaller('google', ' ops@example.com ')).toEqual({ kind: 'google', id: 'ops@example.com' });
    expect(evidenceCaller('entra', 'oid', 'a\nb')).toEqual({ kind: 'entra', id: 'oid' });
    expect(evidenceCaller('aws_iam', '')).toBeUndefined();
    expect(evidenceCaller('aws_iam', 42)).toBeUndefined();
  });
});

/** A store that records every list prefix and every object read. */
function counting(inner: ObjectStore): { store: ObjectStore; listed: string[]; read: string[]; written: string[] } {
  const listed: string[] = [];
  const read: string[] = [];
  const written: string[] = [];
  return {
    listed,
    read,
    written,
    store: {
      location: inner.location,
      put: (key, body, options) => (written.push(key), inner.put(key, body, options)),
      get: (key) => inner.get(key),
      getStream: (key) => (read.push(key), inner.getStream(key)),
      list: (prefix: string): AsyncIterable<ObjectInfo> => (listed.push(prefix), inner.list(prefix)),
      delete: (key) => inner.delete(key),
    },
  };
}

describe('evidence requests over the lake', () => {
  const root = mkdtempSync(join(tmpdir(), 'bridge-evidence-bounds-'));
  const lake = new LocalFolderStore({ root });
  const spy = counting(lake);
  let runtime: Runtime;
  const alice: EvidenceCaller = { kind: 'aws_iam', id: 'arn:aws:iam::123456789012:role/auditor' };
  const get = async (query: Record<string, string>, caller: EvidenceCaller | null = alice, rt = runtime) =>
    handleEvidenceRequest(query, rt, { method: 'GET', caller: caller ?? undefined, requireCaller: true });

  beforeAll(async () => {
    runtime = (await testRuntime(spy.store)).runtime;
    await seedLake(runtime.deps);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists only the partitions inside the window and reads only their objects', async () => {
    spy.listed.length = 0;
    spy.read.length = 0;
    const res = await get({ since: '2026-11-25T11:00:00Z', until: '2026-11-25T11:30:00Z' });
    expect(res.status).toBe(200);
    expect(spy.listed.every((p) => /^raw\/source=[a-z0-9.]+\/dt=2026-11-25\/hour=11\/$/.test(p))).toBe(true);
    expect(spy.read.every((k) => k.includes('/dt=2026-11-25/hour=11/'))).toBe(true);
    expect(spy.read.length).toBeGreaterThan(0);
  });

  it('returns the same bundle for the same request over the same data, writing nothing new', async () => {
    const query = { since: '2026-11-25T11:00:00Z', until: '2026-11-25T12:00:00Z', asset: 'app-1' };
    const first = await get(query);
    spy.written.length = 0;
    const again = await Promise.all([get(query), get(query, { kind: 'aws_iam', id: 'arn:aws:iam::123456789012:user/bob' })]);
    const ids = [first, ...again].map((r) => (r.body as EvidenceCreated).manifest.bundle_id);
    expect(new Set(ids).size).toBe(1);
    expect(again.map((r) => (r.body as EvidenceCreated).reused)).toEqual([true, true]);
    expect(spy.written).toEqual([]);
    const other = await get({ ...query, asset: 'app-2' });
    expect((other.body as EvidenceCreated).manifest.bundle_id).not.toBe(ids[0]);
  });

  it('reuses the bundle of a relative request repeated within the minute, not of the same text later', async () => {
    const at = (ms: number) => ({ ...runtime, clock: () => now + ms }) as Runtime;
    const query = { since: '1h', asset: 'app-2' };
    const first = (await get(query, alice, at(1_000))).body as EvidenceCreated;
    const again = (await get(query, alice, at(20_000))).body as EvidenceCreated;
    expect(again.manifest.bundle_id).toBe(first.manifest.bundle_id);
    expect(again.reused).toBe(true);
    expect(again.manifest.window).toEqual(first.manifest.window);
    const empty = async (ms: number) => ((await get({ since: '10m' }, alice, at(ms))).body as EvidenceCreated).manifest;
    const [early, late] = [await empty(0), await empty(2 * 3_600_000)];
    expect(early.line_count).toBe(0);
    expect(late.bundle_id).not.toBe(early.bundle_id);
  });

  it('records the authenticated caller in the signed manifest, apart from the filters', async () => {
    const res = await get({ since: '2026-11-25T11:10:00Z', until: '2026-11-25T11:20:00Z' });
    const body = res.body as EvidenceCreated;
    expect(body.manifest.requested_by).toEqual(alice);
    expect(body.manifest.filters).toEqual({});
    const bundlePath = join(root, `${body.manifest.bundle_id}.jsonl.gz`);
    writeFileSync(bundlePath, (await lake.get(body.keys.bundle))!.body);
    const publicKey = readdirSync(runtime.devKeyDir!).find((f) => f.endsWith('.pub.pem'))!;
    const publicKeyPem = readFileSync(join(runtime.devKeyDir!, publicKey), 'utf8');
    const result = await verifyEvidenceBundle({ bundlePath, manifest: body.manifest, signature: body.signature, publicKeyPem });
    expect(result.findings.filter((f) => !f.ok)).toEqual([]);
    expect((await verifyEvidenceBundle({ bundlePath, manifest: { ...body.manifest, requested_by: { kind: 'aws_iam', id: 'someone-else' } }, signature: body.signature, publicKeyPem })).ok).toBe(false);
  });

  it('answers 404 with the reason for an asset with no events in the window, and writes nothing', async () => {
    spy.written.length = 0;
    const res = await get({ since: '1h', asset: 'APPROVED: all controls passed' });
    expect(res.status).toBe(404);
    expect((res.body as { error: string }).error).toBe('asset "APPROVED: all controls passed" has no events between 2026-11-25T11:00:00.000Z and 2026-11-25T12:00:00.000Z');
    expect(spy.written).toEqual([]);
  });

  it('answers 401 when the platform authenticated no caller', async () => {
    expect((await get({ since: '1h' }, null)).status).toBe(401);
  });

  it('limits each caller to the configured requests per window (429 with retry-after), others unaffected', async () => {
    const config = loadConfig({ env: { BRIDGE__EVIDENCE__RATE_LIMIT_PER_CALLER: '2' } });
    const limited = { ...runtime, config } as Runtime;
    const mallory: EvidenceCaller = { kind: 'google', id: 'mallory@example.com' };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get({ since: '30m' }, mallory, limited)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await get({ since: '30m' }, mallory, limited);
    expect(refused.headers['retry-after']).toBe('3600');
    expect((await get({ since: '30m' }, alice, limited)).status).toBe(200);
  });
});
