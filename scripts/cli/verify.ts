import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../../shared/config/index.js';
import { bundleKeys, verifyEvidenceBundle, type VerifyFinding, type VerifyResult } from '../../shared/evidence/index.js';
import { buildCliRuntime } from './cli-runtime.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags, resolveConfigPath, resolveDataDir, type CommonFlags } from './options.js';

export const VERIFY_HELP = `bridge verify BUNDLE [--manifest FILE] [--sig FILE] [--public-key PEM] [options]

Checks an evidence bundle offline and prints one line per check: the manifest is well-formed,
its signature verifies with the public key, the manifest belongs to this bundle, and the
bundle's size, SHA-256 and line count match the manifest. Exit code 1 names what fails.

BUNDLE is a bundle file (<id>.jsonl.gz) or a bundle id (evb-…), which is fetched from the store
(--data / --config) into a temporary folder first.

Options:
  --manifest FILE    the manifest (default: <id>.manifest.json beside the bundle)
  --sig FILE         the detached signature (default: <id>.sig beside the bundle)
  --public-key PEM   the signer's public key (default: the local dev key in <data>/.dev-keys/)
  --data DIR, --config FILE   where the store and the dev keys are (as for \`bridge evidence\`)
  --json             print the findings as JSON

Exit code: 0 verified; 1 a check failed; 2 bad usage (no such bundle, no public key).`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  manifest: { type: 'string' },
  sig: { type: 'string' },
  'public-key': { type: 'string' },
} as const;

const BUNDLE_ID = /^(?:evidence\/)?(evb-(?:[0-9a-f]{32}|\d{8}T\d{6}Z-[0-9a-f]{8}))(?:\.jsonl\.gz)?$/;

export interface BundleFiles {
  bundlePath: string;
  manifestPath: string;
  signaturePath: string;
  /** How to name each file in messages when its path is a temporary copy. */
  names?: { bundle: string; manifest: string; signature: string };
}

async function readJsonFile(path: string): Promise<{ ok: true; value: unknown } | { ok: false; why: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, why: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : ((err as NodeJS.ErrnoException).code ?? 'unreadable') };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, why: 'not JSON' };
  }
}

/** Verifies bundle files on disk; a manifest or signature that cannot be read is a failed check, named. */
export async function verifyFiles(files: BundleFiles, publicKeyPem: string): Promise<VerifyResult> {
  const names = files.names ?? { bundle: files.bundlePath, manifest: files.manifestPath, signature: files.signaturePath };
  const manifest = await readJsonFile(files.manifestPath);
  if (!manifest.ok) return { ok: false, findings: [{ check: 'manifest', ok: false, message: `cannot read the manifest ${names.manifest}: ${manifest.why}` }] };
  const signature = await readJsonFile(files.signaturePath);
  if (!signature.ok) return { ok: false, findings: [{ check: 'signature', ok: false, message: `cannot read the signature ${names.signature}: ${signature.why}` }] };
  return verifyEvidenceBundle({ bundlePath: files.bundlePath, manifest: manifest.value, signature: signature.value, publicKeyPem });
}

function findingLine(f: VerifyFinding): string {
  return `  ${(f.ok ? 'ok' : 'FAIL').padEnd(4)}  ${f.check.padEnd(10)}  ${f.message}`;
}

/** One line per check, then the verdict naming the checks that failed. */
export function renderVerification(result: VerifyResult): string[] {
  const lines = result.findings.map(findingLine);
  const failed = result.findings.filter((f) => !f.ok).map((f) => f.check);
  const m = result.manifest;
  if (result.ok && m) lines.push(`VERIFIED: ${m.bundle_id}, ${m.line_count} events ${m.window.since} .. ${m.window.until}, signed by key ${m.key_id} (${m.algorithm})`);
  else lines.push(`NOT VERIFIED: ${failed.join(', ')} failed`);
  return lines;
}

/** Beside the bundle: <id>.jsonl.gz → <id>.manifest.json and <id>.sig. */
function besideBundle(bundlePath: string, flags: { manifest?: string | undefined; sig?: string | undefined }, cwd: string): BundleFiles {
  const name = basename(bundlePath);
  const stem = name.endsWith('.jsonl.gz') ? name.slice(0, -'.jsonl.gz'.length) : undefined;
  if (stem === undefined && (flags.manifest === undefined || flags.sig === undefined)) {
    throw new UsageError(`verify: ${name} is not named <id>.jsonl.gz, so its manifest and signature cannot be found beside it; pass --manifest and --sig`);
  }
  const dir = dirname(bundlePath);
  return {
    bundlePath,
    manifestPath: flags.manifest !== undefined ? resolve(cwd, flags.manifest) : join(dir, `${stem}.manifest.json`),
    signaturePath: flags.sig !== undefined ? resolve(cwd, flags.sig) : join(dir, `${stem}.sig`),
  };
}

