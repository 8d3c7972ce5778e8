import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BridgeConfig } from '../../shared/config/index.js';
import type { BuiltBundle, VerifyResult } from '../../shared/evidence/index.js';
import type { DeliveryReport } from '../../shared/sinks/index.js';
import { queryLines, readAlerts, renderAlerts, STARTER_RULES_DIR } from './alerts-report.js';
import { renderConnectorManifests, runConnectorDemo } from './demo-connectors.js';
import { buildCliRuntime, type CliRuntime } from './cli-runtime.js';
import { readInvocation, type CliTrigger, type Invocation } from './deliveries.js';
import { buildBundle, devPublicKeyPath, renderBundle, shown, signingKeyFor, verifyHint, whereIs } from './evidence.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';
import { renderRunReport } from './render.js';
import { runInvocations } from './run-invocations.js';
import type { RunReport } from './run-report.js';
import { renderVerification, verifyFiles, type BundleFiles } from './verify.js';

/** The checked-in sample payloads (regenerate with `npx tsx scripts/demo/generate.ts`). */
export const DEFAULT_SAMPLES_DIR = fileURLToPath(new URL('../demo/samples/', import.meta.url));

export const DEMO_HELP = `bridge demo [options]

Replays the bundled sample payloads of all three clouds through the same handler entry points the
clouds call (aws-lambda/, azure-function/, gcp-function/) into a local folder store, then prints
per source: received / written / quarantined / filtered / redactions, the accounting check, the
TelemetrySummary (alerts, p95 latency) and where the data lies. Then it delivers each batch's
summary through the FixOps sink in file mode (<data>/sinks/fixops/ops-telemetry.json), builds a
signed evidence bundle over the demo's window, verifies it, and shows that a copy with one byte
flipped (<data>/tampered/) fails verification. It ends with a query over the lake (DuckDB) and
the alerts the starter pack of Sigma rules raised in the stream. No cloud account, no network.

Samples (scripts/demo/samples/):
  aws/cloudwatch/*.json            CloudWatch Logs subscription events (Lambda event JSON)
  aws/s3/<bucket>/<key>            objects; each is announced with an S3 ObjectCreated notification
  azure/eventhub/<hub>/*.json      Event Hubs batches as the Functions host passes them
  gcp/pubsub/*.json                Pub/Sub CloudEvents in structured JSON

Options:
  --data DIR      local store folder (default: $BRIDGE_DATA_DIR or ./.bridge-data)
  --config FILE   config file (default: $BRIDGE_CONFIG; none = defaults)
  --samples DIR   another folder with the same layout
  --rules DIR     Sigma rules run in the stream (repeatable; default: detections.rules, else detections/)
  --with-connectors  also run the five pull connectors against loopback vendor servers and show their manifests
  --json          print the run report as JSON
  -v, --verbose   handler logs (JSON lines) on stderr`;

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile() && !entry.name.startsWith('.') && entry.name !== 'README.md') out.push(full);
  }
  return out;
}

