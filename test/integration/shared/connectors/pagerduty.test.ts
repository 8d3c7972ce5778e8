import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import { startPagerDuty } from '../../../helpers/vendors/pagerduty.js';
import type { LoopbackVendor } from '../../../helpers/vendors/server.js';

const TOKEN = 'u+PDTESTTOKEN_abc123';
const iso = (ms: number): string => new Date(ms).toISOString();

describe('the PagerDuty connector against a loopback REST API v2', () => {
  let vendor: LoopbackVendor;
  beforeEach(async () => {
    vendor = await startPagerDuty(TOKEN);
  });
  afterEach(async () => {
    await vendor.close();
  });

  const setup = (over: Record<string, unknown> = {}, token = TOKEN) =>
    harness({ pagerduty: { base_url: vendor.origin, token_secret_ref: 'env:PD_TOKEN', page_size: 2, burst: 100, ...over } }, secretsOf({ 'env:PD_TOKEN': token }));

  it('collects incidents and on-calls with offset/limit/more paging', async () => {
    const h = setup({ from_email: 'integration@corp.test' });
    const result = await h.run();
    expect(result.ok).toBe(true);
    const events = await h.events('pagerduty');
    const incidents = events.filter((e) => e.source_type === 'incident');
    expect(incidents.map((e) => [e.attributes.incident_number, e.severity])).toEqual([
      [1201, 'HIGH'],
      [1202, 'LOW'],
      [1203, 'CRITICAL'],
      [1204, 'HIGH'],
      [1205, 'LOW'],
    ]);
    expect(incidents[2]).toMatchObject({
      event_id: 'pagerduty:incident:Q0AAAAAAAAAAA3:acknowledged:2026-11-25T02:35:00Z',
      title: 'Checkout down in EU',
      asset: 'checkout-api',
      attributes: { status: 'acknowledged', urgency: 'high', priority: 'P1', service: { id: 'PSVC123', name: 'checkout-api' }, assignee_ids: ['PUSR123'] },
    });
    const oncalls = events.filter((e) => e.source_type === 'oncall');
    expect(oncalls).toHaveLength(3);
    // The always-on-call entry (no start) is stamped with the window start.
    expect(oncalls.find((e) => e.attributes.escalation_level === 2)!.timestamp).toBe(iso(NOW - 86_400_000));

    const calls = vendor.to('/incidents');
    expect(calls.map((c) => c.query.get('offset'))).toEqual(['0', '2', '4']);
    expect(calls[0]!.query.get('since')).toBe('2026-11-24T12:00:00.000Z');
    expect(calls[0]!.query.get('until')).toBe('2026-11-25T12:00:00.000Z');
    expect(calls[0]!.headers).toMatchObject({ authorization: `Token token=${TOKEN}`, accept: 'application/vnd.pagerduty+json;version=2', from: 'integration@corp.test' });
    expect(vendor.to('/oncalls').map((c) => c.query.get('offset'))).toEqual(['0', '2']);
    const manifest = await h.storedManifest(result, 'pagerduty');
    expect(manifest.counts).toMatchObject({ incidents: { written: 5 }, oncalls: { written: 3 } });
    expect((await h.cursor('state/cursors/pagerduty.json'))!.data_types.oncalls!.watermark).toBe(iso(NOW));
  });

  it('passes status, service and team filters as repeated [] parameters', async () => {
    const h = setup({ data_types: ['incidents'], statuses: ['triggered', 'acknowledged'], service_ids: ['PSVC123'], team_ids: ['PTEAM12'] });
    await h.run();
    const q = vendor.to('/incidents')[0]!.query;
    expect(q.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
    expect(q.getAll('service_ids[]')).toEqual(['PSVC123']);
    expect(q.getAll('team_ids[]')).toEqual(['PTEAM12']);
    expect((await h.events('pagerduty')).map((e) => e.attributes.incident_number)).toEqual([1203, 1204, 1205]);
  });

  it('records a 401 as an auth error without retrying', async () => {
    const h = setup({}, 'u+wrong');
    const manifest = h.manifest(await h.run(), 'pagerduty');
    expect(manifest.errors.map((e) => e.name)).toEqual(['ConnectorAuthError', 'ConnectorAuthError']);
    expect(vendor.requests).toHaveLength(2);
  });

  it('waits for ratelimit-reset on a 429 that has no Retry-After', async () => {
    vendor.inject({ path: '/incidents', after: 1, reply: { status: 429, headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '7' }, json: { error: { message: 'Rate Limit Exceeded', code: 2020 } } } });
    const h = setup({ data_types: ['incidents'] });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.sleeps).toEqual([7000]);
    expect(h.manifest(result, 'pagerduty').metrics).toMatchObject({ rate_limited: 1 });
  });

  it('retries a 503 and succeeds', async () => {
    vendor.inject({ path: '/oncalls', reply: { status: 503, json: { error: { message: 'Service Unavailable' } } } });
    const h = setup({ data_types: ['oncalls'] });
    expect((await h.run()).ok).toBe(true);
    expect(vendor.to('/oncalls')).toHaveLength(3);
  });

  it('fails a malformed page clearly and does not advance past it', async () => {
    vendor.inject({ path: '/incidents', after: 2, reply: { json: { limit: 2, offset: 4, more: false } } });
    const h = setup();
    const manifest = h.manifest(await h.run(), 'pagerduty');
    expect(manifest.errors).toEqual([expect.objectContaining({ data_type: 'incidents', name: 'ConnectorResponseError' })]);
    expect(manifest.counts.incidents!.written).toBe(4);
    const cursor = await h.cursor('state/cursors/pagerduty.json');
    expect(cursor!.data_types.incidents).toBeUndefined();
    expect(cursor!.data_types.oncalls).toBeDefined();
  });
});
