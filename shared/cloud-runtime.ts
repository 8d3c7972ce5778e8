import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/load.js';
import type { BridgeConfig } from './config/schema.js';
import { createJsonLogger } from './observability/logger.js';
import type { Logger, Metrics, SecretSource } from './ports.js';
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
