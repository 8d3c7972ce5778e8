import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/load.js';
import type { BridgeConfig } from './config/schema.js';
import { createJsonLogger } from './observability/logger.js';
import type { Logger, Metrics, SecretSource } from './ports.js';
import { budgetFrom, type TimeBudget } from './resilience/budget.js';
import { createRuntime, type Runtime } from './runtime.js';

export interface CloudRuntimeSpec {
  /** Fields on every log line (cloud, function or app name). */
  logBase: Record<string, unknown>;
  /** The platform's native metrics. */
  metrics: (logger: Logger) => Metrics;
  /** The cloud's secret source (env:/file: refs always resolve locally). */
  secrets: (config: BridgeConfig) => SecretSource;
}

/**
 * A runtime built once per cold start and shared by every invocation; a failed start is not
 * cached, so the next invocation tries again (a secret that was briefly unavailable).
 * Config comes from BRIDGE_CONFIG / BRIDGE__* settings; only the temp folder is writable.
 */
export function memoizedCloudRuntime(spec: CloudRuntimeSpec): () => Promise<Runtime> {
  let cached: Promise<Runtime> | undefined;
  const build = async (): Promise<Runtime> => {
    const logger = createJsonLogger({ base: { service: 'telemetry-bridge', ...spec.logBase } });
    const config = loadConfig();
    return createRuntime({
      config,
      secrets: spec.secrets(config),
      logger,
      metrics: spec.metrics(logger),
      dataDir: process.env.BRIDGE_DATA_DIR ?? join(tmpdir(), 'telemetry-bridge'),
      allowDevKeys: process.env.BRIDGE_ALLOW_DEV_KEYS === '1',
    });
  };
  return () => {
    cached ??= build().catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    return cached;
  };
}

/** The platform's invocation limit when config does not say: host.json's functionTimeout; Cloud Run functions' default. */
const DEFAULT_FUNCTION_TIMEOUT_MS = { azure: 10 * 60_000, gcp: 60_000 } as const;

/**
 * The time budget of an Azure or GCP invocation that starts now: `azure.function_timeout_ms` /
 * `gcp.function_timeout_ms` from config (set it to the deployed timeout; env
 * `BRIDGE__AZURE__FUNCTION_TIMEOUT_MS`), minus the margin. Lambda uses its context's
 * `getRemainingTimeInMillis()` instead (`lambdaBudget`).
 */
export function configuredBudget(config: BridgeConfig, cloud: 'azure' | 'gcp', now: () => number): TimeBudget | undefined {
  const raw = (config[cloud] as Record<string, unknown>).function_timeout_ms;
  const ms = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : DEFAULT_FUNCTION_TIMEOUT_MS[cloud];
  return budgetFrom(ms, now);
}

/** The budget of a Lambda invocation: its remaining time minus the margin (none outside Lambda). */
export function lambdaBudget(context: { getRemainingTimeInMillis?: () => number } | undefined, now: () => number): TimeBudget | undefined {
  return budgetFrom(typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined, now);
}
