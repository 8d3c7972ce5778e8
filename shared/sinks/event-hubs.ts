import type { BridgeConfig } from '../config/schema.js';
import { ConfigError, DeliveryError, describeError } from '../errors.js';
import { BudgetExhaustedError, remainingMs, withTimeout } from '../resilience/index.js';
import type { SecretSource } from '../ports.js';
import type { BronzeEvent } from '../schema/index.js';
import { fitRecord } from './fit.js';
import type { RejectedItems, Sink } from './types.js';
import { importSdk } from '../lazy-sdk.js';

/** The narrow part of @azure/event-hubs' EventHubProducerClient the sink uses. */
export interface EventHubsProducerLike {
  createBatch(): Promise<{ tryAdd(event: { body: unknown; messageId?: string }): boolean; readonly count: number; readonly maxSizeInBytes: number }>;
  sendBatch(batch: Awaited<ReturnType<EventHubsProducerLike['createBatch']>>, options?: { abortSignal?: AbortSignal }): Promise<void>;
}

/** Per-send timeout when no invocation budget says otherwise. */
const SEND_TIMEOUT_MS = 60_000;

export interface EventHubsSinkDeps {
  producer?: EventHubsProducerLike;
  secrets?: SecretSource;
}

/**
 * Event Hubs output: batches sized by the SDK (tryAdd). An event too large for an empty batch is
 * sent with its oversized fields truncated and a pointer to the lake object, never dropped. Every
 * message carries `messageId = event_id` (deterministic: a consumer drops a copy it already saw),
 * each batch succeeds or fails on its own, and only the events of failed batches are rejected.
 */
export function createEventHubsSink(config: BridgeConfig['sinks'], deps: EventHubsSinkDeps = {}): Sink {
  const s = config.event_hubs;
  let producer = deps.producer;
  const getProducer = async (): Promise<EventHubsProducerLike> => {
    if (producer) return producer;
    if (!s.event_hub_name) throw new ConfigError('invalid config at sinks.event_hubs.event_hub_name: required when the sink is enabled');
    const { EventHubProducerClient } = await importSdk(() => import('@azure/event-hubs'));
    if (s.connection_string_secret_ref && deps.secrets) {
      producer = new EventHubProducerClient(await deps.secrets.get(s.connection_string_secret_ref), s.event_hub_name);
    } else if (s.fully_qualified_namespace) {
      const { DefaultAzureCredential } = await importSdk(() => import('@azure/identity'));
      producer = new EventHubProducerClient(s.fully_qualified_namespace, s.event_hub_name, new DefaultAzureCredential());
    } else throw new ConfigError('invalid config at sinks.event_hubs: set fully_qualified_namespace or connection_string_secret_ref');
    return producer;
  };
  return {
    name: 'event_hubs',
    kind: 'events',
    async deliver(items, context) {
      const client = await getProducer();
      const batches: BronzeEvent[][] = [];
      const rejected: RejectedItems[] = [];
      let firstError: unknown;
      let batch = await client.createBatch();
      let members: BronzeEvent[] = [];
      const send = async (): Promise<void> => {
        const index = batches.length;
        batches.push(members);
        const sent = members;
        members = [];
        try {
          const ms = Math.min(SEND_TIMEOUT_MS, remainingMs(context.budget));
          if (ms <= 0) throw new BudgetExhaustedError('event_hubs: no time left in the invocation budget');
          const full = batch;
          await withTimeout(ms, 'event_hubs send', (abortSignal) => client.sendBatch(full, { abortSignal }));
        } catch (err) {
          firstError ??= err;
          rejected.push({ items: sent, reason: describeError(err).message, requestKey: `${context.requestKey ?? `${context.batchKey}.0`}.${index}` });
        }
        batch = await client.createBatch();
      };
      for (const event of items as BronzeEvent[]) {
        if (batch.tryAdd({ body: event, messageId: event.event_id })) {
          members.push(event);
          continue;
        }
        if (batch.count > 0) {
          await send();
          if (batch.tryAdd({ body: event, messageId: event.event_id })) {
            members.push(event);
            continue;
          }
        }
        // Too large for an empty batch: shrink fields until it fits.
        let fitted = false;
        for (const limit of [Math.floor(batch.maxSizeInBytes / 4), Math.floor(batch.maxSizeInBytes / 16)]) {
          if (batch.tryAdd({ body: fitRecord(event as unknown as Record<string, unknown>, limit, context.lakeKey).value, messageId: event.event_id })) {
            fitted = true;
            break;
          }
        }
        if (!fitted) {
          const reason = `event_hubs: event ${event.event_id} does not fit a batch even truncated`;
          firstError ??= new DeliveryError(reason);
          rejected.push({ items: [event], reason, requestKey: `${context.requestKey ?? `${context.batchKey}.0`}.x${event.event_id}` });
          batches.push([]);
          continue;
        }
        members.push(event);
      }
      if (batch.count > 0) await send();
      if (rejected.length > 0 && rejected.length === batches.length) throw firstError;
      return { rejected };
    },
  };
}
