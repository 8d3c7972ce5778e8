import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidenceBundle } from '../../../../shared/evidence/index.js';
import {
  handleEvidenceRequest,
  mergeEvidenceBody,
  parseEvidenceRequest,
  separateEvidenceStore,
  serveEvidence,
  type EvidenceCreated,
  type EvidenceQuery,
} from '../../../../shared/evidence/http.js';
import { SecretError } from '../../../../shared/errors.js';
import type { Logger, SecretSource } from '../../../../shared/ports.js';
import type { Runtime } from '../../../../shared/runtime.js';
import { readAll, tempStore } from '../../../helpers/pipeline.js';
import { testRuntime, type TestRuntime } from '../../aws-lambda/handler-runtime.js';
import { NOW, seedLake } from '../../scripts/evidence-seed.js';

const now = Date.parse(NOW);
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

describe('parseEvidenceRequest', () => {
  it.each<[string, EvidenceQuery, Record<string, string>]>([
    ['a duration back from now, until now', { since: '1h' }, { since: hoursAgo(1), until: NOW }],
    ['durations for both ends', { since: '90m', until: '30m' }, { since: hoursAgo(1.5), until: hoursAgo(0.5) }],
    ['days and weeks', { since: '1w', until: '2d' }, { since: hoursAgo(168), until: hoursAgo(48) }],
    ['RFC 3339 times with zones', { since: '2026-11-25T10:00:00Z', until: '2026-11-25T13:00:00.5+02:00' }, { since: '2026-11-25T10:00:00.000Z', until: '2026-11-25T11:00:00.500Z' }],
    ['a date as midnight UTC', { since: '2026-11-24' }, { since: '2026-11-24T00:00:00.000Z', until: NOW }],
    ['the filters', { since: '1h', asset: ' app-1 ', source: ['gcp.pubsub'] }, { since: hoursAgo(1), until: NOW, asset: 'app-1', source: 'gcp.pubsub' }],
  ])('reads %s', (_what, query, expected) => {
    expect(parseEvidenceRequest(query, now)).toEqual(expected);
  });

  it.each<[string, EvidenceQuery, RegExp]>([
    ['no since', {}, /^since is required: a duration back from now \(30m, 1h, 7d\) or an RFC 3339 time/],
    ['an empty since', { since: '  ' }, /^since is empty$/],
    ['words', { since: 'yesterday' }, /^since "yesterday" is not a duration back from now/],
    ['a time without a zone', { since: '2026-11-25T10:00:00' }, /has no time zone: add Z \(UTC\) or an offset/],
    ['a day that does not exist', { since: '2026-02-30' }, /^since "2026-02-30" is not a valid date or time$/],
    ['a bad until', { since: '1h', until: 'soon' }, /^until "soon" is not/],
    ['an inverted window', { since: '1h', until: '2h' }, /^since \(2026-11-25T11:00:00.000Z\) must be before until \(2026-11-25T10:00:00.000Z\)$/],
    ['a window that starts in the future', { since: '2026-11-26T00:00:00Z' }, /must be before until/],
    ['an unknown source', { since: '1h', source: 'aws.ec2' }, /^unknown source "aws\.ec2" \(one of aws\.cloudwatch, aws\.s3, /],
    ['an unknown parameter', { since: '1h', limit: '5' }, /^unknown parameter "limit" \(use since, until, asset, source\)$/],
    ['a repeated parameter', { since: ['1h', '2h'] }, /^since is given more than once$/],
    ['a nested parameter', { since: { gt: '1h' } }, /^since must be a single text value$/],
    ['an asset with a control character', { since: '1h', asset: 'app\n1' }, /^asset must be at most 512 printable characters$/],
    ['an overlong asset', { since: '1h', asset: 'a'.repeat(513) }, /^asset must be at most 512/],
  ])('refuses %s, saying what is wrong', (_what, query, message) => {
    expect(() => parseEvidenceRequest(query, now)).toThrow(message);
  });
});

describe('mergeEvidenceBody', () => {
  it.each<[string, unknown]>([
    ['JSON text', '{"since":"1h","asset":"app-1"}'],
    ['JSON bytes', Buffer.from('{"since":"1h","asset":"app-1"}')],
    ['an object the platform parsed', { since: '1h', asset: 'app-1' }],
  ])('merges a POST body given as %s', (_what, body) => {
    expect(mergeEvidenceBody({ source: 'aws.s3' }, body)).toEqual({ source: 'aws.s3', since: '1h', asset: 'app-1' });
  });

  it('keeps the query when the body is empty', () => {
    expect(mergeEvidenceBody({ since: '1h' }, '  ')).toEqual({ since: '1h' });
  });

  it.each<[string, unknown, RegExp]>([
    ['not JSON', 'since=1h', /^the body must be a JSON object with since, until, asset, source$/],
    ['a JSON array', '["1h"]', /^the body must be a JSON object/],
    ['a field also in the query', '{"since":"2h"}', /^since is given more than once \(query and body\)$/],
  ])('refuses a body that is %s', (_what, body, message) => {
    expect(() => mergeEvidenceBody({ since: '1h' }, body)).toThrow(message);
  });

  it('keeps a "__proto__" key as a key, so it is refused as unknown instead of changing the prototype', () => {
    const merged = mergeEvidenceBody({}, '{"__proto__":{"since":"1h"}}');
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(() => parseEvidenceRequest(merged, now)).toThrow(/unknown parameter "__proto__"/);
  });
});

describe('handleEvidenceRequest', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await testRuntime();
    await seedLake(t.runtime.deps);
  });

  it('builds a signed bundle for GET and answers 200 with the manifest and where the bundle lies', async () => {
    const res = await handleEvidenceRequest({ since: '1h', asset: 'app-1' }, t.runtime, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.body as EvidenceCreated;
    // 10 even CloudWatch events in 11:00–11:19 plus the Pub/Sub one; the day-old event is outside.
    expect(body.manifest).toMatchObject({ line_count: 11, filters: { asset: 'app-1' }, window: { since: hoursAgo(1), until: NOW }, algorithm: 'RSA-SHA256' });
    expect(body.location).toBe(`${t.store.location}/${body.keys.bundle}`);
    expect(body.keys.bundle).toBe(`evidence/${body.manifest.bundle_id}.jsonl.gz`);

    // What the answer points at verifies offline with the dev key's public half.
    const dir = mkdtempSync(join(tmpdir(), 'bridge-http-evidence-'));
    const bundlePath = join(dir, `${body.manifest.bundle_id}.jsonl.gz`);
    writeFileSync(bundlePath, (await t.store.get(body.keys.bundle))!.body);
    const manifest = JSON.parse((await t.store.get(body.keys.manifest))!.body.toString()) as unknown;
    const signature = JSON.parse((await t.store.get(body.keys.signature))!.body.toString()) as unknown;
    const publicKeyPem = readFileSync(join(t.runtime.devKeyDir!, 'evidence-rsa.pub.pem'), 'utf8');
    expect(await verifyEvidenceBundle({ bundlePath, manifest, signature, publicKeyPem })).toMatchObject({ ok: true });
  });

  it('takes the parameters of a POST from its JSON body', async () => {
    const res = await handleEvidenceRequest({}, t.runtime, { method: 'post', body: '{"since":"2026-11-25T11:00:00Z","source":"gcp.pubsub"}' });
    expect(res.status).toBe(200);
    expect((res.body as EvidenceCreated).manifest).toMatchObject({ line_count: 1, filters: { source: 'gcp.pubsub' } });
  });

  it('answers 400 naming the problem, and writes nothing', async () => {
    const before = (await readAll(t.store, 'evidence/')).size;
    const res = await handleEvidenceRequest({ since: 'last tuesday' }, t.runtime, { method: 'GET' });
    expect(res).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^since "last tuesday" is not a duration/) } });
    expect((await readAll(t.store, 'evidence/')).size).toBe(before);
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers 405 to %s with the allowed methods', async (method) => {
    const res = await handleEvidenceRequest({ since: '1h' }, t.runtime, { method });
    expect(res).toMatchObject({ status: 405, headers: { allow: 'GET, POST' } });
  });
});

