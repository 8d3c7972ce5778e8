import type { BridgeConfig } from '../config/schema.js';
import { ConfigError, describeError } from '../errors.js';
import type { BronzeEvent } from '../schema/index.js';
import { fitRecord } from './fit.js';
import { BudgetExhaustedError, remainingMs, withTimeout } from '../resilience/index.js';
import type { RejectedItems, Sink } from './types.js';

/** Per-call publish timeout when no invocation budget says otherwise. */
const PUBLISH_TIMEOUT_MS = 60_000;
import { importSdk } from '../lazy-sdk.js';

/** Pub/Sub's limit is 10 MB per message; stay well under it with attributes and framing. */
export const PUBSUB_MAX_MESSAGE_BYTES = 9 * 1024 * 1024;

/** The narrow part of @google-cloud/pubsub's Topic the sink uses. */
export interface PubSubTopicLike {
  publishMessage(message: { data: Buffer; attributes?: Record<string, string> }): Promise<string>;
  flush?(): Promise<void>;
}

/**
 * Pub/Sub output through the client's batching publisher; oversized events are truncated with a
 * lake pointer. Each message carries the deterministic `event_id` attribute (Pub/Sub assigns its
 * own message ids, so a consumer drops copies by that attribute); each publish succeeds or fails
 * on its own and only the events not published are rejected.
 */
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
      const events = items as BronzeEvent[];
      const ms = Math.min(PUBLISH_TIMEOUT_MS, remainingMs(context.budget));
      if (ms <= 0) throw new BudgetExhaustedError('pubsub: no time left in the invocation budget');
      const outcomes: Array<PromiseSettledResult<string> | undefined> = new Array(events.length).fill(undefined);
      const publishes = events.map((event, i) => {
        let data = Buffer.from(JSON.stringify(event));
        if (data.length > PUBSUB_MAX_MESSAGE_BYTES) {
          data = Buffer.from(JSON.stringify(fitRecord(event as unknown as Record<string, unknown>, 1024 * 1024, context.lakeKey).value));
        }
        return t.publishMessage({ data, attributes: { source: event.source, source_type: event.source_type, event_id: event.event_id } }).then(
          (id) => void (outcomes[i] = { status: 'fulfilled', value: id }),
          (reason: unknown) => void (outcomes[i] = { status: 'rejected', reason }),
        );
      });
      // What has not been published when the budget runs out is rejected (parked), not waited for.
      await withTimeout(ms, 'pubsub publish', async () => {
        await t.flush?.();
        await Promise.all(publishes);
      }).catch(() => undefined);
      const byReason = new Map<string, BronzeEvent[]>();
      let firstError: unknown;
      outcomes.forEach((o, i) => {
        if (o?.status === 'fulfilled') return;
        const reason = o === undefined ? 'pubsub: publish did not finish within the invocation budget' : describeError(o.reason).message;
        firstError ??= o?.reason ?? new BudgetExhaustedError(reason);
        byReason.set(reason, [...(byReason.get(reason) ?? []), events[i]!]);
      });
      const base = context.requestKey ?? `${context.batchKey}.0`;
      const rejected: RejectedItems[] = [...byReason].map(([reason, list], i) => ({ items: list, reason, requestKey: `${base}.${i}` }));
      if (events.length > 0 && rejected.reduce((n, r) => n + r.items.length, 0) === events.length) throw firstError;
      return { rejected };
    },
  };
}
