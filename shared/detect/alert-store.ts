import { PersistError, PreconditionFailedError } from '../errors.js';
import type { ObjectStore } from '../ports.js';
import { alertKey, AlertV1, mergeAlerts, type Alert } from './alert.js';

const MAX_RACES = 5;

/**
 * Writes alerts under alerts/dt=…/<alert-id>.json, merging into the stored alert of the same id
 * (conditional put on its etag, retried on a lost race), so reruns and redeliveries deduplicate.
 * Returns the alerts as stored.
 */
export async function storeAlerts(store: ObjectStore, alerts: readonly Alert[]): Promise<Alert[]> {
  const out: Alert[] = [];
  for (const alert of alerts) out.push(await storeAlert(store, alert));
  return out;
}

async function storeAlert(store: ObjectStore, alert: Alert): Promise<Alert> {
  const key = alertKey(alert);
  for (let attempt = 0; ; attempt++) {
    const existing = await store.get(key);
    let next = alert;
    if (existing) {
      const parsed = AlertV1.safeParse(safeJson(existing.body.toString('utf8')));
      if (parsed.success) next = mergeAlerts(parsed.data, alert);
    }
    try {
      await store.put(key, JSON.stringify(next), { contentType: 'application/json', ...(existing ? { ifMatch: existing.etag } : { ifNoneMatch: '*' }) });
      return next;
    } catch (err) {
      if (err instanceof PreconditionFailedError && attempt < MAX_RACES) continue;
      throw err instanceof PersistError ? err : new PersistError(`cannot write ${key}`, { cause: err, context: { key } });
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
