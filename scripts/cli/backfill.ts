import { EvidenceRequestError, parseEvidenceTime } from '../../shared/evidence/http.js';
import { BridgeError, describeError, PersistError } from '../../shared/errors.js';
import { progressLine, summaryTable } from './backfill-progress.js';
import { runBackfill, type BackfillProgress } from './backfill-run.js';
import { openBackfillSource, parseBackfillSource } from './backfill-source.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';
import { buildServiceRuntime } from './service-runtime.js';

export const BACKFILL_HELP = `bridge backfill SOURCE [--since T] [--until T] [--prefix P] [--concurrency N] [--rate N/s] [options]

Ingests objects that already exist, through the S3 trigger's own handler (same decoding, same log
types by key layout, same deterministic keys, so nothing is stored twice).
  SOURCE   s3://bucket/prefix, azure://container/prefix, gcs://bucket/prefix, or a local folder
           (its relative paths are the object keys, e.g. AWSLogs/…/CloudTrail/…)

Options:
  --since T, --until T   only objects whose key names a time in [since, until) (2026-11-01,
                         2026-11-21T09:00:00Z, or 7d back from now); keys without a time: by
                         last-modified time
  --prefix P             only keys under P (inside SOURCE)
  --concurrency N        objects in flight (default 4)
  --rate N/s             at most N objects per second (default: no limit)
  --enqueue QUEUE_URL    s3:// only: send each object as an S3 event notification to the ingest
                         queue (the stack's IngestQueueUrl output) instead of ingesting here
  --data DIR, --config FILE, --json, -v/--verbose   as for \`bridge ingest\`

Resumable: the cursor state/backfill/<id>.json advances after each object is persisted; a second
run over the same SOURCE and options ingests nothing new. An object that cannot be read is listed
in the run's manifest (manifests/connector=backfill/…) with its reason and tried again next run.

Exit code: 0 done (unreadable objects are listed, not failures); 1 something could not be
persisted (run it again to resume); 2 bad usage or config.`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  since: { type: 'string' },
  until: { type: 'string' },
  prefix: { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  enqueue: { type: 'string' },
} as const;

function positiveNumber(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/\/s$/, ''));
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`backfill: --${name} must be a positive ${integer ? 'whole ' : ''}number, not ${JSON.stringify(text)}`);
  return n;
}

function time(name: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseEvidenceTime(name, text, now);
  } catch (err) {
    if (err instanceof EvidenceRequestError) throw new UsageError(`backfill: --${err.message}`);
    throw err;
  }
}

export async function backfillCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('backfill', argv, OPTIONS, true);
  if (values.help) {
    io.out(BACKFILL_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('backfill: name one SOURCE (s3://bucket/prefix, azure://container/prefix, gcs://bucket/prefix or a folder)');
  const source = parseBackfillSource(positionals[0]!, io.cwd);
  const now = Date.now();
  const since = time('since', values.since, now);
  const until = time('until', values.until, now);
  if (since !== undefined && until !== undefined && since >= until) throw new UsageError('backfill: --since must be before --until');
  const concurrency = positiveNumber('concurrency', values.concurrency, true) ?? 4;
  const rate = positiveNumber('rate', values.rate, false);
  if (values.enqueue !== undefined && source.scheme !== 's3') throw new UsageError('backfill: --enqueue sends S3 notifications: it needs an s3:// SOURCE');

  const { runtime } = await buildServiceRuntime(values, io);
  const sourceStore = await openBackfillSource(source, runtime);
  let enqueue;
  if (values.enqueue !== undefined) {
    const { sqsEnqueuer } = await import('./backfill-enqueue.js');
    enqueue = sqsEnqueuer({ queueUrl: values.enqueue, bucket: source.bucket, region: runtime.config.store.region });
  }
  const tty = !values.json && process.stderr.isTTY === true && io.env.CI === undefined;
  const onProgress = tty ? (p: BackfillProgress) => void process.stderr.write(`\r${progressLine(p)}\u001b[K`) : undefined;
  try {
    const report = await runBackfill({
      source,
      sourceStore,
      runtime,
      prefix: values.prefix,
      since,
      until,
      windowText: `${values.since ?? ''}|${values.until ?? ''}`,
      concurrency,
      ratePerSecond: rate,
      enqueue,
      ...(onProgress ? { onProgress } : {}),
    });
    if (tty) process.stderr.write('\n');
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of summaryTable(report)) io.out(line);
    return EXIT.ok;
  } catch (err) {
    if (tty) process.stderr.write('\n');
    if (err instanceof PersistError || err instanceof BridgeError) {
      io.err(`bridge: backfill stopped: ${describeError(err).message} (run it again to resume from the cursor)`);
      return EXIT.notPersisted;
    }
    throw err;
  }
}
