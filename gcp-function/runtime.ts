import { memoizedCloudRuntime } from '../shared/cloud-runtime.js';
import { logMetrics } from '../shared/observability/index.js';
import { createSecretSource } from '../shared/secrets/index.js';

/**
 * The Cloud Functions runtime, built once per instance start: metrics as structured log lines
 * (log-based metrics in Cloud Logging); other refs through Secret Manager.
 */
export const gcpRuntime = memoizedCloudRuntime({
  logBase: { cloud: 'gcp', function_name: process.env.K_SERVICE ?? process.env.FUNCTION_TARGET },
  metrics: logMetrics,
  secrets: () => createSecretSource('gcp'),
});
