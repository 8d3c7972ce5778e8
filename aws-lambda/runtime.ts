import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../shared/config/index.js';
import { createJsonLogger, emfMetrics } from '../shared/observability/index.js';
import { createRuntime, type Runtime } from '../shared/runtime.js';
import { createSecretSource } from '../shared/secrets/index.js';

let cached: Promise<Runtime> | undefined;

/**
 * The Lambda runtime, built once per cold start: config from BRIDGE_CONFIG / BRIDGE__* env vars,
 * the store named by config, CloudWatch Embedded Metric Format metrics. A failed start is not
 * cached, so the next invocation tries again (a secret that was briefly unavailable).
 */
export function awsRuntime(): Promise<Runtime> {
  cached ??= build().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function build(): Promise<Runtime> {
  const logger = createJsonLogger({ base: { service: 'telemetry-bridge', cloud: 'aws', function_name: process.env.AWS_LAMBDA_FUNCTION_NAME } });
  const config = loadConfig();
  // env:/file: refs locally, anything else through Secrets Manager (SDK loaded on first use), cached with a TTL.
  const secrets = createSecretSource('aws');
  return createRuntime({
    config,
    secrets,
    logger,
    metrics: emfMetrics(),
    // Only /tmp is writable in Lambda: the local store and dev keys (BRIDGE_ALLOW_DEV_KEYS=1) go there.
    dataDir: process.env.BRIDGE_DATA_DIR ?? join(tmpdir(), 'telemetry-bridge'),
    allowDevKeys: process.env.BRIDGE_ALLOW_DEV_KEYS === '1',
  });
}
