import { CfnOutput } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CLOUD_FUNCTIONS, ROLE_ACCESS, type RoleAccess } from '../permissions.js';
import { storageStatements } from './access.js';
import { BridgeFunction } from './bridge-function.js';
import type { S3Ingest } from './s3-ingest.js';

/** The HTTP ingest function's rights: its role's row (`edge`) in the one permission table (infra/permissions.ts). */
export const HTTP_INGEST_ACCESS: RoleAccess = ROLE_ACCESS[CLOUD_FUNCTIONS.aws['http-ingest']];

export interface HttpIngestProps {
  namePrefix: string;
  /** dist/aws/http-ingest/ (index.mjs of aws-lambda/http-ingest.ts). */
  code: lambda.Code;
  /** The environment every function gets (store type and bucket, the user's overrides). */
  environment: Record<string, string>;
  bucket: s3.IBucket;
  evidenceBucket: s3.IBucket;
  secrets: { hmac: secretsmanager.ISecret; fixops: secretsmanager.ISecret; signing: secretsmanager.ISecret };
  logRetentionDays: number;
  memoryMb?: number;
  timeoutS?: number;
  alarmAction?: cloudwatch.IAlarmAction;
}

/**
 * The edge agents' entry on AWS: the HTTP ingest function behind a Function URL with IAM auth
 * (agents sign with SigV4; Fluent Bit's `AWS_Auth On`), least-privilege storage access, and the
 * stack outputs the agents and `bridge backfill --enqueue` need: the URL, and the S3 ingest
 * queue's URL when the stack has one.
 */
export class HttpIngest extends Construct {
  readonly function: BridgeFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: HttpIngestProps) {
    super(scope, id);
    this.function = new BridgeFunction(this, 'Function', {
      functionName: `${props.namePrefix}-http-ingest`,
      code: props.code,
      memoryMb: props.memoryMb ?? 1024,
      timeoutS: props.timeoutS ?? 60,
      environment: {
        ...props.environment,
        ...secretRefs(HTTP_INGEST_ACCESS, props.secrets),
        BRIDGE_EVIDENCE_BUCKET: props.evidenceBucket.bucketName,
      },
      logRetentionDays: props.logRetentionDays,
      ...(props.alarmAction ? { alarmAction: props.alarmAction } : {}),
    });
    const role = this.function.role;
    for (const statement of storageStatements(HTTP_INGEST_ACCESS, props.bucket, props.evidenceBucket)) role.addToPrincipalPolicy(statement);
    for (const use of HTTP_INGEST_ACCESS.secrets) if (use !== 'connectors') props.secrets[use].grantRead(role);
    this.url = this.function.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    new CfnOutput(scope, 'HttpIngestUrl', { value: this.url.url, description: 'IAM-authenticated (SigV4) HTTP ingest endpoint for Fluent Bit and Vector (POST /ingest, /telemetry)' });
    const s3Ingest = scope.node.tryFindChild('S3Ingest') as S3Ingest | undefined;
    if (s3Ingest) new CfnOutput(scope, 'IngestQueueUrl', { value: s3Ingest.queue.queueUrl, description: 'S3 notifications queue: bridge backfill --enqueue <this>' });
  }
}

const SECRET_REF_SETTINGS = {
  hmac: 'BRIDGE__REDACTION__HMAC_KEY_SECRET_REF',
  fixops: 'BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF',
  signing: 'BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF',
} as const;

/** The config refs of exactly the secrets the row names (a ref to a secret it may not read would fail at start). */
function secretRefs(access: RoleAccess, secrets: HttpIngestProps['secrets']): Record<string, string> {
  const env: Record<string, string> = {};
  for (const use of access.secrets) if (use !== 'connectors') env[SECRET_REF_SETTINGS[use]] = secrets[use].secretName;
  return env;
}
