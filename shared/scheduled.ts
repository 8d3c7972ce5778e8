import { runCollection, type CollectionResult } from './connectors/run.js';
import { budgetedFetch, budgetedSleep, type TimeBudget } from './resilience/budget.js';
import { sleep } from './resilience/sleep.js';
import { replayFailed, type ReplayReport } from './sinks/replay.js';
import type { Runtime } from './runtime.js';

export interface ScheduledResult {
  collection: CollectionResult;
  replay: ReplayReport;
}

export interface ScheduledOptions {
  /** The invocation's time budget: every connector request and wait, and the replay, end by it. */
  budget?: TimeBudget;
  /** Default: the global fetch (tests pass a loopback one). */
  fetch?: typeof fetch;
}

/**
 * What every cloud's timer runs: the enabled connectors (each writes its manifest), then a replay
 * of failed/ through the enabled sinks, so a sink outage heals without an operator. `now` is the
 * schedule's own time, so a retried run collects the same windows. A connector request the budget
 * cannot fit fails that connector (its cursor stays, the next run collects the window again); the
 * replay leaves what it cannot fit in failed/ for the next run.
 */
export async function runScheduledJob(runtime: Runtime, now: number, options: ScheduledOptions = {}): Promise<ScheduledResult> {
  const { budget } = options;
  const collection = await runCollection({
    config: runtime.config,
    deps: runtime.deps,
    secrets: runtime.secrets,
    now,
    ...(budget || options.fetch ? { fetch: budgetedFetch(options.fetch ?? globalThis.fetch, budget), sleep: budgetedSleep(sleep, budget) } : {}),
  });
  const replay = await replayFailed(runtime.sinks, runtime, budget ? { budget } : {});
  if (replay.replayed > 0 || replay.skipped > 0 || replay.poisoned > 0) runtime.logger.info('failed deliveries replayed', { ...replay });
  return { collection, replay };
}

/** `{ budget }` when there is one (exactOptionalPropertyTypes). */
export function budgetOption(budget: TimeBudget | undefined): ScheduledOptions {
  return budget ? { budget } : {};
}
