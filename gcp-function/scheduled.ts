import type { CloudEvent } from '@google-cloud/functions-framework';
import { configuredBudget } from '../shared/cloud-runtime.js';
import { budgetOption, runScheduledJob } from '../shared/scheduled.js';
import type { Runtime } from '../shared/runtime.js';
import { reportCollection, reportFailure } from '../shared/pipeline/report.js';

const DIMENSIONS = { cloud: 'gcp', function: 'scheduledCollect' };

/**
 * Cloud Scheduler → Pub/Sub topic → this CloudEvent → the connector registry. The message body
 * is not read; the event's time is the run's "now", so a redelivery collects the same windows.
 * Throws (Pub/Sub redelivers) only when a manifest could not be written.
 */
export function makeScheduledHandler(getRuntime: () => Promise<Runtime>) {
  return async function scheduledCollect(ce: CloudEvent<unknown>): Promise<void> {
    const runtime = await getRuntime();
    const scheduled = typeof ce.time === 'string' ? Date.parse(ce.time) : Number.NaN;
    try {
      const { collection: result } = await runScheduledJob(runtime, Number.isFinite(scheduled) ? scheduled : runtime.clock(), budgetOption(configuredBudget(runtime.config, 'gcp', runtime.clock)));
      reportCollection(runtime, DIMENSIONS, result);
    } catch (err) {
      reportFailure(runtime, DIMENSIONS, err, { event_id: ce.id });
      throw err;
    }
  };
}
