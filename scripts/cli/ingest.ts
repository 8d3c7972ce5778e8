import { resolve } from 'node:path';
import { buildCliRuntime } from './cli-runtime.js';
import { isTrigger, readInvocation, TRIGGERS, type Invocation } from './deliveries.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';
import { renderRunReport } from './render.js';
import { runInvocations } from './run-invocations.js';

export const INGEST_HELP = `bridge ingest --trigger cloudwatch|eventhub|pubsub|s3 FILE… [options]

Replays your own payload files through the same handler the cloud would call, into the local store.
  cloudwatch  the Lambda event JSON a subscription filter delivers ({"awslogs":{"data":"…"}})
  eventhub    a JSON array of the messages as the Functions host passes them (cardinality many),
              or an Event Hubs dead-letter document ({"messages":[…],"triggerMetadata":{…}})
  pubsub      a CloudEvent in structured JSON (or a Pub/Sub push body {"message":{…}})
  s3          the object itself (gzip or plain; NDJSON, JSON array, CloudTrail {"Records":[…]}, text)

Options:
  --trigger T        which handler receives the files (required)
  --bucket NAME      s3: the bucket the object is said to be in (default: local)
  --key KEY          s3: the object key (default: the file name; one file only)
  --hub NAME         eventhub: the hub name, e.g. insights-activity-logs (a parser hint)
  --partition ID     eventhub: the partition id (default: 0)
  --rules DIR        Sigma rules to run in the stream (repeatable; default: detections.rules)
  --data DIR         local store folder (default: $BRIDGE_DATA_DIR or ./.bridge-data)
  --config FILE      config file (default: $BRIDGE_CONFIG; none = defaults)
  --json             print the run report as JSON
  -v, --verbose      handler logs (JSON lines) on stderr

Exit code: 0 when everything was persisted (bad records are quarantined, not failures),
1 when something could not be persisted, 2 on bad usage or an invalid config.`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  trigger: { type: 'string', short: 't' },
  bucket: { type: 'string' },
  key: { type: 'string' },
  hub: { type: 'string' },
  partition: { type: 'string' },
  rules: { type: 'string', multiple: true },
} as const;

export async function ingestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('ingest', argv, OPTIONS, true);
  if (values.help) {
    io.out(INGEST_HELP);
    return EXIT.ok;
  }
  const trigger = values.trigger;
  if (trigger === undefined) throw new UsageError(`ingest: --trigger is required (${TRIGGERS.join(', ')})`);
  if (!isTrigger(trigger)) throw new UsageError(`ingest: unknown trigger ${JSON.stringify(trigger)} (use ${TRIGGERS.join(', ')})`);
  if (positionals.length === 0) throw new UsageError('ingest: name at least one FILE');
  if (trigger !== 's3' && (values.bucket !== undefined || values.key !== undefined)) throw new UsageError('ingest: --bucket and --key apply to --trigger s3 only');
  if (trigger !== 'eventhub' && (values.hub !== undefined || values.partition !== undefined)) throw new UsageError('ingest: --hub and --partition apply to --trigger eventhub only');
  const files = [...new Set(positionals.map((p) => resolve(io.cwd, p)))];
  if (values.key !== undefined && files.length > 1) throw new UsageError('ingest: --key names one object; give one FILE');

  // Read (and reject unreadable) files before anything is written.
  const invocations: Invocation[] = [];
  for (const file of files) invocations.push(await readInvocation(trigger, file, { bucket: values.bucket, key: values.key, hub: values.hub, partition: values.partition }));

  const cli = await buildCliRuntime(values, io, values.rules ? { rules: values.rules.map((r) => resolve(io.cwd, r)) } : {});
  const report = await runInvocations(cli, invocations);
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else {
    io.out(`Ingested ${files.length} file(s) through the ${trigger} handler.`);
    io.out('');
    for (const line of renderRunReport(report, io.cwd)) io.out(line);
  }
  return report.failed > 0 ? EXIT.notPersisted : EXIT.ok;
}
