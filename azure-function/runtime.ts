import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../shared/config/index.js';
import { createJsonLogger, logMetrics } from '../shared/observability/index.js';
import { createRuntime, type Runtime } from '../shared/runtime.js';
import { createSecretSource } from '../shared/secrets/index.js';

let cached: Promise<Runtime> | undefined;

/**
 * The Function App runtime, built once per worker start: config from BRIDGE_CONFIG / BRIDGE__*
 * app settings, the store named by config, metrics as structured log lines (Application
 * Insights customDimensions). A failed start is not cached.
 */
export function azureRuntime(): Promise<Runtime> {
  cached ??= build().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function build(): Promise<Runtime> {
  const logger = createJsonLogger({ base: { service: 'telemetry-bridge', cloud: 'azure', app: process.env.WEBSITE_SITE_NAME } });
  const config = loadConfig();
  // Key Vault references in app settings arrive as env vars (env:NAME refs); with azure.key_vault_url
  // (BRIDGE__AZURE__KEY_VAULT_URL) other refs are read from the vault directly. Cached with a TTL.
  const vaultUrl = config.azure['key_vault_url'];
  const secrets = typeof vaultUrl === 'string' && vaultUrl !== '' ? createSecretSource('azure', { azure: { vaultUrl } }) : createSecretSource('local');
  return createRuntime({
    config,
    secrets,
    logger,
    metrics: logMetrics(logger),
    dataDir: process.env.BRIDGE_DATA_DIR ?? join(tmpdir(), 'telemetry-bridge'),
    allowDevKeys: process.env.BRIDGE_ALLOW_DEV_KEYS === '1',
  });
}
