import { memoizedCloudRuntime } from '../shared/cloud-runtime.js';
import { logMetrics } from '../shared/observability/index.js';
import { createSecretSource } from '../shared/secrets/index.js';

/**
 * The Function App runtime, built once per worker start: metrics as structured log lines
 * (Application Insights customDimensions). Key Vault references in app settings arrive as env
 * vars (env:NAME refs); with azure.key_vault_url other refs are read from the vault directly.
 */
export const azureRuntime = memoizedCloudRuntime({
  logBase: { cloud: 'azure', app: process.env.WEBSITE_SITE_NAME },
  metrics: logMetrics,
  secrets: (config) => {
    const vaultUrl = config.azure['key_vault_url'];
    return typeof vaultUrl === 'string' && vaultUrl !== '' ? createSecretSource('azure', { azure: { vaultUrl } }) : createSecretSource('local');
  },
});
