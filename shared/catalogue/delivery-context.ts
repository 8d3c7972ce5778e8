import type { DecodedBatch } from '../decode/types.js';
import type { DeliveryContext, Trigger } from './types.js';

/** A format declared in config (`pipeline.log_formats`): which deliveries it covers, and what they hold. */
export interface DeclaredFormat {
  /** CloudWatch log group: exact name, or a prefix ending in `*`. */
  log_group?: string | undefined;
  /** S3: key prefix (`AWSLogs/123456789012/vpcflowlogs/`); bucket optional. */
  s3_prefix?: string | undefined;
  bucket?: string | undefined;
  /** Event Hubs hub name. */
  event_hub?: string | undefined;
  /** The catalogue type (`vpcflow`, `tgw_flow`, `alb`, …). */
  type: string;
  /** The type's format string, e.g. a VPC flow log format `${version} ${srcaddr} …`. */
  format?: string | undefined;
}

const TRIGGERS: Readonly<Record<string, Trigger>> = { 'aws.cloudwatch': 'cloudwatch', 'aws.s3': 's3', 'azure.eventhub': 'eventhub', 'gcp.pubsub': 'pubsub' };

function nameMatches(pattern: string | undefined, name: string | undefined): boolean {
  if (pattern === undefined || name === undefined) return false;
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function declaredFor(ctx: DeliveryContext, formats: readonly DeclaredFormat[]): DeclaredFormat | undefined {
  return formats.find(
    (f) =>
      (ctx.trigger === 'cloudwatch' && nameMatches(f.log_group, ctx.logGroup)) ||
      (ctx.trigger === 's3' && f.s3_prefix !== undefined && (ctx.key ?? '').startsWith(f.s3_prefix) && (f.bucket === undefined || f.bucket === ctx.bucket)) ||
      (ctx.trigger === 'eventhub' && f.event_hub !== undefined && f.event_hub === ctx.eventHubName),
  );
}

/**
 * The delivery's context, read once from the decoded batch: every record of a delivery carries
 * the same delivery meta (log group and stream, bucket and key, hub, subscription).
 */
export function deliveryContextOf(batch: Pick<DecodedBatch, 'source' | 'records'>, formats: readonly DeclaredFormat[] = []): DeliveryContext {
  const trigger = TRIGGERS[batch.source] ?? 'cloudwatch';
  const meta = batch.records[0]?.meta ?? {};
  const pick = (name: string) => (typeof meta[name] === 'string' && meta[name] !== '' ? meta[name] : undefined);
  const ctx: DeliveryContext = { trigger };
  const set = (key: 'logGroup' | 'logStream' | 'bucket' | 'key' | 'eventHubName' | 'subscription', value: string | undefined) => {
    if (value !== undefined) ctx[key] = value;
  };
  if (trigger === 'cloudwatch') {
    set('logGroup', pick('logGroup'));
    set('logStream', pick('logStream'));
  } else if (trigger === 's3') {
    set('bucket', pick('bucket'));
    set('key', pick('key'));
  } else if (trigger === 'eventhub') set('eventHubName', pick('eventHubName'));
  else set('subscription', pick('subscription'));
  const declared = formats.length === 0 ? undefined : declaredFor(ctx, formats);
  if (declared !== undefined) ctx.declared = { type: declared.type, ...(declared.format === undefined ? {} : { format: declared.format }) };
  return ctx;
}
