import type { Context } from 'aws-lambda';
import { afterAll } from 'vitest';
import { makeCloudWatchLogsHandler } from '../../aws-lambda/cloudwatch-logs.js';
import { runScheduledJob } from '../../shared/scheduled.js';
import { accessLogLine, cloudWatchLogsEvent, dataMessage } from '../unit/aws-lambda/lambda-events.js';
import { acknowledged, faultSuite, startHttpSinks, type HandlerPath } from './support/matrix.js';
import { INVOCATION_MS, keysUnder } from './support/world.js';

const http = await startHttpSinks();
afterAll(() => http.close());

const event = cloudWatchLogsEvent(dataMessage(Array.from({ length: 4 }, (_, i) => accessLogLine(i))));

// A CloudWatch batch delivered while every sink was down (all parked), then the scheduled replay
// under faults; a replay that did not finish leaves its entries for the next scheduled run.
const path: HandlerPath = {
  name: 'replay of failed/',
  sinks: ['fixops', 'sentinel', 'event_hubs'],
  records: 4,
  farEndFailuresRetry: true,
  maxAttempts: 4,
  async setup(world) {
    world.sinkFaults.outage = 'error500';
    await makeCloudWatchLogsHandler(async () => world.runtime)(event, world.lambdaContext() as unknown as Context);
    world.heal();
  },
  async invoke(world) {
    const budget = { deadline: world.now() + INVOCATION_MS - 5_000, now: () => world.now() };
    try {
      const { replay } = await runScheduledJob(world.runtime, world.now(), { budget });
      const left = (await keysUnder(world.lakeDirect, 'failed/')).filter((k) => !k.startsWith('failed/_poison/'));
      return replay.stillFailing === 0 && left.length === 0;
    } catch {
      return false;
    }
  },
};

await faultSuite(http, path, (c) => c.target !== 'outage');
