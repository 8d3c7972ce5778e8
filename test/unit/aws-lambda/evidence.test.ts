import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeEvidenceHandler } from '../../../aws-lambda/evidence.js';
import type { Runtime } from '../../../shared/runtime.js';
import { NOW, seedLake } from '../scripts/evidence-seed.js';
import { testRuntime } from './handler-runtime.js';

/** A Lambda Function URL event (payload format 2.0) as the service sends it. */
const AUDITOR_ARN = 'arn:aws:sts::123456789012:assumed-role/auditor/alice';

/** With AWS_IAM auth the service adds the signing principal under requestContext.authorizer.iam. */
function urlEvent(method: string, query?: Record<string, string>, body?: { text: string; base64?: boolean }, signed = true): LambdaFunctionURLEvent {
  const rawQueryString = query ? new URLSearchParams(query).toString() : '';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString,
    headers: { host: 'evidence-url-id.lambda-url.test', 'x-forwarded-proto': 'https', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: 'evidence-url-id.lambda-url.test',
      domainPrefix: 'abcdefghij',
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'curl/8.5.0' },
      requestId: 'f2b4c3d1-url-request',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:12:00:00 +0000',
      timeEpoch: Date.parse(NOW),
      ...(signed
        ? { authorizer: { iam: { accessKey: 'ASIAEXAMPLE', accountId: '123456789012', callerId: 'AROAEXAMPLE:alice', cognitoIdentity: null, principalOrgId: null, userArn: AUDITOR_ARN, userId: 'AROAEXAMPLE:alice' } } }
        : {}),
    },
    isBase64Encoded: body?.base64 ?? false,
    ...(body ? { body: body.base64 ? Buffer.from(body.text).toString('base64') : body.text } : {}),
  };
}

const context = { awsRequestId: 'lambda-req-1', functionName: 'evidence' } as Context;

/** Ed25519 keeps the dev key generation fast; the signing path is the same. */
async function seededRuntime(): Promise<Runtime> {
  const t = await testRuntime();
  await seedLake(t.runtime.deps);
  return { ...t.runtime, config: { ...t.runtime.config, evidence: { ...t.runtime.config.evidence, algorithm: 'Ed25519' } } };
}

describe('the Lambda Function URL evidence handler', () => {
  it('builds a bundle for a GET and answers 200 with JSON: the manifest and where the bundle lies', async () => {
    const runtime = await seededRuntime();
    const res = await makeEvidenceHandler(async () => runtime)(urlEvent('GET', { since: '1h', asset: 'app-1' }), context);
    if (typeof res === 'string') throw new Error('expected a structured result');
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': expect.stringMatching(/^application\/json/) });
    const body = JSON.parse(res.body!) as { manifest: { line_count: number; bundle_id: string; algorithm: string }; location: string };
    expect(body.manifest).toMatchObject({ line_count: 11, algorithm: 'Ed25519' });
    expect(body.location).toBe(`${runtime.store.location}/evidence/${body.manifest.bundle_id}.jsonl.gz`);
    expect(await runtime.store.get(`evidence/${body.manifest.bundle_id}.manifest.json`)).not.toBeNull();
  });

  it('records the IAM principal that signed the request in the manifest, and refuses an unsigned request (401)', async () => {
    const runtime = await seededRuntime();
    const handler = makeEvidenceHandler(async () => runtime);
    const res = await handler(urlEvent('GET', { since: '1h' }), context);
    if (typeof res === 'string') throw new Error('expected a structured result');
    expect(JSON.parse(res.body!)).toMatchObject({ manifest: { requested_by: { kind: 'aws_iam', id: AUDITOR_ARN } } });
    const unsigned = await handler(urlEvent('GET', { since: '1h' }, undefined, false), context);
    if (typeof unsigned === 'string') throw new Error('expected a structured result');
    expect(unsigned.statusCode).toBe(401);
  });

  it.each([false, true])('reads a POST body (base64-encoded: %s)', async (base64) => {
    const runtime = await seededRuntime();
    const res = await makeEvidenceHandler(async () => runtime)(urlEvent('POST', undefined, { text: '{"since":"1h","source":"gcp.pubsub"}', base64 }), context);
    if (typeof res === 'string') throw new Error('expected a structured result');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({ manifest: { line_count: 1, filters: { source: 'gcp.pubsub' } } });
  });

  it.each<[string, LambdaFunctionURLEvent, number, RegExp]>([
    ['no parameters', urlEvent('GET'), 400, /^since is required/],
    ['a bad window', urlEvent('GET', { since: '1h', until: 'tomorrow' }), 400, /^until "tomorrow" is not/],
    ['a method other than GET or POST', urlEvent('DELETE', { since: '1h' }), 405, /use GET or POST/],
  ])('answers %s with a clear error', async (_what, event, status, message) => {
    const runtime = await seededRuntime();
    const res = await makeEvidenceHandler(async () => runtime)(event, context);
    if (typeof res === 'string') throw new Error('expected a structured result');
    expect(res.statusCode).toBe(status);
    expect((JSON.parse(res.body!) as { error: string }).error).toMatch(message);
  });

  it('answers 500 with the request id and no secret when the signing key cannot be read', async () => {
    const runtime = await seededRuntime();
    const broken: Runtime = {
      ...runtime,
      secrets: { get: async () => Promise.reject(new Error('AccessDenied for s3cr3t-value')) },
      config: { ...runtime.config, evidence: { ...runtime.config.evidence, signing_key_secret_ref: 'bridge/evidence-key' } },
    };
    const res = await makeEvidenceHandler(async () => broken)(urlEvent('GET', { since: '1h' }), context);
    if (typeof res === 'string') throw new Error('expected a structured result');
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!)).toEqual({ error: expect.stringContaining('could not be built'), request_id: 'lambda-req-1' });
    expect(res.body).not.toMatch(/s3cr3t|bridge\/evidence-key/);
  });
});
