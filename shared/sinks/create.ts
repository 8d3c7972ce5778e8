import type { BridgeConfig } from '../config/schema.js';
import type { SecretSource } from '../ports.js';
import type { Sink } from './types.js';

export interface CreateSinksDeps {
  secrets: SecretSource;
  dataDir?: string;
  fetch?: typeof fetch;
}

/** The sinks enabled in config, each module imported only when enabled. */
export async function createSinks(config: BridgeConfig['sinks'], deps: CreateSinksDeps): Promise<Sink[]> {
  const sinks: Sink[] = [];
  if (config.fixops.enabled) sinks.push((await import('./fixops.js')).createFixOpsSink(config, deps));
  if (config.sentinel.enabled) sinks.push((await import('./sentinel.js')).createSentinelSink(config, deps.fetch ? { fetch: deps.fetch } : {}));
  if (config.event_hubs.enabled) sinks.push((await import('./event-hubs.js')).createEventHubsSink(config, { secrets: deps.secrets }));
  if (config.pubsub.enabled) sinks.push((await import('./pubsub.js')).createPubSubSink(config));
  if (config.webhook.enabled) sinks.push((await import('./webhook.js')).createWebhookSink(config, { secrets: deps.secrets, ...(deps.fetch ? { fetch: deps.fetch } : {}) }));
  return sinks;
}
