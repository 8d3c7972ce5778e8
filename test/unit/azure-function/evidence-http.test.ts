import azureFunctions, { type HttpRequest as Request, type HttpResponseInit } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeEvidenceHttpHandler } from '../../../azure-function/evidence-http.js';
import type { Runtime } from '../../../shared/runtime.js';
import { testRuntime } from '../aws-lambda/handler-runtime.js';
import { seedLake } from '../scripts/evidence-seed.js';

// In plain Node ESM, the classes are not named exports of the CommonJS package.
const { HttpRequest, InvocationContext } = azureFunctions;

const URL_BASE = 'http://127.0.0.1:7071/api/evidenceHttp';

const OBJECT_ID = '5b1f2a7e-0c1d-4e8f-9a2b-3c4d5e6f7a8b';
/** What App Service authentication adds once it has checked the caller's Entra token. */
const PRINCIPAL = { 'x-ms-client-principal-id': OBJECT_ID, 'x-ms-client-principal-name': 'auditor@contoso.example' };

function request(method: string, query: string, body?: string, headers: Record<string, string> = PRINCIPAL): Request {
  return new HttpRequest({
    method,
    url: `${URL_BASE}${query}`,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: { string: body } } : {}),
  });
}

/** The handler as it runs behind App Service authentication (WEBSITE_AUTH_ENABLED). */
const handlerFor = (getRuntime: () => Promise<Runtime>) => makeEvidenceHttpHandler(getRuntime, { trustPrincipalHeaders: true });

afterEach(() => {
  vi.restoreAllMocks();
});

function context() {
  return new InvocationContext({ invocationId: 'azure-inv-1', functionName: 'evidenceHttp', logHandler: () => undefined });
}

/** Ed25519 keeps the dev key generation fast; the signing path is the same. */
async function seededRuntime(): Promise<Runtime> {
  const t = await testRuntime();
  await seedLake(t.runtime.deps);
  return { ...t.runtime, config: { ...t.runtime.config, evidence: { ...t.runtime.config.evidence, algorithm: 'Ed25519' } } };
}

function jsonBody(res: HttpResponseInit): Record<string, unknown> {
  return res.jsonBody as Record<string, unknown>;
}

describe('the Azure HTTP evidence trigger', () => {
  it('builds a bundle for a GET with a query and answers 200 with the manifest and where it lies', async () => {
    const runtime = await seededRuntime();
    const res = await handlerFor(async () => runtime)(request('GET', '?since=1h&asset=app-1'), context());
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': expect.stringMatching(/^application\/json/) });
    const body = jsonBody(res) as { manifest: { line_count: number; bundle_id: string }; location: string };
    expect(body.manifest).toMatchObject({ line_count: 11, filters: { asset: 'app-1' } });
    expect(body.location).toBe(`${runtime.store.location}/evidence/${body.manifest.bundle_id}.jsonl.gz`);
  });

  it('records the Entra object id in the manifest; without App Service authentication the headers are not trusted (401)', async () => {
    const runtime = await seededRuntime();
    const res = await handlerFor(async () => runtime)(request('GET', '?since=1h'), context());
    expect(jsonBody(res)).toMatchObject({ manifest: { requested_by: { kind: 'entra', id: OBJECT_ID, name: 'auditor@contoso.example' } } });
    expect((await handlerFor(async () => runtime)(request('GET', '?since=1h', undefined, {}), context())).status).toBe(401);
    const untrusted = makeEvidenceHttpHandler(async () => runtime, { trustPrincipalHeaders: false });
    expect((await untrusted(request('GET', '?since=1h'), context())).status).toBe(401);
  });

  it('builds a bundle for a POST with a JSON body', async () => {
    const runtime = await seededRuntime();
    const res = await handlerFor(async () => runtime)(request('POST', '', '{"since":"1h","source":"gcp.pubsub"}'), context());
    expect(res.status).toBe(200);
    expect(jsonBody(res)).toMatchObject({ manifest: { line_count: 1 } });
  });

  it.each<[string, Request, number, RegExp]>([
    ['a repeated parameter', request('GET', '?since=1h&since=2h'), 400, /^since is given more than once$/],
    ['an unknown source', request('GET', '?since=1h&source=azure.vm'), 400, /^unknown source "azure\.vm"/],
    ['a body that is not JSON', request('POST', '', 'since=1h'), 400, /^the body must be a JSON object/],
    ['PUT', request('PUT', '?since=1h'), 405, /use GET or POST/],
  ])('answers %s with a clear error', async (_what, req, status, message) => {
    const runtime = await seededRuntime();
    const res = await handlerFor(async () => runtime)(req, context());
    expect(res.status).toBe(status);
    expect(String(jsonBody(res).error)).toMatch(message);
  });

  it('answers 500 with the invocation id and no secret when the function cannot start', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const res = await handlerFor(async () => Promise.reject(new Error('connection string AccountKey=c2VjcmV0')))(request('GET', '?since=1h'), context());
    expect(res.status).toBe(500);
    expect(jsonBody(res)).toEqual({ error: expect.stringContaining('could not be built'), request_id: 'azure-inv-1' });
    expect(JSON.stringify(res)).not.toContain('c2VjcmV0');
    expect(String(stderr.mock.calls[0]?.[0])).toContain('"message":"evidence function could not start"');
  });
});