describe('a separate evidence bucket or container', () => {
  it('receives the bundle while raw/ is read from the lake, and the answer points there', async () => {
    const t = await testRuntime();
    await seedLake(t.runtime.deps);
    const evidenceStore = tempStore();
    const res = await handleEvidenceRequest({ since: '1h' }, t.runtime, { method: 'GET', evidenceStore });
    const body = res.body as EvidenceCreated;
    expect(body.manifest.line_count).toBe(21);
    expect(body.location).toBe(`${evidenceStore.location}/${body.keys.bundle}`);
    expect([...(await readAll(evidenceStore)).keys()].sort()).toEqual(Object.values(body.keys).sort());
    expect((await readAll(t.store, 'evidence/')).size).toBe(0);
  });

  function onStore(base: Runtime, store: Partial<Runtime['config']['store']>): Runtime {
    return { ...base, config: { ...base.config, store: { ...base.config.store, ...store } } };
  }

  it.each<[string, Partial<Runtime['config']['store']>, { bucket?: string; container?: string }]>([
    ['no target is named', { type: 's3', bucket: 'lake' }, {}],
    ['the target is the lake bucket', { type: 's3', bucket: 'lake' }, { bucket: 'lake' }],
    ['the target is the lake container', { type: 'azure_blob', container: 'lake' }, { container: 'lake' }],
    ['the store is a local folder', { type: 'local' }, { bucket: 'elsewhere' }],
  ])('is not used when %s', async (_what, store, target) => {
    const t = await testRuntime();
    expect(await separateEvidenceStore(onStore(t.runtime, store), target)).toBeUndefined();
  });

  it('is built once per runtime, as the named bucket of the same kind of store', async () => {
    const t = await testRuntime();
    const runtime = onStore(t.runtime, { type: 's3', bucket: 'lake', region: 'eu-west-1' });
    const first = await separateEvidenceStore(runtime, { bucket: 'locked-evidence' });
    expect(first?.location).toMatch(/^s3:\/\/locked-evidence\//);
    expect(await separateEvidenceStore(runtime, { bucket: 'locked-evidence' })).toBe(first);
  });
});

describe('a failing evidence request', () => {
  const SECRET = 'SUPERSECRET-not-a-pem-0123456789';

  function withSigningSecret(base: Runtime, secrets: SecretSource): Runtime {
    return { ...base, secrets, config: { ...base.config, evidence: { ...base.config.evidence, signing_key_secret_ref: 'evidence-signing-key' } } };
  }

  it.each<[string, SecretSource]>([
    ['the secret is not a key', { get: async () => SECRET }],
    ['the secret store fails with the value in its message', { get: async () => Promise.reject(new Error(`upstream said ${SECRET}`)) }],
    ['the secret cannot be read', { get: async () => Promise.reject(new SecretError('cannot read secret evidence-signing-key')) }],
  ])('answers 500 without leaking the secret when %s', async (_what, secrets) => {
    const t = await testRuntime();
    const res = await handleEvidenceRequest({ since: '1h' }, withSigningSecret(t.runtime, secrets), { method: 'GET', requestId: 'req-42' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: expect.stringMatching(/^the evidence bundle could not be built \(\w+\); see the function's logs$/), request_id: 'req-42' });
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(JSON.stringify(res)).not.toContain('evidence-signing-key');
    expect(t.lines.find((l) => l.message === 'evidence request failed')?.context).toMatchObject({ request_id: 'req-42' });
  });

  it('answers 500 with the request id when the runtime cannot start', async () => {
    const errors: Array<Record<string, unknown>> = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (_m, c = {}) => void errors.push(c) };
    const res = await serveEvidence(async () => Promise.reject(new SecretError('cannot read secret hmac-key')), { method: 'GET', query: { since: '1h' }, requestId: 'req-7' }, logger);
    expect(res).toMatchObject({ status: 500, body: { error: expect.stringContaining('(SecretError)'), request_id: 'req-7' } });
    expect(JSON.stringify(res.body)).not.toContain('hmac-key');
    expect(errors).toEqual([expect.objectContaining({ request_id: 'req-7', error: { name: 'SecretError', message: 'cannot read secret hmac-key' } })]);
  });
});
