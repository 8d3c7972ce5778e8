import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeEvidenceHttpHandler } from '../../../gcp-function/evidence-http.js';
import type { Runtime } from '../../../shared/runtime.js';
import { testRuntime } from '../aws-lambda/handler-runtime.js';
import { seedLake } from '../scripts/evidence-seed.js';
import { listen } from './cloud-events.js';

let runtime: Runtime;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const t = await testRuntime();
  await seedLake(t.runtime.deps);
  // Ed25519 keeps the dev key generation fast; the signing path is the same.
  runtime = { ...t.runtime, config: { ...t.runtime.config, evidence: { ...t.runtime.config.evidence, algorithm: 'Ed25519' } } };
});

afterEach(async () => {
  await close?.();
  close = undefined;
});

/** An ID token as Cloud Run forwards it once checked: the signature replaced, the claims kept. */
const claims = Buffer.from(JSON.stringify({ iss: 'https://accounts.google.com', email: 'auditor@example.com', sub: '1234567890' })).toString('base64url');
const AUTH = { authorization: `Bearer ${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${claims}.SIGNATURE_REMOVED_BY_GOOGLE` };

/** Registers the handler as gcp-function/index.ts would and serves it over HTTP on loopback, as the platform does. */
async function serve(getRuntime: () => Promise<Runtime>): Promise<string> {
  functions.http('evidenceHttp', makeEvidenceHttpHandler(getRuntime));
  const server = await listen(getTestServer('evidenceHttp'));
  close = server.close;
  return server.url;
}

describe('the Cloud Functions HTTP evidence function', () => {
  it('builds a bundle for a GET and answers 200 with the manifest and where the bundle lies', async () => {
    const url = await serve(async () => runtime);
    const res = await fetch(`${url}?since=1h&asset=app-1`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { manifest: { line_count: number; bundle_id: string }; location: string };
    expect(body.manifest).toMatchObject({ line_count: 11, filters: { asset: 'app-1' } });
    expect(body.location).toBe(`${runtime.store.location}/evidence/${body.manifest.bundle_id}.jsonl.gz`);
  });

  it('records the Google identity of the checked ID token in the manifest, and refuses a request without one (401)', async () => {
    const url = await serve(async () => runtime);
    const res = await fetch(`${url}?since=1h`, { headers: AUTH });
    expect(await res.json()).toMatchObject({ manifest: { requested_by: { kind: 'google', id: 'auditor@example.com' } } });
    expect((await fetch(`${url}?since=1h`)).status).toBe(401);
    expect((await fetch(`${url}?since=1h`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
  });

  it.each([
    ['application/json', '{"since":"1h","source":"gcp.pubsub"}'],
    ['text/plain', '{"since":"1h","source":"gcp.pubsub"}'],
  ])('builds a bundle for a POST with a %s body', async (type, body) => {
    const url = await serve(async () => runtime);
    const res = await fetch(url, { method: 'POST', headers: { ...AUTH, 'content-type': type }, body });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ manifest: { line_count: 1, filters: { source: 'gcp.pubsub' } } });
  });

  it.each<[string, string, RequestInit, number, RegExp]>([
    ['a repeated parameter', '?since=1h&since=2h', {}, 400, /^since is given more than once$/],
    ['a nested parameter', '?since[gt]=1h', {}, 400, /^since must be a single text value$|^unknown parameter/],
    ['a time without a zone', '?since=2026-11-25T10:00:00', {}, 400, /has no time zone/],
    ['a field in both query and body', '?since=1h', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"since":"2h"}' }, 400, /given more than once \(query and body\)/],
    ['PUT', '?since=1h', { method: 'PUT' }, 405, /use GET or POST/],
  ])('answers %s with a clear error', async (_what, query, init, status, message) => {
    const url = await serve(async () => runtime);
    const res = await fetch(`${url}${query}`, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string> | undefined) } });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
  });

  it('answers 500 without the secret when the signing key cannot be read', async () => {
    const broken: Runtime = {
      ...runtime,
      secrets: { get: async () => '-----BEGIN PRIVATE \u004BEY-----\nbm90LWEta2V5LXMzY3IzdA==\n-----END PRIVATE KEY-----' },
      config: { ...runtime.config, evidence: { ...runtime.config.evidence, signing_key_secret_ref: 'projects/p/secrets/evidence-key' } },
    };
    const url = await serve(async () => broken);
    const res = await fetch(`${url}?since=1h`, { headers: { ...AUTH, 'function-execution-id': 'exec-9' } });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: expect.stringContaining('could not be built'), request_id: 'exec-9' });
    expect(text).not.toMatch(/bm90LWEta2V5|evidence-key|BEGIN/);
  });
});
