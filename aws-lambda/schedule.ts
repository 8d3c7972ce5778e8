import type { Context, ScheduledEvent } from 'aws-lambda';
import type { CollectionResult } from '../shared/connectors/run.js';
import { lambdaBudget } from '../shared/cloud-runtime.js';
import { budgetOption, runScheduledJob } from '../shared/scheduled.js';
import type { Runtime } from '../shared/runtime.js';
import { reportCollection, reportFailure } from '../shared/pipeline/report.js';
import { awsRuntime } from './runtime.js';

const DIMENSIONS = { cloud: 'aws', function: 'schedule' };

/**
 * EventBridge scheduled rule → the connector registry. Each connector writes its manifest and a
 * failing one is recorded while the others run; the invocation throws only when a manifest
 * could not be written. The schedule's own time is the run's "now", so a retry collects the
 * same windows.
 */
export function makeScheduleHandler(getRuntime: () => Promise<Runtime>) {
  return async function schedule(event?: Partial<ScheduledEvent>, context?: Context): Promise<CollectionResult> {
    const runtime = await getRuntime();
    const scheduled = typeof event?.time === 'string' ? Date.parse(event.time) : Number.NaN;
    try {
      const { collection: result } = await runScheduledJob(runtime, Number.isFinite(scheduled) ? scheduled : runtime.clock(), budgetOption(lambdaBudget(context, runtime.clock)));
      reportCollection(runtime, DIMENSIONS, result);
      return result;
    } catch (err) {
      reportFailure(runtime, DIMENSIONS, err, { request_id: context?.awsRequestId });
      throw err;
    }
  };
}

export const handler = makeScheduleHandler(awsRuntime);
