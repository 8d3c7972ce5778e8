import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { NONCURRENT_VERSION_EXPIRE_DAYS, RETENTION } from '../../shared/config/retention.js';

/**
 * S3 lifecycle rules from the shared retention table: one rule per prefix that expires
 * (Standard-IA at coolAfterDays, Glacier at archiveAfterDays), plus noncurrent-version expiry.
 * `only` limits the rules to some table entries (the evidence bucket keeps evidence/ only).
 */
export function lifecycleRules(only?: ReadonlyArray<keyof typeof RETENTION>): s3.LifecycleRule[] {
  const rules: s3.LifecycleRule[] = [];
  for (const [name, entry] of Object.entries(RETENTION)) {
    if (entry.expireDays === null || (only && !only.includes(name))) continue;
    const transitions: s3.Transition[] = [];
    if (entry.coolAfterDays !== undefined) {
      transitions.push({ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(entry.coolAfterDays) });
    }
    if (entry.archiveAfterDays !== undefined) {
      transitions.push({ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(entry.archiveAfterDays) });
    }
    rules.push({
      id: `${name}-retention`,
      prefix: entry.prefix,
      expiration: Duration.days(entry.expireDays),
      ...(transitions.length > 0 ? { transitions } : {}),
    });
  }
  rules.push({
    id: 'noncurrent-versions',
    noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_EXPIRE_DAYS),
    expiredObjectDeleteMarker: true,
    abortIncompleteMultipartUploadAfter: Duration.days(7),
  });
  return rules;
}

export interface BridgeStorageProps {
  bucketName?: string;
  /** A separate evidence bucket with Object Lock (compliance mode) for the evidence retention. */
  evidenceObjectLock: boolean;
}

/** The bridge's bucket (and, with Object Lock on, the write-once evidence bucket). */
export class BridgeStorage extends Construct {
  readonly bucket: s3.Bucket;
  /** Where evidence/ bundles are written: the evidence bucket when Object Lock is on, else the bucket. */
  readonly evidenceBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: BridgeStorageProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Data', {
      ...secureBucketDefaults(),
      ...(props.bucketName ? { bucketName: props.bucketName } : {}),
      lifecycleRules: lifecycleRules(),
    });
    if (!props.evidenceObjectLock) {
      this.evidenceBucket = this.bucket;
      return;
    }
    const evidenceDays = RETENTION.evidence?.expireDays;
    if (!evidenceDays) throw new Error('the retention table has no expiring evidence entry; Object Lock needs its retention');
    this.evidenceBucket = new s3.Bucket(this, 'Evidence', {
      ...secureBucketDefaults(),
      ...(props.bucketName ? { bucketName: `${props.bucketName}-evidence` } : {}),
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(evidenceDays)),
      lifecycleRules: lifecycleRules(['evidence']),
    });
  }
}

function secureBucketDefaults(): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
