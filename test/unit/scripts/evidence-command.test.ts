import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import type { BuiltBundle } from '../../../shared/evidence/index.js';
import { LocalFolderStore } from '../../../shared/store/index.js';
import { testDeps } from '../../helpers/pipeline.js';
import { captureIo } from './capture-io.js';
import { draft, seedLake } from './evidence-seed.js';
import { persistEvents } from '../../../shared/pipeline/index.js';

/** Ed25519 dev keys are generated in milliseconds; the RSA default is covered by the demo's e2e test. */
const ED25519 = { BRIDGE__EVIDENCE__ALGORITHM: 'Ed25519' };
const WINDOW = ['--since', '2026-11-25T11:00:00Z', '--until', '2026-11-25T12:00:00Z'];

let dir: string;
let store: LocalFolderStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-evidence-cli-'));
  store = new LocalFolderStore({ root: join(dir, 'data') });
  await seedLake(testDeps({ store }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bridge evidence', () => {
  it('builds a bundle from the local store and prints the manifest summary and the paths', async () => {
    const io = captureIo(dir, ED25519);
    expect(await main(['evidence', ...WINDOW, '--asset', 'app-1', '--data', 'data'], io)).toBe(0);
    const out = io.stdout.join('\n');
    const id = /^Evidence bundle (evb-[0-9a-f]{32})$/m.exec(out)?.[1];
    expect(id).toBeDefined();
    expect(out).toMatch(/^ {2}window {6}2026-11-25T11:00:00\.000Z \.\. 2026-11-25T12:00:00\.000Z \(until exclusive\)$/m);
    expect(out).toMatch(/^ {2}filters {5}asset=app-1$/m);
    expect(out).toMatch(/^ {2}events {6}11$/m);
    expect(out).toMatch(/^ {2}signed {6}Ed25519, key [0-9a-f]{16} \(local dev key; public key data\/\.dev-keys\/evidence-ed25519\.pub\.pem\)$/m);
    expect(out).toContain(`  bundle      data/evidence/${id}.jsonl.gz`);
    expect(out).toContain(`  manifest    data/evidence/${id}.manifest.json`);
    expect(out).toContain(`  signature   data/evidence/${id}.sig`);
    expect(out).toContain(`npx bridge verify 'data/evidence/${id}.jsonl.gz' --public-key 'data/.dev-keys/evidence-ed25519.pub.pem'`);
    for (const name of [`${id}.jsonl.gz`, `${id}.manifest.json`, `${id}.sig`]) expect(existsSync(join(dir, 'data', 'evidence', name)), name).toBe(true);
    const assets = gunzipSync(readFileSync(join(dir, 'data', 'evidence', `${id}.jsonl.gz`))).toString().trim().split('\n').map((l) => (JSON.parse(l) as { asset: string }).asset);
    expect(new Set(assets)).toEqual(new Set(['app-1']));
  });

  it('prints the manifest, the signature and the locations as JSON with --json', async () => {
    const io = captureIo(dir, ED25519);
    expect(await main(['evidence', ...WINDOW, '--source', 'gcp.pubsub', '--data', 'data', '--json'], io)).toBe(0);
    const out = io.json<BuiltBundle & { public_key: string }>();
    expect(out.manifest).toMatchObject({ line_count: 1, filters: { source: 'gcp.pubsub' }, algorithm: 'Ed25519' });
    expect(out.signature.bundle_id).toBe(out.manifest.bundle_id);
    expect(out.location).toBe(`${store.location}/${out.keys.bundle}`);
    expect(readFileSync(out.public_key, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('reads --since as a duration back from now', async () => {
    const recent = new Date(Date.now() - 10 * 60_000).toISOString();
    await persistEvents([draft(1, { timestamp: recent, asset: 'recent-app' })], { source: 'aws.cloudwatch', identity: 'recent' }, testDeps({ store }));
    const io = captureIo(dir, ED25519);
    expect(await main(['evidence', '--since', '1h', '--data', 'data', '--json'], io)).toBe(0);
    expect(io.json<BuiltBundle>().manifest.line_count).toBe(1);
  });

  it.each<[string, string[], RegExp]>([
    ['no --since', [], /^bridge: evidence: --since is required: a duration back from now/],
    ['a --since without a zone', ['--since', '2026-11-25T11:00:00'], /^bridge: evidence: --since "2026-11-25T11:00:00" has no time zone/],
    ['an inverted window', ['--since', '1h', '--until', '2h'], /^bridge: evidence: --since \(.+\) must be before until/],
    ['an unknown source', ['--since', '1h', '--source', 'aws.ec2'], /^bridge: evidence: unknown source "aws\.ec2" \(one of /],
    ['an unknown flag', ['--since', '1h', '--limit', '5'], /^bridge: evidence: Unknown option '--limit'/],
  ])('is 2 for %s, saying what is wrong, and writes nothing', async (_what, args, message) => {
    const io = captureIo(dir, ED25519);
    expect(await main(['evidence', ...args, '--data', 'data'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
    expect(existsSync(join(dir, 'data', 'evidence'))).toBe(false);
  });

  it('prints its options with --help', async () => {
    const io = captureIo(dir);
    expect(await main(['help', 'evidence'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^bridge evidence --since 1h/);
  });
});
