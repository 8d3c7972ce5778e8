/**
 * `npm run build`: one minified ESM bundle per entry point under dist/, never carrying another
 * cloud's SDK.
 *
 *   dist/aws/<cloudwatch-logs|s3-objects|schedule|evidence>/index.mjs   Lambda handler `index.handler`
 *   dist/azure/   Function App folder: index.mjs, host.json, package.json
 *   dist/gcp/     Cloud Functions source folder: index.mjs, package.json (functions-framework)
 *
 * Code splitting is on, so a lazily imported adapter (another cloud's store, a connector library)
 * lands in its own chunk under chunks/ and is loaded only when used; other clouds' SDKs are
 * external, so they are never bundled, and the metafile check proves it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

export type Cloud = 'aws' | 'azure' | 'gcp';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Package-name patterns of each cloud's SDKs (esbuild `external` wildcards). */
export const CLOUD_SDKS: Record<Cloud, string[]> = {
  aws: ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'],
  azure: ['@azure/*'],
  gcp: ['@google-cloud/*', 'google-auth-library', 'google-gax', 'gaxios', 'gcp-metadata'],
};

/** The same, as a test on a metafile input path (`node_modules/@azure/…`). */
const SDK_INPUT: Record<Cloud, RegExp> = {
  aws: /(^|\/)node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//,
  azure: /(^|\/)node_modules\/@azure\//,
  gcp: /(^|\/)node_modules\/(@google-cloud|google-auth-library|google-gax|gaxios|gcp-metadata)\//,
};

/**
 * Modules left out of a cloud's bundle: provided by the platform, or installed from the deployable
 * folder's package.json when the platform builds it (Cloud Functions runs `npm install`).
 */
const PLATFORM_EXTERNALS: Record<Cloud, string[]> = {
  aws: [],
  // Provided by the Functions worker, not on npm.
  azure: ['@azure/functions-core'],
  // The framework loads our module and looks the functions up in its own registry: it must be the
  // same copy. The Google Cloud client libraries (gax) read their proto files next to their own
  // sources at run time, so they cannot be bundled either.
  gcp: ['@google-cloud/*', 'google-gax', 'google-auth-library', 'gaxios', 'gcp-metadata'],
};
/** Native addons never bundled: DuckDB (bridge query / detect only; loaded lazily by shared/query) and optional drivers. */
const OPTIONAL_NATIVE = ['pg-native', 'cpu-features', 'ssh2', '@duckdb/*'];

/** ESM bundles of CommonJS dependencies still call require(): give them one. */
const BANNER = "import { createRequire as __bridgeCreateRequire } from 'node:module'; const require = __bridgeCreateRequire(import.meta.url);";

const AWS_ENTRIES = ['cloudwatch-logs', 's3-objects', 'schedule', 'evidence', 'http-ingest'] as const;

export interface BundleReport {
  cloud: Cloud;
  name: string;
  /** Folder that is deployed as is. */
  dir: string;
  /** The entry file (index.mjs). */
  entry: string;
  entryBytes: number;
  /** Entry plus all chunks. */
  totalBytes: number;
  chunks: number;
  /** Each output file (entry and chunks) with the bare modules it imports from outside the bundle. */
  outputs: Array<{ path: string; bytes: number; externalImports: string[] }>;
  /** Every source file bundled (metafile inputs, relative to the repo). */
  inputs: string[];
  /** Inputs that belong to another cloud's SDK (must be empty). */
  foreignSdkInputs: string[];
}

export interface BuildAllOptions {
  minify?: boolean;
  /** Only these clouds (default all). */
  clouds?: Cloud[];
}

export class BundleCheckError extends Error {
  override name = 'BundleCheckError';
}

