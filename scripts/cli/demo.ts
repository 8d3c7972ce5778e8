import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliRuntime } from './cli-runtime.js';
import { readInvocation, type CliTrigger, type Invocation } from './deliveries.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';
import { renderRunReport } from './render.js';
import { runInvocations } from './run-invocations.js';

/** The checked-in sample payloads (regenerate with `npx tsx scripts/demo/generate.ts`). */
export const DEFAULT_SAMPLES_DIR = fileURLToPath(new URL('../demo/samples/', import.meta.url));

export const DEMO_HELP = `bridge demo [options]

Replays the bundled sample payloads of all three clouds through the same handler entry points the
clouds call (aws-lambda/, azure-function/, gcp-function/) into a local folder store, then prints
per source: received / written / quarantined / filtered / redactions, the accounting check, the
TelemetrySummary (alerts, p95 latency) and where the data lies. No cloud account, no network.

Samples (scripts/demo/samples/):
  aws/cloudwatch/*.json            CloudWatch Logs subscription events (Lambda event JSON)
  aws/s3/<bucket>/<key>            objects; each is announced with an S3 ObjectCreated notification
  azure/eventhub/<hub>/*.json      Event Hubs batches as the Functions host passes them
  gcp/pubsub/*.json                Pub/Sub CloudEvents in structured JSON

Options:
  --data DIR      local store folder (default: $BRIDGE_DATA_DIR or ./.bridge-data)
  --config FILE   config file (default: $BRIDGE_CONFIG; none = defaults)
  --samples DIR   another folder with the same layout
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
  const { values } = parseFlags('demo', argv, { ...COMMON_OPTIONS, samples: { type: 'string' } }, false);
  if (values.help) {
    io.out(DEMO_HELP);
    return EXIT.ok;
  }
  const samplesDir = values.samples === undefined ? DEFAULT_SAMPLES_DIR : resolve(io.cwd, values.samples);
  const invocations = await demoInvocations(samplesDir);
  if (invocations.length === 0) throw new UsageError(`demo: no sample payloads under ${samplesDir}`);

  const started = Date.now();
  const cli = await buildCliRuntime(values, io, { forceLocal: true });
  const report = await runInvocations(cli, invocations);
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
    return report.failed > 0 ? EXIT.notPersisted : EXIT.ok;
  }
  const count = (t: CliTrigger) => invocations.filter((i) => i.trigger === t).length;
  io.out('Telemetry Bridge demo');
  io.out(
    `Replayed ${invocations.length} sample payloads through the handlers the clouds call: ` +
      `${count('cloudwatch')} CloudWatch Logs + ${count('s3')} S3 (aws-lambda/), ${count('eventhub')} Event Hubs (azure-function/), ` +
      `${count('pubsub')} Pub/Sub (gcp-function/) in ${Date.now() - started} ms.`,
  );
  if (cli.devHmacKey) io.out(`Emails, IPs and user names are hashed with a local dev key (${relative(io.cwd, join(cli.dataDir, '.dev-keys')) || '.'}); set redaction.hmac_key_secret_ref for real data.`);
  io.out('');
  for (const line of renderRunReport(report, io.cwd)) io.out(line);
  return report.failed > 0 ? EXIT.notPersisted : EXIT.ok;
}
