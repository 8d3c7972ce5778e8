import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { lambdaBudget } from '../shared/cloud-runtime.js';
import { runDelivery, type BatchResult } from '../shared/pipeline/index.js';
import type { Runtime } from '../shared/runtime.js';
import { reportFailure } from '../shared/pipeline/report.js';
import { awsRuntime } from './runtime.js';

const DIMENSIONS = { cloud: 'aws', function: 'cloudwatch-logs' };

/**
 * CloudWatch Logs subscription → pipeline. The accounting is returned (and logged + counted);
 * a batch that could not be persisted throws, so the async invocation is retried and then sent
 * to the on-failure destination. Control messages are acknowledged by the pipeline.
 */
export function makeCloudWatchLogsHandler(getRuntime: () => Promise<Runtime>) {
  return async function cloudWatchLogs(event: CloudWatchLogsEvent, context?: Context): Promise<BatchResult> {
    const runtime = await getRuntime();
    try {
      const result = await runDelivery({ trigger: 'cloudwatch', event }, runtime, DIMENSIONS, lambdaBudget(context, runtime.clock));
      return result;
    } catch (err) {
      reportFailure(runtime, DIMENSIONS, err, { request_id: context?.awsRequestId });
      throw err;
    }
  };
}

export const handler = makeCloudWatchLogsHandler(awsRuntime);
