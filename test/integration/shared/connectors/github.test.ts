import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubData, startGitHub } from '../../../helpers/vendors/github.js';
import { harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import type { LoopbackVendor } from '../../../helpers/vendors/server.js';

const TOKEN = 'ghp_TESTTOKEN000000000000000000000000';
const iso = (ms: number): string => new Date(ms).toISOString();

describe('the GitHub connector against a loopback REST API', () => {
  let vendor: LoopbackVendor;
  beforeEach(async () => {
    vendor = await startGitHub(TOKEN, { 'octo-org/checkout': githubData(), 'octo-org/cart': { ...githubData(), alerts: [] } });
  });
  afterEach(async () => {
    await vendor.close();
  });

  const setup = (over: Record<string, unknown> = {}, token = TOKEN) =>
    harness(
      { github: { base_url: vendor.origin, token_secret_ref: 'env:GITHUB_TOKEN', repositories: ['octo-org/checkout'], page_size: 2, burst: 100, ...over } },
      secretsOf({ 'env:GITHUB_TOKEN': token }),
    );

  it('collects the five data types, following Link headers and stopping at the window', async () => {
    const h = setup();
    const result = await h.run();
    expect(result.ok).toBe(true);
    const events = await h.events('github');
    const of = (t: string) => events.filter((e) => e.source_type === t);
    expect(of('deployment').map((e) => [e.attributes.deployment_id, e.attributes.revision, e.attributes.environment])).toEqual([
      [1003, '1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e', 'production'],
      [1004, 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d', 'staging'],
      [1005, 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d', 'production'],
    ]);
    expect(of('deployment')[0]).toMatchObject({ event_id: 'github:deployment:octo-org/checkout:1003', asset: 'octo-org/checkout', attributes: { mapping_confidence: 'high' } });
    // Statuses created in the window, including those of the deployment from before it (1002).
    expect(of('deployment_status').map((e) => [e.attributes.deployment_id, e.attributes.state, e.severity])).toEqual([
      [1002, 'inactive', 'INFO'],
      [1003, 'in_progress', 'INFO'],
      [1003, 'success', 'INFO'],
      [1004, 'success', 'INFO'],
      [1005, 'in_progress', 'INFO'],
      [1005, 'failure', 'HIGH'],
    ]);
    expect(of('release').map((e) => e.attributes.tag)).toEqual(['v2.4.1', 'v2.4.2']);
    expect(of('workflow_run').map((e) => [e.attributes.run_number, e.attributes.conclusion ?? e.attributes.status, e.severity])).toEqual([
      [501, 'success', 'INFO'],
      [502, 'cancelled', 'LOW'],
      [503, 'success', 'INFO'],
      [504, 'failure', 'MEDIUM'],
      [505, 'in_progress', 'INFO'],
    ]);
    expect(of('dependabot_alert').map((e) => [e.attributes.alert_number, e.severity])).toEqual([
      [12, 'MEDIUM'],
      [13, 'INFO'],
      [14, 'CRITICAL'],
    ]);

    expect(vendor.to('/repos/octo-org/checkout/releases').map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(vendor.to('/repos/octo-org/checkout/dependabot/alerts').map((r) => r.query.get('after') === null)).toEqual([true, false]);
    expect(vendor.to('/repos/octo-org/checkout/actions/runs')[0]!.query.get('created')).toBe('2026-11-24T12:00:00Z..2026-11-25T12:00:00Z');
    expect(vendor.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.headers['x-github-api-version'] === '2022-11-28')).toBe(true);

    const cursor = await h.cursor('state/cursors/github-octo-org.checkout.json');
    expect(cursor).toMatchObject({ connector: 'github', scope: 'octo-org/checkout' });
    expect(Object.values(cursor!.data_types).map((c) => c.watermark)).toEqual(Array(5).fill(iso(NOW)));
    const manifest = await h.storedManifest(result, 'github');
    expect(manifest.counts).toMatchObject({ deployments: { written: 3 }, deployment_statuses: { written: 6 }, releases: { written: 2 }, workflow_runs: { written: 5 }, dependabot_alerts: { written: 3 } });
  });

  it('keeps one cursor per repository', async () => {
    const h = setup({ repositories: ['octo-org/checkout', 'octo-org/cart'], data_types: ['deployments'] });
    const result = await h.run();
    // Newest first, 2 per page: page 2 ends before the window, so page 3 is never asked for.
    expect(vendor.to('/repos/octo-org/checkout/deployments').map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(h.manifest(result, 'github').scopes).toEqual(['octo-org/checkout', 'octo-org/cart']);
    expect(await h.cursor('state/cursors/github-octo-org.checkout.json')).not.toBeNull();
    expect(await h.cursor('state/cursors/github-octo-org.cart.json')).not.toBeNull();
    expect((await h.events('github')).filter((e) => e.asset === 'octo-org/cart')).toHaveLength(3);
  });

  it('records a 401 as an auth error without retrying', async () => {
    const h = setup({ data_types: ['releases', 'workflow_runs'] }, 'ghp_wrong');
    const manifest = h.manifest(await h.run(), 'github');
    expect(manifest.errors.map((e) => [e.name, e.status])).toEqual([
      ['ConnectorAuthError', 401],
      ['ConnectorAuthError', 401],
    ]);
    expect(vendor.requests).toHaveLength(2);
  });

  it('treats a 403 with an exhausted quota as a rate limit and waits for x-ratelimit-reset', async () => {
    vendor.inject({
      path: '/repos/octo-org/checkout/releases',
      reply: { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String((NOW + 20_000) / 1000) }, json: { message: 'API rate limit exceeded' } },
    });
    const h = setup({ data_types: ['releases'] });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.sleeps).toEqual([20_000]);
    expect(h.manifest(result, 'github').metrics).toMatchObject({ rate_limited: 1 });
  });

  it('honours Retry-After on a secondary-rate-limit 429', async () => {
    vendor.inject({ path: '/repos/octo-org/checkout/deployments', reply: { status: 429, headers: { 'retry-after': '4' }, json: { message: 'You have exceeded a secondary rate limit' } } });
    const h = setup({ data_types: ['deployments'] });
    expect((await h.run()).ok).toBe(true);
    expect(h.sleeps).toEqual([4000]);
  });

  it('retries a 503 and succeeds', async () => {
    vendor.inject({ path: '/repos/octo-org/checkout/dependabot/alerts', after: 1, reply: { status: 503, json: { message: 'Service Unavailable' } } });
    const h = setup({ data_types: ['dependabot_alerts'] });
    expect((await h.run()).ok).toBe(true);
    expect((await h.events('github')).length).toBe(3);
  });

  it('fails a malformed page clearly; the cursor stays behind it', async () => {
    vendor.inject({ path: '/repos/octo-org/checkout/actions/runs', after: 1, reply: { json: { total_count: 5, workflow_runs: 'oops' } } });
    const h = setup({ data_types: ['workflow_runs', 'releases'] });
    const manifest = h.manifest(await h.run(), 'github');
    expect(manifest.errors).toEqual([expect.objectContaining({ scope: 'octo-org/checkout', data_type: 'workflow_runs', name: 'ConnectorResponseError' })]);
    expect(manifest.counts.workflow_runs!.written).toBe(2);
    const cursor = await h.cursor('state/cursors/github-octo-org.checkout.json');
    expect(cursor!.data_types.workflow_runs).toBeUndefined();
    expect(cursor!.data_types.releases).toBeDefined();
  });

  it('refuses to follow a Link to another origin', async () => {
    vendor.inject({ path: '/repos/octo-org/checkout/releases', reply: { headers: { link: '<http://127.0.0.2:1/repos/octo-org/checkout/releases?page=2>; rel="next"' }, json: [githubData().releases[1]] } });
    const h = setup({ data_types: ['releases'] });
    const manifest = h.manifest(await h.run(), 'github');
    expect(manifest.errors[0]!.message).toMatch(/another origin/);
  });
});
