import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEvidenceBundle, generateSigningKeyPem, signingKeyFromPem, verifyEvidenceBundle, type BuiltBundle } from '../../../../shared/evidence/index.js';
import { PreconditionFailedError } from '../../../../shared/errors.js';
import { BatchWriter } from '../../../../shared/pipeline/batch-writer.js';
import type { ObjectStore } from '../../../../shared/ports.js';
import { sampleEvent } from '../../../helpers/events.js';
import { testDeps } from '../../../helpers/pipeline.js';

const rsa = generateSigningKeyPem('RSA-SHA256');
const ed = generateSigningKeyPem('Ed25519');

async function seed(store: ObjectStore): Promise<void> {
  const deps = testDeps({ store });
  const writer = new BatchWriter({ source: 'aws.cloudwatch', batchKey: 'k1' }, deps);
  for (let i = 0; i < 50; i++) {
    const { redactions: _r, ...e } = sampleEvent({
      event_id: `e${i}`,
      timestamp: new Date(Date.parse('2026-11-24T10:00:00.000Z') + i * 120_000).toISOString(),
      asset: i % 2 === 0 ? 'app-1' : 'app-2',
    });
    writer.accept(e, `e[${i}]`, () => '');
  }
  await writer.finish();
  const other = new BatchWriter({ source: 'gcp.pubsub', batchKey: 'k2' }, deps);
  const { redactions: _r, ...e } = sampleEvent({ event_id: 'g', source: 'gcp.pubsub', timestamp: '2026-11-24T10:30:00.000Z', asset: 'app-1' });
  other.accept(e, 'e', () => '');
  await other.finish();
}

async function download(store: ObjectStore, built: BuiltBundle, dir: string) {
  const bundlePath = join(dir, built.keys.bundle.split('/')[1]!);
  writeFileSync(bundlePath, (await store.get(built.keys.bundle))!.body);
  const manifest = JSON.parse((await store.get(built.keys.manifest))!.body.toString()) as unknown;
  const signature = JSON.parse((await store.get(built.keys.signature))!.body.toString()) as unknown;
  return { bundlePath, manifest, signature };
}

describe('evidence bundles', () => {
  const store = testDeps().store;
  const key = signingKeyFromPem(rsa.privateKeyPem);
  const clock = () => Date.parse('2026-11-25T12:00:00.000Z');
  let built: BuiltBundle;
  let files: Awaited<ReturnType<typeof download>>;
  let dir: string;

  beforeAll(async () => {
    await seed(store);
    built = await buildEvidenceBundle({ since: '2026-11-24T10:00:00Z', until: '2026-11-24T11:00:00Z', asset: 'app-1' }, { store, signingKey: key, clock });
    dir = mkdtempSync(join(tmpdir(), 'bridge-evidence-test-'));
    files = await download(store, built, dir);
  });

  it('selects the window and the asset across sources, and writes bundle, manifest and signature', () => {
    // 30 cloudwatch events in 10:00–10:58 (even ones are app-1 → 15) plus the pubsub one.
    expect(built.manifest.line_count).toBe(16);
    const lines = gunzipSync(readFileSync(files.bundlePath)).toString().trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { asset: string }).asset).every((a) => a === 'app-1')).toBe(true);
    expect(built.manifest).toMatchObject({ algorithm: 'RSA-SHA256', key_id: key.keyId, filters: { asset: 'app-1' } });
    expect(built.keys.bundle).toMatch(/^evidence\/evb-[0-9a-f]{32}\.jsonl\.gz$/);
  });

  it('verifies offline with the public key', async () => {
    const result = await verifyEvidenceBundle({ ...files, publicKeyPem: key.publicKeyPem });
    expect(result.findings.filter((f) => !f.ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('catches one flipped byte by its hash', async () => {
    const path = join(dir, 'flipped', built.keys.bundle.split('/')[1]!);
    const bytes = readFileSync(files.bundlePath);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    (await import('node:fs')).mkdirSync(join(dir, 'flipped'), { recursive: true });
    writeFileSync(path, bytes);
    const result = await verifyEvidenceBundle({ ...files, bundlePath: path, publicKeyPem: key.publicKeyPem });
    expect(result.ok).toBe(false);
    expect(result.findings.find((f) => f.check === 'sha256')).toMatchObject({ ok: false, message: expect.stringContaining('SHA-256') });
    expect(result.findings.find((f) => f.check === 'signature')!.ok).toBe(true);
  });

  it('catches a truncated bundle by its size', async () => {
    const path = join(dir, 'trunc', built.keys.bundle.split('/')[1]!);
    (await import('node:fs')).mkdirSync(join(dir, 'trunc'), { recursive: true });
    copyFileSync(files.bundlePath, path);
    truncateSync(path, built.manifest.bytes - 10);
    const result = await verifyEvidenceBundle({ ...files, bundlePath: path, publicKeyPem: key.publicKeyPem });
    expect(result.findings.find((f) => f.check === 'size')).toMatchObject({ ok: false, message: expect.stringContaining('truncated') });
  });

  it('catches a manifest swapped from another bundle', async () => {
    const other = await buildEvidenceBundle({ since: '2026-11-24T10:00:00Z', until: '2026-11-24T11:00:00Z' }, { store, signingKey: key, clock });
    const otherFiles = await download(store, other, dir);
    const result = await verifyEvidenceBundle({ ...files, manifest: otherFiles.manifest, signature: otherFiles.signature, publicKeyPem: key.publicKeyPem });
    expect(result.findings.find((f) => f.check === 'signature')!.ok).toBe(true);
    expect(result.findings.find((f) => f.check === 'pairing')).toMatchObject({ ok: false, message: expect.stringContaining('manifest belongs to') });
  });

  it('catches an edited manifest and a signature from another manifest', async () => {
    const edited = { ...(files.manifest as object), line_count: 1 };
    const r1 = await verifyEvidenceBundle({ ...files, manifest: edited, publicKeyPem: key.publicKeyPem });
    expect(r1.findings.find((f) => f.check === 'signature')).toMatchObject({ ok: false, message: expect.stringContaining('does not verify') });
  });

  it('catches the wrong public key', async () => {
    const result = await verifyEvidenceBundle({ ...files, publicKeyPem: generateSigningKeyPem('RSA-SHA256').publicKeyPem });
    expect(result.findings.find((f) => f.check === 'signature')).toMatchObject({ ok: false, message: expect.stringContaining('public key') });
    expect(result.findings.find((f) => f.check === 'sha256')!.ok).toBe(true);
  });

  it('signs with Ed25519 too', async () => {
    const edKey = signingKeyFromPem(ed.privateKeyPem);
    const b = await buildEvidenceBundle({ since: '2026-11-24T00:00:00Z', until: '2026-11-25T00:00:00Z', source: 'gcp.pubsub' }, { store, signingKey: edKey, clock });
    expect(b.manifest).toMatchObject({ algorithm: 'Ed25519', line_count: 1 });
    const f = await download(store, b, dir);
    expect((await verifyEvidenceBundle({ ...f, publicKeyPem: edKey.publicKeyPem })).ok).toBe(true);
    expect((await verifyEvidenceBundle({ ...f, publicKeyPem: key.publicKeyPem })).ok).toBe(false);
  });

  it('rejects an empty or inverted window', async () => {
    await expect(buildEvidenceBundle({ since: '2026-11-24T11:00:00Z', until: '2026-11-24T10:00:00Z' }, { store, signingKey: key, clock })).rejects.toThrow('since < until');
  });

  it('never overwrites an existing bundle id', async () => {
    await expect(store.put(built.keys.manifest, '{}', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
  });
});
