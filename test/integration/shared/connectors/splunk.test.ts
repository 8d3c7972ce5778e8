import { afterEach, describe, expect, it } from 'vitest';
import { DAY, harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import { startSplunk, type SplunkFake } from '../../../helpers/vendors/splunk.js';

const PASSWORD = 'correct horse battery staple';
const TOKEN = 'eyJraWQiOiJzcGx1bmsuc2VjcmV0IiwiYWxnIjoiSFM1MTIifQ.test';
const iso = (ms: number): string => new Date(ms).toISOString();
const SEARCHES = { security: 'index=main sourcetype=linux_secure', notable: 'search index=notable' };

describe('the Splunk connector against a loopback REST API', () => {
  let fake: SplunkFake;
  afterEach(async () => {
    await fake.server.close();
  });

  const sessionSetup = async (over: Record<string, unknown> = {}, password = PASSWORD) => {
    fake = await startSplunk({ username: 'svc_bridge', password: PASSWORD, pollsBeforeDone: 2 });
    return harness(
      { splunk: { base_url: fake.server.origin, username: 'svc_bridge', password_secret_ref: 'env:SPLUNK_PASSWORD', searches: SEARCHES, page_size: 2, burst: 100, ...over } },
      secretsOf({ 'env:SPLUNK_PASSWORD': password }),
    );
  };

  it('logs in, creates a job per search, polls it to DONE and reads the results in pages', async () => {
    const h = await sessionSetup();
    const result = await h.run();
    expect(result.ok).toBe(true);
    const events = await h.events('splunk');
    const security = events.filter((e) => e.attributes.search === 'security');
    expect(security).toHaveLength(5);
    expect(security[0]).toMatchObject({
      source: 'splunk',
      source_type: 'event',
      timestamp: '2026-11-24T12:30:00.000Z',
      severity: 'INFO',
      title: 'linux_secure event on web-01',
      event_id: 'splunk:main:main~42~5B1C0E8F-1D2C-4E3F-9A8B-7C6D5E4F3A20:42:100000',
      attributes: { index: 'main', sourcetype: 'linux_secure', host: 'web-01' },
    });
    const notable = events.find((e) => e.attributes.search === 'notable')!;
    expect(notable).toMatchObject({ severity: 'HIGH', title: 'Brute Force Access Behavior Detected', event_id: expect.stringMatching(/^splunk:notable:/) });

    // The e-mail in one _raw was redacted before the write, and the manifest counts it.
    expect(JSON.stringify(security.map((e) => e.raw_data))).not.toContain('alice@corp.test');
    const manifest = await h.storedManifest(result, 'splunk');
    expect(manifest.redactions.email).toBeGreaterThanOrEqual(1);
    expect(manifest.counts).toMatchObject({ security: { written: 5 }, notable: { written: 1 } });

    expect(fake.server.to('/services/auth/login')).toHaveLength(1);
    expect(fake.jobs.map((j) => [j.search, j.earliest, j.latest])).toEqual([
      ['search index=main sourcetype=linux_secure', ((NOW - DAY) / 1000).toFixed(3), (NOW / 1000).toFixed(3)],
      ['search index=notable', ((NOW - DAY) / 1000).toFixed(3), (NOW / 1000).toFixed(3)],
    ]);
    const resultCalls = fake.server.to(/\/results$/).map((r) => [r.query.get('offset'), r.query.get('count')]);
    expect(resultCalls).toEqual([
      ['0', '2'],
      ['2', '2'],
      ['4', '2'],
      ['0', '2'],
    ]);
    expect(fake.server.requests.filter((r) => r.path.startsWith('/services/search/jobs/')).every((r) => r.headers.authorization?.startsWith('Splunk '))).toBe(true);
    // Two polls answer QUEUED and RUNNING: one poll interval slept before each.
    expect(h.sleeps).toEqual([1000, 1000, 1000, 1000]);
    expect(fake.server.to(/^\/services\/search\/jobs\/[^/]+$/, 'DELETE')).toHaveLength(2);
    expect((await h.cursor('state/cursors/splunk.json'))!.data_types.security!.watermark).toBe(iso(NOW));
  });

  it('uses a bearer token without logging in', async () => {
    fake = await startSplunk({ token: TOKEN, pollsBeforeDone: 0 });
    const h = harness(
      { splunk: { base_url: fake.server.origin, token_secret_ref: 'env:SPLUNK_TOKEN', searches: { notable: SEARCHES.notable } } },
      secretsOf({ 'env:SPLUNK_TOKEN': TOKEN }),
    );
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(fake.server.to('/services/auth/login')).toHaveLength(0);
    expect(fake.server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(await h.events('splunk')).toHaveLength(1);
  });

  it('logs in again once when a session expires mid-run', async () => {
    const h = await sessionSetup({ data_types: ['security'] });
    fake.server.inject({ path: /\/results$/, after: 1, reply: { status: 401, json: { messages: [{ type: 'WARN', text: 'call not properly authenticated' }] } } });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(fake.server.to('/services/auth/login')).toHaveLength(2);
    expect(await h.events('splunk')).toHaveLength(5);
  });

  it('records a refused login as an auth error and does not retry it', async () => {
    const h = await sessionSetup({}, 'wrong password');
    const manifest = h.manifest(await h.run(), 'splunk');
    expect(manifest.status).toBe('partial');
    expect(manifest.errors.map((e) => [e.data_type, e.name, e.status])).toEqual([
      ['security', 'ConnectorAuthError', 401],
      ['notable', 'ConnectorAuthError', 401],
    ]);
    expect(JSON.stringify(manifest)).not.toContain('wrong password');
    expect(fake.server.to('/services/auth/login')).toHaveLength(2);
    expect(fake.jobs).toHaveLength(0);
    expect(await h.cursor('state/cursors/splunk.json')).toBeNull();
  });

  it('honours Retry-After on a 429 when creating a job', async () => {
    const h = await sessionSetup({ data_types: ['notable'] });
    fake.server.inject({ path: '/services/search/jobs', method: 'POST', reply: { status: 429, headers: { 'retry-after': '2' }, json: { messages: [] } } });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.sleeps[0]).toBe(2000);
    expect(h.manifest(result, 'splunk').metrics).toMatchObject({ rate_limited: 1, retries: 1, error_count: 1 });
  });

  it('retries a 503 on a results page', async () => {
    const h = await sessionSetup({ data_types: ['security'] });
    fake.server.inject({ path: /\/results$/, after: 1, reply: { status: 503, json: { messages: [{ type: 'ERROR', text: 'Service Unavailable' }] } } });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(await h.events('splunk')).toHaveLength(5);
    expect(h.sleeps).toContain(250);
  });

  it('fails a malformed results page clearly and leaves the cursor behind the unwritten data', async () => {
    const h = await sessionSetup({ data_types: ['security'] });
    fake.server.inject({ path: /\/results$/, after: 1, reply: { json: { preview: false, results: { oops: true } } } });
    const result = await h.run();
    const manifest = h.manifest(result, 'splunk');
    expect(manifest.partial).toBe(true);
    expect(manifest.errors[0]).toMatchObject({ name: 'ConnectorResponseError', message: expect.stringMatching(/malformed page/) });
    expect(manifest.counts.security!.written).toBe(2);
    expect(await h.cursor('state/cursors/splunk.json')).toBeNull();
  });

  it('reports a job that ends FAILED', async () => {
    fake = await startSplunk({ username: 'svc_bridge', password: PASSWORD, finalState: 'FAILED', pollsBeforeDone: 0 });
    const h = harness(
      { splunk: { base_url: fake.server.origin, username: 'svc_bridge', password_secret_ref: 'env:SPLUNK_PASSWORD', searches: { notable: SEARCHES.notable } } },
      secretsOf({ 'env:SPLUNK_PASSWORD': PASSWORD }),
    );
    const manifest = h.manifest(await h.run(), 'splunk');
    expect(manifest.errors[0]).toMatchObject({ name: 'ConnectorError', message: 'splunk: search job ended in FAILED' });
  });
});
