import { commitObject, loopbackApp, pullObject } from './github-commits.js';
import { startGitHub } from './github.js';
import { configMap, deployment, event, secret } from './kubernetes-objects.js';
import { startKubernetes } from './kubernetes.js';
import { startRegistry } from './oci-registry.js';
import { ADMIN_URL, postgresAnswers } from './postgres-db.js';
import type { LoopbackVendor } from './server.js';

/** Fixture instant: the day before 2026-11-25T12:00Z, like the other loopback vendors. */
const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const AT = '2026-11-25T09:30:00Z';
const SHA = '5e1f0c0ffee5e1f0c0ffee5e1f0c0ffee5e1f0c0';

export interface SeedThreeVendors {
  connectors: Record<string, Record<string, unknown>>;
  secrets: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Seed 003's three on loopback, for the demo and end-to-end tests: a Kubernetes API server with
 * a rollout, a ConfigMap, a Secret and an Event; an OCI registry whose image carries the revision
 * label; a GitHub server with App auth, the commit and its pull request; and PostgreSQL when the
 * machine's server answers (metadata level, read-only).
 */
export async function startSeedThreeVendors(options: { postgresUrl?: string } = {}): Promise<SeedThreeVendors> {
  const k8s = await startKubernetes('loopback-demo-sa-token');
  const registry = await startRegistry();
  // The demo's runtime clock is the real one (only the collection window is fixed).
  const { app, privateKey } = loopbackApp(() => Date.now());
  const github: LoopbackVendor = await startGitHub(
    'unused',
    {
      'octo-org/checkout': {
        deployments: [],
        statuses: {},
        releases: [],
        runs: [],
        alerts: [],
        commits: [commitObject(SHA, '2026-11-25T08:40:00Z', 'Raise checkout timeout to 5s', 'octocat', 2)],
        pulls: [pullObject(42, '2026-11-25T08:55:00Z', '2026-11-25T08:55:00Z', [SHA])],
      },
    },
    app,
  );
  registry.push('shop/checkout', '1.4.2', { labels: { 'org.opencontainers.image.revision': SHA }, index: true });
  k8s.add('deployments', deployment({ name: 'checkout', image: `${registry.host}/shop/checkout:1.4.2`, at: AT }), deployment({ name: 'payments', image: 'ghcr.example/shop/payments:2.0.0', at: AT, progressReason: 'ProgressDeadlineExceeded', ready: 1 }));
  k8s.add('configmaps', configMap('checkout-config', { TIMEOUT: '5s', LOG_LEVEL: 'info' }, AT));
  k8s.add('secrets', secret('checkout-db', { password: 'demo-only-not-a-secret' }, AT));
  k8s.add('events', event('ProgressDeadlineExceeded', 'Warning', { kind: 'Deployment', name: 'payments' }, AT, 'ReplicaSet "payments-6f7" has timed out progressing.'));
  const appAuth = { app_id: app.appId, installation_id: app.installationId, private_key_secret_ref: 'env:LOOPBACK_GITHUB_APP_KEY' };
  const fast = { max_attempts: 2, backoff_base: '10ms', requests_per_second: 1000, burst: 1000 };
  const connectors: Record<string, Record<string, unknown>> = {
    kubernetes: {
      cluster_id: 'demo-cluster',
      auth: 'token',
      base_url: k8s.origin,
      token_secret_ref: 'env:LOOPBACK_K8S_TOKEN',
      value_hash_key_secret_ref: 'env:LOOPBACK_K8S_HASH_KEY',
      registries: { [registry.host]: { username: 'bridge', password_secret_ref: 'env:LOOPBACK_REGISTRY_PASSWORD', insecure_http: true } },
      commit_lookup: { base_url: github.origin, repository: 'octo-org/checkout', app: appAuth },
      ...fast,
    },
    github_app: { type: 'github', base_url: github.origin, app: appAuth, repositories: ['octo-org/checkout'], data_types: ['commits', 'pull_requests'], ...fast },
  };
  const secrets: Record<string, string> = {
    'env:LOOPBACK_K8S_TOKEN': 'loopback-demo-sa-token',
    'env:LOOPBACK_K8S_HASH_KEY': 'loopback-demo-hash-key',
    'env:LOOPBACK_REGISTRY_PASSWORD': 'loopback-registry-password',
    'env:LOOPBACK_GITHUB_APP_KEY': privateKey,
  };
  const pgUrl = options.postgresUrl ?? ADMIN_URL;
  if (await postgresAnswers(pgUrl)) {
    connectors.postgres = { connection_secret_ref: 'env:LOOPBACK_PG_URL', level: 'metadata' };
    secrets['env:LOOPBACK_PG_URL'] = pgUrl;
  }
  return {
    connectors,
    secrets,
    close: async () => {
      await Promise.all([k8s.close(), registry.close(), github.close()]);
    },
  };
}
