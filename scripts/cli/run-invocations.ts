import type { CliRuntime } from './cli-runtime.js';
import type { Invocation } from './deliveries.js';
import { HandlerSet, type InvocationOutcome } from './handlers.js';
import { buildRunReport, type RunReport } from './run-report.js';

/** Invokes each delivery through its cloud's handler, one at a time (as one function instance would), then reports. */
export async function runInvocations(cli: CliRuntime, invocations: Invocation[]): Promise<RunReport> {
  const handlers = new HandlerSet(cli.runtime, cli.runtime.clock);
  const outcomes: InvocationOutcome[] = [];
  for (const invocation of invocations) outcomes.push(await handlers.invoke(invocation));
  return buildRunReport(cli, outcomes);
}
