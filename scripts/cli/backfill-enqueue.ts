import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import { BridgeError } from '../../shared/errors.js';
import type { ObjectInfo } from '../../shared/ports.js';
import { s3PutEvent } from './platform-context.js';

export interface SqsEnqueuerOptions {
  /** The ingest queue (the AWS stack's IngestQueueUrl output). */
  queueUrl: string;
  bucket: string;
  region?: string | undefined;
  /** Client settings (endpoint, credentials) for tests or another partition. */
  clientConfig?: SQSClientConfig;
}

/**
 * Sends each object as an S3 ObjectCreated notification (the shape S3 itself delivers) to the
 * ingest queue, ten to a SendMessageBatch call, so the deployed s3-objects Lambda ingests them in
 * parallel with the same deterministic keys. A batch with any failed entry throws (the cursor then
 * stays before it, and a second run sends it again: at-least-once, and the keys make that safe).
 */
export function sqsEnqueuer(options: SqsEnqueuerOptions): (objects: readonly ObjectInfo[]) => Promise<void> {
  const client = import('@aws-sdk/client-sqs').then((sqs) => ({
    sqs,
    client: new sqs.SQSClient({ ...(options.region ? { region: options.region } : {}), ...options.clientConfig }),
  }));
  return async (objects) => {
    if (objects.length === 0) return;
    if (objects.length > 10) throw new RangeError('SendMessageBatch takes at most 10 messages');
    const { sqs, client: c } = await client;
    const out = await c.send(
      new sqs.SendMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: objects.map((o, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify(s3PutEvent(options.bucket, o.key, o.size, o.lastModified ?? new Date())) })),
      }),
    );
    const failed = out.Failed ?? [];
    if (failed.length > 0) throw new BridgeError(`${failed.length} of ${objects.length} notifications were not queued (${failed[0]?.Code ?? 'error'})`);
  };
}
