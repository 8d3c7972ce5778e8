import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnectors } from '../../../../shared/connectors/registry.js';
import type { Connector } from '../../../../shared/connectors/types.js';
import { silentLogger } from '../../../../shared/observability/index.js';
import { startDynatrace } from '../../../helpers/vendors/dynatrace.js';
import { githubData, startGitHub } from '../../../helpers/vendors/github.js';
import { NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import { startPagerDuty } from '../../../helpers/vendors/pagerduty.js';
import type { LoopbackVendor } from '../../../helpers/vendors/server.js';
import { startServiceNow } from '../../../helpers/vendors/servicenow.js';
import { startSplunk } from '../../../helpers/vendors/splunk.js';

const vendors: Record<string, LoopbackVendor> = {};
beforeAll(async () => {
  vendors.dynatrace = await startDynatrace('dt');
  vendors.splunk = (await startSplunk({ token: 'sp' })).server;
  vendors.servicenow = await startServiceNow({ username: 'u', password: 'sn' });
  vendors.pagerduty = await startPagerDuty('pd');
  vendors.github = await startGitHub('gh', { 'o/r': githubData() });
});
afterAll(async () => {
  await Promise.all(Object.values(vendors).map((v) => v.close()));
});

async function build(good: boolean): Promise<Connector[]> {
  const { enabled } = await resolveConnectors({
    dynatrace: { base_url: vendors.dynatrace!.origin, api_token_secret_ref: 'env:DT', max_attempts: 1 },
    splunk: { base_url: vendors.splunk!.origin, token_secret_ref: 'env:SP', searches: { all: 'index=main' }, max_attempts: 1 },
    servicenow: { base_url: vendors.servicenow!.origin, username: 'u', password_secret_ref: 'env:SN', max_attempts: 1 },
    pagerduty: { base_url: vendors.pagerduty!.origin, token_secret_ref: 'env:PD', max_attempts: 1 },
    github: { base_url: vendors.github!.origin, token_secret_ref: 'env:GH', repositories: ['o/r'], max_attempts: 1 },
  });
  const secrets = secretsOf(good ? { 'env:DT': 'dt', 'env:SP': 'sp', 'env:SN': 'sn', 'env:PD': 'pd', 'env:GH': 'gh' } : { 'env:DT': 'x', 'env:SP': 'x', 'env:SN': 'x', 'env:PD': 'x', 'env:GH': 'x' });
  return enabled.map((e) =>
    e.module.create(e.settings, { name: e.name, secrets, fetch: globalThis.fetch, clock: () => NOW, sleep: async () => undefined, random: () => 0.5, logger: silentLogger }),
  );
}

describe('connector health checks', () => {
  it('pass against each loopback vendor with good credentials', async () => {
    const results = await Promise.all((await build(true)).map(async (c) => [c.name, (await c.healthCheck()).ok]));
    expect(results).toEqual([
      ['dynatrace', true],
      ['splunk', true],
      ['servicenow', true],
      ['pagerduty', true],
      ['github', true],
    ]);
  });

  it('fail with the auth error (and no secret) when the credentials are refused', async () => {
    for (const c of await build(false)) {
      const health = await c.healthCheck();
      expect(health.ok).toBe(false);
      expect(health.error?.name).toBe('ConnectorAuthError');
    }
  });

  it('describe what each connector offers', async () => {
    const caps = Object.fromEntries((await build(true)).map((c) => [c.name, c.capabilities()]));
    expect(caps.github).toMatchObject({ source: 'github', scopes: ['o/r'], auth: 'token', enabledDataTypes: ['deployments', 'deployment_statuses', 'releases', 'workflow_runs', 'dependabot_alerts'] });
    expect(caps.servicenow).toMatchObject({ auth: 'basic', dataTypes: { incidents: { sourceType: 'incident' }, changes: { sourceType: 'change' }, config_items: { sourceType: 'config_item' } } });
    expect(caps.splunk).toMatchObject({ auth: 'bearer_token', enabledDataTypes: ['all'] });
  });
});
