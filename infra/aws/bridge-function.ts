import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AsyncFailureHandling {
  /** On-failure destination once Lambda's own retries are spent. */
  queue: sqs.IQueue;
  retryAttempts: number;
  maxEventAgeS: number;
}

export interface BridgeFunctionProps {
  functionName: string;
  code: lambda.Code;
  memoryMb: number;
  timeoutS: number;
  environment: Record<string, string>;
  logRetentionDays: number;
  /** Caps concurrent instances (and reserves them from the account's pool). */
  reservedConcurrency?: number;
  /** Set for functions invoked asynchronously (log subscriptions, schedules). */
  async?: AsyncFailureHandling;
  alarmAction?: cloudwatch.IAlarmAction;
}

/**
 * One Lambda function the bridge runs: nodejs22.x on arm64, its own log group with retention, a
 * role that starts with nothing but writing its own logs (no AWSLambdaBasicExecutionRole, whose
 * statements name `*`), async retries with an on-failure destination, and an alarm on errors.
 */
export class BridgeFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.functionName}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    );
    this.fn = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: 'index.handler',
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutS),
      environment: props.environment,
      role: this.role,
      logGroup: this.logGroup,
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      ...(props.async
        ? {
            retryAttempts: props.async.retryAttempts,
            maxEventAge: Duration.seconds(props.async.maxEventAgeS),
            onFailure: new destinations.SqsDestination(props.async.queue),
          }
        : {}),
    });
    this.fn.node.addDependency(this.logGroup);
    this.errorsAlarm = this.fn
      .metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })
      .createAlarm(this, 'ErrorsAlarm', {
        alarmName: `${props.functionName}-errors`,
        alarmDescription: `${props.functionName} reported errors (failed invocations are retried, then dead-lettered)`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    if (props.alarmAction) this.errorsAlarm.addAlarmAction(props.alarmAction);
  }
}

export interface DeadLetterQueueProps {
  queueName: string;
  alarmAction?: cloudwatch.IAlarmAction;
}

/** An encrypted, TLS-only queue that keeps failures 14 days, with an alarm as soon as one arrives. */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly depthAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.depthAlarm = this.queue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'DepthAlarm', {
        alarmName: `${props.queueName}-depth`,
        alarmDescription: `Messages waiting in ${props.queueName}: inspect, fix, then redrive`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    if (props.alarmAction) this.depthAlarm.addAlarmAction(props.alarmAction);
  }
}
