import { createHash } from 'node:crypto';
import * as z from 'zod';
import { SEVERITIES, type Severity } from '../schema/index.js';

/** Event ids kept per alert; the count goes on past it. */
export const MAX_ALERT_EVENT_IDS = 500;
/** Redacted events kept per alert as examples. */
export const MAX_ALERT_SAMPLES = 3;

export const AlertV1 = z.object({
  schema_version: z.literal('1.0'),
  alert_id: z.string().regex(/^[0-9a-f]{32}$/),
  rule_id: z.string().min(1),
  /** The rule's title. */
  rule: z.string().min(1),
  rule_kind: z.enum(['detection', 'correlation', 'threat_intel']),
  /** Where it was raised: in the stream (before redaction) or over the lake. */
  detected_by: z.enum(['stream', 'lake']),
  severity: z.enum(SEVERITIES),
  /** 0–100: severity, then how often, then threat-intel corroboration. */
  priority: z.number().int().min(0).max(100),
  first_seen: z.string(),
  last_seen: z.string(),
  count: z.number().int().positive(),
  dedup_key: z.string().regex(/^[0-9a-f]{64}$/),
  event_ids: z.array(z.string()),
  asset: z.string().optional(),
  /** Field names that matched (never their values). */
  matched_fields: z.array(z.string()),
  /** Correlation group values as stored in the lake (already redacted). */
  group: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.string()).default([]),
  /** A few of the matched events, redacted exactly as the lake holds them. */
  samples: z.array(z.unknown()).default([]),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Alert = z.infer<typeof AlertV1>;

const SEVERITY_BASE: Record<Severity, number> = { CRITICAL: 90, HIGH: 70, MEDIUM: 50, LOW: 30, INFO: 10 };

/** Severity sets the band; repetition adds up to 8; a threat-intel hit adds 10. */
export function priorityScore(severity: Severity, count: number, intel = false): number {
  const repeat = Math.min(8, Math.floor(Math.log2(Math.max(1, count)) * 2));
  return Math.min(100, SEVERITY_BASE[severity] + repeat + (intel ? 10 : 0));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The same rule on the same thing (asset or group) is one alert: the key alerts are merged on. */
export function dedupKey(ruleId: string, subject: Readonly<Record<string, string>>): string {
  const parts = Object.keys(subject)
    .sort()
    .map((k) => `${k}=${subject[k]}`);
  return sha256(`${ruleId}\u0000${parts.join('\u0000')}`);
}

/** One alert per dedup key and UTC day of its first event: deterministic, so reruns and redeliveries merge. */
export function alertIdFor(dedup: string, firstSeenIso: string): string {
  return sha256(`${dedup}\u0000${firstSeenIso.slice(0, 10)}`).slice(0, 32);
}

export function alertKey(alert: Pick<Alert, 'alert_id' | 'first_seen'>): string {
  return `alerts/dt=${alert.first_seen.slice(0, 10)}/${alert.alert_id}.json`;
}

/** Folds a new sighting into a stored alert: union of events, widest window, highest severity. */
export function mergeAlerts(stored: Alert, next: Alert): Alert {
  const ids = new Set(stored.event_ids);
  let added = 0;
  for (const id of next.event_ids) {
    if (!ids.has(id)) {
      added++;
      if (ids.size < MAX_ALERT_EVENT_IDS) ids.add(id);
    }
  }
  const fresh = next.event_ids.length === 0 ? next.count : added + Math.max(0, next.count - next.event_ids.length);
  const count = next.rule_kind === 'correlation' ? Math.max(stored.count, next.count) : stored.count + fresh;
  const severity = SEVERITY_BASE[next.severity] > SEVERITY_BASE[stored.severity] ? next.severity : stored.severity;
  return {
    ...stored,
    severity,
    count,
    priority: Math.max(stored.priority, next.priority, priorityScore(severity, count)),
    first_seen: next.first_seen < stored.first_seen ? next.first_seen : stored.first_seen,
    last_seen: next.last_seen > stored.last_seen ? next.last_seen : stored.last_seen,
    event_ids: [...ids],
    matched_fields: [...new Set([...stored.matched_fields, ...next.matched_fields])].sort(),
    samples: stored.samples.length >= MAX_ALERT_SAMPLES ? stored.samples : [...stored.samples, ...next.samples].slice(0, MAX_ALERT_SAMPLES),
    updated_at: next.updated_at,
  };
}
