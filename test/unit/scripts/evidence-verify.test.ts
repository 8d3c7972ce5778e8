import { copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import { generateSigningKeyPem, type BuiltBundle } from '../../../shared/evidence/index.js';
import { LocalFolderStore } from '../../../shared/store/index.js';
import { testDeps } from '../../helpers/pipeline.js';
import { captureIo } from './capture-io.js';
import { seedLake } from './evidence-seed.js';

/** Ed25519 dev keys are generated in milliseconds; the RSA default is covered by the demo's e2e test. */
const ENV = { BRIDGE__EVIDENCE__ALGORITHM: 'Ed25519' };

let dir: string;
let first: BuiltBundle;
let second: BuiltBundle;
const bundleFile = (b: BuiltBundle) => join(dir, 'data', b.keys.bundle);

async function build(args: string[]): Promise<BuiltBundle> {
  const io = captureIo(dir, ENV);
  expect(await main(['evidence', '--since', '2026-11-25T11:00:00Z', '--until', '2026-11-25T12:00:00Z', ...args, '--data', 'data', '--json'], io)).toBe(0);
  return io.json<BuiltBundle>();
}

/** A copy of the first bundle with its manifest and signature in a folder of its own, to tamper with. */
function copyOfFirst(name: string): string {
  const into = join(dir, name);
  mkdirSync(into, { recursive: true });
  for (const key of Object.values(first.keys)) copyFileSync(join(dir, 'data', key), join(into, key.split('/')[1]!));
  return join(into, first.keys.bundle.split('/')[1]!);
}

async function verify(args: string[]) {
  const io = captureIo(dir, ENV);
  const code = await main(['verify', ...args, '--data', 'data'], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-verify-cli-'));
  await seedLake(testDeps({ store: new LocalFolderStore({ root: join(dir, 'data') }) }));
  first = await build(['--asset', 'app-1']);
  second = await build([]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bridge verify', () => {
  it('verifies a bundle file with the manifest and signature beside it and the local dev key, one line per check', async () => {
    const { code, out } = await verify([bundleFile(first)]);
    expect(code).toBe(0);
    for (const check of ['manifest', 'signature', 'pairing', 'size', 'sha256', 'gzip', 'line_count']) expect(out).toMatch(new RegExp(`^ {2}ok {4}${check} +\\S`, 'm'));
    expect(out).toMatch(new RegExp(`^VERIFIED: ${first.manifest.bundle_id}, 11 events 2026-11-25T11:00:00.000Z .. 2026-11-25T12:00:00.000Z, signed by key [0-9a-f]{16} \\(Ed25519\\)$`, 'm'));
    expect(out).toMatch(/^Public key {2}data\/\.dev-keys\/evidence-ed25519\.pub\.pem$/m);
  });

  it('fetches a bundle given by its id from the store into a temporary folder first', async () => {
    const { code, out } = await verify([second.manifest.bundle_id]);
    expect(code).toBe(0);
    expect(out).toContain(`Bundle      ${second.location}`);
    expect(out).toMatch(/^VERIFIED: /m);
  });

  it('takes the manifest, signature and public key from where they are named', async () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    copyFileSync(join(dir, 'data', first.keys.manifest), join(elsewhere, 'm.json'));
    copyFileSync(join(dir, 'data', first.keys.signature), join(elsewhere, 's.sig'));
    copyFileSync(join(dir, 'data', '.dev-keys', 'evidence-ed25519.pub.pem'), join(elsewhere, 'key.pem'));
    const { code } = await verify([bundleFile(first), '--manifest', 'elsewhere/m.json', '--sig', 'elsewhere/s.sig', '--public-key', 'elsewhere/key.pem']);
    expect(code).toBe(0);
  });

  it.each<[string, () => string[], string, RegExp]>([
    [
      'one flipped byte',
      () => {
        const path = copyOfFirst('flipped');
        const bytes = readFileSync(path);
        bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
        writeFileSync(path, bytes);
        return [path];
      },
      'sha256',
      /bundle SHA-256 is [0-9a-f]{64}, manifest says [0-9a-f]{64}/,
    ],
    [
      'a truncated bundle',
      () => {
        const path = copyOfFirst('truncated');
        truncateSync(path, first.manifest.bytes - 10);
        return [path];
      },
      'size',
      /bundle is \d+ bytes, manifest says \d+ \(truncated\?\)/,
    ],
    ['a manifest swapped from another bundle', () => [bundleFile(first), '--manifest', join(dir, 'data', second.keys.manifest), '--sig', join(dir, 'data', second.keys.signature)], 'pairing', /manifest belongs to evb-.+\.jsonl\.gz, not to evb-/],
    [
      'the wrong public key',
      () => {
        writeFileSync(join(dir, 'other.pem'), generateSigningKeyPem('Ed25519').publicKeyPem);
        return [bundleFile(first), '--public-key', join(dir, 'other.pem')];
      },
      'signature',
      /manifest signature does not verify with the given public key/,
    ],
    ['a missing manifest', () => [bundleFile(first), '--manifest', join(dir, 'nowhere.json')], 'manifest', /cannot read the manifest .*nowhere\.json: not found/],
    [
      'a signature file that is not JSON',
      () => {
        writeFileSync(join(dir, 'bad.sig'), 'not json');
        return [bundleFile(first), '--sig', join(dir, 'bad.sig')];
      },
      'signature',
      /cannot read the signature .*bad\.sig: not JSON/,
    ],
  ])('is 1 for %s, naming the check that fails', async (_what, args, check, message) => {
    const { code, out } = await verify(args());
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^ {2}FAIL {2}${check} +${message.source}`, 'm'));
    expect(out).toMatch(new RegExp(`^NOT VERIFIED: .*\\b${check}\\b.* failed$`, 'm'));
  });

  it.each<[string, () => string[], RegExp]>([
    ['no bundle', () => [], /name one BUNDLE/],
    ['a path that is neither a file nor a bundle id', () => ['missing.jsonl.gz'], /no such file .*missing\.jsonl\.gz, and "missing\.jsonl\.gz" is not a bundle id/],
    ['an id the store does not hold', () => ['evb-20260101T000000Z-00000000'], /no bundle evb-20260101T000000Z-00000000 in file:\/\//],
    ['a file not named <id>.jsonl.gz without --manifest and --sig', () => { const p = join(dir, 'bundle.gz'); copyFileSync(bundleFile(first), p); return [p]; }, /pass --manifest and --sig/],
    ['an unreadable --public-key', () => [bundleFile(first), '--public-key', 'no-such.pem'], /cannot read the public key .*no-such\.pem: ENOENT/],
  ])('is 2 for %s', async (_what, args, message) => {
    const { code, err } = await verify(args());
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('is 2 when there is no public key to verify with', async () => {
    const io = captureIo(dir, ENV);
    expect(await main(['verify', bundleFile(first), '--data', 'elsewhere-data'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/no public key; pass --public-key FILE .*no local dev key in .*elsewhere-data\/\.dev-keys/);
  });

  it('prints the findings as JSON with --json', async () => {
    const io = captureIo(dir, ENV);
    expect(await main(['verify', bundleFile(first), '--data', 'data', '--json'], io)).toBe(0);
    const out = io.json<{ ok: boolean; findings: Array<{ check: string; ok: boolean }>; files: { public_key: string } }>();
    expect(out.ok).toBe(true);
    expect(out.findings).toHaveLength(7);
    expect(out.files.public_key).toBe(join(dir, 'data', '.dev-keys', 'evidence-ed25519.pub.pem'));
  });
});
