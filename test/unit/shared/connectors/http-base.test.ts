import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorAuthError, ConnectorConnectionError, ConnectorError, ConnectorRateLimitError, ConnectorResponseError } from '../../../../shared/connectors/errors.js';
import { HttpClient, isVendorFailure, type HttpClientOptions } from '../../../../shared/connectors/http-base.js';
import { ConnectorMetrics } from '../../../../shared/connectors/metrics.js';
import { CircuitBreaker } from '../../../../shared/resilience/circuit-breaker.js';
import { startVendor, type LoopbackVendor } from '../../../helpers/vendors/server.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const SECRET = 'super-secret-token-value';

let vendor: LoopbackVendor;
beforeAll(async () => {
  vendor = await startVendor((req) => ({ json: { path: req.path, query: Object.fromEntries(req.query), auth: req.headers.authorization ?? null } }));
});
afterAll(async () => {
  await vendor.close();
});

function client(over: Partial<HttpClientOptions> = {}) {
  const sleeps: number[] = [];
  const metrics = new ConnectorMetrics('vendor');
  const http = new HttpClient({
    connector: 'vendor',
    baseUrl: `${vendor.origin}/api`,
    fetch: globalThis.fetch,
    timeoutMs: 5000,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 },
    metrics,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    clock: () => NOW,
    auth: async () => ({ authorization: `Bearer ${SECRET}` }),
    ...over,
  });
  return { http, sleeps, metrics };
}

describe('HttpClient', () => {
  it('joins the base path, encodes query values and repeats array keys', async () => {
    const { http } = client();
    const res = await http.request<{ path: string; query: Record<string, string> }>({ path: '/items', query: { a: 1, b: 'x y', skip: undefined, 'ids[]': ['P1', 'P2'] } });
    expect(res.body.path).toBe('/api/items');
    expect(http.resolve('/items', { 'ids[]': ['P1', 'P2'], b: 'x y' }).search).toBe('?ids%5B%5D=P1&ids%5B%5D=P2&b=x+y');
  });

  it('sends the auth headers and a user agent', async () => {
    const { http } = client();
    await http.request({ path: '/x' });
    const seen = vendor.requests.at(-1)!;
    expect(seen.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen.headers['user-agent']).toBe('telemetry-bridge');
  });

  it.each([
    [401, {}, ConnectorAuthError, false],
    [403, {}, ConnectorAuthError, false],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) }, ConnectorRateLimitError, true],
    [429, { 'retry-after': '1' }, ConnectorRateLimitError, true],
    [500, {}, ConnectorError, true],
    [503, {}, ConnectorError, true],
    [404, {}, ConnectorError, false],
    [400, {}, ConnectorError, false],
  ])('maps a %i %j to %o (retryable: %s)', async (status, headers, cls, retryable) => {
    const path = `/status-${status}-${Object.keys(headers).length}`;
    vendor.inject({ path: `/api${path}`, times: 10, reply: { status, headers, json: { message: 'no' } } });
    const { http } = client({ retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000 } });
    const err = await http.request({ path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    expect((err as ConnectorError).retryable).toBe(retryable);
    expect((err as ConnectorError).status).toBe(status);
    expect((err as Error).message).toBe(
      `vendor: GET /api${path} ${cls === ConnectorRateLimitError ? `was rate limited (${status})` : cls === ConnectorAuthError ? `was refused (${status}); check the credentials and their permissions` : `failed with ${status}`}`,
    );
    expect(JSON.stringify({ m: (err as Error).message, c: (err as ConnectorError).context })).not.toContain(SECRET);
  });

  it('maps a refused connection to a retryable ConnectorConnectionError and counts each attempt', async () => {
    const closed = await startVendor(() => ({}));
    const origin = closed.origin;
    await closed.close();
    const { http, metrics, sleeps } = client({ baseUrl: origin });
    const err = await http.request({ path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorConnectionError);
    expect((err as Error).message).toBe('vendor: GET /x could not connect');
    expect(sleeps).toEqual([50, 100]);
    expect(metrics.snapshot()).toMatchObject({ fetch_count: 3, error_count: 3, error_rate: 1, retries: 2 });
  });

  it('refuses a link to another origin before sending anything', async () => {
    const { http } = client();
    const before = vendor.requests.length;
    await expect(http.request({ path: 'http://127.0.0.2:9/api/x' })).rejects.toBeInstanceOf(ConnectorResponseError);
    expect(vendor.requests.length).toBe(before);
  });

  it('follows an absolute link on the same origin', async () => {
    const { http } = client();
    const res = await http.request<{ path: string }>({ path: `${vendor.origin}/api/page?n=2` });
    expect(res.body.path).toBe('/api/page');
  });

  it('pauses before the next request when a success says the quota is used up', async () => {
    vendor.inject({ path: '/api/quota', reply: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 12) }, json: {} } });
    const { http, sleeps } = client();
    await http.request({ path: '/quota' });
    expect(sleeps).toEqual([]);
    await http.request({ path: '/quota' });
    expect(sleeps).toEqual([12_000]);
  });

  it('renews auth once on a 401 and sends again', async () => {
    vendor.inject({ path: '/api/renew', reply: { status: 401, json: {} } });
    let renewals = 0;
    const { http } = client({ onUnauthorized: async () => (renewals++, true) });
    await expect(http.request({ path: '/renew' })).resolves.toMatchObject({ status: 200 });
    expect(renewals).toBe(1);
  });

  it('fails fast with a connection error once the circuit is open', async () => {
    vendor.inject({ path: '/api/down', times: 100, reply: { status: 503, json: {} } });
    const breaker = new CircuitBreaker({ name: 'vendor', failureThreshold: 2, resetAfterMs: 60_000, clock: () => NOW, isFailure: isVendorFailure });
    const { http } = client({ breaker, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
    const before = vendor.to('/api/down').length;
    const err = await http.request({ path: '/down' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorConnectionError);
    expect((err as Error).message).toMatch(/circuit open after 2 consecutive failures/);
    expect(vendor.to('/api/down').length - before).toBe(2);
  });

  it('turns a missing secret into a non-retried auth error naming the reference', async () => {
    const { http, sleeps } = client({ auth: async () => Promise.reject(new Error('secret env:MISSING is not set')) });
    const err = await http.request({ path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorAuthError);
    expect((err as Error).message).toBe('vendor: credentials unavailable: secret env:MISSING is not set');
    expect(sleeps).toEqual([]);
  });
});

describe('isVendorFailure', () => {
  it.each([
    [new ConnectorConnectionError('x'), true],
    [new ConnectorError('5xx', { retryable: true }), true],
    [new ConnectorError('404'), false],
    [new ConnectorAuthError('401'), false],
    [new ConnectorRateLimitError('429'), false],
    [new ConnectorResponseError('bad page'), false],
  ])('%o → %s', (err, expected) => {
    expect(isVendorFailure(err)).toBe(expected);
  });
});
