import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { FUNCTION_ACCESS, sourceListStatement, sourceReadStatement, storageStatements } from './access.js';
import { HttpIngest } from './http-ingest.js';
import { BridgeFunction, DeadLetterQueue, type AsyncFailureHandling } from './bridge-function.js';
import { LogSubscriptions } from './log-subscriptions.js';
import { S3Ingest, scopeBucketNotificationsHandlerLogs } from './s3-ingest.js';
import { functionSizeOf, HANDLER_NAMES, type AwsSettings, type HandlerName } from './settings.js';
import { QueryTables } from './query-tables.js';
import { BridgeStorage } from './storage.js';

/** The subscriber function ships with infra (no build step): infra/aws/log-group-subscriber/. */
export const SUBSCRIBER_CODE_DIR = fileURLToPath(new URL('./log-group-subscriber/', import.meta.url));

export interface TelemetryBridgeStackProps extends StackProps {
  settings: AwsSettings;
  /** The build output holding aws/<handler>/index.mjs (default: <repo>/dist). */
  distDir: string;
}

/** Everything the bridge needs on AWS; see infra/README.md for what each part is for. */
export class TelemetryBridgeStack extends Stack {
  readonly storage: BridgeStorage;
  readonly functions: Record<HandlerName, BridgeFunction>;

  constructor(scope: Construct, id: string, props: TelemetryBridgeStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const alarmAction: cloudwatch.IAlarmAction | undefined = s.alarm_topic_arn
      ? new cloudwatchActions.SnsAction(sns.Topic.fromTopicArn(this, 'AlarmTopic', s.alarm_topic_arn))
      : undefined;
    const withAlarm = alarmAction ? { alarmAction } : {};

    const notifying = s.s3_notification_prefixes.length > 0;
    this.storage = new BridgeStorage(this, 'Storage', {
      evidenceObjectLock: s.evidence_object_lock,
      ...(s.bucket_name ? { bucketName: s.bucket_name } : {}),
    });
    const { bucket, evidenceBucket } = this.storage;
    new QueryTables(this, 'QueryTables', { bucket, namePrefix: s.name_prefix });

    // Values are never in the template: Secrets Manager generates a placeholder, the operator sets the real one.
    const fixopsSecretName = s.fixops_secret_name ?? `${s.name_prefix}/fixops-api-key`;
    const signingSecretName = s.signing_key_secret_name ?? `${s.name_prefix}/evidence-signing-key`;
    const hmacSecretName = s.hmac_key_secret_name ?? `${s.name_prefix}/redaction-hmac-key`;
    const fixopsSecret = new secretsmanager.Secret(this, 'FixopsApiKey', {
      secretName: fixopsSecretName,
      description: 'FixOps API key used by the bridge sinks (set the value after deploy)',
    });
    const signingSecret = new secretsmanager.Secret(this, 'EvidenceSigningKey', {
      secretName: signingSecretName,
      description: 'PEM private key that signs evidence manifests (set the value after deploy)',
    });

    // Every runtime needs the redaction key at start; Secrets Manager generates it (never in the template).
    const hmacSecret = new secretsmanager.Secret(this, 'RedactionHmacKey', {
      secretName: hmacSecretName,
      description: 'Key for the keyed hash that redaction applies to emails, IPs and user names',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    const asyncFailures = new DeadLetterQueue(this, 'AsyncFailures', { queueName: `${s.name_prefix}-async-failures`, ...withAlarm });
    const asyncHandling: AsyncFailureHandling = {
      queue: asyncFailures.queue,
      retryAttempts: s.async_retry_attempts,
      maxEventAgeS: s.max_event_age_s,
    };

    const baseEnvironment: Record<string, string> = {
      ...s.environment,
      BRIDGE__STORE__TYPE: 's3',
      BRIDGE__STORE__BUCKET: bucket.bucketName,
    };
    const environmentFor = (name: HandlerName): Record<string, string> => {
      const env = { ...baseEnvironment };
      const secrets = FUNCTION_ACCESS[name].secrets;
      if (secrets.includes('hmac')) env.BRIDGE__REDACTION__HMAC_KEY_SECRET_REF = hmacSecretName;
      if (secrets.includes('fixops')) env.BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF = fixopsSecretName;
      if (secrets.includes('signing')) env.BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF = signingSecretName;
      if (name === 'evidence') env.BRIDGE_EVIDENCE_BUCKET = evidenceBucket.bucketName;
      return env;
    };
    const asyncHandlers: ReadonlySet<HandlerName> = new Set(['cloudwatch-logs', 'schedule']);

    const functions = {} as Record<HandlerName, BridgeFunction>;
    for (const name of HANDLER_NAMES) {
      const size = functionSizeOf(s, name);
      const f = new BridgeFunction(this, pascal(name), {
        functionName: `${s.name_prefix}-${name}`,
        code: lambda.Code.fromAsset(handlerBundleDir(props.distDir, name)),
        memoryMb: size.memoryMb,
        timeoutS: size.timeoutS,
        environment: environmentFor(name),
        logRetentionDays: s.log_retention_days,
        ...(name === 'evidence' && s.evidence_reserved_concurrency !== undefined ? { reservedConcurrency: s.evidence_reserved_concurrency } : {}),
        ...(asyncHandlers.has(name) ? { async: asyncHandling } : {}),
        ...withAlarm,
      });
      const access = FUNCTION_ACCESS[name];
      for (const statement of storageStatements(access, bucket, evidenceBucket)) f.role.addToPrincipalPolicy(statement);
      if (access.secrets.includes('hmac')) hmacSecret.grantRead(f.role);
      if (access.secrets.includes('fixops')) fixopsSecret.grantRead(f.role);
      if (access.secrets.includes('signing')) signingSecret.grantRead(f.role);
      if (access.secrets.includes('connectors') && s.connector_secret_names.length > 0) {
        f.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            // Secrets Manager appends a 6-character suffix to every secret ARN.
            resources: s.connector_secret_names.map((n) =>
              this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${n}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
            ),
          }),
        );
      }
      functions[name] = f;
    }
    this.functions = functions;

