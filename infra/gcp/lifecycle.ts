import type { StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import { NONCURRENT_VERSION_EXPIRE_DAYS, RETENTION } from '../../shared/config/retention.js';

/**
 * GCS lifecycle rules from the shared retention table: per prefix, delete at the table's age,
 * Nearline at coolAfterDays and Archive at archiveAfterDays; noncurrent versions expire.
 */
export function lifecycleRules(only?: string[]): StorageBucketLifecycleRule[] {
  const rules: StorageBucketLifecycleRule[] = [];
  for (const [name, entry] of Object.entries(RETENTION)) {
    if (entry.expireDays === null || (only && !only.includes(name))) continue;
    const matchesPrefix = [entry.prefix];
    if (entry.coolAfterDays !== undefined) {
      rules.push({
        action: { type: 'SetStorageClass', storageClass: 'NEARLINE' },
        condition: { age: entry.coolAfterDays, matchesPrefix, matchesStorageClass: ['STANDARD'] },
      });
    }
    if (entry.archiveAfterDays !== undefined) {
      rules.push({
        action: { type: 'SetStorageClass', storageClass: 'ARCHIVE' },
        condition: { age: entry.archiveAfterDays, matchesPrefix, matchesStorageClass: ['STANDARD', 'NEARLINE'] },
      });
    }
    rules.push({ action: { type: 'Delete' }, condition: { age: entry.expireDays, matchesPrefix } });
  }
  rules.push({ action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: NONCURRENT_VERSION_EXPIRE_DAYS, withState: 'ARCHIVED' } });
  return rules;
}
