import type { InvocationContext, Timer } from '@azure/functions';
import { configuredBudget } from '../shared/cloud-runtime.js';
import { budgetOption, runScheduledJob } from '../shared/scheduled.js';
import type { Runtime } from '../shared/runtime.js';
import { reportCollection, reportFailure } from '../shared/pipeline/report.js';

const DIMENSIONS = { cloud: 'azure', function: 'scheduledCollect' };

/**
 * Timer trigger → the connector registry. Each connector writes its manifest and a failing one
 * is recorded while the others run; the invocation fails only when a manifest could not be written.
 */
export function makeTimerHandler(getRuntime: () => Promise<Runtime>) {
  return async function scheduledCollect(timer: Timer, context: InvocationContext): Promise<void> {
    const runtime = await getRuntime();
    try {
      const { collection: result } = await runScheduledJob(runtime, runtime.clock(), budgetOption(configuredBudget(runtime.config, 'azure', runtime.clock)));
      reportCollection(runtime, DIMENSIONS, result);
    } catch (err) {
      reportFailure(runtime, DIMENSIONS, err, { invocation_id: context.invocationId, past_due: timer.isPastDue });
      throw err;
    }
  };
}
