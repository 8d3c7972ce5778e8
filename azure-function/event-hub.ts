import type { ExponentialBackoffRetryOptions, InvocationContext } from '@azure/functions';
import { configuredBudget } from '../shared/cloud-runtime.js';
import { runDelivery } from '../shared/pipeline/index.js';
import { METRIC_NAMESPACE } from '../shared/pipeline/report.js';
import type { Runtime } from '../shared/runtime.js';
import { writeDeadLetter } from './dead-letter.js';
import { reportFailure } from '../shared/pipeline/report.js';

/**
 * The Event Hubs trigger advances its checkpoint even when the function fails, so the function
 * retries in-process with exponential backoff (the partition waits meanwhile), and the last
 * attempt dead-letters the batch instead of losing it.
 */
export const EVENT_HUB_RETRY: ExponentialBackoffRetryOptions = {
  strategy: 'exponentialBackoff',
  maxRetryCount: 5,
  minimumInterval: { seconds: 10 },
  maximumInterval: { minutes: 5 },
};

const DIMENSIONS = { cloud: 'azure', function: 'ingestEventHub' };

/** Event Hubs batch (cardinality many) → pipeline; throws so the retry policy runs again. */
export function makeEventHubHandler(getRuntime: () => Promise<Runtime>) {
  return async function ingestEventHub(messages: unknown[], context: InvocationContext): Promise<void> {
    const runtime = await getRuntime();
    const budget = configuredBudget(runtime.config, 'azure', runtime.clock);
    const triggerMetadata = context.triggerMetadata;
    const retry = context.retryContext;
    const where = { invocation_id: context.invocationId, attempt: (retry?.retryCount ?? 0) + 1 };
    try {
      await runDelivery({ trigger: 'eventhub', messages, ...(triggerMetadata ? { triggerMetadata } : {}) }, runtime, DIMENSIONS, budget);
    } catch (err) {
      reportFailure(runtime, DIMENSIONS, err, where);
      const lastAttempt = retry !== undefined && retry.maxRetryCount >= 0 && retry.retryCount >= retry.maxRetryCount;
      if (!lastAttempt) throw err;
      // The checkpoint moves on after this attempt whatever we do: keep the batch, then acknowledge.
      const key = await writeDeadLetter(runtime, { messages, ...(triggerMetadata ? { triggerMetadata } : {}) }, err, where.attempt).catch((deadLetterErr: unknown) => {
        reportFailure(runtime, DIMENSIONS, deadLetterErr, { ...where, dead_letter: 'failed; the batch is lost when the checkpoint advances' });
        throw deadLetterErr;
      });
      runtime.logger.error('batch dead-lettered after the last retry', { ...DIMENSIONS, ...where, dead_letter_key: key, messages: messages.length });
      runtime.metrics?.emit({ namespace: METRIC_NAMESPACE, dimensions: DIMENSIONS, values: { DeadLettered: messages.length } });
    }
  };
}
