import { runCollection, type CollectionResult } from './connectors/run.js';
import { replayFailed, type ReplayReport } from './sinks/replay.js';
import type { Runtime } from './runtime.js';

export interface ScheduledResult {
  collection: CollectionResult;
  replay: ReplayReport;
}

/**
 * What every cloud's timer runs: the enabled connectors (each writes its manifest), then a replay
 * of failed/ through the enabled sinks, so a sink outage heals without an operator. `now` is the
 * schedule's own time, so a retried run collects the same windows.
 */
export async function runScheduledJob(runtime: Runtime, now: number): Promise<ScheduledResult> {
  const collection = await runCollection({ config: runtime.config, deps: runtime.deps, secrets: runtime.secrets, now });
  const replay = await replayFailed(runtime.sinks, runtime);
  if (replay.replayed > 0 || replay.skipped > 0) runtime.logger.info('failed deliveries replayed', { ...replay });
  return { collection, replay };
}
