import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDynatrace } from '../../../helpers/vendors/dynatrace.js';
import { DAY, harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import type { LoopbackVendor } from '../../../helpers/vendors/server.js';

const TOKEN = 'dt0c01.TESTTOKEN.SECRETPART';
const iso = (ms: number): string => new Date(ms).toISOString();

describe('the Dynatrace connector against a loopback API v2', () => {
  let vendor: LoopbackVendor;
  beforeEach(async () => {
    vendor = await startDynatrace(TOKEN);
  });
  afterEach(async () => {
    await vendor.close();
  });

  const setup = (over: Record<string, unknown> = {}) =>
    harness(
      { dynatrace: { base_url: vendor.origin, api_token_secret_ref: 'env:DT_TOKEN', page_size: 2, entity_selectors: ['type("SERVICE")', 'type("HOST")'], ...over } },
      secretsOf({ 'env:DT_TOKEN': TOKEN }),
    );

  it('collects problems, events and entities across nextPageKey pages and normalizes them', async () => {
    const h = setup();
    const result = await h.run();
    expect(result.ok).toBe(true);
    const events = await h.events('dynatrace');
    const byType = (t: string) => events.filter((e) => e.source_type === t);
    expect(byType('problem').map((e) => e.attributes.display_id)).toEqual(['P-26110002', 'P-26110003', 'P-26110004', 'P-26110005', 'P-26110006']);
    expect(byType('problem').map((e) => e.severity)).toEqual(['MEDIUM', 'CRITICAL', 'MEDIUM', 'HIGH', 'MEDIUM']);
    expect(byType('event').map((e) => [e.attributes.event_type, e.severity])).toEqual([
      ['CUSTOM_DEPLOYMENT', 'INFO'],
      ['RESOURCE_CONTENTION_EVENT', 'MEDIUM'],
      ['ERROR_EVENT', 'HIGH'],
    ]);
    expect(byType('entity').map((e) => e.attributes.entity_id).sort()).toEqual(['HOST-A1B2C3D4E5F60718', 'SERVICE-0F1E2D3C4B5A6978', 'SERVICE-5D4E2B5C8A1F3E6B']);
    const first = byType('problem')[0]!;
    expect(first).toMatchObject({
      source: 'dynatrace',
      timestamp: '2026-11-24T13:10:00.000Z',
      title: 'Response time degradation',
      asset: 'SERVICE-5D4E2B5C8A1F3E6B',
      resource: { cloud: 'saas', service: 'dynatrace', name: 'P-26110002' },
    });
    expect((first.raw_data as Record<string, unknown>).problemId).toBe(first.attributes.problem_id);

    // Pages: problems 5 → 3 requests; follow-ups carry only nextPageKey.
    const problemCalls = vendor.to('/api/v2/problems');
    expect(problemCalls).toHaveLength(3);
    expect(problemCalls[0]!.query.get('from')).toBe(String(NOW - DAY));
    expect(problemCalls[0]!.query.get('to')).toBe(String(NOW));
    expect([...problemCalls[1]!.query.keys()]).toEqual(['nextPageKey']);
    expect(vendor.to('/api/v2/entities').map((r) => r.query.get('entitySelector') ?? 'next-page')).toEqual(['type("SERVICE")', 'type("HOST")']);

    const cursor = await h.cursor('state/cursors/dynatrace.json');
    expect(Object.fromEntries(Object.entries(cursor!.data_types).map(([k, v]) => [k, v.watermark]))).toEqual({
      problems: iso(NOW),
      events: iso(NOW),
      entities: iso(NOW),
    });

    const manifest = await h.storedManifest(result, 'dynatrace');
    expect(manifest).toMatchObject({ connector: 'dynatrace', source: 'dynatrace', status: 'ok', partial: false, window: { start: iso(NOW - DAY), end: iso(NOW) } });
    expect(manifest.counts).toEqual({
      problems: { received: 5, written: 5, quarantined: 0, filtered: 0 },
      events: { received: 3, written: 3, quarantined: 0, filtered: 0 },
      entities: { received: 3, written: 3, quarantined: 0, filtered: 0 },
    });
    expect(manifest.metrics).toMatchObject({ fetch_count: vendor.requests.length, error_count: 0, error_rate: 0 });
    expect(manifest.metrics!.avg_latency_ms).toBeGreaterThanOrEqual(0);
    expect(h.metrics[0]).toMatchObject({ dimensions: { connector: 'dynatrace' }, values: { fetch_count: vendor.requests.length, events_written: 11 } });
  });

  it('starts the next run at the cursor, and an open problem seen again keeps its event id', async () => {
    const h = setup({ data_types: ['problems'] });
    await h.run();
    const later = NOW + 3_600_000;
    await h.run({ now: later });
    const calls = vendor.to('/api/v2/problems').filter((r) => r.query.has('from'));
    expect(calls.at(-1)!.query.get('from')).toBe(String(NOW));
    expect(calls.at(-1)!.query.get('to')).toBe(String(later));
    const events = await h.events('dynatrace');
    const open = events.filter((e) => e.attributes.display_id === 'P-26110005');
    expect(open.length).toBe(2);
    expect(new Set(open.map((e) => e.event_id)).size).toBe(1);
    expect((await h.cursor('state/cursors/dynatrace.json'))!.data_types.problems!.watermark).toBe(iso(later));
  });

  it('records a 401 as an auth error, without retrying, and moves no cursor', async () => {
    const h = harness(
      { dynatrace: { base_url: vendor.origin, api_token_secret_ref: 'env:DT_TOKEN' } },
      secretsOf({ 'env:DT_TOKEN': 'dt0c01.WRONG' }),
    );
    const result = await h.run();
    const manifest = h.manifest(result, 'dynatrace');
    expect(result.ok).toBe(false);
    expect(manifest.status).toBe('partial');
    expect(manifest.errors.map((e) => [e.data_type, e.name, e.status])).toEqual([
      ['problems', 'ConnectorAuthError', 401],
      ['events', 'ConnectorAuthError', 401],
      ['entities', 'ConnectorAuthError', 401],
    ]);
    expect(manifest.errors[0]!.message).not.toContain('WRONG');
    expect(vendor.requests).toHaveLength(3);
    expect(h.sleeps).toEqual([]);
    expect(await h.cursor('state/cursors/dynatrace.json')).toBeNull();
    expect(manifest.metrics).toMatchObject({ fetch_count: 3, error_count: 3, error_rate: 1 });
  });

  it('waits as long as a 429 Retry-After asks, then carries on', async () => {
    vendor.inject({ path: '/api/v2/problems', after: 1, reply: { status: 429, headers: { 'retry-after': '3' }, json: { error: { code: 429, message: 'Too Many Requests' } } } });
    const h = setup({ data_types: ['problems'] });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.sleeps).toContain(3000);
    expect((await h.events('dynatrace')).length).toBe(5);
    expect(h.manifest(result, 'dynatrace').metrics).toMatchObject({ fetch_count: 4, error_count: 1, error_rate: 0.25, retries: 1, rate_limited: 1 });
  });

  it('retries a 503 with backoff and succeeds', async () => {
    vendor.inject({ path: '/api/v2/events', reply: { status: 503, json: { error: { code: 503, message: 'Service Unavailable' } } } });
    const h = setup({ data_types: ['events'] });
    const result = await h.run();
    expect(result.ok).toBe(true);
    // Full jitter with random 0.5 and base 500 ms: 250 ms before the second attempt.
    expect(h.sleeps).toEqual([250]);
    expect(vendor.to('/api/v2/events')).toHaveLength(3);
    expect(h.manifest(result, 'dynatrace').counts.events!.written).toBe(3);
  });

  it('fails a malformed page clearly: the pages before it are written, its cursor does not move, other data types go on', async () => {
    vendor.inject({ path: '/api/v2/problems', after: 1, reply: { json: { totalCount: 5, pageSize: 2, problems: 'not-a-list' } } });
    const h = setup({ data_types: ['problems', 'events'] });
    const result = await h.run();
    const manifest = h.manifest(result, 'dynatrace');
    expect(manifest.partial).toBe(true);
    expect(manifest.errors).toHaveLength(1);
    expect(manifest.errors[0]).toMatchObject({ data_type: 'problems', name: 'ConnectorResponseError' });
    expect(manifest.errors[0]!.message).toMatch(/malformed page \(expected an array at "problems"\)/);
    expect(manifest.counts.problems!.written).toBe(2);
    expect(manifest.collections.find((c) => c.data_type === 'problems')).toMatchObject({ complete: false, pages: 1, cursor_after: null });
    const cursor = await h.cursor('state/cursors/dynatrace.json');
    expect(cursor!.data_types.problems).toBeUndefined();
    expect(cursor!.data_types.events!.watermark).toBe(iso(NOW));
  });

  it('fails a body that is not JSON without retrying it', async () => {
    vendor.inject({ path: '/api/v2/events', reply: { text: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } } });
    const h = setup({ data_types: ['events'] });
    const manifest = h.manifest(await h.run(), 'dynatrace');
    expect(manifest.errors[0]).toMatchObject({ name: 'ConnectorResponseError', message: expect.stringMatching(/not JSON/) });
    expect(vendor.to('/api/v2/events')).toHaveLength(1);
  });

  it('does not sleep through a Retry-After longer than max_retry_after: the run is partial and resumes next time', async () => {
    vendor.inject({ path: '/api/v2/problems', reply: { status: 429, headers: { 'retry-after': '3600' }, json: {} } });
    const h = setup({ data_types: ['problems'], max_retry_after: '60s' });
    const manifest = h.manifest(await h.run(), 'dynatrace');
    expect(manifest.errors[0]).toMatchObject({ name: 'ConnectorRateLimitError', status: 429 });
    expect(h.sleeps).toEqual([]);
  });
});
