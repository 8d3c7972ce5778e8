import { afterAll } from 'vitest';
import { makeCloudWatchLogsHandler } from '../../aws-lambda/cloudwatch-logs.js';
import type { Context } from 'aws-lambda';
import { accessLogLine, cloudWatchLogsEvent, dataMessage } from '../unit/aws-lambda/lambda-events.js';
import { acknowledged, faultSuite, startHttpSinks, type HandlerPath } from './support/matrix.js';

const http = await startHttpSinks();
afterAll(() => http.close());

// 6 access-log lines (one the parser rejects → quarantine): Lambda's async invocation retries twice.
const event = cloudWatchLogsEvent(dataMessage([...Array.from({ length: 5 }, (_, i) => accessLogLine(i, i === 3 ? 502 : 200)), '{"not": "closed"']));

const path: HandlerPath = {
  name: 'CloudWatch Logs',
  sinks: ['fixops', 'sentinel', 'event_hubs'],
  records: 6,
  maxAttempts: 3,
  async invoke(world) {
    const handler = makeCloudWatchLogsHandler(async () => world.runtime);
    return acknowledged(handler(event, world.lambdaContext() as unknown as Context));
  },
};

await faultSuite(http, path);