/** Builds every bundle into `outdir` (its aws/, azure/ and gcp/ folders are replaced). Throws if a bundle carries another cloud's SDK. */
export async function buildAll(outdir = join(ROOT, 'dist'), options: BuildAllOptions = {}): Promise<BundleReport[]> {
  const clouds = options.clouds ?? ['aws', 'azure', 'gcp'];
  for (const cloud of clouds) {
    await rm(join(outdir, cloud), { recursive: true, force: true });
    await rm(stampPath(outdir, cloud), { force: true });
  }
  const jobs: Array<Promise<BundleReport>> = [];
  if (clouds.includes('aws')) {
    for (const name of AWS_ENTRIES) {
      const source = join(ROOT, 'aws-lambda', `${name}.ts`);
      if (existsSync(source)) jobs.push(bundle('aws', name, source, join(outdir, 'aws', name), options));
    }
  }
  if (clouds.includes('azure')) jobs.push(bundle('azure', 'function-app', join(ROOT, 'azure-function', 'index.ts'), join(outdir, 'azure'), options));
  if (clouds.includes('gcp')) jobs.push(bundle('gcp', 'functions', join(ROOT, 'gcp-function', 'index.ts'), join(outdir, 'gcp'), options));
  const reports = await Promise.all(jobs);
  if (clouds.includes('azure')) await writeAzureApp(join(outdir, 'azure'));
  const gcp = reports.find((r) => r.cloud === 'gcp');
  if (gcp) await writeGcpSource(join(outdir, 'gcp'), gcp);
  const foreign = reports.filter((r) => r.foreignSdkInputs.length > 0);
  if (foreign.length > 0) {
    const detail = foreign.map((r) => `${r.cloud}/${r.name}: ${r.foreignSdkInputs.slice(0, 3).join(', ')}`).join('; ');
    throw new BundleCheckError(`bundles include another cloud's SDK: ${detail}`);
  }
  return reports;
}

/**
 * Syntax esbuild lowers in every bundle. Object spread onto a literal that already has properties
 * (`{ ...fields, ...common }`, the shape every normalizer and the redactor build events with)
 * takes V8 12 (Node 20) a slow runtime path: ~16 µs for 15 + 10 properties, against ~2.4 µs for
 * esbuild's `__spreadValues` loop (defineProperty for keys like `__proto__`, so the semantics stay).
 * Measured in `npm run bench` (issue 15); the bench bundles its child with the same setting.
 */
export const LOWERED_SYNTAX: BuildOptions['supported'] = { 'object-rest-spread': false };

async function bundle(cloud: Cloud, name: string, source: string, dir: string, options: BuildAllOptions): Promise<BundleReport> {
  const others = (Object.keys(CLOUD_SDKS) as Cloud[]).filter((c) => c !== cloud);
  const config: BuildOptions = {
    entryPoints: { index: source },
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    supported: LOWERED_SYNTAX,
    minify: options.minify ?? true,
    treeShaking: true,
    metafile: true,
    legalComments: 'none',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: BANNER },
    external: [...others.flatMap((c) => CLOUD_SDKS[c]), ...PLATFORM_EXTERNALS[cloud], ...OPTIONAL_NATIVE],
    logLevel: 'silent',
    absWorkingDir: ROOT,
  };
  const result = await build(config);
  const metafile = result.metafile as Metafile;
  const inputs = Object.keys(metafile.inputs);
  const foreignSdkInputs = inputs.filter((input) => others.some((c) => SDK_INPUT[c].test(input)));
  const outputs = Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith('.mjs'))
    .map(([path, out]) => ({
      path: resolve(ROOT, path),
      bytes: out.bytes,
      externalImports: [...new Set(out.imports.filter((i) => i.external).map((i) => i.path))].sort(),
    }));
  const entryPath = join(dir, 'index.mjs');
  return {
    cloud,
    name,
    dir,
    entry: entryPath,
    entryBytes: outputs.find((o) => o.path === entryPath)?.bytes ?? 0,
    totalBytes: outputs.reduce((sum, o) => sum + o.bytes, 0),
    chunks: outputs.length - 1,
    outputs,
    inputs,
    foreignSdkInputs,
  };
}

function rootPackage(): { version: string; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
}

