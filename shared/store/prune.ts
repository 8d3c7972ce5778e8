import type { ObjectStore } from '../ports.js';
import { RETENTION, type PrefixRetention } from '../config/retention.js';

const DAY_MS = 86_400_000;

export interface PruneReport {
  deleted: number;
  kept: number;
}

/**
 * Applies the retention table to a store without lifecycle rules of its own (the local folder):
 * deletes each object older than its prefix's expiry. Cloud buckets get the same table as
 * lifecycle rules from the IaC stacks, so this never runs there.
 */
export async function pruneExpired(store: ObjectStore, now: number, table: Readonly<Record<string, PrefixRetention>> = RETENTION): Promise<PruneReport> {
  const report: PruneReport = { deleted: 0, kept: 0 };
  for (const rule of Object.values(table)) {
    if (rule.expireDays === null) continue;
    const cutoff = now - rule.expireDays * DAY_MS;
    for await (const info of store.list(rule.prefix)) {
      if (info.lastModified && info.lastModified.getTime() < cutoff) {
        await store.delete(info.key);
        report.deleted++;
      } else report.kept++;
    }
  }
  return report;
}
