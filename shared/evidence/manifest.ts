import * as z from 'zod';
import { EvidenceCallerV1 } from './caller.js';

export const SIGNATURE_ALGORITHMS = ['RSA-SHA256', 'Ed25519'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export const EvidenceManifestV1 = z.strictObject({
  schema_version: z.literal('1.0'),
  /** `evb-<32 hex>`: a digest of the request and the content (older bundles: `evb-<time>-<random>`). */
  bundle_id: z.string().regex(/^evb-([0-9a-f]{32}|[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8})$/),
  bundle_key: z.string(),
  window: z.strictObject({ since: z.string(), until: z.string() }),
  filters: z.strictObject({ asset: z.string().optional(), source: z.string().optional() }),
  line_count: z.number().int().nonnegative(),
  /** Size of the compressed bundle. */
  bytes: z.number().int().nonnegative(),
  uncompressed_bytes: z.number().int().nonnegative(),
  /** Hex SHA-256 of the compressed bundle bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  key_id: z.string().min(1),
  algorithm: z.enum(SIGNATURE_ALGORITHMS),
  created_at: z.string(),
  /** The caller the platform authenticated (not taken from the request); absent for local runs. */
  requested_by: EvidenceCallerV1.optional(),
});
export type EvidenceManifest = z.infer<typeof EvidenceManifestV1>;

/** The detached signature file (`<bundle-id>.sig`): over the canonical JSON of the manifest. */
export const EvidenceSignatureV1 = z.strictObject({
  bundle_id: z.string(),
  key_id: z.string(),
  algorithm: z.enum(SIGNATURE_ALGORITHMS),
  signature: z.string().min(1),
});
export type EvidenceSignature = z.infer<typeof EvidenceSignatureV1>;

export function bundleKeys(bundleId: string): { bundle: string; manifest: string; signature: string } {
  return {
    bundle: `evidence/${bundleId}.jsonl.gz`,
    manifest: `evidence/${bundleId}.manifest.json`,
    signature: `evidence/${bundleId}.sig`,
  };
}
