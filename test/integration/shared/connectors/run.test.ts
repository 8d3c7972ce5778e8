import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../../shared/errors.js';
import { runCollection } from '../../../../shared/connectors/run.js';
import { startDynatrace } from '../../../helpers/vendors/dynatrace.js';
import { vendorFixture } from '../../../helpers/vendors/fixtures.js';
import { harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import { startPagerDuty } from '../../../helpers/vendors/pagerduty.js';
import { startVendor, type LoopbackVendor } from '../../../helpers/vendors/server.js';
import { readAll } from '../../../helpers/pipeline.js';

const secrets = secretsOf({ 'env:DT': 'dt-token', 'env:PD': 'pd-token' });

describe('runCollection', () => {
  const vendors: LoopbackVendor[] = [];
  afterEach(async () => {
    await Promise.all(vendors.splice(0).map((v) => v.close()));
  });

  it('writes a run manifest even when no connector is enabled', async () => {
    const h = harness({}, secrets);
    const result = await h.run({ runId: 'run-empty' });
    expect(result).toMatchObject({ runId: 'run-empty', manifests: [], disabled: [], ok: true, manifestKey: 'manifests/run/dt=2026-11-25/run-empty.json' });
    const stored = await readAll(h.deps.store, 'manifests/');
    expect([...stored.keys()]).toEqual(['manifests/run/dt=2026-11-25/run-empty.json']);
    expect(JSON.parse(stored.get('manifests/run/dt=2026-11-25/run-empty.json')!)).toMatchObject({ run_id: 'run-empty', connectors: [], disabled: [] });
  });

  it('never loads a disabled connector', async () => {
    const load = vi.fn(async () => import('../../../../shared/connectors/pagerduty.js'));
    const h = harness({ pagerduty: { enabled: false, base_url: 'not even a url' } }, secrets);
    const result = await h.run({ loaders: { pagerduty: load } });
    expect(load).not.toHaveBeenCalled();
    expect(result.disabled).toEqual(['pagerduty']);
  });

  it.each([
    [{ pagerdutyy: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:PD' } }, /^invalid config at connectors\.pagerdutyy: unknown connector "pagerdutyy" \(known: dynatrace, splunk, servicenow, pagerduty, github, kubernetes, postgres\)/],
    [{ pagerduty: { base_url: 'ftp://x', token_secret_ref: 'env:PD' } }, /^invalid config at connectors\.pagerduty\.base_url: must be an http\(s\) URL/],
    [{ pagerduty: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:PD', lookback: 'a day' } }, /^invalid config at connectors\.pagerduty\.lookback: must be a duration/],
    [{ pagerduty: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:PD', statuses: ['open'] } }, /^invalid config at connectors\.pagerduty\.statuses\[0\]/],
    [{ pagerduty: { base_url: 'http://127.0.0.1:1', tokn_secret_ref: 'env:PD' } }, /^invalid config at connectors\.pagerduty\.token_secret_ref/],
    [{ ops: { type: 'gitlab', base_url: 'http://127.0.0.1:1' } }, /^invalid config at connectors\.ops\.type: unknown connector "gitlab"/],
    [{ splunk: { base_url: 'http://127.0.0.1:1', searches: { a: 'index=x' } } }, /^invalid config at connectors\.splunk\.token_secret_ref: set either/],
    [{ servicenow: { base_url: 'http://127.0.0.1:1', client_id: 'c' } }, /^invalid config at connectors\.servicenow\.client_secret_secret_ref/],
  ])('refuses bad connector config at start, naming the path (%#)', async (connectors, message) => {
    const h = harness(connectors, secrets);
    const err = await h.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect([...(await readAll(h.deps.store)).keys()]).toEqual([]);
  });

  it('names an unrecognized key', async () => {
    const h = harness({ pagerduty: { base_url: 'http://127.0.0.1:1', token_secret_ref: 'env:PD', tokens: 1 } }, secrets);
    await expect(h.run()).rejects.toThrow(/connectors\.pagerduty\.tokens: Unrecognized key/);
  });

  it('runs a configured alias of a connector type under its own name', async () => {
    const dt = await startDynatrace('dt-token');
    vendors.push(dt);
    const h = harness({ dt_prod: { type: 'dynatrace', base_url: dt.origin, api_token_secret_ref: 'env:DT', data_types: ['events'] } }, secrets);
    const result = await h.run({ runId: 'r1' });
    expect(result.manifests[0]).toMatchObject({ connector: 'dt_prod', type: 'dynatrace', key: 'manifests/connector=dt_prod/dt=2026-11-25/r1.json' });
    expect(await h.cursor('state/cursors/dt_prod.json')).not.toBeNull();
  });

  it('records one connector failing (unreachable, or broken at create) while the others still run', async () => {
    const dt = await startDynatrace('dt-token');
    const closed = await startVendor(() => ({ json: {} }));
    const deadUrl = closed.origin;
    await closed.close();
    vendors.push(dt);
    const h = harness(
      {
        dynatrace: { base_url: dt.origin, api_token_secret_ref: 'env:DT', data_types: ['problems'] },
        pagerduty: { base_url: deadUrl, token_secret_ref: 'env:PD', data_types: ['incidents'], max_attempts: 2 },
        github: { base_url: dt.origin, token_secret_ref: 'env:GH', repositories: ['a/b'] },
      },
      secrets,
    );
    const broken = { type: 'github', settings: (await import('../../../../shared/connectors/github.js')).settings, create: () => { throw new Error('cannot build'); } };
    const result = await h.run({
      runId: 'r2',
      loaders: {
        dynatrace: () => import('../../../../shared/connectors/dynatrace.js'),
        pagerduty: () => import('../../../../shared/connectors/pagerduty.js'),
        github: async () => broken,
      },
    });
    expect(result.ok).toBe(false);
    const byName = Object.fromEntries(result.manifests.map((m) => [m.connector, m]));
    expect(byName.dynatrace).toMatchObject({ status: 'ok', counts: { problems: { written: 5 } } });
    expect(byName.pagerduty).toMatchObject({ status: 'partial', errors: [expect.objectContaining({ name: 'ConnectorConnectionError', message: expect.stringMatching(/could not connect/) })] });
    expect(byName.pagerduty!.metrics).toMatchObject({ fetch_count: 2, error_count: 2, retries: 1 });
    expect(byName.github).toMatchObject({ status: 'failed', errors: [{ name: 'Error', message: 'cannot build' }] });
    const run = JSON.parse((await h.deps.store.get(result.manifestKey))!.body.toString('utf8'));
    expect(run.connectors.map((c: { name: string; status: string }) => [c.name, c.status]).sort()).toEqual([
      ['dynatrace', 'ok'],
      ['github', 'failed'],
      ['pagerduty', 'partial'],
    ]);
  });

  it('runs only the connectors asked for, and refuses a name that is not configured', async () => {
    const dt = await startDynatrace('dt-token');
    const pd = await startPagerDuty('pd-token');
    vendors.push(dt, pd);
    const h = harness(
      { dynatrace: { base_url: dt.origin, api_token_secret_ref: 'env:DT', data_types: ['events'] }, pagerduty: { base_url: pd.origin, token_secret_ref: 'env:PD' } },
      secrets,
    );
    const result = await h.run({ only: ['pagerduty'] });
    expect(result.manifests.map((m) => m.connector)).toEqual(['pagerduty']);
    expect(dt.requests).toHaveLength(0);
    await expect(h.run({ only: ['splunk'] })).rejects.toThrow(ConfigError);
  });

  it('times a request out and reports it as a connection error', async () => {
    const slow = await startVendor(() => new Promise((resolve) => setTimeout(() => resolve({ json: { incidents: [], more: false } }), 2000)));
    vendors.push(slow);
    const h = harness({ pagerduty: { base_url: slow.origin, token_secret_ref: 'env:PD', data_types: ['incidents'], timeout: '50ms', max_attempts: 1 } }, secrets);
    const manifest = h.manifest(await h.run(), 'pagerduty');
    expect(manifest.errors[0]).toMatchObject({ name: 'ConnectorConnectionError', message: 'pagerduty: GET /incidents timed out after 50 ms' });
  });

  it('quarantines a record that cannot become a valid event and accounts for it in the manifest', async () => {
    const incidents = vendorFixture<Array<Record<string, unknown>>>('pagerduty', 'incidents');
    const broken = { ...incidents[1]!, created_at: 'yesterday-ish' };
    const pd = await startPagerDuty('pd-token', { incidents: [incidents[0]!, broken], oncalls: [] });
    vendors.push(pd);
    // The loopback filter would drop a record with no readable time, so this page is served as scripted.
    pd.inject({ path: '/incidents', reply: { json: { incidents: [incidents[2], broken], limit: 100, offset: 0, more: false } } });
    const h = harness({ pagerduty: { base_url: pd.origin, token_secret_ref: 'env:PD', data_types: ['incidents'] } }, secrets);
    const result = await h.run();
    const manifest = h.manifest(result, 'pagerduty');
    expect(manifest.counts.incidents).toEqual({ received: 2, written: 1, quarantined: 1, filtered: 0 });
    expect(manifest.status).toBe('ok');
    expect(manifest.objects.some((k) => k.startsWith('quarantine/'))).toBe(true);
    expect((await h.cursor('state/cursors/pagerduty.json'))!.data_types.incidents).toBeDefined();
  });

  it('uses the default fetch and clock when none are injected', async () => {
    const pd = await startPagerDuty('pd-token');
    vendors.push(pd);
    const h = harness({ pagerduty: { base_url: pd.origin, token_secret_ref: 'env:PD', data_types: ['oncalls'] } }, secrets);
    const result = await runCollection({ config: h.deps.config, deps: h.deps, secrets, now: NOW });
    expect(result.ok).toBe(true);
    expect(result.runId).toMatch(/^20261125T120000Z-[0-9a-f]{8}$/);
  });
});

describe('runCollection against all five loopback vendors', () => {
  it('collects every connector in one run and writes one manifest each', async () => {
    const { startLoopbackVendors } = await import('../../../helpers/vendors/all.js');
    const vendors = await startLoopbackVendors();
    try {
      const h = harness(vendors.connectors, vendors.secrets);
      const result = await h.run({ runId: 'all-five' });
      expect(result.ok).toBe(true);
      expect(Object.fromEntries(result.manifests.map((m) => [m.connector, Object.values(m.counts).reduce((n, c) => n + c.written, 0)]))).toEqual({
        dynatrace: 11,
        splunk: 6,
        servicenow: 9,
        pagerduty: 8,
        github: 19,
      });
    } finally {
      await vendors.close();
    }
  });
});
