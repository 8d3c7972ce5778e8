import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BridgeConfig } from '../config/schema.js';
import { ConfigError, describeError } from '../errors.js';
import type { SecretSource } from '../ports.js';
import { CircuitBreaker } from '../resilience/index.js';
import type { TelemetrySummary } from '../schema/index.js';
import { postWithRetry, type HttpPostOptions } from './http-post.js';
import { requestKeyOf, type RejectedItems, type Sink } from './types.js';

export interface FixOpsSinkDeps {
  secrets: SecretSource;
  /** Folder for file mode when `sinks.fixops.path` is unset. */
  dataDir?: string;
  fetch?: typeof fetch;
  http?: Partial<Pick<HttpPostOptions, 'sleep' | 'random' | 'clock'>>;
}

/**
 * FixOps telemetry (seed 001): `mode: http` POSTs each TelemetrySummary with `X-API-Key` from a
 * secret ref and `Idempotency-Key: <batch-key>.<chunk>` (the same on every retry and replay, so
 * FixOps can drop a body it already took); `mode: file` writes `ops-telemetry.json` (the latest
 * summary) for local use.
 */
export function createFixOpsSink(config: BridgeConfig['sinks'], deps: FixOpsSinkDeps): Sink {
  const settings = config.fixops;
  if (settings.mode === 'http') {
    if (!settings.url) throw new ConfigError('invalid config at sinks.fixops.url: required when mode is http');
    if (!settings.api_key_secret_ref) throw new ConfigError('invalid config at sinks.fixops.api_key_secret_ref: required when mode is http');
  }
  const breaker = new CircuitBreaker({ name: 'fixops', failureThreshold: 5, resetAfterMs: 30_000, ...(deps.http?.clock ? { clock: deps.http.clock } : {}) });
  return {
    name: 'fixops',
    kind: 'summary',
    async deliver(items, context) {
      const summaries = items as TelemetrySummary[];
      const rejected: RejectedItems[] = [];
      let firstError: unknown;
      for (const [i, summary] of summaries.entries()) {
        if (settings.mode === 'file') {
          const dir = resolve(settings.path ?? join(deps.dataDir ?? '.bridge-data', 'sinks', 'fixops'));
          await mkdir(dir, { recursive: true });
          const tmp = join(dir, `.ops-telemetry.${process.pid}.tmp`);
          await writeFile(tmp, `${JSON.stringify(summary, null, 2)}\n`);
          await rename(tmp, join(dir, 'ops-telemetry.json'));
          continue;
        }
        const requestKey = requestKeyOf(context, i, summaries.length);
        try {
          const apiKey = await deps.secrets.get(settings.api_key_secret_ref!);
          await postWithRetry(
            settings.url!,
            { headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(summary) },
            {
              sink: 'fixops',
              timeoutMs: config.timeout_ms,
              maxAttempts: config.max_attempts,
              breaker,
              idempotencyKey: requestKey,
              ...(context.budget ? { budget: context.budget } : {}),
              ...(deps.fetch ? { fetch: deps.fetch } : {}),
              ...deps.http,
            },
          );
        } catch (err) {
          firstError ??= err;
          rejected.push({ items: [summary], reason: describeError(err).message, requestKey });
        }
      }
      if (rejected.length > 0 && rejected.length === summaries.length) throw firstError;
      return { rejected };
    },
  };
}
