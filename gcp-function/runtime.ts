import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../shared/config/index.js';
import { createJsonLogger, logMetrics } from '../shared/observability/index.js';
import { createRuntime, type Runtime } from '../shared/runtime.js';
import { createSecretSource } from '../shared/secrets/index.js';

let cached: Promise<Runtime> | undefined;

/**
 * The Cloud Functions runtime, built once per instance start: config from BRIDGE_CONFIG / BRIDGE__*
 * env vars, the store named by config, metrics as structured log lines (log-based metrics
 * in Cloud Logging). A failed start is not cached.
 */
export function gcpRuntime(): Promise<Runtime> {
  cached ??= build().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function build(): Promise<Runtime> {
  const logger = createJsonLogger({ base: { service: 'telemetry-bridge', cloud: 'gcp', function_name: process.env.K_SERVICE ?? process.env.FUNCTION_TARGET } });
  const config = loadConfig();
  // env:/file: refs locally, anything else through Secret Manager (SDK loaded on first use), cached with a TTL.
  const secrets = createSecretSource('gcp');
  return createRuntime({
    config,
    secrets,
    logger,
    metrics: logMetrics(logger),
    dataDir: process.env.BRIDGE_DATA_DIR ?? join(tmpdir(), 'telemetry-bridge'),
    allowDevKeys: process.env.BRIDGE_ALLOW_DEV_KEYS === '1',
  });
}
