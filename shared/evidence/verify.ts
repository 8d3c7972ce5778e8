import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { EvidenceManifestV1, EvidenceSignatureV1, type EvidenceManifest } from './manifest.js';
import { verifyManifestSignature } from './signing.js';

export type VerifyCheck = 'manifest' | 'signature' | 'pairing' | 'size' | 'sha256' | 'gzip' | 'line_count';

export interface VerifyFinding {
  check: VerifyCheck;
  ok: boolean;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  findings: VerifyFinding[];
  manifest?: EvidenceManifest;
}

export interface VerifyInput {
  bundlePath: string;
  /** Parsed JSON of the manifest and signature files. */
  manifest: unknown;
  signature: unknown;
  publicKeyPem: string;
}

/**
 * Offline verification, in order: the manifest is well-formed, its signature verifies with the
 * public key, it belongs to this bundle, the bundle's size and SHA-256 match, and it holds the
 * manifest's line count. Each failure names exactly what does not match.
 */
export async function verifyEvidenceBundle(input: VerifyInput): Promise<VerifyResult> {
  const findings: VerifyFinding[] = [];
  const add = (check: VerifyCheck, ok: boolean, message: string) => findings.push({ check, ok, message });
  const m = EvidenceManifestV1.safeParse(input.manifest);
  const s = EvidenceSignatureV1.safeParse(input.signature);
  if (!m.success) {
    add('manifest', false, `manifest is malformed: ${m.error.issues[0]?.path.join('.') ?? ''} ${m.error.issues[0]?.message ?? ''}`.trim());
    return { ok: false, findings };
  }
  if (!s.success) {
    add('signature', false, 'signature file is malformed');
    return { ok: false, findings, manifest: m.data };
  }
  const manifest = m.data;
  const signature = s.data;
  add('manifest', true, `manifest ${manifest.bundle_id} is well-formed`);

  if (signature.bundle_id !== manifest.bundle_id) {
    add('signature', false, `signature is for bundle ${signature.bundle_id}, manifest is for ${manifest.bundle_id}`);
  } else if (!verifyManifestSignature(manifest, signature, input.publicKeyPem)) {
    add('signature', false, `manifest signature does not verify with the given public key (signed by key ${signature.key_id}, ${signature.algorithm})`);
  } else {
    add('signature', true, `manifest signature verifies (key ${signature.key_id}, ${signature.algorithm})`);
  }

  const name = basename(input.bundlePath);
  const expectedName = basename(manifest.bundle_key);
  if (name !== expectedName) add('pairing', false, `manifest belongs to ${expectedName}, not to ${name}`);
  else add('pairing', true, `manifest names this bundle (${name})`);

  let size: number;
  try {
    size = (await stat(input.bundlePath)).size;
  } catch {
    add('size', false, `bundle ${input.bundlePath} cannot be read`);
    return { ok: false, findings, manifest };
  }
  if (size !== manifest.bytes) {
    add('size', false, `bundle is ${size} bytes, manifest says ${manifest.bytes}${size < manifest.bytes ? ' (truncated?)' : ''}`);
  } else add('size', true, `bundle is ${size} bytes as the manifest says`);

  const hash = createHash('sha256');
  for await (const chunk of createReadStream(input.bundlePath)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  if (digest !== manifest.sha256) add('sha256', false, `bundle SHA-256 is ${digest}, manifest says ${manifest.sha256}`);
  else add('sha256', true, 'bundle SHA-256 matches the manifest');

  let lines = 0;
  try {
    const gunzip = createGunzip();
    const file = createReadStream(input.bundlePath);
    file.on('error', (e) => gunzip.destroy(e));
    for await (const line of createInterface({ input: file.pipe(gunzip), crlfDelay: Infinity })) if (line !== '') lines++;
    add('gzip', true, 'bundle decompresses');
    if (lines !== manifest.line_count) add('line_count', false, `bundle holds ${lines} lines, manifest says ${manifest.line_count}`);
    else add('line_count', true, `bundle holds ${lines} lines as the manifest says`);
  } catch (err) {
    add('gzip', false, `bundle does not decompress: ${(err as Error).message}`);
  }
  return { ok: findings.every((f) => f.ok), findings, manifest };
}
