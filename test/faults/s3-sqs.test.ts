import type { Context, S3EventRecord, SQSBatchResponse } from 'aws-lambda';
import { afterAll } from 'vitest';
import { makeS3ObjectsHandler } from '../../aws-lambda/s3-objects.js';
import { s3Record, sqsEvent, sqsRecord } from '../unit/aws-lambda/lambda-events.js';
import { acknowledged, faultSuite, startHttpSinks, type HandlerPath } from './support/matrix.js';
import type { World } from './support/world.js';

const http = await startHttpSinks();
afterAll(() => http.close());

const BUCKET = 'app-logs';
const line = (i: number, time = true): string => JSON.stringify({ ...(time ? { time: `2026-11-25T10:5${i % 10}:00Z` } : {}), level: 'error', message: `checkout failed ${i}`, order: `o-${i}` });
// A: 3 NDJSON lines, streamed in parts of 2 (2 parts), one line broken (quarantined).
const objectA = [0, 1].map((i) => line(i)).join('\n') + '\n{"broken": \n';
// B: a line without a time of its own, named by a notification without eventTime (last-modified fallback).
const objectB = line(10, false);
// C: its own message.
const objectC = line(20);

function record(key: string, eventTime: boolean): S3EventRecord {
  const r = s3Record(BUCKET, key);
  if (!eventTime) delete (r as Partial<S3EventRecord>).eventTime;
  return r;
}
const messages = {
  m1: sqsRecord('m1', { Records: [record('svc/a.ndjson', true), record('svc/b.ndjson', false)] }),
  m2: sqsRecord('m2', { Records: [record('svc/c.ndjson', true)] }),
};
const pending = new WeakMap<World, string[]>();

// Through SQS: only the failed messages come back (batchItemFailures), up to maxReceiveCount (5) times.
const path: HandlerPath = {
  name: 'S3 via SQS (streamed objects)',
  sinks: ['sentinel'],
  records: 3 + 1 + 1,
  maxAttempts: 5,
  async setup(world) {
    await world.sourceDirect.put('svc/a.ndjson', objectA);
    await world.sourceDirect.put('svc/b.ndjson', objectB);
    await world.sourceDirect.put('svc/c.ndjson', objectC);
    pending.set(world, ['m1', 'm2']);
  },
  async invoke(world) {
    const handler = makeS3ObjectsHandler(async () => world.runtime, { sourceStore: async () => world.source, partRecords: 2 });
    const ids = pending.get(world)!;
    const event = sqsEvent(ids.map((id) => messages[id as keyof typeof messages]));
    try {
      const response = (await handler(event, world.lambdaContext() as unknown as Context)) as SQSBatchResponse;
      pending.set(world, response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      return false;
    }
    return pending.get(world)!.length === 0;
  },
};

await faultSuite(http, path);
