import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { Storage } from '@google-cloud/storage';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectsInNotification } from '../../../aws-lambda/s3-notifications.js';
import { makeS3ObjectsHandler } from '../../../aws-lambda/s3-objects.js';
import { sqsEnqueuer } from '../../../scripts/cli/backfill-enqueue.js';
import { runBackfill } from '../../../scripts/cli/backfill-run.js';
import { parseBackfillSource } from '../../../scripts/cli/backfill-source.js';
import type { ObjectStore } from '../../../shared/ports.js';
import { AzureBlobObjectStore } from '../../../shared/store/azure-blob.js';
import { GcsObjectStore } from '../../../shared/store/gcs.js';
import { S3ObjectStore } from '../../../shared/store/s3.js';
import { startAzurite, type AzuriteInstance } from '../../helpers/azurite.js';
import { startGcsServer, type GcsServer } from '../../helpers/gcs-server.js';
import { startS3rver, type S3rverInstance } from '../../helpers/s3rver.js';
import { startSqsServer, type SqsServer } from '../../helpers/sqs-server.js';
import { testRuntime } from '../../unit/aws-lambda/handler-runtime.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'scripts', 'demo', 'samples', 'aws', 's3');
const TRAIL = 'AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/21/123456789012_CloudTrail_eu-west-1_20261121T0920Z_Xq3L0fA9nB2cD4eF.json.gz';
const APP = 'app/orders-api/2026/11/21/09/orders-api-0921.ndjson';
const OLD = 'app/orders-api/2026/10/01/00/old.ndjson';

async function seed(store: ObjectStore): Promise<void> {
  await store.put(TRAIL, await readFile(join(SAMPLES, 'demo-org-trail-123456789012', TRAIL)));
  await store.put(APP, await readFile(join(SAMPLES, 'demo-app-logs-123456789012', APP)));
  await store.put(OLD, '{"level":"info","message":"before the window","timestamp":"2026-10-01T00:00:00Z"}\n');
}

let s3: S3rverInstance;
let azurite: AzuriteInstance;
let gcs: GcsServer;
let sqs: SqsServer;

beforeAll(async () => {
  [s3, azurite, gcs, sqs] = await Promise.all([startS3rver({ buckets: ['logs-src'] }), startAzurite(), startGcsServer({ buckets: ['logs-src'] }), startSqsServer()]);
});

afterAll(async () => {
  await Promise.all([s3?.stop(), azurite?.stop(), gcs?.stop(), sqs?.close()]);
});

describe('bridge backfill from the clouds', () => {
  const window = { since: Date.parse('2026-11-21T00:00:00Z'), until: Date.parse('2026-11-22T00:00:00Z'), windowText: '2026-11-21|2026-11-22' };

  it.each([
    ['s3://logs-src/', () => new S3ObjectStore({ bucket: 'logs-src', clientConfig: s3.clientConfig })],
    [
      'azure://logs-src/',
      async () => {
        const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('logs-src');
        await container.createIfNotExists();
        return new AzureBlobObjectStore({ containerClient: container });
      },
    ],
    ['gcs://logs-src/', () => new GcsObjectStore({ bucket: 'logs-src', storage: new Storage({ apiEndpoint: gcs.endpoint, projectId: 'test', retryOptions: { autoRetry: false, maxRetries: 0 } }) })],
  ])('lists, selects by key time and ingests %s once', async (url, open) => {
    const sourceStore = await open();
    await seed(sourceStore);
    const { runtime } = await testRuntime();
    const source = parseBackfillSource(url, '/');
    const first = await runBackfill({ source, sourceStore, runtime, concurrency: 2, ratePerSecond: 50, ...window });
    expect(first).toMatchObject({ listed: 3, outOfWindow: 1, ingested: 2, failed: [] });
    expect(first.records.written).toBeGreaterThan(0);
    const second = await runBackfill({ source, sourceStore, runtime, concurrency: 2, ...window });
    expect(second).toMatchObject({ ingested: 0, alreadyDone: 2 });
  });

  it('records an object the GCS API fails to serve, and goes on', async () => {
    const storage = new Storage({ apiEndpoint: gcs.endpoint, projectId: 'test', retryOptions: { autoRetry: false, maxRetries: 0 } });
    const sourceStore = new GcsObjectStore({ bucket: 'logs-src', prefix: 'faulty', storage });
    await seed(sourceStore);
    const { runtime } = await testRuntime();
    let armed = false;
    const report = await runBackfill({
      source: parseBackfillSource('gcs://logs-src/', '/'),
      sourceStore,
      runtime,
      concurrency: 1,
      onProgress: (p) => {
        // After the listing, the next read of an object answers 503.
        if (!armed && p.completed === 0) {
          armed = true;
          gcs.failNext(503, 1);
        }
      },
    });
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.reason).toMatch(/cannot read/);
    expect(report.ingested).toBe(2);
  });

  it('--enqueue sends S3 notifications the ingest Lambda reads, and a second run sends nothing', async () => {
    const sourceStore = new S3ObjectStore({ bucket: 'logs-src', prefix: '', clientConfig: s3.clientConfig });
    await seed(sourceStore);
    const { runtime } = await testRuntime();
    const enqueue = sqsEnqueuer({ queueUrl: sqs.queueUrl, bucket: 'logs-src', region: 'eu-west-1', clientConfig: { endpoint: sqs.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 } });
    const source = parseBackfillSource('s3://logs-src/', '/');
    const report = await runBackfill({ source, sourceStore, runtime, concurrency: 1, enqueue, prefix: 'app/' });
    expect(report).toMatchObject({ mode: 'enqueue', enqueued: 2, ingested: 0 });
    expect(sqs.actions).toContain('SendMessageBatch');
    const named = sqs.messages.flatMap((m) => objectsInNotification(JSON.parse(m.body)));
    expect(named.map((r) => `${r.bucket}/${r.key}`).sort()).toEqual([`logs-src/${OLD}`, `logs-src/${APP}`].sort());

    // The queued notifications, delivered to the s3-objects handler as SQS would, ingest the objects.
    const handler = makeS3ObjectsHandler(() => Promise.resolve(runtime), { sourceStore: () => Promise.resolve(sourceStore) });
    const event = { Records: sqs.messages.map((m, i) => ({ messageId: `m${i}`, body: m.body, eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:telemetry-bridge-ingest' })) } as unknown as SQSEvent;
    expect(await handler(event)).toEqual({ batchItemFailures: [] });

    const again = await runBackfill({ source, sourceStore, runtime, concurrency: 1, enqueue, prefix: 'app/' });
    expect(again).toMatchObject({ enqueued: 0, alreadyDone: 2 });
    expect(sqs.messages).toHaveLength(2);
  });
});
