import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCloudWatchLogsHandler } from '../../../aws-lambda/cloudwatch-logs.js';
import { loadConfig } from '../../../shared/config/index.js';
import { silentLogger } from '../../../shared/observability/index.js';
import { summaryFromMetadata, SUMMARY_METADATA_NAME } from '../../../shared/pipeline/index.js';
import { createRuntime } from '../../../shared/runtime.js';
import type { TelemetrySummary } from '../../../shared/schema/index.js';
import { ledgerKey } from '../../../shared/sinks/delivery-ledger.js';
import type { Sink } from '../../../shared/sinks/types.js';
import { S3ObjectStore } from '../../../shared/store/s3.js';
import { startS3rver, type S3rverInstance } from '../../helpers/s3rver.js';
import { tempDir } from '../../unit/aws-lambda/handler-runtime.js';
import { accessLogLine, cloudWatchLogsEvent, dataMessage, lambdaContext } from '../../unit/aws-lambda/lambda-events.js';

let s3: S3rverInstance;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['lake-metadata', 'lake-object'] });
  client = new S3Client(s3.clientConfig);
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

/** The handler's runtime on an S3 lake, its one summary sink recording what it receives, its PutObject calls counted. */
async function deliver(bucket: string, summaryObjects: 'metadata' | 'object') {
  const puts: string[] = [];
  const counted = new S3Client(s3.clientConfig);
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand') puts.push(String((args.input as { Key?: string }).Key));
      return next(args);
    },
    { step: 'initialize' },
  );
  const store = new S3ObjectStore({ bucket, client: counted });
  const received: TelemetrySummary[] = [];
  const fixops: Sink = { name: 'fixops', kind: 'summary', deliver: async (items) => void received.push(...(items as TelemetrySummary[])) };
  const runtime = await createRuntime({
    config: loadConfig({ env: {}, overrides: { pipeline: { summary_objects: summaryObjects } } }),
    store,
    allowDevKeys: true,
    dataDir: tempDir(),
    logger: silentLogger,
    clock: () => Date.parse('2026-11-25T12:00:00.000Z'),
    sinks: [fixops],
  });
  const handler = makeCloudWatchLogsHandler(async () => runtime);
  const result = await handler(cloudWatchLogsEvent(dataMessage([0, 1, 2, 3].map((i) => accessLogLine(i, i === 3 ? 503 : 200)))), lambdaContext('cwl-ingest'));
  const keys: string[] = [];
  for await (const info of store.list('')) keys.push(info.key);
  counted.destroy();
  return { store, result, received, puts, keys };
}

describe('a CloudWatch Logs delivery through the handler, on S3 (s3rver)', () => {
  it('writes one lake object per invocation: the raw/ object, whose metadata decodes to the summary the sink received', async () => {
    const { store, result, received, puts, keys } = await deliver('lake-metadata', 'metadata');
    expect(result.written).toBe(4);
    const raw = keys.filter((k) => k.startsWith('raw/'));
    expect(raw).toHaveLength(1);
    // The one other PUT is the delivery ledger (state/deliveries/), the sinks' exactly-once bookkeeping.
    expect(keys).toEqual([raw[0], ledgerKey(result.batchKey)]);
    expect(puts.sort()).toEqual([...keys].sort());
    expect(result.objects).toEqual(raw);

    const head = await store.head(raw[0]!);
    expect(Object.keys(head!.metadata)).toEqual([SUMMARY_METADATA_NAME]);
    expect(received).toHaveLength(1);
    expect(summaryFromMetadata(head!.metadata)).toEqual(received[0]);
    expect(received[0]).toEqual(result.summary);
    expect(received[0]).toMatchObject({ batch_key: result.batchKey, event_count: 4, alerts: [{ rule: 'http-5xx', count: 1 }] });
  });

  it('with pipeline.summary_objects: object, writes the summaries/ object as before and no metadata', async () => {
    const { store, result, received, keys } = await deliver('lake-object', 'object');
    const raw = keys.filter((k) => k.startsWith('raw/'));
    const summaries = keys.filter((k) => k.startsWith('summaries/'));
    expect(raw).toHaveLength(1);
    expect(summaries).toEqual([`summaries/dt=${result.summary!.window.end.slice(0, 10)}/${result.batchKey}.json`]);
    expect((await store.head(raw[0]!))!.metadata).toEqual({});
    expect(JSON.parse((await store.get(summaries[0]!))!.body.toString('utf8'))).toEqual(received[0]);
  });
});
