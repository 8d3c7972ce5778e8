import type { BridgeConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { BronzeEvent } from '../schema/index.js';
import { fitRecord } from './fit.js';
import type { Sink } from './types.js';
import { importSdk } from '../lazy-sdk.js';

/** Pub/Sub's limit is 10 MB per message; stay well under it with attributes and framing. */
export const PUBSUB_MAX_MESSAGE_BYTES = 9 * 1024 * 1024;

/** The narrow part of @google-cloud/pubsub's Topic the sink uses. */
export interface PubSubTopicLike {
  publishMessage(message: { data: Buffer; attributes?: Record<string, string> }): Promise<string>;
  flush?(): Promise<void>;
}

/** Pub/Sub output through the client's batching publisher; oversized events are truncated with a lake pointer. */
export function createPubSubSink(config: BridgeConfig['sinks'], deps: { topic?: PubSubTopicLike } = {}): Sink {
  const s = config.pubsub;
  let topic = deps.topic;
  const getTopic = async (): Promise<PubSubTopicLike> => {
    if (topic) return topic;
    if (!s.topic) throw new ConfigError('invalid config at sinks.pubsub.topic: required when the sink is enabled');
    const { PubSub } = await importSdk(() => import('@google-cloud/pubsub'));
    const client = new PubSub(s.project_id ? { projectId: s.project_id } : {});
    topic = client.topic(s.topic, { batching: { maxMessages: 500, maxMilliseconds: 50, maxBytes: 5 * 1024 * 1024 } });
    return topic;
  };
  return {
    name: 'pubsub',
    kind: 'events',
    async deliver(items, context) {
      const t = await getTopic();
      await Promise.all(
        (items as BronzeEvent[]).map((event) => {
          let data = Buffer.from(JSON.stringify(event));
          if (data.length > PUBSUB_MAX_MESSAGE_BYTES) {
            data = Buffer.from(JSON.stringify(fitRecord(event as unknown as Record<string, unknown>, 1024 * 1024, context.lakeKey).value));
          }
          return t.publishMessage({ data, attributes: { source: event.source, source_type: event.source_type, event_id: event.event_id } });
        }),
      );
      await t.flush?.();
    },
  };
}
