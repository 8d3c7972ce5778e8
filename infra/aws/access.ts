import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CLOUD_FUNCTIONS, prefixOf, ROLE_ACCESS, type Area, type RoleAccess } from '../permissions.js';
import type { HandlerName } from './settings.js';

export type { Area, RoleAccess, SecretUse } from '../permissions.js';
export { prefixOf } from '../permissions.js';

/** Each handler's rights: its role's row in the one permission table (infra/permissions.ts). */
export const FUNCTION_ACCESS: Readonly<Record<HandlerName, RoleAccess>> = Object.fromEntries(
  Object.entries(CLOUD_FUNCTIONS.aws).map(([name, role]) => [name, ROLE_ACCESS[role]]),
) as Record<HandlerName, RoleAccess>;

/**
 * S3 statements for one function: object actions on `<bucket>/<prefix>*` only, and ListBucket
 * limited to those prefixes. `evidence` lives in the evidence bucket (which may be the same bucket).
 */
export function storageStatements(access: RoleAccess, bucket: s3.IBucket, evidenceBucket: s3.IBucket): iam.PolicyStatement[] {
  const bucketFor = (area: Area): s3.IBucket => (area === 'evidence' ? evidenceBucket : bucket);
  const statements: iam.PolicyStatement[] = [];
  const objectStatement = (action: string, areas: Area[]): void => {
    if (areas.length === 0) return;
    statements.push(
      new iam.PolicyStatement({
        actions: [action],
        resources: areas.map((a) => bucketFor(a).arnForObjects(`${prefixOf(a)}*`)),
      }),
    );
  };
  // S3 has no create-only grant: evidence's write-once is kept by if-none-match and, optionally, Object Lock.
  objectStatement('s3:PutObject', [...access.write, ...access.create]);
  objectStatement('s3:GetObject', access.read);
  objectStatement('s3:DeleteObject', access.delete);
  const listed = new Map<s3.IBucket, string[]>();
  for (const area of access.list) {
    const b = bucketFor(area);
    listed.set(b, [...(listed.get(b) ?? []), `${prefixOf(area)}*`]);
  }
  for (const [b, prefixes] of listed) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [b.bucketArn],
        // IfExists: a GetObject of a missing key (first run, no cursor yet) is answered 404 rather
        // than 403 only when ListBucket is allowed for a request that carries no s3:prefix.
        conditions: { StringLikeIfExists: { 's3:prefix': prefixes } },
      }),
    );
  }
  return statements;
}

/**
 * Listing under the configured source prefixes (the S3 ingest function): a notification without
 * eventTime (a backfill, a hand-made message) takes the object's Last-Modified from a listing.
 */
export function sourceListStatement(bucket: s3.IBucket, prefixes: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } } });
}

/** Read access to objects under configured source prefixes (the S3 ingest function). */
export function sourceReadStatement(bucket: s3.IBucket, prefixes: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: prefixes.map((p) => bucket.arnForObjects(`${p}*`)) });
}
