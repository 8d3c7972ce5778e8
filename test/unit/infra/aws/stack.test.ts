import { Match } from 'aws-cdk-lib/assertions';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefixOf } from '../../../../infra/aws/access.js';
import { CLOUD_FUNCTIONS, ROLE_ACCESS } from '../../../../infra/permissions.js';
import { VISIBILITY_TIMEOUT_FACTOR } from '../../../../infra/aws/s3-ingest.js';
import { HANDLER_NAMES } from '../../../../infra/aws/settings.js';
import { NONCURRENT_VERSION_EXPIRE_DAYS, RETENTION } from '../../../../shared/config/retention.js';
import {
  actionsOf,
  identityStatements,
  resourcesOfType,
  show,
  statementsOfFunction,
  synth,
  workspace,
  type Synthesized,
} from './support.js';

const ws = workspace();
afterAll(() => ws.dispose());

const FULL = {
  name_prefix: 'tb',
  log_groups: ['/aws/vpc/flow-logs', '/aws/waf/edge'],
  log_group_prefixes: ['/aws/eks/', '/aws/lambda/payments-'],
  subscription_filter_pattern: '{ $.level = "ERROR" }',
  s3_notification_prefixes: ['incoming/cloudtrail/', 'incoming/alb/'],
  schedule_rate: 'rate(5 minutes)',
  memory_mb: 768,
  timeout_s: 90,
  functions: { schedule: { timeout_s: 300, memory_mb: 1024 } },
  connector_secret_names: ['tb/dynatrace-token'],
  evidence_reserved_concurrency: 3,
  alarm_topic_arn: 'arn:aws:sns:eu-west-1:123456789012:ops',
};

let plain: Synthesized;
let full: Synthesized;
let locked: Synthesized;
beforeAll(() => {
  plain = synth(ws.root, ws.dist, {});
  full = synth(ws.root, ws.dist, FULL);
  locked = synth(ws.root, ws.dist, { evidence_object_lock: true });
});

function logicalIdOf(syn: Synthesized, bucket: s3.IBucket): string {
  return syn.stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
}

function expectedS3Rules(only?: string[]): unknown[] {
  return Object.entries(RETENTION)
    .filter(([name, r]) => r.expireDays !== null && (!only || only.includes(name)))
    .map(([, r]) => {
      const transitions = [
        ...(r.coolAfterDays !== undefined ? [{ StorageClass: 'STANDARD_IA', TransitionInDays: r.coolAfterDays }] : []),
        ...(r.archiveAfterDays !== undefined ? [{ StorageClass: 'GLACIER', TransitionInDays: r.archiveAfterDays }] : []),
      ];
      return Match.objectLike({
        Prefix: r.prefix,
        ExpirationInDays: r.expireDays,
        Status: 'Enabled',
        ...(transitions.length > 0 ? { Transitions: transitions } : {}),
      });
    });
}

describe('the AWS stack bucket', () => {
  it('expires every prefix after the days in the retention table and tiers evidence/ to Standard-IA and Glacier', () => {
    plain.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          ...expectedS3Rules(),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_EXPIRE_DAYS } }),
        ]),
      },
    });
  });

  it('has no rule for prefixes the table keeps (state/)', () => {
    const kept = Object.values(RETENTION).filter((r) => r.expireDays === null).map((r) => r.prefix);
    const [, bucket] = resourcesOfType(plain.json, 'AWS::S3::Bucket')[0]!;
    const rules = (bucket.Properties?.LifecycleConfiguration as { Rules: Array<{ Prefix?: string }> }).Rules;
    expect(rules.filter((r) => r.Prefix !== undefined && kept.includes(r.Prefix))).toEqual([]);
    expect(rules).toHaveLength(Object.values(RETENTION).filter((r) => r.expireDays !== null).length + 1);
  });

  it('is encrypted, versioned, owner-enforced and blocks all public access', () => {
    plain.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('denies requests without TLS and below TLS 1.2', () => {
    plain.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('is retained when the stack is deleted', () => {
    plain.template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('write-once evidence', () => {
  it('is off by default: one bucket, no Object Lock', () => {
    plain.template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(JSON.stringify(plain.json)).not.toContain('ObjectLockConfiguration');
  });

  it('adds an evidence bucket with Object Lock in compliance mode for the evidence retention', () => {
    locked.template.resourceCountIs('AWS::S3::Bucket', 2);
    locked.template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: RETENTION.evidence!.expireDays } } },
      LifecycleConfiguration: { Rules: Match.arrayWith(expectedS3Rules(['evidence'])) },
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true }),
    });
  });

  it('sends the evidence function\'s writes to the locked bucket and nowhere else', () => {
    const evidenceId = logicalIdOf(locked, locked.stack.storage.evidenceBucket);
    const puts = statementsOfFunction(locked.json, 'telemetry-bridge-evidence').filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(puts.map((s) => show(s.Resource))).toEqual([`${evidenceId}/evidence/*`]);
  });
});

