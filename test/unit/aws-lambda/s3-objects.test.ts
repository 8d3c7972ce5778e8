import { gzipSync } from 'node:zlib';
import type { SQSBatchResponse } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeS3ObjectsHandler } from '../../../aws-lambda/s3-objects.js';
import type { BatchResult } from '../../../shared/pipeline/index.js';
import type { ObjectStore } from '../../../shared/ports.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { readAll } from '../../helpers/pipeline.js';
import { failingStore, tempDir, testRuntime } from './handler-runtime.js';
import { accessLogLine, lambdaContext, s3Event, s3Record, sqsEvent, sqsRecord } from './lambda-events.js';

const BUCKET = 'org-logs';

/** A source bucket as a local folder holding the named objects (NDJSON, gzipped when the key says so). */
async function sourceBucket(objects: Record<string, number>): Promise<LocalFolderStore> {
  const store = new LocalFolderStore({ root: tempDir() });
  for (const [key, lines] of Object.entries(objects)) {
    const text = `${Array.from({ length: lines }, (_, i) => accessLogLine(i)).join('\n')}\n`;
    await store.put(key, key.endsWith('.gz') ? gzipSync(text) : text);
  }
  return store;
}

async function setUp(objects: Record<string, number>, options: { output?: (store: ObjectStore) => ObjectStore; source?: (store: ObjectStore) => ObjectStore } = {}) {
  const source = await sourceBucket(objects);
  const output = new LocalFolderStore({ root: tempDir() });
  const t = await testRuntime(options.output ? options.output(output) : output);
  const buckets: string[] = [];
  const handler = makeS3ObjectsHandler(async () => t.runtime, {
    sourceStore: async (bucket) => {
      buckets.push(bucket);
      return options.source ? options.source(source) : source;
    },
  });
  return { t, handler, output, buckets };
}

const notification = (...keys: string[]) => s3Event(keys.map((key) => s3Record(BUCKET, key)));

