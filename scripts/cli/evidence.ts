import { join, relative } from 'node:path';
import type { BridgeConfig } from '../../shared/config/index.js';
import { buildEvidenceBundle, loadSigningKey, type BuiltBundle, type EvidenceRequest, type SigningKey } from '../../shared/evidence/index.js';
import { EvidenceRequestError, parseEvidenceRequest } from '../../shared/evidence/http.js';
import type { Runtime } from '../../shared/runtime.js';
import { buildCliRuntime } from './cli-runtime.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';

export const EVIDENCE_HELP = `bridge evidence --since 1h [--until …] [--asset NAME] [--source SOURCE] [options]

Builds a signed evidence bundle from raw/ in the store: the events of the window (and asset,
source) as gzipped JSONL, a manifest (window, filters, line count, bytes, SHA-256, key id,
algorithm) and a detached signature over the manifest, written under evidence/. Prints the
manifest summary and where the files lie. Check them offline with \`bridge verify\`.

Options:
  --since WHEN     start of the window (inclusive): a duration back from now (30m, 1h, 7d)
                   or an RFC 3339 time with a zone (2026-11-25T10:00:00Z) (required)
  --until WHEN     end of the window (exclusive), same forms (default: now)
  --asset NAME     only events of this asset (e.g. app-1, prod/payments/api)
  --source SOURCE  only events of this source (e.g. aws.cloudwatch)
  --data DIR       local store folder and dev keys (default: $BRIDGE_DATA_DIR or ./.bridge-data)
  --config FILE    config file (default: $BRIDGE_CONFIG): store, evidence.signing_key_secret_ref
  --json           print the manifest, signature and locations as JSON

The signing key comes from evidence.signing_key_secret_ref; without one a local dev key is
generated on first use (<data>/.dev-keys/), with its public key written beside it.`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  since: { type: 'string' },
  until: { type: 'string' },
  asset: { type: 'string' },
  source: { type: 'string' },
} as const;

/** Where a store key lies: a local path for the folder store, else the store's URL. */
export function whereIs(location: string, key: string): string {
  return location.startsWith('file://') ? join(location.slice('file://'.length), key) : `${location}/${key}`;
}

/** The dev key's public half, when the bundle was signed with a local dev key. */
export function devPublicKeyPath(runtime: Runtime, config: BridgeConfig): string | undefined {
  if (config.evidence.signing_key_secret_ref || !runtime.devKeyDir) return undefined;
  return join(runtime.devKeyDir, config.evidence.algorithm === 'Ed25519' ? 'evidence-ed25519.pub.pem' : 'evidence-rsa.pub.pem');
}

/** The runtime's signing key: from evidence.signing_key_secret_ref, else the local dev key. */
export function signingKeyFor(runtime: Runtime): Promise<SigningKey> {
  return loadSigningKey(runtime.config.evidence, { secrets: runtime.secrets, logger: runtime.logger, ...(runtime.devKeyDir ? { devKeyDir: runtime.devKeyDir } : {}) });
}

/** Builds and signs a bundle with the runtime's store and key. */
export async function buildBundle(runtime: Runtime, request: EvidenceRequest, signingKey?: SigningKey): Promise<BuiltBundle> {
  const key = signingKey ?? (await signingKeyFor(runtime));
  return buildEvidenceBundle(request, { store: runtime.store, signingKey: key, clock: runtime.clock, logger: runtime.logger });
}

/** The store's location, from a built bundle's location (`<store>/<bundle key>`). */
function storeLocationOf(built: BuiltBundle): string {
  return built.location.slice(0, built.location.length - built.keys.bundle.length - 1);
}

/** A path relative to `cwd` where that is shorter; store URLs as they are. */
export function shown(path: string, cwd: string): string {
  if (!path.startsWith('/')) return path;
  const rel = relative(cwd, path);
  return rel !== '' && rel.length < path.length ? rel : path;
}

/** The manifest summary and the paths. */
export function renderBundle(built: BuiltBundle, cwd: string, publicKey: string | undefined): string[] {
  const m = built.manifest;
  const store = storeLocationOf(built);
  const filters = Object.entries(m.filters).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
  return [
    `Evidence bundle ${m.bundle_id}`,
    `  window      ${m.window.since} .. ${m.window.until} (until exclusive)`,
    `  filters     ${filters}`,
    `  events      ${m.line_count}${m.line_count === 0 ? ' (no events in this window: the bundle records that)' : ''}`,
    `  bytes       ${m.bytes} gzipped (${m.uncompressed_bytes} uncompressed)`,
    `  sha256      ${m.sha256}`,
    `  signed      ${m.algorithm}, key ${m.key_id}${publicKey ? ` (local dev key; public key ${shown(publicKey, cwd)})` : ''}`,
    `  bundle      ${shown(whereIs(store, built.keys.bundle), cwd)}`,
    `  manifest    ${shown(whereIs(store, built.keys.manifest), cwd)}`,
    `  signature   ${shown(whereIs(store, built.keys.signature), cwd)}`,
    ...(publicKey ? ['  NOTE: signed with a local dev key, fine for trying things out; set evidence.signing_key_secret_ref for real evidence.'] : []),
  ];
}

/** The `bridge verify` line that checks this bundle: by path when local, else by id (fetched from the store). */
export function verifyHint(built: BuiltBundle, cwd: string, publicKey: string | undefined): string {
  const store = storeLocationOf(built);
  const target = store.startsWith('file://') ? shown(whereIs(store, built.keys.bundle), cwd) : built.manifest.bundle_id;
  const key = publicKey ? ` --public-key '${shown(publicKey, cwd)}'` : " --public-key <the signing key's public PEM>";
  return `npx bridge verify '${target}'${key}`;
}

const PARAMS = ['since', 'until', 'asset', 'source'];

export async function evidenceCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('evidence', argv, OPTIONS, false);
  if (values.help) {
    io.out(EVIDENCE_HELP);
    return EXIT.ok;
  }
  // Bad flags are refused before anything is built or written (the CLI's clock is the wall clock).
  let request: EvidenceRequest;
  try {
    request = parseEvidenceRequest({ since: values.since, until: values.until, asset: values.asset, source: values.source }, Date.now());
  } catch (err) {
    if (!(err instanceof EvidenceRequestError)) throw err;
    const flag = PARAMS.includes(err.message.split(' ')[0]!) ? '--' : '';
    throw new UsageError(`evidence: ${flag}${err.message}`, { cause: err });
  }
  const cli = await buildCliRuntime(values, io);
  const { runtime } = cli;
  const built = await buildBundle(runtime, request);
  const publicKey = devPublicKeyPath(runtime, cli.config);
  if (values.json) {
    io.out(JSON.stringify({ ...built, ...(publicKey ? { public_key: publicKey } : {}) }, null, 2));
    return EXIT.ok;
  }
  for (const line of renderBundle(built, io.cwd, publicKey)) io.out(line);
  io.out('');
  io.out(`Verify offline:  ${verifyHint(built, io.cwd, publicKey)}`);
  return EXIT.ok;
}
