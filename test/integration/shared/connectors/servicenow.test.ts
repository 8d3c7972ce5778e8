import { afterEach, describe, expect, it } from 'vitest';
import { harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import type { LoopbackVendor } from '../../../helpers/vendors/server.js';
import { startServiceNow } from '../../../helpers/vendors/servicenow.js';

const USER = 'integration.user';
const PASSWORD = 'S3rv1ceN0w!pass';
const CLIENT_SECRET = 'oauth-client-secret-value';
const iso = (ms: number): string => new Date(ms).toISOString();

describe('the ServiceNow connector against a loopback Table API', () => {
  let vendor: LoopbackVendor;
  afterEach(async () => {
    await vendor.close();
  });

  const basic = async (over: Record<string, unknown> = {}, password = PASSWORD) => {
    vendor = await startServiceNow({ username: USER, password: PASSWORD, clientId: 'bridge-client', clientSecret: CLIENT_SECRET });
    return harness(
      { servicenow: { base_url: vendor.origin, username: USER, password_secret_ref: 'env:SN_PASSWORD', page_size: 2, burst: 100, ...over } },
      secretsOf({ 'env:SN_PASSWORD': password, 'env:SN_CLIENT_SECRET': CLIENT_SECRET }),
    );
  };

  it('collects incidents, changes and CIs with offset paging, mapping priority to severity', async () => {
    const h = await basic();
    const result = await h.run();
    expect(result.ok).toBe(true);
    const events = await h.events('servicenow');
    const incidents = events.filter((e) => e.source_type === 'incident');
    expect(incidents.map((e) => [e.attributes.number, e.severity])).toEqual([
      ['INC0010001', 'CRITICAL'],
      ['INC0010002', 'HIGH'],
      ['INC0010003', 'MEDIUM'],
      ['INC0010004', 'LOW'],
      ['INC0010005', 'CRITICAL'],
    ]);
    expect(incidents[0]).toMatchObject({
      event_id: 'servicenow:incident:9d385017c611228701d22104cc95c371:2026-11-24 12:05:00',
      timestamp: '2026-11-24T12:05:00.000Z',
      title: 'INC0010001: Checkout API returning 502s',
      attributes: { state: '2', priority: '1', opened_at: '2026-11-24T12:00:00.000Z' },
    });
    // Free text stays out of raw_data by default.
    expect(Object.keys(incidents[0]!.raw_data as object)).not.toContain('description');
    expect(JSON.stringify(events)).not.toContain('corp.test');
    expect(events.filter((e) => e.source_type === 'change').map((e) => [e.attributes.number, e.severity])).toEqual([
      ['CHG0030001', 'MEDIUM'],
      ['CHG0030002', 'CRITICAL'],
    ]);
    expect(events.filter((e) => e.source_type === 'config_item').map((e) => [e.asset, e.severity])).toEqual([
      ['checkout-api', 'INFO'],
      ['web-01', 'INFO'],
    ]);

    const calls = vendor.to('/api/now/table/incident');
    expect(calls.map((c) => c.query.get('sysparm_offset'))).toEqual(['0', '2', '4']);
    expect(calls[0]!.query.get('sysparm_query')).toBe(
      "sys_updated_on>=javascript:gs.dateGenerate('2026-11-24','12:00:00')^sys_updated_on<javascript:gs.dateGenerate('2026-11-25','12:00:00')^ORDERBYsys_updated_on^ORDERBYsys_id",
    );
    expect(calls[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
    const manifest = await h.storedManifest(result, 'servicenow');
    expect(manifest.counts).toMatchObject({ incidents: { written: 5 }, changes: { written: 2 }, config_items: { written: 2 } });
    expect((await h.cursor('state/cursors/servicenow.json'))!.data_types.config_items!.watermark).toBe(iso(NOW));
  });

  it('filters incidents by state and keeps free text when asked', async () => {
    const h = await basic({ data_types: ['incidents'], incident_states: ['1', '2'], include_free_text: true });
    await h.run();
    expect(vendor.to('/api/now/table/incident')[0]!.query.get('sysparm_query')).toContain('^stateIN1,2^');
    const events = await h.events('servicenow');
    expect(events.map((e) => e.attributes.number)).toEqual(['INC0010001', 'INC0010002', 'INC0010003', 'INC0010005']);
    expect((events[0]!.raw_data as Record<string, unknown>).description).toBe('Customers report errors at checkout. Reporter: [REDACTED:email]');
  });

  it('gets an OAuth token once and renews it after a 401', async () => {
    const h = await basic({ data_types: ['incidents'], client_id: 'bridge-client', client_secret_secret_ref: 'env:SN_CLIENT_SECRET' });
    vendor.inject({ path: '/api/now/table/incident', after: 1, reply: { status: 401, json: { error: { message: 'User Not Authenticated' }, status: 'failure' } } });
    const result = await h.run();
    expect(result.ok).toBe(true);
    const tokenCalls = vendor.to('/oauth_token.do');
    expect(tokenCalls).toHaveLength(2);
    expect(tokenCalls[0]!.form.get('grant_type')).toBe('password');
    expect(vendor.to('/api/now/table/incident').every((c) => c.headers.authorization?.startsWith('Bearer '))).toBe(true);
    expect(await h.events('servicenow')).toHaveLength(5);
  });

  it('records refused basic credentials as auth errors, one request per data type', async () => {
    const h = await basic({}, 'wrong');
    const manifest = h.manifest(await h.run(), 'servicenow');
    expect(manifest.errors.map((e) => [e.name, e.status])).toEqual([
      ['ConnectorAuthError', 401],
      ['ConnectorAuthError', 401],
      ['ConnectorAuthError', 401],
    ]);
    expect(vendor.requests).toHaveLength(3);
    expect(await h.cursor('state/cursors/servicenow.json')).toBeNull();
  });

  it('honours Retry-After on a 429', async () => {
    const h = await basic({ data_types: ['config_items'] });
    vendor.inject({ path: '/api/now/table/cmdb_ci', reply: { status: 429, headers: { 'retry-after': '5', 'x-ratelimit-reset': '1795608005' }, json: { error: { message: 'Rate limit exceeded' } } } });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.sleeps).toEqual([5000]);
  });

  it('retries a 503 and succeeds', async () => {
    const h = await basic({ data_types: ['changes'] });
    vendor.inject({ path: '/api/now/table/change_request', reply: { status: 503, text: 'Service Unavailable' } });
    expect((await h.run()).ok).toBe(true);
    expect(vendor.to('/api/now/table/change_request')).toHaveLength(2);
  });

  it('fails a malformed page clearly: earlier pages written, cursor not advanced', async () => {
    const h = await basic({ data_types: ['incidents'] });
    vendor.inject({ path: '/api/now/table/incident', after: 1, reply: { headers: { 'x-total-count': '5' }, json: { result: null } } });
    const manifest = h.manifest(await h.run(), 'servicenow');
    expect(manifest.errors[0]!.message).toBe('servicenow: /api/now/table/incident: malformed page (expected an array at "result")');
    expect(manifest.counts.incidents!.written).toBe(2);
    expect(await h.cursor('state/cursors/servicenow.json')).toBeNull();
  });
});

describe('ServiceNow offset paging while rows change', () => {
  it('starts the window over when a row leaves it mid-paging, so no row is skipped', async () => {
    const { vendorFixture } = await import('../../../helpers/vendors/fixtures.js');
    const incidents = vendorFixture<Array<Record<string, unknown>>>('servicenow', 'incident');
    const vendor = await startServiceNow({
      username: USER,
      password: PASSWORD,
      tables: { incident: incidents },
      // After the first page, INC0010001 is updated: it leaves the window and the rest move up one.
      beforeRead: (n) => {
        if (n === 1) incidents[0]!.sys_updated_on = '2026-11-25 12:30:00';
      },
    });
    try {
      const h = harness(
        { servicenow: { base_url: vendor.origin, username: USER, password_secret_ref: 'env:SN_PASSWORD', page_size: 2, burst: 100, data_types: ['incidents'] } },
        secretsOf({ 'env:SN_PASSWORD': PASSWORD }),
      );
      const result = await h.run();
      expect(result.ok).toBe(true);
      expect(vendor.to('/api/now/table/incident').map((c) => c.query.get('sysparm_offset'))).toEqual(['0', '2', '0', '2']);
      const numbers = new Set((await h.events('servicenow')).map((e) => e.attributes.number));
      expect([...numbers].sort()).toEqual(['INC0010001', 'INC0010002', 'INC0010003', 'INC0010004', 'INC0010005']);
    } finally {
      await vendor.close();
    }
  });
});
