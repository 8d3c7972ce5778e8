/**
 * The one retention table. The three IaC stacks (infra/) and the local store read it.
 * Days are counted from object creation.
 */
export interface PrefixRetention {
  /** Prefix under the bucket/container root, with trailing slash. */
  prefix: string;
  /** Delete after this many days; null = kept (state/). */
  expireDays: number | null;
  /** Move to an infrequent-access tier (S3 Standard-IA, Blob cool, GCS Nearline). */
  coolAfterDays?: number;
  /** Move to an archive tier (S3 Glacier, Blob archive, GCS Archive). */
  archiveAfterDays?: number;
}

export const RETENTION: Readonly<Record<string, PrefixRetention>> = {
  raw: { prefix: 'raw/', expireDays: 7 },
  summaries: { prefix: 'summaries/', expireDays: 30 },
  quarantine: { prefix: 'quarantine/', expireDays: 30 },
  failed: { prefix: 'failed/', expireDays: 30 },
  evidence: { prefix: 'evidence/', expireDays: 365, coolAfterDays: 90, archiveAfterDays: 180 },
  manifests: { prefix: 'manifests/', expireDays: 365 },
  state: { prefix: 'state/', expireDays: null },
};

/** Noncurrent object versions (versioned buckets) expire after this many days. */
export const NONCURRENT_VERSION_EXPIRE_DAYS = 30;
