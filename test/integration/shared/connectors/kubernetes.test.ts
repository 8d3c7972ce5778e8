import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConnectors } from '../../../../shared/connectors/registry.js';
import { DAY, harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import { configMap, deployment, event, secret, withData } from '../../../helpers/vendors/kubernetes-objects.js';
import { startKubernetes, type FakeKubernetes } from '../../../helpers/vendors/kubernetes.js';

const TOKEN = 'loopback-sa-token-1';
const AT = '2026-11-25T09:30:00Z';
const OLD = new Date(NOW - 3 * DAY).toISOString();
const SECRET_VALUES = ['s3cr3t-db-password', 'container-env-secret', 'container-arg-secret', 'applied-config-secret'];

let k8s: FakeKubernetes;
const dirs: string[] = [];
afterEach(async () => {
  await k8s?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fast = { max_attempts: 1, requests_per_second: 1000, burst: 1000 };
const config = (over: Record<string, unknown> = {}) => ({ kubernetes: { cluster_id: 'prod-eu', auth: 'token', base_url: k8s.origin, token_secret_ref: 'env:K8S_TOKEN', ...fast, ...over } });
const secrets = () => secretsOf({ 'env:K8S_TOKEN': TOKEN, 'env:HASH_KEY': 'loopback-hash-key' });

describe('kubernetes connector over a loopback API server', () => {
  it('lists workloads page by page (continue) into DeploymentEvents with phase, service key and images, dropping managedFields, last-applied and env', async () => {
    k8s = await startKubernetes(TOKEN);
    k8s.add(
      'deployments',
      deployment({ name: 'checkout', image: 'ghcr.example/shop/checkout:1.4.2', at: AT }),
      deployment({ name: 'payments', image: 'ghcr.example/shop/payments:2.0.0', at: AT, progressReason: 'ProgressDeadlineExceeded', ready: 1 }),
      deployment({ name: 'search', image: 'ghcr.example/shop/search:9', at: AT, generation: 5, observedGeneration: 4 }),
      deployment({ name: 'cart', image: 'ghcr.example/shop/cart:3', at: AT, ready: 1 }),
      deployment({ name: 'stale', image: 'ghcr.example/shop/stale:1', at: OLD }),
    );
    const h = harness(config({ data_types: ['deployments'], page_size: 2 }), secrets());
    const result = await h.run();
    expect(h.manifest(result, 'kubernetes').status).toBe('ok');
    expect(k8s.server.to('/apis/apps/v1/deployments')).toHaveLength(3);
    expect(k8s.server.to('/apis/apps/v1/deployments')[1]!.query.get('continue')).toBeTruthy();
    const events = await h.events('kubernetes');
    const byName = Object.fromEntries(events.map((e) => [e.attributes.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['cart', 'checkout', 'payments', 'search']);
    expect(byName.checkout).toMatchObject({ source_type: 'deployment', asset: 'prod-eu/shop/checkout', severity: 'INFO', timestamp: '2026-11-25T09:30:00.000Z' });
    expect(byName.checkout!.attributes).toMatchObject({ phase: 'complete', rollout_revision: '7', images: [{ container: 'app', image: 'ghcr.example/shop/checkout:1.4.2', mapping_confidence: 'low' }] });
    expect(byName.payments).toMatchObject({ severity: 'HIGH', attributes: { phase: 'failed', progress_reason: 'ProgressDeadlineExceeded' } });
    expect(byName.search!.attributes.phase).toBe('started');
    expect(byName.cart!.attributes.phase).toBe('progressing');
    const stored = JSON.stringify(events);
    for (const v of SECRET_VALUES) expect(stored).not.toContain(v);
    expect(stored).not.toContain('managedFields');
    expect(stored).not.toContain('last-applied-configuration');
  });

  it('reads Secrets as metadata only, or key names when asked, and never a value', async () => {
    k8s = await startKubernetes(TOKEN);
    k8s.add('secrets', secret('db-credentials', { password: 's3cr3t-db-password', username: 'checkout' }, AT));
    const h = harness(config({ data_types: ['secrets'] }), secrets());
    await h.run();
    expect(k8s.server.to('/api/v1/secrets')[0]!.headers.accept).toContain('as=PartialObjectMetadataList');
    const [meta] = await h.events('kubernetes');
    expect(meta).toMatchObject({ source_type: 'config_change', attributes: { kind: 'Secret', name: 'db-credentials', change: 'observed', keys_added: [], keys_removed: [] } });
    expect(meta!.attributes.keys).toBeUndefined();

    const named = harness(config({ data_types: ['secrets'], secret_key_names: true }), secrets());
    await named.run();
    expect(k8s.server.to('/api/v1/secrets')[1]!.headers.accept).not.toContain('PartialObjectMetadata');
    const [keys] = await named.events('kubernetes');
    expect(keys!.attributes.keys).toEqual(['password', 'username']);
    expect(keys!.attributes.value_hashes).toBeUndefined();
    const stored = JSON.stringify([meta, keys]);
    expect(stored).not.toContain('s3cr3t-db-password');
    expect(stored).not.toContain(Buffer.from('s3cr3t-db-password').toString('base64'));
  });

  it('watches from the listed resourceVersion: ADDED/MODIFIED/DELETED ConfigMaps with keys added, removed and changed, bookmarks counted', async () => {
    k8s = await startKubernetes(TOKEN);
    const cm = configMap('checkout-config', { LOG_LEVEL: 'info', TIMEOUT: '5s', OLD_FLAG: 'on' }, AT);
    k8s.add('configmaps', cm);
    k8s.change('configmaps', 'MODIFIED', withData(cm, { LOG_LEVEL: 'debug', TIMEOUT: '5s', NEW_FLAG: 'on' }, '2026-11-25T11:00:00Z'));
    const other = configMap('feature-flags', { beta: 'false' }, '2026-11-25T11:05:00Z');
    k8s.change('configmaps', 'ADDED', other);
    k8s.change('configmaps', 'DELETED', other);
    const h = harness(config({ data_types: ['configmaps'], watch: '1s', value_hash_key_secret_ref: 'env:HASH_KEY' }), secrets());
    const result = await h.run();
    const watch = k8s.server.to('/api/v1/configmaps').find((r) => r.query.get('watch') === '1')!;
    expect(watch.query.get('resourceVersion')).toBe('101');
    expect(watch.query.get('allowWatchBookmarks')).toBe('true');
    expect(watch.query.get('timeoutSeconds')).toBe('1');
    const events = await h.events('kubernetes');
    const modified = events.find((e) => e.attributes.change === 'modified')!;
    expect(modified.attributes).toMatchObject({ kind: 'ConfigMap', keys_added: ['NEW_FLAG'], keys_removed: ['OLD_FLAG'], keys_changed: ['LOG_LEVEL'] });
    expect(Object.values(modified.attributes.value_hashes as Record<string, string>).every((v) => /^[0-9a-f]{16}$/.test(v))).toBe(true);
    expect(events.find((e) => e.attributes.change === 'added')!.attributes.keys_added).toEqual(['beta']);
    expect(events.find((e) => e.attributes.change === 'deleted')!.attributes.keys_removed).toEqual(['beta']);
    expect(JSON.stringify(events)).not.toMatch(/"debug"|"info"|"5s"/);
    expect(h.manifest(result, 'kubernetes').evidence).toMatchObject({ watch_events: 3, bookmarks: 1, relists: 0 });
  });

  it('relists when the watch answers 410 Gone', async () => {
    k8s = await startKubernetes(TOKEN);
    k8s.add('events', event('BackOff', 'Warning', { kind: 'Pod', name: 'checkout-7d9f-abcde' }, AT, 'Back-off restarting failed container'));
    k8s.expireWatches = 1;
    const h = harness(config({ data_types: ['events'], watch: '1s' }), secrets());
    const result = await h.run();
    const lists = k8s.server.to('/api/v1/events').filter((r) => r.query.get('watch') === null);
    expect(lists).toHaveLength(2);
    expect(h.manifest(result, 'kubernetes').evidence).toMatchObject({ relists: 1 });
    const [e] = await h.events('kubernetes');
    expect(e).toMatchObject({ source_type: 'k8s_event', severity: 'MEDIUM', asset: 'prod-eu/shop/checkout-7d9f-abcde', attributes: { reason: 'BackOff' } });
  });

  it('a 403 on one resource makes the run partial and the others still collect; a bad token fails health with 401', async () => {
    k8s = await startKubernetes(TOKEN);
    k8s.forbidden.add('secrets');
    k8s.add('configmaps', configMap('checkout-config', { A: '1' }, AT));
    const h = harness(config({ data_types: ['secrets', 'configmaps'] }), secrets());
    const result = await h.run();
    const m = await h.storedManifest(result, 'kubernetes');
    expect(m.status).toBe('partial');
    expect(m.errors[0]).toMatchObject({ data_type: 'secrets', name: 'ConnectorAuthError', status: 403 });
    expect(m.counts.configmaps?.written).toBe(1);
    const cursor = await h.cursor('state/cursors/kubernetes-all-namespaces.json');
    expect(Object.keys(cursor!.data_types)).toEqual(['configmaps']); // the refused data type's cursor did not move

    const { enabled } = await resolveConnectors(config());
    const bad = enabled[0]!.module.create(enabled[0]!.settings, { name: 'kubernetes', secrets: secretsOf({ 'env:K8S_TOKEN': 'wrong' }), fetch, clock: () => NOW, sleep: async () => undefined, random: () => 0.5, logger: h.deps.logger });
    expect(await bad.healthCheck()).toMatchObject({ ok: false, error: { name: 'ConnectorAuthError' } });
  });

  it('stops a list that pages past max_pages instead of dropping the rest silently', async () => {
    k8s = await startKubernetes(TOKEN);
    k8s.add('configmaps', configMap('a', { A: '1' }, AT), configMap('b', { B: '1' }, AT));
    const h = harness(config({ data_types: ['configmaps'], page_size: 1, max_pages: 1 }), secrets());
    const m = await h.storedManifest(await h.run(), 'kubernetes');
    expect(m.status).toBe('partial');
    expect(m.errors[0]!.message).toMatch(/still had pages after max_pages \(1\)/);
    expect(await h.cursor('state/cursors/kubernetes-all-namespaces.json')).toBeNull();
  });

  it('authenticates in-cluster with the ServiceAccount token file and re-reads it after a 401 (rotation)', async () => {
    k8s = await startKubernetes(TOKEN);
    const dir = mkdtempSync(join(tmpdir(), 'bridge-sa-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
    const { enabled } = await resolveConnectors({ kubernetes: { cluster_id: 'prod-eu', auth: 'in_cluster', base_url: k8s.origin, service_account_dir: dir, ...fast } });
    const connector = enabled[0]!.module.create(enabled[0]!.settings, { name: 'kubernetes', secrets: secrets(), fetch, clock: () => NOW, sleep: async () => undefined, random: () => 0.5, logger: harness({}, secrets()).deps.logger });
    expect(await connector.healthCheck()).toMatchObject({ ok: true });
    k8s.token = 'loopback-sa-token-2';
    writeFileSync(join(dir, 'token'), 'loopback-sa-token-2\n');
    expect(await connector.healthCheck()).toMatchObject({ ok: true });
    const auths = k8s.server.requests.map((r) => r.headers.authorization);
    expect(auths).toEqual(['Bearer loopback-sa-token-1', 'Bearer loopback-sa-token-1', 'Bearer loopback-sa-token-2']);
  });
});
