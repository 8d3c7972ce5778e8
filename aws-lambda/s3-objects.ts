import type { Context, S3Event, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaBudget } from '../shared/cloud-runtime.js';
import { BridgeError } from '../shared/errors.js';
import { runS3StreamDelivery, type BatchResult } from '../shared/pipeline/index.js';
import type { ObjectStore } from '../shared/ports.js';
import type { TimeBudget } from '../shared/resilience/index.js';
import type { Runtime } from '../shared/runtime.js';
import { createObjectStore } from '../shared/store/create.js';
import { lastModifiedOf } from '../shared/store/last-modified.js';
import { reportFailure } from '../shared/pipeline/report.js';
import { awsRuntime } from './runtime.js';
import { objectsInNotification, type S3ObjectRef } from './s3-notifications.js';

export interface S3ObjectsHandlerOptions {
  /** The store an object is read through; default: an S3 store for that bucket (built once per bucket). */
  sourceStore?: (bucket: string) => Promise<ObjectStore>;
  /** Records per streamed part (default S3_STREAM_PART_RECORDS; tests use small parts). */
  partRecords?: number;
}

export type S3ObjectsResult = SQSBatchResponse | { results: BatchResult[] };

const DIMENSIONS = { cloud: 'aws', function: 's3-objects' };

/**
 * S3 object-created notifications, delivered directly or through SQS. Through SQS, only the
 * messages whose objects failed are reported in `batchItemFailures` (the rest are deleted);
 * delivered directly, any failed object fails the invocation so Lambda retries it.
 */
export function makeS3ObjectsHandler(getRuntime: () => Promise<Runtime>, options: S3ObjectsHandlerOptions = {}) {
  const stores = new Map<string, Promise<ObjectStore>>();
  const storeFor = (runtime: Runtime, bucket: string): Promise<ObjectStore> => {
    let store = stores.get(bucket);
    if (!store) {
      store = (options.sourceStore ?? ((b: string) => defaultSourceStore(runtime, b)))(bucket);
      store.catch(() => stores.delete(bucket));
      stores.set(bucket, store);
    }
    return store;
  };

  async function ingestObjects(runtime: Runtime, refs: S3ObjectRef[], context: Record<string, unknown>, budget: TimeBudget | undefined): Promise<{ results: BatchResult[]; errors: unknown[] }> {
    const results: BatchResult[] = [];
    const errors: unknown[] = [];
    for (const ref of refs) {
      try {
        const source = await storeFor(runtime, ref.bucket);
        const chunks = await source.getStream(ref.key);
        if (!chunks) throw new BridgeError('source object not found', { context: { bucket: ref.bucket, key: ref.key } });
        const lastModified = ref.eventTime === undefined ? await lastModifiedOf(source, ref.key) : undefined;
        const object = lastModified === undefined ? ref : { ...ref, lastModified };
        results.push(...(await runS3StreamDelivery(object, chunks, runtime, DIMENSIONS, budget, options.partRecords)));
      } catch (err) {
        reportFailure(runtime, DIMENSIONS, err, { ...context, bucket: ref.bucket, key: ref.key });
        errors.push(err);
      }
    }
    return { results, errors };
  }

  return async function s3Objects(event: S3Event | SQSEvent, context?: Context): Promise<S3ObjectsResult> {
    const runtime = await getRuntime();
    const requestId = context?.awsRequestId;
    const budget = lambdaBudget(context, runtime.clock);
    if (!isSqsEvent(event)) {
      const refs = notification(runtime, event, { request_id: requestId });
      if (!refs) throw new BridgeError('the event is not an S3 notification');
      const { results, errors } = await ingestObjects(runtime, refs, { request_id: requestId }, budget);
      if (errors.length > 0) throw new BridgeError(`${errors.length} of ${refs.length} objects could not be ingested`, { cause: errors[0] });
      return { results };
    }
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const message of event.Records) {
      // A FIFO queue keeps order: once one message fails, every later one is returned too.
      const fifoBlocked = batchItemFailures.length > 0 && message.eventSourceARN?.endsWith('.fifo') === true;
      const where = { request_id: requestId, message_id: message.messageId };
      const refs = fifoBlocked ? undefined : notification(runtime, parseJson(message.body), where);
      const failed = !refs || (await ingestObjects(runtime, refs, where, budget)).errors.length > 0;
      if (failed) batchItemFailures.push({ itemIdentifier: message.messageId });
    }
    return { batchItemFailures };
  };
}

/** The objects a notification names, or undefined (reported) when it is not one. */
function notification(runtime: Runtime, doc: unknown, where: Record<string, unknown>): S3ObjectRef[] | undefined {
  try {
    return objectsInNotification(doc);
  } catch (err) {
    reportFailure(runtime, DIMENSIONS, err, where);
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isSqsEvent(event: S3Event | SQSEvent): event is SQSEvent {
  const first: unknown = event.Records?.[0];
  return typeof first === 'object' && first !== null && (first as { eventSource?: unknown }).eventSource === 'aws:sqs';
}

/** An S3 store for a source bucket, through the same factory as the output store (which imports the SDK lazily). */
async function defaultSourceStore(runtime: Runtime, bucket: string): Promise<ObjectStore> {
  return createObjectStore({ ...runtime.config.store, type: 's3', bucket, prefix: '' }, { secrets: runtime.secrets });
}

export const handler = makeS3ObjectsHandler(awsRuntime);