/** Reads the samples folder into invocations, in cloud order: CloudWatch, S3, Event Hubs, Pub/Sub. */
export async function demoInvocations(samplesDir: string): Promise<Invocation[]> {
  const invocations: Invocation[] = [];
  const add = async (trigger: CliTrigger, sub: string, options: (parts: string[]) => Parameters<typeof readInvocation>[2]) => {
    const root = join(samplesDir, sub);
    for (const file of await listFiles(root)) {
      const parts = relative(root, file).split(sep);
      invocations.push(await readInvocation(trigger, file, options(parts)));
    }
  };
  await add('cloudwatch', 'aws/cloudwatch', () => ({}));
  await add('s3', 'aws/s3', (parts) => ({ bucket: parts[0], key: parts.slice(1).join('/') }));
  await add('eventhub', 'azure/eventhub', (parts) => (parts.length > 1 ? { hub: parts[0] } : {}));
  await add('pubsub', 'gcp/pubsub', () => ({}));
  return invocations;
}

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('demo', argv, { ...COMMON_OPTIONS, samples: { type: 'string' }, rules: { type: 'string', multiple: true }, 'with-connectors': { type: 'boolean', default: false } }, false);
  if (values.help) {
    io.out(DEMO_HELP);
    return EXIT.ok;
  }
  const samplesDir = values.samples === undefined ? DEFAULT_SAMPLES_DIR : resolve(io.cwd, values.samples);
  const invocations = await demoInvocations(samplesDir);
  if (invocations.length === 0) throw new UsageError(`demo: no sample payloads under ${samplesDir}`);

  const started = Date.now();
  const rules = values.rules?.map((r) => resolve(io.cwd, r));
  const cli = await buildCliRuntime(values, io, { forceLocal: true, sinks: demoSinks, ...(rules ? { rules } : { defaultRules: [STARTER_RULES_DIR] }) });
  const counted = countDeliveries(cli);
  const report = await runInvocations(cli, invocations);
  const elapsed = Date.now() - started;
  const delivery = counted();
  const connectors = values['with-connectors'] ? await runConnectorDemo(cli) : undefined;
  const evidence = await demoEvidence(cli, report);
  const ok = report.failed === 0 && (evidence === undefined || (evidence.verify.ok && !evidence.tampered.verify.ok));
  const alerts = await readAlerts(cli.store, cli.store.written);
  if (values.json) {
    io.out(JSON.stringify({ ...report, delivery, evidence: evidence ? evidenceJson(evidence) : null, ...(connectors ? { connectors } : {}), alerts }, null, 2));
    return ok ? EXIT.ok : EXIT.notPersisted;
  }
  const count = (t: CliTrigger) => invocations.filter((i) => i.trigger === t).length;
  io.out('Telemetry Bridge demo');
  io.out(
    `Replayed ${invocations.length} sample payloads through the handlers the clouds call: ` +
      `${count('cloudwatch')} CloudWatch Logs + ${count('s3')} S3 (aws-lambda/), ${count('eventhub')} Event Hubs (azure-function/), ` +
      `${count('pubsub')} Pub/Sub (gcp-function/) in ${elapsed} ms.`,
  );
  if (cli.devHmacKey) io.out(`Emails, IPs and user names are hashed with a local dev key (${relative(io.cwd, join(cli.dataDir, '.dev-keys')) || '.'}); set redaction.hmac_key_secret_ref for real data.`);
  io.out('');
  for (const line of renderRunReport(report, io.cwd)) io.out(line);
  io.out('');
  for (const line of renderDemoExtras(delivery, evidence, io.cwd)) io.out(line);
  if (connectors) {
    io.out('');
    for (const line of renderConnectorManifests(connectors)) io.out(line);
  }
  io.out('');
  const sql = 'select source_type, count(*) as n from events group by 1 order by 2 desc';
  io.out(`Query (bridge query "${sql}"):`);
  for (const line of await queryLines(cli.dataDir, cli.store, sql)) io.out(`  ${line}`);
  io.out('');
  for (const line of renderAlerts(alerts)) io.out(line);
  return ok ? EXIT.ok : EXIT.notPersisted;
}

/** The demo delivers through FixOps in file mode only, whatever the config says: no network. */
function demoSinks(config: BridgeConfig): BridgeConfig['sinks'] {
  const s = config.sinks;
  return { ...s, fixops: { ...s.fixops, enabled: true, mode: 'file' }, sentinel: { ...s.sentinel, enabled: false }, event_hubs: { ...s.event_hubs, enabled: false }, pubsub: { ...s.pubsub, enabled: false } };
}

export interface DemoDelivery extends Omit<DeliveryReport, 'skipped'> {
  batches: number;
  /** Where FixOps file mode wrote the latest summary. */
  file: string;
}

/**
 * The handlers deliver each batch through the runtime's sinks themselves (runDelivery); the demo
 * only counts what each sink took, by wrapping its deliver.
 */
function countDeliveries(cli: CliRuntime): () => DemoDelivery {
  const fixopsDir = cli.runtime.config.sinks.fixops.path ?? join(cli.dataDir, 'sinks', 'fixops');
  const total: DemoDelivery = { batches: 0, delivered: {}, parked: {}, file: join(resolve(fixopsDir), 'ops-telemetry.json') };
  cli.runtime.sinks = cli.runtime.sinks.map((sink) => ({
    ...sink,
    name: sink.name,
    kind: sink.kind,
    async deliver(items, context) {
      let rejected = 0;
      try {
        const outcome = await sink.deliver(items, context);
        rejected = (outcome?.rejected ?? []).reduce((n, r) => n + r.items.length, 0);
        total.delivered[sink.name] = (total.delivered[sink.name] ?? 0) + items.length - rejected;
        if (rejected > 0) total.parked[sink.name] = (total.parked[sink.name] ?? 0) + rejected;
        if (sink.kind === 'summary') total.batches++;
        return outcome;
      } catch (err) {
        total.parked[sink.name] = (total.parked[sink.name] ?? 0) + items.length;
        throw err;
      }
    },
  }));
  return () => total;
}

