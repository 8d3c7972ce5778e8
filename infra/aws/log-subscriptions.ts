import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import { Construct } from 'constructs';
import type { AsyncFailureHandling, BridgeFunction } from './bridge-function.js';

export const SUBSCRIPTION_FILTER_NAME = 'telemetry-bridge';

export interface LogSubscriptionsProps {
  /** The CloudWatch Logs ingest function. */
  destination: lambda.IFunction;
  logGroups: string[];
  logGroupPrefixes: string[];
  filterPattern: string;
  /** Builds the subscriber function (a BridgeFunction); called only when prefixes are configured. */
  createSubscriber: (environment: Record<string, string>) => BridgeFunction;
  /** Log groups never subscribed: the bridge's own functions (their logs would loop). */
  excludePrefixes: string[];
  sweepRate: string;
  async: AsyncFailureHandling;
}

/**
 * Log groups → the CloudWatch Logs function: one subscription filter per configured log group,
 * and for configured prefixes a subscriber function that adds the same filter to every log group
 * created later (EventBridge rule on CloudTrail CreateLogGroup) and, on a schedule, to existing
 * groups that lack it (those created before the deploy or whose event was missed).
 */
export class LogSubscriptions extends Construct {
  readonly subscriber?: BridgeFunction;

  constructor(scope: Construct, id: string, props: LogSubscriptionsProps) {
    super(scope, id);
    const filterPattern = props.filterPattern === '' ? logs.FilterPattern.allEvents() : logs.FilterPattern.literal(props.filterPattern);
    props.logGroups.forEach((name, i) => {
      new logs.SubscriptionFilter(this, `Filter${i}`, {
        logGroup: logs.LogGroup.fromLogGroupName(this, `LogGroup${i}`, name),
        destination: new logsDestinations.LambdaDestination(props.destination),
        filterPattern,
        filterName: SUBSCRIPTION_FILTER_NAME,
      });
    });
    if (props.logGroupPrefixes.length === 0) return;

    const stack = Stack.of(this);
    const logGroupArn = (namePattern: string): string =>
      stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: namePattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    // CloudWatch Logs may invoke the ingest function for any log group under the prefixes.
    props.logGroupPrefixes.forEach((prefix, i) => {
      props.destination.addPermission(`LogsInvokePrefix${i}`, {
        principal: new iam.ServicePrincipal('logs.amazonaws.com'),
        action: 'lambda:InvokeFunction',
        sourceArn: logGroupArn(`${prefix}*`),
        sourceAccount: stack.account,
      });
    });

    const subscriber = props.createSubscriber({
      DESTINATION_ARN: props.destination.functionArn,
      FILTER_NAME: SUBSCRIPTION_FILTER_NAME,
      FILTER_PATTERN: props.filterPattern,
      LOG_GROUP_PREFIXES: JSON.stringify(props.logGroupPrefixes),
      EXCLUDE_PREFIXES: JSON.stringify(props.excludePrefixes),
    });
    this.subscriber = subscriber;
    subscriber.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:PutSubscriptionFilter', 'logs:DescribeSubscriptionFilters'],
        resources: props.logGroupPrefixes.map((p) => logGroupArn(`${p}*`)),
      }),
    );
    // DescribeLogGroups is authorized against the account's log-group ARN space, not a name.
    subscriber.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [logGroupArn('*')] }));

    const target = new targets.LambdaFunction(subscriber.fn, {
      retryAttempts: props.async.retryAttempts,
      maxEventAge: Duration.seconds(props.async.maxEventAgeS),
      deadLetterQueue: props.async.queue,
    });
    new events.Rule(this, 'OnCreateLogGroup', {
      description: 'Subscribes new log groups under the configured prefixes to the bridge',
      eventPattern: {
        source: ['aws.logs'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['logs.amazonaws.com'],
          eventName: ['CreateLogGroup'],
          requestParameters: { logGroupName: events.Match.anyOf(...props.logGroupPrefixes.map((p) => events.Match.prefix(p))) },
        },
      },
      targets: [target],
    });
    new events.Rule(this, 'Sweep', {
      description: 'Subscribes existing log groups under the configured prefixes that lack the filter',
      schedule: events.Schedule.expression(props.sweepRate),
      targets: [target],
    });
  }
}
