import { afterAll, describe, it } from 'vitest';
import { makeCloudWatchLogsHandler } from '../../aws-lambda/cloudwatch-logs.js';
import type { Context } from 'aws-lambda';
import { accessLogLine, cloudWatchLogsEvent, dataMessage } from '../unit/aws-lambda/lambda-events.js';
import { casesFor, checkCase, label, reference, startHttpSinks, type HandlerPath } from './support/matrix.js';

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
    return handler(event, world.lambdaContext() as unknown as Context).then(
      () => true,
      () => false,
    );
  },
};

const expected = await reference(http, path);
const cases = casesFor(expected).filter((c) => !process.env.FAULTS_ONLY || label(c) === process.env.FAULTS_ONLY);

describe(`fault injection: ${path.name} (${cases.length} cases)`, () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_label, fault) => {
    await checkCase(http, path, expected, fault);
  });
});
