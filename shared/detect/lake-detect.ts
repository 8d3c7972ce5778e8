import type { LakeSession } from '../query/lake-engine.js';
import type { Redactor } from '../redact/types.js';
import { alertIdFor, dedupKey, priorityScore, type Alert } from './alert.js';
import { correlationSql, detectionAlertSql } from './correlation-sql.js';
import { detectionWhereSql, LakeUnsupportedError, type StoredForms } from './sql-compile.js';
import type { ThreatIntel } from './threat-intel.js';
import type { CorrelationRule, DetectionRule, RuleSet } from './types.js';

export interface LakeDetectionReport {
  alerts: Alert[];
  /** Rules that ran, with how many alert rows each produced. */
  ran: Array<{ rule_id: string; kind: 'detection' | 'correlation' | 'threat_intel'; alerts: number }>;
  /** Rules that cannot run over the lake, with the reason (they still run in the stream). */
  skipped: Array<{ rule_id: string; reason: string }>;
}

/** Equality values as the lake stores them: the redactor's keyed hash of addresses, e-mails and hashed fields. */
export function storedFormsFrom(redactor: Redactor): StoredForms {
  return (field, value) => {
    const forms = new Set<string>();
    const text = redactor.redactText(value).value;
    if (text !== value) forms.add(text);
    const key = field.split('.').pop()!;
    const asField = (redactor.redactValue({ [key]: value }).value as Record<string, unknown>)[key];
    if (typeof asField === 'string' && asField !== value) forms.add(asField);
    return [...forms];
  };
}

function str(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
}

function alertFrom(
  rule: Pick<DetectionRule, 'id' | 'title' | 'severity'> & { tags?: string[] },
  kind: Alert['rule_kind'],
  row: Record<string, unknown>,
  subject: Record<string, string>,
  matchedFields: string[],
  nowIso: string,
  group?: Record<string, string>,
): Alert {
  const dedup = dedupKey(rule.id, subject);
  const firstSeen = String(row.first_seen);
  const count = Number(row.n);
  const asset = str(row.asset);
  return {
    schema_version: '1.0',
    alert_id: alertIdFor(dedup, firstSeen),
    rule_id: rule.id,
    rule: rule.title,
    rule_kind: kind,
    detected_by: 'lake',
    severity: rule.severity,
    priority: priorityScore(rule.severity, count, kind === 'threat_intel'),
    first_seen: firstSeen,
    last_seen: String(row.last_seen),
    count,
    dedup_key: dedup,
    event_ids: Array.isArray(row.event_ids) ? row.event_ids.map(String) : [],
    ...(asset ? { asset } : {}),
    matched_fields: matchedFields,
    ...(group ? { group } : {}),
    tags: rule.tags ?? [],
    samples: [],
    created_at: nowIso,
    updated_at: nowIso,
  };
}

async function rows(session: LakeSession, sql: string): Promise<Array<Record<string, unknown>>> {
  const result = await session.query(sql, 100_000);
  return result.rows.map((r) => Object.fromEntries(r.map((v, i) => [result.columns[i]!, v])));
}

/**
 * Runs the rules over the `events` view of an open lake session: correlation rules (their SQL),
 * single-event rules where their tests can match redacted values, and threat-intel indicators
 * through their keyed hashes. Returns the alerts (not stored).
 */
export async function detectOverLake(session: LakeSession, rules: RuleSet, redactor: Redactor, options: { now: number; intel?: ThreatIntel; singleEvent?: boolean; addressesInClear?: boolean }): Promise<LakeDetectionReport> {
  const stored = storedFormsFrom(redactor);
  const sqlOptions = { addressesInClear: options.addressesInClear === true };
  const nowIso = new Date(options.now).toISOString();
  const report: LakeDetectionReport = { alerts: [], ran: [], skipped: [] };
  const runDetection = async (rule: DetectionRule) => {
    let where: string;
    try {
      where = detectionWhereSql(rule, stored, sqlOptions);
    } catch (err) {
      if (err instanceof LakeUnsupportedError) return report.skipped.push({ rule_id: rule.id, reason: err.message });
      throw err;
    }
    const found = await rows(session, detectionAlertSql(where));
    for (const row of found) report.alerts.push(alertFrom(rule, 'detection', row, { asset: String(row.subject) }, rule.fields, nowIso));
    report.ran.push({ rule_id: rule.id, kind: 'detection', alerts: found.length });
  };
  const runCorrelation = async (rule: CorrelationRule) => {
    let sql: string;
    try {
      sql = correlationSql(rule, stored, sqlOptions);
    } catch (err) {
      if (err instanceof LakeUnsupportedError) return report.skipped.push({ rule_id: rule.id, reason: err.message });
      throw err;
    }
    const found = await rows(session, sql);
    for (const row of found) {
      const group: Record<string, string> = {};
      rule.groupBy.forEach((f, i) => (group[f] = str(row[`g${i}`]) ?? ''));
      report.alerts.push(alertFrom(rule, 'correlation', row, group, [...rule.groupBy, ...(rule.condition.field ? [rule.condition.field] : [])], nowIso, group));
    }
    report.ran.push({ rule_id: rule.id, kind: 'correlation', alerts: found.length });
  };
  if (options.singleEvent !== false) for (const rule of rules.detections) await runDetection(rule);
  for (const rule of rules.correlations) await runCorrelation(rule);
  if (options.intel) {
    const byList = new Map<string, string[]>();
    for (const m of options.intel.lakeMarkers(redactor)) byList.set(m.list, [...(byList.get(m.list) ?? []), m.marker]);
    for (const [list, markers] of byList) {
      const text = "(coalesce(CAST(attributes AS VARCHAR), '') || ' ' || coalesce(CAST(raw_data AS VARCHAR), ''))";
      const where = `(${markers.map((m) => `contains(${text}, '${m.replace(/'/g, "''")}')`).join(' OR ')})`;
      const found = await rows(session, detectionAlertSql(where));
      const rule = { id: `intel:${list}`, title: `Threat intel match (${list})`, severity: 'HIGH' as const };
      for (const row of found) report.alerts.push(alertFrom(rule, 'threat_intel', row, { asset: String(row.subject) }, [], nowIso));
      report.ran.push({ rule_id: rule.id, kind: 'threat_intel', alerts: found.length });
    }
  }
  return report;
}