    new LogSubscriptions(this, 'LogSubscriptions', {
      destination: functions['cloudwatch-logs'].fn,
      logGroups: s.log_groups,
      logGroupPrefixes: s.log_group_prefixes,
      filterPattern: s.subscription_filter_pattern,
      excludePrefixes: [`/aws/lambda/${s.name_prefix}-`],
      sweepRate: s.subscription_sweep_rate,
      async: asyncHandling,
      createSubscriber: (environment) =>
        new BridgeFunction(this, 'LogGroupSubscriber', {
          functionName: `${s.name_prefix}-log-group-subscriber`,
          code: lambda.Code.fromAsset(SUBSCRIBER_CODE_DIR),
          memoryMb: 256,
          timeoutS: 300,
          environment,
          logRetentionDays: s.log_retention_days,
          async: asyncHandling,
          ...withAlarm,
        }),
    });

    if (notifying) {
      const source = s.s3_source_bucket ? s3.Bucket.fromBucketName(this, 'SourceBucket', s.s3_source_bucket) : bucket;
      const s3Fn = functions['s3-objects'];
      new S3Ingest(this, 'S3Ingest', {
        namePrefix: s.name_prefix,
        bucket: source,
        prefixes: s.s3_notification_prefixes,
        fn: s3Fn.fn,
        functionTimeoutS: functionSizeOf(s, 's3-objects').timeoutS,
        batchSize: s.s3_batch_size,
        maxReceiveCount: s.s3_max_receive_count,
        ...withAlarm,
      });
      s3Fn.role.addToPrincipalPolicy(sourceReadStatement(source, s.s3_notification_prefixes));
      s3Fn.role.addToPrincipalPolicy(sourceListStatement(source, s.s3_notification_prefixes));
      scopeBucketNotificationsHandlerLogs(this);
    }

    new events.Rule(this, 'ScheduleRule', {
      description: 'Runs the scheduled collector (connectors, scheduled replay)',
      schedule: events.Schedule.expression(s.schedule_rate),
      targets: [
        new targets.LambdaFunction(functions.schedule.fn, {
          retryAttempts: s.async_retry_attempts,
          maxEventAge: Duration.seconds(s.max_event_age_s),
          deadLetterQueue: asyncFailures.queue,
        }),
      ],
    });

    new HttpIngest(this, 'HttpIngest', {
      namePrefix: s.name_prefix,
      code: lambda.Code.fromAsset(handlerBundleDir(props.distDir, 'http-ingest')),
      environment: baseEnvironment,
      bucket,
      evidenceBucket,
      secrets: { hmac: hmacSecret, fixops: fixopsSecret, signing: signingSecret },
      logRetentionDays: s.log_retention_days,
      ...withAlarm,
    });

    const evidenceUrl = functions.evidence.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'EvidenceBucketName', { value: evidenceBucket.bucketName });
    new CfnOutput(this, 'EvidenceUrl', { value: evidenceUrl.url, description: 'IAM-authenticated (SigV4) evidence endpoint' });
    new CfnOutput(this, 'FixopsSecretName', { value: fixopsSecretName });
    new CfnOutput(this, 'SigningKeySecretName', { value: signingSecretName });
    new CfnOutput(this, 'RedactionHmacKeySecretName', { value: hmacSecretName });
    new CfnOutput(this, 'AsyncFailureQueueUrl', { value: asyncFailures.queue.queueUrl });
  }
}

/** dist/aws/<handler>/ — the folder `npm run build` writes, holding index.mjs. */
export function handlerBundleDir(distDir: string, name: string): string {
  const dir = join(distDir, 'aws', name);
  if (!existsSync(join(dir, 'index.mjs'))) {
    throw new Error(`the ${name} bundle is missing (${join(dir, 'index.mjs')}): run \`npm run build\` before synth or deploy`);
  }
  return dir;
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());
}