describe('secrets', () => {
  it('creates the FixOps, signing-key and redaction-key secrets without a value in the template', () => {
    plain.template.resourceCountIs('AWS::SecretsManager::Secret', 3);
    plain.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'telemetry-bridge/redaction-hmac-key',
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    plain.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'telemetry-bridge/fixops-api-key' });
    plain.template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'telemetry-bridge/evidence-signing-key' });
    expect(JSON.stringify(plain.json)).not.toMatch(/"SecretString"/);
  });
});

describe('the functions', () => {
  it.each(HANDLER_NAMES)('runs %s on nodejs22.x, arm64, from its bundle', (name) => {
    plain.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `telemetry-bridge-${name}`,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ BRIDGE__STORE__TYPE: 's3' }) },
    });
  });

  it('takes memory and timeout from config, with per-function overrides', () => {
    full.template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'tb-cloudwatch-logs', MemorySize: 768, Timeout: 90 });
    full.template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'tb-schedule', MemorySize: 1024, Timeout: 300 });
  });

  it('passes secret names (never values) to the functions that use them', () => {
    plain.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'telemetry-bridge-evidence',
      Environment: { Variables: Match.objectLike({ BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF: 'telemetry-bridge/evidence-signing-key' }) },
    });
    plain.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'telemetry-bridge-cloudwatch-logs',
      Environment: {
        Variables: Match.objectLike({
          BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF: 'telemetry-bridge/fixops-api-key',
          BRIDGE__REDACTION__HMAC_KEY_SECRET_REF: 'telemetry-bridge/redaction-hmac-key',
        }),
      },
    });
  });

  it('exposes the evidence function through an IAM-authenticated URL only', () => {
    plain.template.resourceCountIs('AWS::Lambda::Url', 2); // evidence and http-ingest (infra/aws/http-ingest.ts)
    plain.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
  });

  it('keeps each function\'s logs in its own log group with retention', () => {
    plain.template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/telemetry-bridge-schedule', RetentionInDays: 30 });
  });
});

describe('triggers', () => {
  it('adds one subscription filter per configured log group', () => {
    full.template.resourceCountIs('AWS::Logs::SubscriptionFilter', FULL.log_groups.length);
    for (const name of FULL.log_groups) {
      full.template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: name, FilterPattern: FULL.subscription_filter_pattern });
    }
  });

  it('subscribes log groups created later under the prefixes (CloudTrail CreateLogGroup → subscriber)', () => {
    full.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.logs'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventName: ['CreateLogGroup'], requestParameters: { logGroupName: FULL.log_group_prefixes.map((prefix) => ({ prefix })) } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogGroupSubscriber'), 'Arn'] } })],
    });
    full.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'tb-log-group-subscriber',
      Environment: { Variables: Match.objectLike({ LOG_GROUP_PREFIXES: JSON.stringify(FULL.log_group_prefixes), EXCLUDE_PREFIXES: '["/aws/lambda/tb-"]' }) },
    });
  });

  it('lets CloudWatch Logs invoke the ingest function for any log group under each prefix', () => {
    for (const prefix of FULL.log_group_prefixes) {
      const found = resourcesOfType(full.json, 'AWS::Lambda::Permission').some(
        ([, r]) => r.Properties?.Principal === 'logs.amazonaws.com' && show(r.Properties.SourceArn).endsWith(`:log-group:${prefix}*`),
      );
      expect(found, prefix).toBe(true);
    }
  });

  it('gives the subscriber exactly PutSubscriptionFilter on the prefixes and DescribeLogGroups', () => {
    const statements = statementsOfFunction(full.json, 'tb-log-group-subscriber');
    const put = statements.find((s) => actionsOf(s).includes('logs:PutSubscriptionFilter'))!;
    expect(show(put.Resource).split(',').map((r) => r.replace(/^.*:log-group:/, ''))).toEqual(FULL.log_group_prefixes.map((p) => `${p}*`));
    const all = statements.flatMap(actionsOf).sort();
    expect(all).toEqual(
      [
        'logs:CreateLogStream',
        'logs:DescribeLogGroups',
        'logs:DescribeSubscriptionFilters',
        'logs:PutLogEvents',
        'logs:PutSubscriptionFilter',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ].sort(),
    );
  });

  it('has no subscriber when no prefixes are configured', () => {
    expect(resourcesOfType(plain.json, 'AWS::Lambda::Function').map(([, r]) => r.Properties?.FunctionName)).not.toContain(
      'telemetry-bridge-log-group-subscriber',
    );
  });

  it('sends S3 notifications for each prefix to an SQS queue', () => {
    full.template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: FULL.s3_notification_prefixes.map((prefix) =>
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } } }),
        ),
      },
    });
  });

  it('sets the queue visibility above the function timeout and dead-letters after 3 receives', () => {
    const [, queue] = resourcesOfType(full.json, 'AWS::SQS::Queue').find(([, r]) => r.Properties?.QueueName === 'tb-s3-ingest')!;
    expect(queue.Properties?.VisibilityTimeout).toBe(FULL.timeout_s * VISIBILITY_TIMEOUT_FACTOR);
    expect(queue.Properties?.VisibilityTimeout as number).toBeGreaterThan(FULL.timeout_s);
    expect(queue.Properties?.RedrivePolicy).toMatchObject({ maxReceiveCount: 3 });
  });

  it('turns on partial batch responses for the S3 function', () => {
    full.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
  });

  it('runs the collector at the configured rate', () => {
    full.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleFunction'), 'Arn'] } })],
    });
  });
});