/** The Function App folder: the host reads host.json, the Node worker loads package.json "main". */
async function writeAzureApp(dir: string): Promise<void> {
  const pkg = rootPackage();
  await copyFile(join(ROOT, 'azure-function', 'host.json'), join(dir, 'host.json'));
  const manifest = {
    name: 'telemetry-bridge-azure',
    version: pkg.version,
    private: true,
    type: 'module',
    main: 'index.mjs',
    engines: { node: '>=20' },
    // Bundled into index.mjs; declared so tooling recognises the v4 programming model.
    dependencies: { '@azure/functions': pkg.dependencies['@azure/functions'] },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The Cloud Functions source folder: the platform's build installs the dependencies (the Functions
 * Framework, which loads "main", and the Google Cloud clients the bundle imports lazily).
 */
async function writeGcpSource(dir: string, report: BundleReport): Promise<void> {
  const pkg = rootPackage();
  const imported = new Set(report.outputs.flatMap((o) => o.externalImports).map(packageName));
  const dependencies = Object.fromEntries(
    Object.entries(pkg.dependencies).filter(([name]) => name === '@google-cloud/functions-framework' || (imported.has(name) && SDK_INPUT.gcp.test(`node_modules/${name}/`))),
  );
  const manifest = {
    name: 'telemetry-bridge-gcp',
    version: pkg.version,
    private: true,
    type: 'module',
    main: 'index.mjs',
    engines: { node: '>=20' },
    dependencies,
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function formatSizeTable(reports: BundleReport[], root = ROOT): string {
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const rows = reports.map((r) => [`${r.cloud}/${r.name}`, relative(root, r.entry), kb(r.entryBytes), String(r.chunks), kb(r.totalBytes)]);
  const header = ['bundle', 'entry', 'entry size', 'chunks', 'total'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** What the bundles are built from: the handler folders, shared/, this script and the dependency set. */
const BUILD_INPUTS = ['aws-lambda', 'azure-function', 'gcp-function', 'shared', 'scripts/build.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** SHA-256 over every build input's path and content (sorted), so any edit, checkout or dependency change shows. */
export function sourceDigest(root = ROOT): string {
  const hash = createHash('sha256');
  const visit = (rel: string): void => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    let entries: string[] | undefined;
    try {
      entries = readdirSync(abs).sort();
    } catch {
      entries = undefined;
    }
    if (!entries) {
      hash.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
      return;
    }
    for (const name of entries) if (name !== 'node_modules') visit(`${rel}/${name}`);
  };
  for (const input of BUILD_INPUTS) visit(input);
  return hash.digest('hex');
}

/** dist/.build-<cloud>.sha256: the source digest the cloud's bundles were last built from (outside the deployed folders). */
function stampPath(outdir: string, cloud: Cloud): string {
  return join(outdir, `.build-${cloud}.sha256`);
}

/**
 * Builds a cloud's bundles when they are missing or were built from other sources (the stamp
 * does not match the source digest); otherwise does nothing. `cdk synth|deploy`, `npm run synth`
 * and `cdktf synth|deploy` call this first, so a fresh clone needs no separate build step.
 */
export async function ensureBundles(clouds: Cloud[], outdir = join(ROOT, 'dist'), log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Cloud[]> {
  const digest = sourceDigest();
  const stale = clouds.filter((cloud) => !existsSync(stampPath(outdir, cloud)) || readFileSync(stampPath(outdir, cloud), 'utf8').trim() !== digest);
  if (stale.length === 0) return [];
  log(`building the ${stale.join(', ')} bundles (missing or stale) into ${relative(ROOT, outdir) || outdir}`);
  await mkdir(outdir, { recursive: true });
  await buildAll(outdir, { clouds: stale });
  for (const cloud of stale) await writeFile(stampPath(outdir, cloud), `${digest}\n`);
  return stale;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const clouds = args.filter((a): a is Cloud => a === 'aws' || a === 'azure' || a === 'gcp');
  const outdir = resolve(args.find((a) => !a.startsWith('--') && !clouds.includes(a as Cloud)) ?? join(ROOT, 'dist'));
  // `--if-stale [aws|azure|gcp …]`: the synth/deploy hook (cdk.json "build", cdktf.json "app", npm run synth).
  if (args.includes('--if-stale')) {
    await ensureBundles(clouds.length > 0 ? clouds : ['aws', 'azure', 'gcp'], outdir);
    return;
  }
  await mkdir(outdir, { recursive: true });
  const reports = await buildAll(outdir);
  const digest = sourceDigest();
  for (const cloud of ['aws', 'azure', 'gcp'] as const) await writeFile(stampPath(outdir, cloud), `${digest}\n`);
  process.stdout.write(`${formatSizeTable(reports)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
