import { describe, expect, it } from 'vitest';
import { createHandler, settingsFromEnv } from '../../../../infra/aws/log-group-subscriber/index.mjs';

interface Filter {
  filterName?: string;
  destinationArn?: string;
}

const DESTINATION = 'arn:aws:lambda:eu-west-1:123456789012:function:tb-cloudwatch-logs';
const settings = settingsFromEnv({
  DESTINATION_ARN: DESTINATION,
  FILTER_NAME: 'telemetry-bridge',
  FILTER_PATTERN: '',
  LOG_GROUP_PREFIXES: '["/aws/eks/","/aws/lambda/"]',
  EXCLUDE_PREFIXES: '["/aws/lambda/tb-"]',
});

/**
 * An in-memory CloudWatch Logs. Why a fake: there is no CloudWatch Logs emulator here, and the
 * subscriber talks to the service through a three-call port, which this implements faithfully
 * (pagination, the two-filter limit).
 */
function fakeLogs(groups: Record<string, Filter[]>, pageSize = 2) {
  const puts: string[] = [];
  return {
    puts,
    port: {
      async describeLogGroups({ logGroupNamePrefix, nextToken }: { logGroupNamePrefix: string; nextToken?: string }) {
        const names = Object.keys(groups).filter((n) => n.startsWith(logGroupNamePrefix)).sort();
        const start = nextToken ? Number(nextToken) : 0;
        const page = names.slice(start, start + pageSize);
        return { logGroups: page.map((logGroupName) => ({ logGroupName })), ...(start + pageSize < names.length ? { nextToken: String(start + pageSize) } : {}) };
      },
      async describeSubscriptionFilters({ logGroupName }: { logGroupName: string }) {
        return { subscriptionFilters: groups[logGroupName] ?? [] };
      },
      async putSubscriptionFilter(input: { logGroupName: string; filterName: string; destinationArn: string }) {
        const filters = (groups[input.logGroupName] ??= []);
        if (filters.length >= 2) throw Object.assign(new Error('Resource limit exceeded.'), { name: 'LimitExceededException' });
        filters.push({ filterName: input.filterName, destinationArn: input.destinationArn });
        puts.push(input.logGroupName);
      },
    },
  };
}

const quiet = () => {};

function createLogGroupEvent(logGroupName: string, errorCode?: string) {
  return {
    source: 'aws.logs',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventSource: 'logs.amazonaws.com', eventName: 'CreateLogGroup', requestParameters: { logGroupName }, ...(errorCode ? { errorCode } : {}) },
  };
}

describe('the log group subscriber', () => {
  it('subscribes a new log group under a prefix', async () => {
    const logs = fakeLogs({ '/aws/eks/prod/cluster': [] });
    const result = await createHandler({ logs: logs.port, settings, log: quiet })(createLogGroupEvent('/aws/eks/prod/cluster'));
    expect(result).toEqual({ subscribed: 1, present: 0, skipped: 0 });
    expect(logs.puts).toEqual(['/aws/eks/prod/cluster']);
  });

  it.each([
    ['outside the prefixes', '/aws/rds/instance/db/postgresql', undefined],
    ['one of the bridge\'s own log groups', '/aws/lambda/tb-cloudwatch-logs', undefined],
    ['a CreateLogGroup call that failed', '/aws/eks/dev/cluster', 'ResourceAlreadyExistsException'],
  ])('leaves alone %s', async (_label, name, errorCode) => {
    const logs = fakeLogs({ [name]: [] });
    const result = await createHandler({ logs: logs.port, settings, log: quiet })(createLogGroupEvent(name, errorCode));
    expect(result.skipped).toBe(1);
    expect(logs.puts).toEqual([]);
  });

  it('sweeps every page of every prefix and subscribes only groups that lack the filter', async () => {
    const logs = fakeLogs({
      '/aws/eks/a': [],
      '/aws/eks/b': [{ filterName: 'telemetry-bridge', destinationArn: DESTINATION }],
      '/aws/eks/c': [],
      '/aws/lambda/orders': [],
      '/aws/lambda/tb-schedule': [],
      '/aws/rds/x': [],
    });
    const result = await createHandler({ logs: logs.port, settings, log: quiet })({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    expect(logs.puts.sort()).toEqual(['/aws/eks/a', '/aws/eks/c', '/aws/lambda/orders']);
    expect(result).toEqual({ subscribed: 3, present: 1, skipped: 0 });
  });

  it('skips a log group that already holds two other filters instead of failing the sweep', async () => {
    const other = [{ filterName: 'x', destinationArn: 'a' }, { filterName: 'y', destinationArn: 'b' }];
    const logs = fakeLogs({ '/aws/eks/full': other, '/aws/eks/free': [] });
    const result = await createHandler({ logs: logs.port, settings, log: quiet })({});
    expect(result).toEqual({ subscribed: 1, present: 0, skipped: 1 });
  });

  it('throws on other errors so Lambda retries and then dead-letters the event', async () => {
    const logs = fakeLogs({});
    logs.port.putSubscriptionFilter = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    await expect(createHandler({ logs: logs.port, settings, log: quiet })(createLogGroupEvent('/aws/eks/new'))).rejects.toThrow('Rate exceeded');
  });

  it('refuses a missing destination at start', () => {
    expect(() => settingsFromEnv({ LOG_GROUP_PREFIXES: '[]' })).toThrow('DESTINATION_ARN');
    expect(() => settingsFromEnv({ DESTINATION_ARN: DESTINATION, LOG_GROUP_PREFIXES: '"/aws/"' })).toThrow('JSON array');
  });
});