describe('failures', () => {
  it.each(['cloudwatch-logs', 'schedule'])('retries async invocations of %s, then sends them to the failure queue', (name) => {
    const queueId = resourcesOfType(plain.json, 'AWS::SQS::Queue').find(([, r]) => r.Properties?.QueueName === 'telemetry-bridge-async-failures')![0];
    const fnId = resourcesOfType(plain.json, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === `telemetry-bridge-${name}`)![0];
    plain.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it('alarms on failure-queue depth and on each function\'s errors, notifying the configured topic', () => {
    for (const name of ['tb-async-failures-depth', 'tb-s3-ingest-dlq-depth', ...HANDLER_NAMES.map((n) => `tb-${n}-errors`)]) {
      full.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: name, Threshold: 1, AlarmActions: [FULL.alarm_topic_arn] });
    }
  });
});

describe('least privilege', () => {
  it.each([
    ['plain', () => plain],
    ['full', () => full],
    ['object lock', () => locked],
  ])('grants no `*` action and no `*` resource (%s)', (_label, get) => {
    for (const { id, statement } of identityStatements(get().json)) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of actionsOf(statement)) expect(action, id).not.toMatch(/(^\*$|:\*$)/);
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const r of resources) expect(r, `${id} ${actionsOf(statement).join(',')}`).not.toBe('*');
    }
  });

  it('caps the evidence function\'s instances when asked (the rate limit is per instance), and only then', () => {
    const concurrency = (syn: Synthesized, name: string) =>
      resourcesOfType(syn.json, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === name)![1].Properties?.ReservedConcurrentExecutions;
    expect(concurrency(full, 'tb-evidence')).toBe(3);
    expect(concurrency(full, 'tb-schedule')).toBeUndefined();
    expect(concurrency(plain, 'telemetry-bridge-evidence')).toBeUndefined();
  });

  it('attaches no managed policy to any role (AWSLambdaBasicExecutionRole names `*`)', () => {
    for (const [id, role] of resourcesOfType(full.json, 'AWS::IAM::Role')) expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
  });

  // Every function of CLOUD_FUNCTIONS.aws, the HTTP ingest function (infra/aws/http-ingest.ts) included.
  it.each(Object.keys(CLOUD_FUNCTIONS.aws) as Array<keyof typeof CLOUD_FUNCTIONS.aws>)('gives %s exactly the bucket prefixes in its access table', (name) => {
    const bucketId = logicalIdOf(full, full.stack.storage.bucket);
    const statements = statementsOfFunction(full.json, `tb-${name}`);
    const access = ROLE_ACCESS[CLOUD_FUNCTIONS.aws[name]];
    const objects = (action: string): string[] =>
      statements.filter((s) => actionsOf(s).includes(action)).flatMap((s) => show(s.Resource).split(','));
    const expected = (areas: string[]): string[] => areas.map((a) => `${bucketId}/${prefixOf(a)}*`).sort();
    expect(objects('s3:PutObject').sort()).toEqual(expected([...access.write, ...access.create]));
    expect(objects('s3:DeleteObject').sort()).toEqual(expected(access.delete));
    const sourceReads = name === 's3-objects' ? FULL.s3_notification_prefixes.map((p) => `${bucketId}/${p}*`) : [];
    expect(objects('s3:GetObject').sort()).toEqual([...expected(access.read), ...sourceReads].sort());
    const listed = statements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    const sourceLists = name === 's3-objects' ? FULL.s3_notification_prefixes.map((p) => `${p}*`) : [];
    expect(listed.flatMap((s) => ((s.Condition?.StringLikeIfExists ?? s.Condition?.StringLike) as Record<string, string[]>)['s3:prefix']).sort()).toEqual(
      [...access.list.map((a) => `${prefixOf(a)}*`), ...sourceLists].sort(),
    );
    const s3Actions = statements.flatMap(actionsOf).filter((a) => a.startsWith('s3:'));
    expect(new Set(s3Actions)).toEqual(new Set(s3Actions.filter((a) => ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListBucket'].includes(a))));
  });

  // Pinned on purpose: widening a function's reach must change this test too.
  it.each([
    // The event sinks read the raw/ objects a batch just wrote back from the lake; the delivery ledger is state/deliveries/.
    ['cloudwatch-logs', ['failed/', 'quarantine/', 'raw/', 'state/deliveries/', 'summaries/'], ['raw/', 'state/deliveries/'], []],
    ['s3-objects', ['failed/', 'quarantine/', 'raw/', 'state/deliveries/', 'summaries/'], ['incoming/alb/', 'incoming/cloudtrail/', 'raw/', 'state/deliveries/'], []],
    ['schedule', ['failed/', 'manifests/', 'quarantine/', 'raw/', 'state/', 'summaries/'], ['failed/', 'raw/', 'state/'], ['failed/', 'state/replay/']],
    ['evidence', ['evidence/'], ['evidence/', 'raw/'], []],
    // The push path (with its delivery ledger), evidence bundles for GET /evidence, and the health probe's read of state/.
    ['http-ingest', ['evidence/', 'failed/', 'quarantine/', 'raw/', 'state/deliveries/', 'summaries/'], ['evidence/', 'raw/', 'state/', 'state/deliveries/'], []],
  ])('lets %s write under %j, read %j and delete %j, nothing else', (name, writes, reads, deletes) => {
    const statements = statementsOfFunction(full.json, `tb-${name}`);
    const prefixes = (action: string): string[] =>
      statements
        .filter((s) => actionsOf(s).includes(action))
        .flatMap((s) => show(s.Resource).split(','))
        .map((r) => r.replace(/^[^/]*\//, '').replace(/\*$/, ''))
        .sort();
    expect(prefixes('s3:PutObject')).toEqual(writes);
    expect(prefixes('s3:GetObject')).toEqual(reads);
    expect(prefixes('s3:DeleteObject')).toEqual(deletes);
  });

  it.each([
    ['cloudwatch-logs', ['RedactionHmacKey', 'FixopsApiKey']],
    ['s3-objects', ['RedactionHmacKey', 'FixopsApiKey']],
    ['schedule', ['RedactionHmacKey', 'FixopsApiKey', ':secret:tb/dynatrace-token-??????']],
    ['evidence', ['RedactionHmacKey', 'EvidenceSigningKey']],
    ['http-ingest', ['RedactionHmacKey', 'FixopsApiKey', 'EvidenceSigningKey']],
  ] as const)('lets %s read only its secrets', (name, secrets) => {
    const reads = statementsOfFunction(full.json, `tb-${name}`)
      .filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'))
      .map((s) => show(s.Resource));
    expect(reads).toHaveLength(secrets.length);
    secrets.forEach((secret, i) => expect(reads[i]).toContain(secret));
  });

  it('scopes CDK\'s bucket-notifications handler to its bucket and /aws/lambda/ logs', () => {
    const handlerStatements = identityStatements(full.json).filter(({ id }) => id.startsWith('BucketNotificationsHandler') || id.includes('NotificationsHandlerPolicy'));
    expect(handlerStatements.flatMap(({ statement }) => actionsOf(statement)).sort()).toEqual(
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutBucketNotification'].sort(),
    );
  });
});
