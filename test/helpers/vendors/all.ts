import type { SecretSource } from '../../../shared/ports.js';
import { startDynatrace } from './dynatrace.js';
import { githubData, startGitHub } from './github.js';
import { startPagerDuty } from './pagerduty.js';
import type { LoopbackVendor } from './server.js';
import { startServiceNow } from './servicenow.js';
import { startSplunk } from './splunk.js';

export interface LoopbackVendors {
  /** A `connectors:` section enabling all five against the loopback servers. */
  connectors: Record<string, Record<string, unknown>>;
  /** Resolves the `*_secret_ref`s the section uses (test credentials only). */
  secrets: SecretSource;
  servers: Record<string, LoopbackVendor>;
  close(): Promise<void>;
}

const CREDENTIALS: Record<string, string> = {
  'env:LOOPBACK_DYNATRACE_TOKEN': 'dt0c01.LOOPBACK.TOKEN',
  'env:LOOPBACK_SPLUNK_PASSWORD': 'loopback-splunk-password',
  'env:LOOPBACK_SERVICENOW_PASSWORD': 'loopback-servicenow-password',
  'env:LOOPBACK_PAGERDUTY_TOKEN': 'loopback-pagerduty-token',
  'env:LOOPBACK_GITHUB_TOKEN': 'loopback-github-token',
};

/**
 * All five vendors on loopback with their fixtures, and the config to collect from them: for the
 * demo's connector run and end-to-end tests. Fixture times sit in the day before 2026-11-25T12:00Z.
 */
export async function startLoopbackVendors(): Promise<LoopbackVendors> {
  const servers: Record<string, LoopbackVendor> = {
    dynatrace: await startDynatrace(CREDENTIALS['env:LOOPBACK_DYNATRACE_TOKEN']!),
    splunk: (await startSplunk({ username: 'bridge', password: CREDENTIALS['env:LOOPBACK_SPLUNK_PASSWORD']!, pollsBeforeDone: 0 })).server,
    servicenow: await startServiceNow({ username: 'bridge', password: CREDENTIALS['env:LOOPBACK_SERVICENOW_PASSWORD']! }),
    pagerduty: await startPagerDuty(CREDENTIALS['env:LOOPBACK_PAGERDUTY_TOKEN']!),
    github: await startGitHub(CREDENTIALS['env:LOOPBACK_GITHUB_TOKEN']!, { 'octo-org/checkout': githubData() }),
  };
  const fast = { max_attempts: 2, backoff_base: '10ms', requests_per_second: 1000, burst: 1000 };
  return {
    servers,
    connectors: {
      dynatrace: { base_url: servers.dynatrace!.origin, api_token_secret_ref: 'env:LOOPBACK_DYNATRACE_TOKEN', ...fast },
      splunk: {
        base_url: servers.splunk!.origin,
        username: 'bridge',
        password_secret_ref: 'env:LOOPBACK_SPLUNK_PASSWORD',
        searches: { security: 'index=main', notable: 'index=notable' },
        poll_interval: '10ms',
        ...fast,
      },
      servicenow: { base_url: servers.servicenow!.origin, username: 'bridge', password_secret_ref: 'env:LOOPBACK_SERVICENOW_PASSWORD', ...fast },
      pagerduty: { base_url: servers.pagerduty!.origin, token_secret_ref: 'env:LOOPBACK_PAGERDUTY_TOKEN', ...fast },
      github: { base_url: servers.github!.origin, token_secret_ref: 'env:LOOPBACK_GITHUB_TOKEN', repositories: ['octo-org/checkout'], ...fast },
    },
    secrets: {
      async get(ref) {
        const v = CREDENTIALS[ref];
        if (v === undefined) throw new Error(`no loopback credential for ${ref}`);
        return v;
      },
    },
    close: async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}