/** Downloads a bundle (and its manifest and signature, unless given) from the store into `dir`. */
async function fetchFromStore(id: string, flags: CommonFlags & { manifest?: string | undefined; sig?: string | undefined }, io: CliIo, dir: string) {
  const cli = await buildCliRuntime(flags, io);
  const keys = bundleKeys(id);
  const where = (key: string) => `${cli.store.location}/${key}`;
  const body = await cli.store.getStream(keys.bundle);
  if (!body) throw new UsageError(`verify: no bundle ${id} in ${cli.store.location} (looked for ${keys.bundle})`);
  const bundlePath = join(dir, `${id}.jsonl.gz`);
  await pipeline(body instanceof Readable ? body : Readable.from(body), createWriteStream(bundlePath));
  const files: BundleFiles = { ...besideBundle(bundlePath, flags, io.cwd), names: { bundle: where(keys.bundle), manifest: where(keys.manifest), signature: where(keys.signature) } };
  for (const [given, key, path] of [[flags.manifest, keys.manifest, files.manifestPath], [flags.sig, keys.signature, files.signaturePath]] as const) {
    if (given !== undefined) continue;
    const object = await cli.store.get(key);
    if (object) await writeFile(path, object.body);
  }
  if (flags.manifest !== undefined) files.names!.manifest = files.manifestPath;
  if (flags.sig !== undefined) files.names!.signature = files.signaturePath;
  return { files, devKeyDir: cli.runtime.devKeyDir };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** --public-key, else the local dev key (the one the manifest's algorithm names first). */
async function publicKeyFor(flags: CommonFlags & { 'public-key'?: string | undefined }, io: CliIo, manifestPath: string, devKeyDir: string | undefined) {
  if (flags['public-key'] !== undefined) {
    const path = resolve(io.cwd, flags['public-key']);
    try {
      return { path, pem: await readFile(path, 'utf8') };
    } catch (cause) {
      throw new UsageError(`verify: cannot read the public key ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause });
    }
  }
  const configPath = resolveConfigPath(flags, io);
  const dir = devKeyDir ?? join(resolveDataDir(flags, io, loadConfig({ ...(configPath ? { path: configPath } : {}), env: io.env })), '.dev-keys');
  const manifest = await readJsonFile(manifestPath);
  const algorithm = manifest.ok ? (manifest.value as { algorithm?: unknown }).algorithm : undefined;
  const names = algorithm === 'Ed25519' ? ['evidence-ed25519.pub.pem', 'evidence-rsa.pub.pem'] : ['evidence-rsa.pub.pem', 'evidence-ed25519.pub.pem'];
  for (const name of names) {
    const path = join(dir, name);
    if (await isFile(path)) return { path, pem: await readFile(path, 'utf8') };
  }
  throw new UsageError(`verify: no public key; pass --public-key FILE (the signer's public key PEM); no local dev key in ${dir}`);
}

export async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('verify', argv, OPTIONS, true);
  if (values.help) {
    io.out(VERIFY_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('verify: name one BUNDLE (a <id>.jsonl.gz file or a bundle id evb-…)');
  const target = positionals[0]!;
  const local = resolve(io.cwd, target);
  let tempDir: string | undefined;
  try {
    let files: BundleFiles;
    let devKeyDir: string | undefined;
    if (await isFile(local)) files = besideBundle(local, values, io.cwd);
    else {
      const id = BUNDLE_ID.exec(target)?.[1];
      if (id === undefined) throw new UsageError(`verify: no such file ${local}, and ${JSON.stringify(target)} is not a bundle id (evb- and 32 hex digits)`);
      tempDir = await mkdtemp(join(tmpdir(), 'bridge-verify-'));
      ({ files, devKeyDir } = await fetchFromStore(id, values, io, tempDir));
    }
    const publicKey = await publicKeyFor(values, io, files.manifestPath, devKeyDir);
    const result = await verifyFiles(files, publicKey.pem);
    const names = files.names ?? { bundle: files.bundlePath, manifest: files.manifestPath, signature: files.signaturePath };
    if (values.json) {
      io.out(JSON.stringify({ ...result, files: { ...names, public_key: publicKey.path } }, null, 2));
    } else {
      const show = (p: string) => (p.startsWith('/') ? relative(io.cwd, p) || p : p);
      io.out(`Bundle      ${show(names.bundle)}`);
      io.out(`Manifest    ${show(names.manifest)}`);
      io.out(`Signature   ${show(names.signature)}`);
      io.out(`Public key  ${show(publicKey.path)}`);
      io.out('');
      for (const line of renderVerification(result)) io.out(line);
    }
    return result.ok ? EXIT.ok : EXIT.notPersisted; // 1: a check failed
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
