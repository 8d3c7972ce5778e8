import type { DeliveryContext } from '../types.js';

/** What an `AWSLogs/<account>/<service>/<region>/…` S3 key layout says (any prefix before it). */
export interface AwsLogsKey {
  account: string;
  /** As written: `elasticloadbalancing`, `vpcflowlogs`, `CloudTrail-Digest`, `network-firewall`, `GuardDuty`. */
  service: string;
  /** The segment after the service (a region for most, `alert`/`flow`/`tls` for Network Firewall). */
  next?: string;
  /** The object's file name. */
  file: string;
}

const LAYOUT = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/([^/]+)\/(?:([^/]+)\/)?/;

export function awsLogsKey(key: string | undefined): AwsLogsKey | undefined {
  if (key === undefined) return undefined;
  const m = LAYOUT.exec(key);
  if (!m) return undefined;
  const file = key.slice(key.lastIndexOf('/') + 1);
  return { account: m[1]!, service: m[2]!, ...(m[3] === undefined ? {} : { next: m[3] }), file };
}

/** The S3 key's AWSLogs service segment, lower-cased, for an S3 delivery ('' otherwise). */
export function s3Service(ctx: DeliveryContext): string {
  return ctx.trigger === 's3' ? (awsLogsKey(ctx.key)?.service.toLowerCase() ?? '') : '';
}

/** The CloudWatch log group, lower-cased ('' for other triggers). */
export function logGroupOf(ctx: DeliveryContext): string {
  return ctx.trigger === 'cloudwatch' ? (ctx.logGroup ?? '').toLowerCase() : '';
}

const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Account and region from the S3 key layout, else the CloudWatch owner (records' meta). */
export function keyAccountRegion(meta: Readonly<Record<string, string>>): { account?: string; region?: string } {
  // A delivery's records share one meta object: the key is read once per delivery, not per record.
  let found = ACCOUNT_REGION.get(meta);
  if (found === undefined) {
    const parsed = awsLogsKey(meta.key);
    const region = parsed?.next !== undefined && REGION.test(parsed.next) ? parsed.next : undefined;
    const account = parsed?.account ?? (meta.owner !== undefined && meta.owner !== '' ? meta.owner : undefined);
    found = Object.freeze({ ...(account === undefined ? {} : { account }), ...(region === undefined ? {} : { region }) });
    ACCOUNT_REGION.set(meta, found);
  }
  return found;
}

const ACCOUNT_REGION = new WeakMap<object, Readonly<{ account?: string; region?: string }>>();
