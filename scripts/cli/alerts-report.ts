import { fileURLToPath } from 'node:url';
import { AlertV1, type Alert } from '../../shared/detect/index.js';
import type { ObjectStore } from '../../shared/ports.js';
import { formatTable, LakeSession, stageLake } from '../../shared/query/index.js';

/** The starter pack of Sigma rules shipped with the project (detections/). */
export const STARTER_RULES_DIR = fileURLToPath(new URL('../../detections/', import.meta.url));

/** The alerts stored under the given keys (the alerts/ keys a run wrote). */
export async function readAlerts(store: ObjectStore, keys: readonly string[]): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (const key of [...new Set(keys.filter((k) => k.startsWith('alerts/')))].sort()) {
    const object = await store.get(key);
    if (!object) continue;
    const parsed = AlertV1.safeParse(JSON.parse(object.body.toString('utf8')));
    if (parsed.success) alerts.push(parsed.data);
  }
  return alerts.sort((a, b) => b.priority - a.priority || a.rule_id.localeCompare(b.rule_id));
}

/** One line per alert: priority, severity, rule, count, window, asset, matched fields, key. */
export function renderAlerts(alerts: readonly Alert[]): string[] {
  if (alerts.length === 0) return ['Alerts: none raised.'];
  const out = [`Alerts (${alerts.length}, under alerts/):`];
  for (const a of alerts) {
    out.push(`  P${String(a.priority).padStart(3)} ${a.severity.padEnd(8)} ${a.rule_id}  "${a.rule}"  count ${a.count}  ${a.first_seen} .. ${a.last_seen}`);
    out.push(`       ${a.detected_by}${a.asset ? `, asset ${a.asset}` : ''}; matched ${a.matched_fields.join(', ') || '(keywords)'}; alerts/dt=${a.first_seen.slice(0, 10)}/${a.alert_id}.json`);
  }
  return out;
}

/** Runs one query over a local lake folder and returns the table lines (the demo's ending). */
export async function queryLines(root: string, store: ObjectStore, sql: string): Promise<string[]> {
  const staged = await stageLake(store, {}, { localRoot: root });
  const session = await LakeSession.open(staged);
  try {
    return formatTable(await session.query(sql, 100));
  } finally {
    session.close();
  }
}
