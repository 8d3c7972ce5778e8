import type { StorageManagementPolicyRule } from '@cdktf/provider-azurerm/lib/storage-management-policy/index.js';
import { RETENTION } from '../../shared/config/retention.js';

/**
 * Storage management policy rules from the shared retention table: per prefix, delete after the
 * table's days (counted from creation), and cool / archive tiers where the table has them.
 * `container` is the container the prefixes live in; `only` limits the table entries.
 */
export function managementPolicyRules(container: string, only?: string[], namePrefix = ''): StorageManagementPolicyRule[] {
  const rules: StorageManagementPolicyRule[] = [];
  for (const [name, entry] of Object.entries(RETENTION)) {
    if (entry.expireDays === null || (only && !only.includes(name))) continue;
    rules.push({
      // Rule names are alphanumeric.
      name: `${namePrefix}${name}retention`.replace(/[^A-Za-z0-9]/g, ''),
      enabled: true,
      filters: { prefixMatch: [`${container}/${entry.prefix}`], blobTypes: ['blockBlob'] },
      actions: {
        baseBlob: {
          deleteAfterDaysSinceCreationGreaterThan: entry.expireDays,
          ...(entry.coolAfterDays !== undefined ? { tierToCoolAfterDaysSinceCreationGreaterThan: entry.coolAfterDays } : {}),
          ...(entry.archiveAfterDays !== undefined ? { tierToArchiveAfterDaysSinceCreationGreaterThan: entry.archiveAfterDays } : {}),
        },
      },
    });
  }
  return rules;
}
