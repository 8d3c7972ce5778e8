import type { BridgeConfig } from '../config/schema.js';
import type { Alert } from '../detect/alert.js';
import { ConfigError } from '../errors.js';
import type { SecretSource } from '../ports.js';
import { CircuitBreaker } from '../resilience/index.js';
import { SEVERITIES } from '../schema/index.js';
import { postWithRetry, type HttpPostOptions } from './http-post.js';
import type { Sink } from './types.js';

export interface WebhookSinkDeps {
  secrets: SecretSource;
  fetch?: typeof fetch;
  http?: Partial<Pick<HttpPostOptions, 'sleep' | 'random' | 'clock'>>;
}

/** One line per alert for chat receivers (Slack and Teams incoming webhooks show `text`). */
export function alertText(alerts: readonly Alert[]): string {
  return alerts.map((a) => `[${a.severity} P${a.priority}] ${a.rule} (${a.rule_id}) ×${a.count}${a.asset ? ` on ${a.asset}` : ''}, ${a.first_seen} .. ${a.last_seen}`).join('\n');
}

/**
 * A generic webhook for chat and paging receivers: POSTs `{ text, alerts }` (alerts as stored,
 * already redacted) for alerts at or above `min_severity`, with an optional Authorization header
 * value from a secret ref. Retries, circuit breaker and failed/ parking come from the shared base.
 */
export function createWebhookSink(config: BridgeConfig['sinks'], deps: WebhookSinkDeps): Sink {
  const settings = config.webhook;
  if (!settings.url) throw new ConfigError('invalid config at sinks.webhook.url: required when the webhook is enabled');
  const breaker = new CircuitBreaker({ name: 'webhook', failureThreshold: 5, resetAfterMs: 30_000 });
  const floor = SEVERITIES.indexOf(settings.min_severity);
  return {
    name: 'webhook',
    kind: 'alerts',
    async deliver(items) {
      const alerts = (items as Alert[]).filter((a) => SEVERITIES.indexOf(a.severity) <= floor);
      if (alerts.length === 0) return;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (settings.authorization_secret_ref) headers.authorization = await deps.secrets.get(settings.authorization_secret_ref);
      await postWithRetry(
        settings.url!,
        { headers, body: JSON.stringify({ text: alertText(alerts), alerts }) },
        { sink: 'webhook', timeoutMs: config.timeout_ms, maxAttempts: config.max_attempts, breaker, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...deps.http },
      );
    },
  };
}
