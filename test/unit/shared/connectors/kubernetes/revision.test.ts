import { describe, expect, it } from 'vitest';
import { parseBearerChallenge, parseImageRef } from '../../../../../shared/connectors/kubernetes/oci-registry.js';
import { mapRevision } from '../../../../../shared/connectors/kubernetes/revision.js';
import { LAST_APPLIED, keyedHasher, sanitizeConfig, sanitizeWorkload } from '../../../../../shared/connectors/kubernetes/sanitize.js';
import { rolloutPhase } from '../../../../../shared/connectors/normalize/kubernetes.js';
import { sqlTextIssues } from '../../../../../shared/connectors/postgres/sql-guard.js';

const sha = 'f'.repeat(40);

describe('mapRevision', () => {
  it.each([
    [{ oci: { labels: { 'org.opencontainers.image.revision': sha }, annotations: {} }, labels: {}, annotations: {} }, [sha, 'high', 'oci_config_label']],
    [{ oci: { labels: {}, annotations: { 'org.opencontainers.image.revision': sha } }, labels: {}, annotations: {} }, [sha, 'high', 'oci_manifest_annotation']],
    [{ tag: sha, tagCommit: sha, labels: {}, annotations: {} }, [sha, 'medium', 'image_tag_confirmed_by_github']],
    [{ labels: {}, annotations: { 'git-commit': 'abc1234' } }, ['abc1234', 'low', 'annotation:git-commit']],
    [{ tag: 'abc1234', labels: {}, annotations: {} }, ['abc1234', 'low', 'image_tag_unconfirmed']],
    [{ tag: 'v1', labels: { 'app.kubernetes.io/version': '1.0' }, annotations: {} }, ['1.0', 'low', 'label:app.kubernetes.io/version']],
    [{ tag: 'latest', labels: {}, annotations: {} }, [undefined, 'low', 'unknown']],
  ])('%# maps to revision, confidence and source', (evidence, [revision, confidence, source]) => {
    expect(mapRevision(evidence)).toEqual({ ...(revision ? { revision } : {}), mapping_confidence: confidence, mapping_source: source });
  });
});

describe('parseImageRef and the registry challenge', () => {
  it.each([
    ['nginx', { registry: 'registry-1.docker.io', repository: 'library/nginx', tag: 'latest' }],
    ['127.0.0.1:5000/shop/app:1.2', { registry: '127.0.0.1:5000', repository: 'shop/app', tag: '1.2' }],
    [`ghcr.example/a/b@sha256:${'0'.repeat(64)}`, { registry: 'ghcr.example', repository: 'a/b', digest: `sha256:${'0'.repeat(64)}` }],
    ['localhost/app:dev', { registry: 'localhost', repository: 'app', tag: 'dev' }],
  ])('%s', (image, want) => expect(parseImageRef(image)).toEqual(want));

  it('reads realm, service and scope from WWW-Authenticate', () => {
    expect(parseBearerChallenge('Bearer realm="https://r.example/token",service="r.example",scope="repository:a/b:pull"')).toEqual({ realm: 'https://r.example/token', service: 'r.example', scope: 'repository:a/b:pull' });
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
  });
});

describe('sanitize', () => {
  it('drops Secret values whatever is asked, and keeps key names only when asked', () => {
    const s = { kind: 'Secret', metadata: { name: 'db', managedFields: [{ time: '2026-11-25T00:00:00Z' }] }, data: { password: 'c2VjcmV0' }, stringData: { token: 'plain-secret' } };
    expect(JSON.stringify(sanitizeConfig(s, { secretKeyNames: true, hash: keyedHasher('k') }))).not.toMatch(/c2VjcmV0|plain-secret|managedFields/);
    expect(sanitizeConfig(s, { secretKeyNames: true }).keys).toEqual(['password', 'token']);
    expect(sanitizeConfig(s, { secretKeyNames: false }).keys).toBeUndefined();
    expect(sanitizeConfig(s, { secretKeyNames: false, hash: keyedHasher('k') }).value_hashes).toBeUndefined();
  });

  it('hashes ConfigMap values with the key only, and keeps the last write time', () => {
    const cm = { kind: 'ConfigMap', metadata: { name: 'c', managedFields: [{ time: '2026-11-25T01:00:00Z' }, { time: '2026-11-25T03:00:00Z' }] }, data: { A: 'x' } };
    const out = sanitizeConfig(cm, { secretKeyNames: false, hash: keyedHasher('k') });
    expect(out.value_hashes.A).toMatch(/^[0-9a-f]{16}$/);
    expect(sanitizeConfig(cm, { secretKeyNames: false, hash: keyedHasher('other') }).value_hashes.A).not.toBe(out.value_hashes.A);
    expect(out.metadata.lastWrite).toBe('2026-11-25T03:00:00Z');
    expect(JSON.stringify(out)).not.toContain('"x"');
  });

  it('keeps only container names and images of a workload, never env, args or last-applied', () => {
    const w = sanitizeWorkload({ kind: 'Deployment', metadata: { annotations: { [LAST_APPLIED]: '{"secret":1}', keep: 'y' } }, spec: { template: { spec: { containers: [{ name: 'a', image: 'i', env: [{ value: 'e' }], args: ['--p=x'] }] } } } });
    expect(w.spec.containers).toEqual([{ name: 'a', image: 'i' }]);
    expect(w.metadata.annotations).toEqual({ keep: 'y' });
  });

  it('does not mutate its input', () => {
    const cm = { kind: 'ConfigMap', metadata: { name: 'c', annotations: { [LAST_APPLIED]: '{}' } }, data: { A: 'x' } };
    const copy = structuredClone(cm);
    sanitizeConfig(cm, { secretKeyNames: false });
    expect(cm).toEqual(copy);
  });
});

describe('rolloutPhase', () => {
  const d = (status: Record<string, unknown>, generation = 2, kind = 'Deployment') => ({ kind, metadata: { generation }, spec: { replicas: 2 }, status });
  it.each([
    [d({ observedGeneration: 1 }), 'started'],
    [d({ observedGeneration: 2, updatedReplicas: 1, availableReplicas: 2 }), 'progressing'],
    [d({ observedGeneration: 2, updatedReplicas: 2, availableReplicas: 2 }), 'complete'],
    [d({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), 'failed'],
    [d({ observedGeneration: 2, currentRevision: 'a', updateRevision: 'b', readyReplicas: 2 }, 2, 'StatefulSet'), 'progressing'],
    [d({ observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }, 2, 'DaemonSet'), 'complete'],
  ])('%# → %s', (o, phase) => expect(rolloutPhase(o)).toBe(phase));
});

describe('sqlTextIssues', () => {
  it.each([
    [{ query: 'x' }, 'query'],
    [{ views: [{ name: 'select a from b' }] }, 'views.0.name'],
    [{ a: 'x; y' }, 'a'],
    [{ a: 'ok -- comment' }, 'a'],
  ])('%# flags %s', (value, path) => expect(sqlTextIssues(value).map((i) => i.path.join('.'))).toEqual([path]));

  it('passes identifiers, durations and URLs', () => {
    expect(sqlTextIssues({ connection_secret_ref: 'env:PG_URL', level: 'views', views: [{ name: 'rca_evidence.deploy_markers', columns: ['service', 'created_at'] }], statement_timeout: '5s', tls: { ca_file: '/etc/ssl/ca.pem' } })).toEqual([]);
  });
});