export interface DemoEvidence {
  built: BuiltBundle;
  files: BundleFiles;
  /** The public key the bundle verifies with (the dev key's file, when signed with it). */
  publicKey: string | undefined;
  verify: VerifyResult;
  tampered: { files: BundleFiles; offset: number; verify: VerifyResult };
}

/** The demo's window: its events' first and last minutes (until exclusive). */
function demoWindow(report: RunReport): { since: string; until: string } | undefined {
  const windows = report.sources.flatMap((s) => (s.summary ? [s.summary.window] : []));
  if (windows.length === 0) return undefined;
  const minute = 60_000;
  const start = Math.min(...windows.map((w) => Date.parse(w.start)));
  const end = Math.max(...windows.map((w) => Date.parse(w.end)));
  return { since: new Date(Math.floor(start / minute) * minute).toISOString(), until: new Date(Math.floor(end / minute) * minute + minute).toISOString() };
}

/** Builds a bundle over the demo's window, verifies it, then verifies a copy with one byte flipped. */
async function demoEvidence(cli: CliRuntime, report: RunReport): Promise<DemoEvidence | undefined> {
  const window = demoWindow(report);
  if (!window) return undefined;
  const signingKey = await signingKeyFor(cli.runtime);
  const built = await buildBundle(cli.runtime, window, signingKey);
  const at = (key: string) => whereIs(cli.store.location, key);
  const files: BundleFiles = { bundlePath: at(built.keys.bundle), manifestPath: at(built.keys.manifest), signaturePath: at(built.keys.signature) };
  const verify = await verifyFiles(files, signingKey.publicKeyPem);

  const dir = join(cli.dataDir, 'tampered');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const copy = (path: string) => join(dir, path.split(sep).pop()!);
  const tamperedFiles: BundleFiles = { bundlePath: copy(files.bundlePath), manifestPath: copy(files.manifestPath), signaturePath: copy(files.signaturePath) };
  await copyFile(files.manifestPath, tamperedFiles.manifestPath);
  await copyFile(files.signaturePath, tamperedFiles.signaturePath);
  const bytes = await readFile(files.bundlePath);
  const offset = Math.floor(bytes.length / 2);
  bytes[offset]! ^= 0x01;
  await writeFile(tamperedFiles.bundlePath, bytes);
  const tampered = { files: tamperedFiles, offset, verify: await verifyFiles(tamperedFiles, signingKey.publicKeyPem) };
  return { built, files, publicKey: devPublicKeyPath(cli.runtime, cli.config), verify, tampered };
}

/** What `demo --json` prints: the run report plus the delivery and the evidence steps. */
export type DemoJson = RunReport & { delivery: DemoDelivery; evidence: ReturnType<typeof evidenceJson> | null };

function evidenceJson(e: DemoEvidence) {
  const result = (r: VerifyResult) => ({ ok: r.ok, findings: r.findings });
  return {
    manifest: e.built.manifest,
    location: e.built.location,
    files: e.files,
    public_key: e.publicKey ?? null,
    verify: result(e.verify),
    tampered: { files: e.tampered.files, offset: e.tampered.offset, verify: result(e.tampered.verify) },
  };
}

function renderDemoExtras(delivery: DemoDelivery, evidence: DemoEvidence | undefined, cwd: string): string[] {
  const show = (path: string) => shown(path, cwd);
  const parked = Object.values(delivery.parked).reduce((a, b) => a + b, 0);
  const out = [
    `Delivered ${delivery.delivered.fixops ?? 0} of ${delivery.batches} batch summaries through the FixOps sink in file mode (no network)` +
      `${parked > 0 ? `; ${parked} parked in failed/ (\`bridge replay\` re-delivers them)` : ''}.`,
    `  ${show(delivery.file)} holds the latest; set sinks.fixops.mode: http to POST them.`,
    '',
  ];
  if (!evidence) return [...out, 'No events were written, so no evidence bundle was built.'];
  out.push(...renderBundle(evidence.built, cwd, evidence.publicKey), '');
  out.push('Verified offline (bridge verify), with the public key:', ...renderVerification(evidence.verify), '');
  out.push(`A copy with one byte flipped (offset ${evidence.tampered.offset}) in ${show(evidence.tampered.files.bundlePath)}:`, ...renderVerification(evidence.tampered.verify), '');
  const tamperedHint = verifyHint(evidence.built, cwd, evidence.publicKey).replace(show(evidence.files.bundlePath), show(evidence.tampered.files.bundlePath));
  out.push(`Try:   ${verifyHint(evidence.built, cwd, evidence.publicKey)}`, `       ${tamperedHint}`);
  return out;
}
