// Subscribes log groups under configured prefixes to the bridge's CloudWatch Logs function.
// Deployed as-is (no build step); the AWS SDK comes from the Lambda runtime.
// Two triggers: a CloudTrail CreateLogGroup event (one new group) and a scheduled sweep
// (existing groups under each prefix that lack the filter).

/**
 * @typedef {object} LogsPort  The three CloudWatch Logs calls the subscriber makes.
 * @property {(input: { logGroupName: string, filterName: string, filterPattern: string, destinationArn: string }) => Promise<unknown>} putSubscriptionFilter
 * @property {(input: { logGroupName: string }) => Promise<{ subscriptionFilters?: Array<{ filterName?: string, destinationArn?: string }> }>} describeSubscriptionFilters
 * @property {(input: { logGroupNamePrefix: string, nextToken?: string }) => Promise<{ logGroups?: Array<{ logGroupName?: string }>, nextToken?: string }>} describeLogGroups
 */

/**
 * @typedef {object} SubscriberSettings
 * @property {string} destinationArn
 * @property {string} filterName
 * @property {string} filterPattern
 * @property {string[]} prefixes
 * @property {string[]} excludePrefixes
 */

/** @param {Record<string, string | undefined>} env @returns {SubscriberSettings} */
export function settingsFromEnv(env) {
  const list = (name) => {
    const parsed = JSON.parse(env[name] ?? '[]');
    if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`${name} must be a JSON array of strings`);
    return parsed;
  };
  if (!env.DESTINATION_ARN) throw new Error('DESTINATION_ARN is not set');
  return {
    destinationArn: env.DESTINATION_ARN,
    filterName: env.FILTER_NAME || 'telemetry-bridge',
    filterPattern: env.FILTER_PATTERN ?? '',
    prefixes: list('LOG_GROUP_PREFIXES'),
    excludePrefixes: list('EXCLUDE_PREFIXES'),
  };
}

/** @param {SubscriberSettings} settings @param {string} name */
export function wanted(settings, name) {
  return settings.prefixes.some((p) => name.startsWith(p)) && !settings.excludePrefixes.some((p) => name.startsWith(p));
}

/**
 * @param {{ logs: LogsPort, settings: SubscriberSettings, log?: (message: string, context: object) => void }} deps
 * @returns {(event: any) => Promise<{ subscribed: number, present: number, skipped: number }>}
 */
export function createHandler({ logs, settings, log = (message, context) => console.log(JSON.stringify({ message, ...context })) }) {
  /** @param {string} logGroupName @param {{ subscribed: number, present: number, skipped: number }} counts */
  async function ensure(logGroupName, counts) {
    const { subscriptionFilters = [] } = await logs.describeSubscriptionFilters({ logGroupName });
    if (subscriptionFilters.some((f) => f.filterName === settings.filterName && f.destinationArn === settings.destinationArn)) {
      counts.present += 1;
      return;
    }
    try {
      await logs.putSubscriptionFilter({
        logGroupName,
        filterName: settings.filterName,
        filterPattern: settings.filterPattern,
        destinationArn: settings.destinationArn,
      });
      counts.subscribed += 1;
      log('log group subscribed', { logGroupName });
    } catch (err) {
      // A log group holds at most two subscription filters; retrying would not help.
      if (err && err.name === 'LimitExceededException') {
        counts.skipped += 1;
        log('log group already has the maximum number of subscription filters', { logGroupName });
        return;
      }
      throw err;
    }
  }

  return async (event) => {
    const counts = { subscribed: 0, present: 0, skipped: 0 };
    const created = event?.detail?.eventName === 'CreateLogGroup' ? event.detail.requestParameters?.logGroupName : undefined;
    if (typeof created === 'string') {
      if (!event.detail.errorCode && wanted(settings, created)) await ensure(created, counts);
      else counts.skipped += 1;
      return counts;
    }
    for (const prefix of settings.prefixes) {
      let nextToken;
      do {
        const page = await logs.describeLogGroups({ logGroupNamePrefix: prefix, ...(nextToken ? { nextToken } : {}) });
        for (const group of page.logGroups ?? []) {
          if (group.logGroupName && wanted(settings, group.logGroupName)) await ensure(group.logGroupName, counts);
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
    log('log group sweep done', counts);
    return counts;
  };
}

/** @returns {Promise<LogsPort>} */
async function defaultLogs() {
  const sdk = await import('@aws-sdk/client-cloudwatch-logs');
  const client = new sdk.CloudWatchLogsClient({});
  return {
    putSubscriptionFilter: (input) => client.send(new sdk.PutSubscriptionFilterCommand(input)),
    describeSubscriptionFilters: (input) => client.send(new sdk.DescribeSubscriptionFiltersCommand(input)),
    describeLogGroups: (input) => client.send(new sdk.DescribeLogGroupsCommand(input)),
  };
}

/** @type {Promise<(event: any) => Promise<unknown>> | undefined} */
let ready;

export const handler = async (event) => {
  ready ??= defaultLogs().then((logs) => createHandler({ logs, settings: settingsFromEnv(process.env) }));
  return (await ready)(event);
};
