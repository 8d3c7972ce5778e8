import { gzipSync } from 'node:zlib';
import { DEFAULT_DECODE_LIMITS, decodeCloudWatchLogs, decodeEventHubs, decodePubSub, decodeS3Object, type DecodedBatch } from '../../../../shared/decode/index.js';

/** A golden fixture's delivery: the wire shape is built here and run through the real decoder. */
export type GoldenDelivery =
  | { trigger: 's3'; bucket: string; key: string; body: string; eventTime?: string }
  | { trigger: 'cloudwatch'; logGroup: string; logStream?: string; owner?: string; timestamp?: number; messages: string[] }
  | { trigger: 'eventhub'; eventHubName?: string; records: unknown[] }
  | { trigger: 'pubsub'; entries: unknown[]; subscription?: string };

/** Fixed clock of the golden runs: the "delivery" and ingestion time. */
export const GOLDEN_NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

export function decodeGolden(delivery: GoldenDelivery): DecodedBatch[] {
  const limits = DEFAULT_DECODE_LIMITS;
  switch (delivery.trigger) {
    case 's3':
      return [decodeS3Object({ bucket: delivery.bucket, key: delivery.key, etag: 'golden', body: Buffer.from(delivery.body), ...(delivery.eventTime ? { eventTime: delivery.eventTime } : {}) }, limits)];
    case 'cloudwatch': {
      const start = delivery.timestamp ?? GOLDEN_NOW;
      const payload = {
        messageType: 'DATA_MESSAGE',
        owner: delivery.owner ?? '123456789012',
        logGroup: delivery.logGroup,
        logStream: delivery.logStream ?? 'golden-stream',
        subscriptionFilters: ['golden'],
        logEvents: delivery.messages.map((message, i) => ({ id: String(36000000000000000000000000n + BigInt(i)), timestamp: start + i, message })),
      };
      return [decodeCloudWatchLogs({ awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } }, limits)];
    }
    case 'eventhub': {
      const triggerMetadata = {
        partitionContext: { eventHubName: delivery.eventHubName ?? 'golden-hub', consumerGroup: '$Default', partitionId: '0' },
        sequenceNumberArray: [100],
        enqueuedTimeUtcArray: [new Date(GOLDEN_NOW).toISOString()],
        offsetArray: ['4096'],
      };
      return [decodeEventHubs({ messages: [{ records: delivery.records }], triggerMetadata }, limits)];
    }
    case 'pubsub':
      return delivery.entries.map((entry, i) =>
        decodePubSub(
          {
            specversion: '1.0',
            id: `golden-${i}`,
            source: '//pubsub.googleapis.com/projects/golden/topics/logs',
            type: 'google.cloud.pubsub.topic.v1.messagePublished',
            time: new Date(GOLDEN_NOW).toISOString(),
            data: {
              message: { data: Buffer.from(JSON.stringify(entry)).toString('base64'), messageId: `m-${i}`, publishTime: new Date(GOLDEN_NOW).toISOString() },
              subscription: delivery.subscription ?? 'projects/golden/subscriptions/logs',
            },
          },
          limits,
        ),
      );
  }
}
