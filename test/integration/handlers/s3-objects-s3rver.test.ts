import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeS3ObjectsHandler } from '../../../aws-lambda/s3-objects.js';
import { S3ObjectStore } from '../../../shared/store/s3.js';
import { startS3rver, type S3rverInstance } from '../../helpers/s3rver.js';
import { readAll } from '../../helpers/pipeline.js';
import { tempDir, testRuntime } from '../../unit/aws-lambda/handler-runtime.js';
import { loadConfig } from '../../../shared/config/index.js';
import { silentLogger } from '../../../shared/observability/index.js';
import { createRuntime } from '../../../shared/runtime.js';
import { accessLogLine, lambdaContext, s3Event, s3Record, sqsEvent, sqsRecord } from '../../unit/aws-lambda/lambda-events.js';

const BUCKET = 'org-logs';
const LAKE = 'bridge-lake';
let s3: S3rverInstance;
let source: S3ObjectStore;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: [BUCKET, LAKE] });
  source = new S3ObjectStore({ bucket: BUCKET, clientConfig: s3.clientConfig });
  const lines = (n: number) => `${Array.from({ length: n }, (_, i) => accessLogLine(i)).join('\n')}\n`;
  await source.put('AWSLogs/123456789012/app/2026/11/25/part 1.jsonl.gz', gzipSync(lines(4)));
  await source.put('AWSLogs/123456789012/app/2026/11/25/part-2.jsonl', lines(2));
});

const savedEnv = { ...process.env };
afterAll(async () => {
  process.env = { ...savedEnv };
  await s3?.stop();
});

describe('the S3 objects handler against an S3 server', () => {
  it('reads the notified objects through the S3 store and reports only the failed SQS message', async () => {
    const t = await testRuntime();
    const handler = makeS3ObjectsHandler(async () => t.runtime, { sourceStore: async () => source });
    const event = sqsEvent([
      sqsRecord('m-1', s3Event([s3Record(BUCKET, 'AWSLogs/123456789012/app/2026/11/25/part+1.jsonl.gz')])),
      sqsRecord('m-2', s3Event([s3Record(BUCKET, 'AWSLogs/123456789012/app/2026/11/25/part-2.jsonl')])),
      sqsRecord('m-3', s3Event([s3Record(BUCKET, 'AWSLogs/123456789012/app/2026/11/25/never-written.jsonl')])),
    ]);

    expect(await handler(event, lambdaContext('s3-ingest'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-3' }] });
    const ingested = t.lines.filter((l) => l.message === 'batch ingested').map((l) => l.context);
    expect(ingested.map((c) => c.received)).toEqual([4, 2]);
    expect((await readAll(t.store, 'raw/source=aws.s3/')).size).toBeGreaterThan(0);
  });

  it('builds the source store from the config by default, and writes the lake to S3 too', async () => {
    // The function's credentials and region, as Lambda provides them in its environment.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
    const config = loadConfig({ env: { BRIDGE__STORE__TYPE: 's3', BRIDGE__STORE__BUCKET: LAKE, BRIDGE__STORE__ENDPOINT: s3.endpoint, BRIDGE__STORE__REGION: 'us-east-1' } });
    const runtime = await createRuntime({ config, allowDevKeys: true, dataDir: tempDir(), logger: silentLogger });
    const handler = makeS3ObjectsHandler(async () => runtime);
    const event = sqsEvent([sqsRecord('m-1', s3Event([s3Record(BUCKET, 'AWSLogs/123456789012/app/2026/11/25/part-2.jsonl')]))]);

    expect(await handler(event, lambdaContext('s3-ingest'))).toEqual({ batchItemFailures: [] });
    const lake = new S3ObjectStore({ bucket: LAKE, clientConfig: s3.clientConfig });
    const keys: string[] = [];
    for await (const info of lake.list('raw/source=aws.s3/')) keys.push(info.key);
    expect(keys.length).toBeGreaterThan(0);
  });
});
