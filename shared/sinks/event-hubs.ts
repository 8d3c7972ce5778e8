import type { BridgeConfig } from '../config/schema.js';
import { ConfigError, DeliveryError } from '../errors.js';
import type { SecretSource } from '../ports.js';
import type { BronzeEvent } from '../schema/index.js';
import { fitRecord } from './fit.js';
import type { Sink } from './types.js';
import { importSdk } from '../lazy-sdk.js';

/** The narrow part of @azure/event-hubs' EventHubProducerClient the sink uses. */
export interface EventHubsProducerLike {
  createBatch(): Promise<{ tryAdd(event: { body: unknown }): boolean; readonly count: number; readonly maxSizeInBytes: number }>;
  sendBatch(batch: Awaited<ReturnType<EventHubsProducerLike['createBatch']>>): Promise<void>;
}

export interface EventHubsSinkDeps {
  producer?: EventHubsProducerLike;
  secrets?: SecretSource;
}

/**
 * Event Hubs output: batches sized by the SDK (tryAdd). An event too large for an empty batch is
 * sent with its oversized fields truncated and a pointer to the lake object, never dropped.
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
      let batch = await client.createBatch();
      for (const event of items as BronzeEvent[]) {
        if (batch.tryAdd({ body: event })) continue;
        if (batch.count > 0) {
          await client.sendBatch(batch);
          batch = await client.createBatch();
          if (batch.tryAdd({ body: event })) continue;
        }
        // Too large for an empty batch: shrink fields until it fits.
        let fitted = false;
        for (const limit of [Math.floor(batch.maxSizeInBytes / 4), Math.floor(batch.maxSizeInBytes / 16)]) {
          if (batch.tryAdd({ body: fitRecord(event as unknown as Record<string, unknown>, limit, context.lakeKey).value })) {
            fitted = true;
            break;
          }
        }
        if (!fitted) throw new DeliveryError(`event_hubs: event ${event.event_id} does not fit a batch even truncated`);
      }
      if (batch.count > 0) await client.sendBatch(batch);
    },
  };
}
