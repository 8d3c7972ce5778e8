import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { RETENTION } from '../../shared/config/retention.js';
import type { HandlerName } from './settings.js';

/** An area of the bucket, named as in the retention table (raw, summaries, evidence, state, …). */
export type Area = string;
/** hmac: the redaction key every runtime resolves at start; fixops: sink API key; signing: evidence key. */
export type SecretUse = 'hmac' | 'fixops' | 'signing' | 'connectors';

export interface FunctionAccess {
  write: Area[];
  read: Area[];
  delete: Area[];
  list: Area[];
  secrets: SecretUse[];
}

/**
 * Exactly what each handler touches. Reads of the S3 function's source prefixes are added by the
 * trigger, since they come from config. Change this table when a handler's I/O changes.
 */
export const FUNCTION_ACCESS: Readonly<Record<HandlerName, FunctionAccess>> = {
  'cloudwatch-logs': { write: ['raw', 'quarantine', 'summaries', 'failed'], read: [], delete: [], list: [], secrets: ['hmac', 'fixops'] },
  's3-objects': { write: ['raw', 'quarantine', 'summaries', 'failed'], read: [], delete: [], list: [], secrets: ['hmac', 'fixops'] },
  // Collect + manifests + cursors (state/, conditional writes) + the scheduled replay of failed/.
  schedule: {
    write: ['raw', 'quarantine', 'summaries', 'manifests', 'failed', 'state'],
    read: ['state', 'failed'],
    delete: ['failed'],
    list: ['state', 'failed'],
    secrets: ['hmac', 'fixops', 'connectors'],
  },
  evidence: { write: ['evidence'], read: ['raw', 'evidence'], delete: [], list: ['raw', 'evidence'], secrets: ['hmac', 'signing'] },
};

export function prefixOf(area: Area): string {
  const entry = RETENTION[area];
  if (!entry) throw new Error(`the retention table has no area "${area}"`);
  return entry.prefix;
}

/**
 * S3 statements for one function: object actions on `<bucket>/<prefix>*` only, and ListBucket
 * limited to those prefixes. `evidence` lives in the evidence bucket (which may be the same bucket).
 */
export function storageStatements(access: FunctionAccess, bucket: s3.IBucket, evidenceBucket: s3.IBucket): iam.PolicyStatement[] {
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
  objectStatement('s3:PutObject', access.write);
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

/** Read access to objects under configured source prefixes (the S3 ingest function). */
export function sourceReadStatement(bucket: s3.IBucket, prefixes: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: prefixes.map((p) => bucket.arnForObjects(`${p}*`)) });
}