describe('the S3 objects handler', () => {
  describe('with S3 notifications delivered directly', () => {
    it('reads each created object through the store port and writes its events', async () => {
      const { t, handler, output } = await setUp({ 'app/2026/11/25/a.jsonl.gz': 3, 'app/2026/11/25/b.jsonl': 2 });
      const out = (await handler(notification('app/2026/11/25/a.jsonl.gz', 'app/2026/11/25/b.jsonl'), lambdaContext())) as { results: BatchResult[] };

      expect(out.results.map((r) => r.received)).toEqual([3, 2]);
      for (const r of out.results) expect(r.received).toBe(r.written + r.quarantined + r.filtered);
      expect(out.results.every((r) => r.written > 0)).toBe(true);
      expect([...(await readAll(output, 'raw/')).keys()].every((k) => k.startsWith('raw/source=aws.s3/'))).toBe(true);
      expect(t.lines.filter((l) => l.message === 'batch ingested')).toHaveLength(2);
    });

    it('URL-decodes keys, reading "+" as a space', async () => {
      const { handler } = await setUp({ 'exports/my file=1.jsonl': 1 });
      const out = (await handler(notification('exports/my+file%3D1.jsonl'), lambdaContext())) as { results: BatchResult[] };
      expect(out.results[0]!.received).toBe(1);
    });

    it('ignores events that do not create an object', async () => {
      const { handler } = await setUp({});
      const out = await handler(s3Event([s3Record(BUCKET, 'gone.jsonl', 'ObjectRemoved:Delete')]), lambdaContext());
      expect(out).toEqual({ results: [] });
    });

    it('throws when any object fails, so Lambda retries the event', async () => {
      const { t, handler } = await setUp({ 'ok.jsonl': 1 });
      await expect(handler(notification('ok.jsonl', 'missing.jsonl'), lambdaContext())).rejects.toThrow(/1 of 2 objects could not be ingested/);
      expect(t.lines.find((l) => l.level === 'error')?.context).toMatchObject({ bucket: BUCKET, key: 'missing.jsonl' });
    });

    it('throws when the events cannot be persisted', async () => {
      const { handler } = await setUp({ 'ok.jsonl': 1 }, { output: (s) => failingStore(s) });
      await expect(handler(notification('ok.jsonl'), lambdaContext())).rejects.toMatchObject({ cause: { name: 'PersistError' } });
    });

    it('builds the source store once per bucket', async () => {
      const { handler, buckets } = await setUp({ 'a.jsonl': 1, 'b.jsonl': 1 });
      await handler(notification('a.jsonl', 'b.jsonl'), lambdaContext());
      await handler(notification('a.jsonl'), lambdaContext());
      expect(buckets).toEqual([BUCKET]);
    });
  });

  describe('with S3 notifications delivered through SQS', () => {
    it('returns no failures when every object was written', async () => {
      const { handler, output } = await setUp({ 'a.jsonl': 2, 'b.jsonl': 1 });
      const out = await handler(sqsEvent([sqsRecord('m-1', notification('a.jsonl')), sqsRecord('m-2', notification('b.jsonl'))]), lambdaContext());
      expect(out).toEqual({ batchItemFailures: [] });
      expect((await readAll(output, 'raw/')).size).toBeGreaterThan(0);
    });

    it('reports just the messages whose objects failed', async () => {
      const unreadable = (inner: ObjectStore): ObjectStore => ({
        location: inner.location,
        get: (key) => inner.get(key),
        getStream: (key) => (key === 'broken.jsonl' ? Promise.reject(new Error('read timed out')) : inner.getStream(key)),
        list: (prefix) => inner.list(prefix),
        put: (key, body, options) => inner.put(key, body, options),
        delete: (key) => inner.delete(key),
      });
      const { handler } = await setUp({ 'a.jsonl': 1, 'broken.jsonl': 1, 'c.jsonl': 1 }, { source: unreadable });
      const event = sqsEvent([
        sqsRecord('m-ok', notification('a.jsonl')),
        sqsRecord('m-missing', notification('missing.jsonl')),
        sqsRecord('m-broken', notification('c.jsonl', 'broken.jsonl')),
        sqsRecord('m-not-json', 'this is not a notification'),
        sqsRecord('m-test', { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-25T10:00:00.000Z', Bucket: BUCKET }),
      ]);
      const out = (await handler(event, lambdaContext())) as SQSBatchResponse;
      expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-missing', 'm-broken', 'm-not-json']);
    });

    it('reports every message when the events cannot be persisted', async () => {
      const { handler, t } = await setUp({ 'a.jsonl': 1, 'b.jsonl': 1 }, { output: (s) => failingStore(s) });
      const out = (await handler(sqsEvent([sqsRecord('m-1', notification('a.jsonl')), sqsRecord('m-2', notification('b.jsonl'))]), lambdaContext())) as SQSBatchResponse;
      expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }]);
      expect(t.metrics.sets.filter((s) => s.values.Failed === 1)).toHaveLength(2);
      expect(t.lines.filter((l) => l.message === 'batch ingested')).toHaveLength(0);
    });

    it('reads notifications that SNS wrapped on their way to the queue', async () => {
      const { handler } = await setUp({ 'a.jsonl': 1 });
      const wrapped = { Type: 'Notification', MessageId: 'sns-1', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:s3-events', Message: JSON.stringify(notification('a.jsonl')) };
      expect(await handler(sqsEvent([sqsRecord('m-1', wrapped)]), lambdaContext())).toEqual({ batchItemFailures: [] });
    });

    it('on a FIFO queue, also returns every message after the first failure', async () => {
      const { handler } = await setUp({ 'a.jsonl': 1, 'c.jsonl': 1 });
      const fifo = (id: string, key: string) => sqsRecord(id, notification(key), 'bridge-ingest.fifo');
      const out = (await handler(sqsEvent([fifo('m-1', 'a.jsonl'), fifo('m-2', 'missing.jsonl'), fifo('m-3', 'c.jsonl')]), lambdaContext())) as SQSBatchResponse;
      expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-2', 'm-3']);
    });
  });
});
