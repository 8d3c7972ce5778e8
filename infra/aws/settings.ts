import * as z from 'zod';
import { RETENTION } from '../../shared/config/retention.js';

/** The four handler bundles (dist/aws/<name>/index.mjs). */
export const HANDLER_NAMES = ['cloudwatch-logs', 's3-objects', 'schedule', 'evidence'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

/** CloudWatch Logs retention values the service accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const logGroupName = z.string().regex(/^[\w\-./#]{1,512}$/, 'must be a CloudWatch Logs log group name');
const scheduleExpression = z.string().regex(/^(rate|cron)\(.+\)$/, 'must be an EventBridge schedule expression: rate(...) or cron(...)');
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name');
const secretName = z.string().regex(/^[\w/+=.@-]{1,512}$/, 'must be a Secrets Manager secret name');
const objectPrefix = z
  .string()
  .regex(/^[^\s*]+\/$/, 'must be an object key prefix ending with "/"')
  .refine(
    (prefix) => !Object.values(RETENTION).some((r) => prefix.startsWith(r.prefix) || r.prefix.startsWith(prefix)),
    'must not overlap a prefix the bridge writes (raw/, summaries/, …): a notification there would loop',
  );
const functionSize = z.strictObject({
  memory_mb: z.number().int().min(128).max(10240).optional(),
  timeout_s: z.number().int().min(1).max(900).optional(),
});

/** The `aws:` section of bridge.yaml, as the CDK app reads it. */
export const AwsSettingsSchema = z
  .strictObject({
    /** Names functions (`<prefix>-<handler>`), secrets (`<prefix>/…`) and alarms. */
    name_prefix: z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'must be lowercase letters, digits and dashes').default('telemetry-bridge'),
    bucket_name: bucketName.optional(),
    /** Log groups that get a subscription filter to the CloudWatch Logs function at deploy. */
    log_groups: z.array(logGroupName).default([]),
    /** Log groups created later whose names start with one of these are subscribed automatically. */
    log_group_prefixes: z.array(logGroupName).default([]),
    subscription_filter_pattern: z.string().default(''),
    /** How often existing log groups under the prefixes are checked (catches groups created before deploy). */
    subscription_sweep_rate: scheduleExpression.default('rate(6 hours)'),
    /** Objects created under these prefixes are ingested by the S3 function (through SQS). */
    s3_notification_prefixes: z.array(objectPrefix).default([]),
    /** The bucket those objects land in; default the bridge's own bucket. Must be in the same account. */
    s3_source_bucket: bucketName.optional(),
    s3_batch_size: z.number().int().min(1).max(10).default(10),
    /** SQS receives before an S3 notification moves to the dead-letter queue. */
    s3_max_receive_count: z.number().int().min(1).max(1000).default(3),
    schedule_rate: scheduleExpression.default('rate(15 minutes)'),
    memory_mb: z.number().int().min(128).max(10240).default(512),
    timeout_s: z.number().int().min(1).max(900).default(60),
    /** Per-handler overrides of memory_mb / timeout_s. */
    functions: z
      .strictObject({ cloudwatch_logs: functionSize.optional(), s3_objects: functionSize.optional(), schedule: functionSize.optional(), evidence: functionSize.optional() })
      .default({}),
    /** Lambda's own retries of a failed asynchronous invocation (0–2) before the on-failure destination. */
    async_retry_attempts: z.number().int().min(0).max(2).default(2),
    max_event_age_s: z.number().int().min(60).max(21600).default(21600),
    log_retention_days: z
      .number()
      .int()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(30),
    /** Reserved concurrency of the evidence function (caps its instances: the per-caller rate limit is kept per instance); unset = none reserved. */
    evidence_reserved_concurrency: z.number().int().min(1).max(1000).optional(),
    /** Write-once evidence: a separate bucket with S3 Object Lock in compliance mode for the evidence retention. */
    evidence_object_lock: z.boolean().default(false),
    /** SNS topic that alarms notify; none = alarms only change state. */
    alarm_topic_arn: z.string().regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, 'must be an SNS topic ARN').optional(),
    fixops_secret_name: secretName.optional(),
    signing_key_secret_name: secretName.optional(),
    hmac_key_secret_name: secretName.optional(),
    /** Existing secrets the scheduled collector may read (connector credentials), by name. */
    connector_secret_names: z.array(secretName).default([]),
    /** Extra environment for every function, e.g. BRIDGE__PIPELINE__GZIP_LEVEL. No secrets: use *_SECRET_REF. */
    environment: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'), z.string()).default({}),
  })
  .superRefine((s, ctx) => {
    const own = `/aws/lambda/${s.name_prefix}-`;
    s.log_groups.forEach((name, i) => {
      if (name.startsWith(own)) ctx.addIssue({ code: 'custom', path: ['log_groups', i], message: 'must not be one of the bridge functions\' own log groups (it would loop)' });
    });
  });

export type AwsSettings = z.output<typeof AwsSettingsSchema>;

/** Memory and timeout of one handler: its override, else the global default. */
export function functionSizeOf(settings: AwsSettings, name: HandlerName): { memoryMb: number; timeoutS: number } {
  const key = name.replace('-', '_') as keyof AwsSettings['functions'];
  const override = settings.functions[key] ?? {};
  return { memoryMb: override.memory_mb ?? settings.memory_mb, timeoutS: override.timeout_s ?? settings.timeout_s };
}
