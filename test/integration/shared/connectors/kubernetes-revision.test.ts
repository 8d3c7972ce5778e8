import { afterEach, describe, expect, it } from 'vitest';
import { harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import { commitObject, loopbackApp, pullObject } from '../../../helpers/vendors/github-commits.js';
import { startGitHub } from '../../../helpers/vendors/github.js';
import { deployment } from '../../../helpers/vendors/kubernetes-objects.js';
import { startKubernetes, type FakeKubernetes } from '../../../helpers/vendors/kubernetes.js';
import { startRegistry, type FakeRegistry } from '../../../helpers/vendors/oci-registry.js';
import type { LoopbackVendor } from '../../../helpers/vendors/server.js';

const TOKEN = 'loopback-sa-token';
const AT = '2026-11-25T09:30:00Z';
const LABEL_SHA = '1'.repeat(40);
const ANNOTATION_SHA = '2'.repeat(40);
const TAG_SHA = '3'.repeat(40);

let k8s: FakeKubernetes;
let registry: FakeRegistry;
let github: LoopbackVendor;
afterEach(async () => {
  await Promise.all([k8s?.close(), registry?.close(), github?.close()]);
});

describe('deploy → commit revision mapping, at each confidence', () => {
  it('high from the OCI config label or manifest annotation (token flow, index → manifest → config), medium from a SHA tag GitHub confirms, low otherwise; linked to the commit', async () => {
    k8s = await startKubernetes(TOKEN);
    registry = await startRegistry();
    const { app, privateKey } = loopbackApp(() => NOW);
    github = await startGitHub('unused', {
      'octo-org/checkout': {
        deployments: [],
        statuses: {},
        releases: [],
        runs: [],
        alerts: [],
        commits: [commitObject(LABEL_SHA, '2026-11-25T08:00:00Z', 'Raise checkout timeout', 'octocat'), commitObject(TAG_SHA, '2026-11-25T07:00:00Z', 'Tagged build', 'hubot')],
        pulls: [pullObject(12, '2026-11-25T08:10:00Z', '2026-11-25T08:10:00Z', [LABEL_SHA])],
      },
    }, app);
    const host = registry.host;
    registry.push('shop/checkout', '1.4.2', { labels: { 'org.opencontainers.image.revision': LABEL_SHA, 'org.opencontainers.image.source': 'https://github.example/octo-org/checkout' }, index: true });
    registry.push('shop/payments', '2.0.0', { annotations: { 'org.opencontainers.image.revision': ANNOTATION_SHA } });
    registry.push('shop/cart', TAG_SHA, {});
    registry.push('shop/search', 'abcdef1', {});
    k8s.add(
      'deployments',
      deployment({ name: 'checkout', image: `${host}/shop/checkout:1.4.2`, at: AT }),
      deployment({ name: 'payments', image: `${host}/shop/payments:2.0.0`, at: AT }),
      deployment({ name: 'cart', image: `${host}/shop/cart:${TAG_SHA}`, at: AT }),
      deployment({ name: 'search', image: `${host}/shop/search:abcdef1`, at: AT }),
      deployment({ name: 'ledger', image: 'ghcr.example/shop/ledger:5', at: AT, annotations: { 'vcs-ref': 'deadbeef' } }),
      deployment({ name: 'mailer', image: 'ghcr.example/shop/mailer:5', at: AT, labels: { 'app.kubernetes.io/version': '5.1.0' } }),
      deployment({ name: 'legacy', image: 'ghcr.example/shop/legacy:latest', at: AT }),
    );
    const h = harness(
      {
        kubernetes: {
          cluster_id: 'prod-eu',
          auth: 'token',
          base_url: k8s.origin,
          token_secret_ref: 'env:K8S_TOKEN',
          data_types: ['deployments'],
          registries: { [host]: { username: 'bridge', password_secret_ref: 'env:REGISTRY_PASSWORD', insecure_http: true } },
          commit_lookup: { base_url: github.origin, repository: 'octo-org/checkout', app: { app_id: app.appId, installation_id: app.installationId, private_key_secret_ref: 'env:GH_APP_KEY' } },
          max_attempts: 1,
        },
      },
      secretsOf({ 'env:K8S_TOKEN': TOKEN, 'env:REGISTRY_PASSWORD': 'loopback-registry-password', 'env:GH_APP_KEY': privateKey }),
    );
    const result = await h.run();
    expect(h.manifest(result, 'kubernetes').errors).toEqual([]);
    const by = Object.fromEntries((await h.events('kubernetes')).map((e) => [e.attributes.name, e.attributes]));
    const pick = (a: Record<string, unknown>) => [a.revision, a.mapping_confidence, a.mapping_source];
    expect(pick(by.checkout!)).toEqual([LABEL_SHA, 'high', 'oci_config_label']);
    expect(pick(by.payments!)).toEqual([ANNOTATION_SHA, 'high', 'oci_manifest_annotation']);
    expect(pick(by.cart!)).toEqual([TAG_SHA, 'medium', 'image_tag_confirmed_by_github']);
    expect(pick(by.search!)).toEqual(['abcdef1', 'low', 'image_tag_unconfirmed']);
    expect(pick(by.ledger!)).toEqual(['deadbeef', 'low', 'annotation:vcs-ref']);
    expect(pick(by.mailer!)).toEqual(['5.1.0', 'low', 'label:app.kubernetes.io/version']);
    expect(pick(by.legacy!)).toEqual([undefined, 'low', 'unknown']);
    expect(by.legacy!.mapping_note).toMatch(/do not attribute strongly/);
    // Correlation: the deploy links to its commit summary (and the PR that merged it).
    expect(by.checkout!.commit).toMatchObject({ sha: LABEL_SHA, title: 'Raise checkout timeout', author: 'octocat', pr_number: 12, repository: 'octo-org/checkout' });
    expect(by.cart!.commit).toMatchObject({ sha: TAG_SHA });
    expect((by.checkout!.images as Array<Record<string, unknown>>)[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The registry was asked with a bearer token it issued after Basic auth; ghcr.example (not configured) was never contacted.
    expect(registry.server.to('/token').length).toBeGreaterThanOrEqual(1);
    expect(registry.server.requests.filter((r) => r.path.startsWith('/v2/') && r.headers.authorization?.startsWith('Bearer ')).length).toBeGreaterThan(0);
    const stored = JSON.stringify(await h.events('kubernetes'));
    expect(stored).not.toContain('loopback-registry-password');
    expect(stored).not.toContain('@example.invalid');
  });
});
