import { memoizedCloudRuntime } from '../shared/cloud-runtime.js';
import { emfMetrics } from '../shared/observability/index.js';
import { createSecretSource } from '../shared/secrets/index.js';

/**
 * The Lambda runtime, built once per cold start: CloudWatch Embedded Metric Format metrics;
 * secrets that are not env:/file: refs come from Secrets Manager (SDK loaded on first use).
 */
export const awsRuntime = memoizedCloudRuntime({
  logBase: { cloud: 'aws', function_name: process.env.AWS_LAMBDA_FUNCTION_NAME },
  metrics: () => emfMetrics(),
  secrets: () => createSecretSource('aws'),
});
