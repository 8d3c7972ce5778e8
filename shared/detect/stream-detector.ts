import { PersistError } from '../errors.js';
import { summaryKey } from '../pipeline/keys.js';
import type { BatchResult } from '../pipeline/types.js';
import type { Logger, ObjectStore } from '../ports.js';
import type { Redactor } from '../redact/types.js';
import type { BronzeEventDraft, Severity } from '../schema/index.js';
import { alertIdFor, dedupKey, MAX_ALERT_EVENT_IDS, MAX_ALERT_SAMPLES, priorityScore, type Alert } from './alert.js';
import { storeAlerts } from './alert-store.js';
import type { ThreatIntel } from './threat-intel.js';
import type { RuleSet } from './types.js';

/** What the pipeline needs from detection: one per cold start, a fresh batch per delivery. */
export interface Detector {
  readonly rules: RuleSet;
  readonly intel?: ThreatIntel;
  batch(): BatchDetections;
}

interface Pending {
  ruleId: string;
  title: string;
  kind: 'detection' | 'threat_intel';
  severity: Severity;
  tags: string[];
  asset?: string;
  subject: Record<string, string>;
  first: string;
  last: string;
  count: number;
  eventIds: string[];
  fields: Set<string>;
  samples: unknown[];
}

export interface AlertCount {
  rule_id: string;
  rule: string;
  severity: Severity;
  count: number;
}

/**
 * One delivery's single-event matches. `inspect` runs on the normalized event before redaction;
 * it keeps only the rule id, the matched field names, the event id and (for a few events) the
 * event redacted by the pipeline's own redactor. `write` stores the alerts after the batch.
 */
export class BatchDetections {
  private readonly pending = new Map<string, Pending>();
  constructor(private readonly detector: Detector, private readonly redactor: Redactor) {}

  get size(): number {
    return this.pending.size;
  }

  inspect(event: BronzeEventDraft): void {
    for (const rule of this.detector.rules.detections) {
      const fields = rule.match(event);
      if (fields) this.add(event, { ruleId: rule.id, title: rule.title, kind: 'detection', severity: rule.severity, tags: rule.tags }, fields);
    }
    for (const hit of this.detector.intel?.match(event) ?? []) {
      this.add(event, { ruleId: `intel:${hit.list}`, title: `Threat intel match (${hit.list})`, kind: 'threat_intel', severity: hit.severity, tags: [`intel.${hit.type}`] }, hit.fields);
    }
  }

  private add(event: BronzeEventDraft, rule: Pick<Pending, 'ruleId' | 'title' | 'kind' | 'severity' | 'tags'>, fields: readonly string[]): void {
    const subject = { asset: event.asset ?? `${event.source}/${event.source_type}` };
    const id = `${rule.ruleId}\u0000${subject.asset}`;
    let p = this.pending.get(id);
    if (!p) {
      p = { ...rule, subject, ...(event.asset ? { asset: event.asset } : {}), first: event.timestamp, last: event.timestamp, count: 0, eventIds: [], fields: new Set(), samples: [] };
      this.pending.set(id, p);
    }
    p.count++;
    if (event.timestamp < p.first) p.first = event.timestamp;
    if (event.timestamp > p.last) p.last = event.timestamp;
    if (p.eventIds.length < MAX_ALERT_EVENT_IDS) p.eventIds.push(event.event_id);
    for (const f of fields) p.fields.add(f);
    if (p.samples.length < MAX_ALERT_SAMPLES) p.samples.push(this.redactor.redactValue(event).value);
  }

  /** The batch's alerts (not yet stored). */
  alerts(nowIso: string): Alert[] {
    return [...this.pending.values()].map((p) => {
      const dedup = dedupKey(p.ruleId, p.subject);
      return {
        schema_version: '1.0',
        alert_id: alertIdFor(dedup, p.first),
        rule_id: p.ruleId,
        rule: p.title,
        rule_kind: p.kind,
        detected_by: 'stream',
        severity: p.severity,
        priority: priorityScore(p.severity, p.count, p.kind === 'threat_intel'),
        first_seen: p.first,
        last_seen: p.last,
        count: p.count,
        dedup_key: dedup,
        event_ids: p.eventIds,
        ...(p.asset ? { asset: p.asset } : {}),
        matched_fields: [...p.fields].sort(),
        tags: p.tags,
        samples: p.samples,
        created_at: nowIso,
        updated_at: nowIso,
      } satisfies Alert;
    });
  }

  /**
   * After the batch is written: stores its alerts (merged with stored ones) and adds the per-rule
   * counts to the result and to the batch's TelemetrySummary. Only a batch with detections gets
   * that summary written again, as its summaries/ object (a second object for that invocation,
   * besides its alerts/): rewriting the raw/ object to change its metadata would cost a PUT of
   * the whole batch. Readers take the summaries/ object over the raw/ metadata of the same batch.
   */
  async finish(result: BatchResult, deps: { store: ObjectStore; clock: () => number; logger: Logger }): Promise<BatchResult> {
    if (this.pending.size === 0) return result;
    const alerts = this.alerts(new Date(deps.clock()).toISOString());
    const stored = await storeAlerts(deps.store, alerts);
    deps.logger.info('alerts raised', { alerts: alerts.length, rules: [...new Set(alerts.map((a) => a.rule_id))] });
    const detections = countByRule(alerts);
    if (!result.summary) return { ...result, detections, alerts: stored };
    const summary = { ...result.summary, detections };
    const key = summaryKey(summary.window.end, result.batchKey);
    try {
      await deps.store.put(key, JSON.stringify(summary), { contentType: 'application/json' });
    } catch (cause) {
      throw cause instanceof PersistError ? cause : new PersistError(`cannot write ${key}`, { cause, context: { key } });
    }
    return { ...result, summary, detections, alerts: stored };
  }
}

export function countByRule(alerts: readonly Alert[]): AlertCount[] {
  const by = new Map<string, AlertCount>();
  for (const a of alerts) {
    const c = by.get(a.rule_id) ?? { rule_id: a.rule_id, rule: a.rule, severity: a.severity, count: 0 };
    c.count += a.count;
    by.set(a.rule_id, c);
  }
  return [...by.values()].sort((a, b) => a.rule_id.localeCompare(b.rule_id));
}

export function createDetector(rules: RuleSet, redactor: Redactor, intel?: ThreatIntel): Detector {
  const detector: Detector = {
    rules,
    ...(intel ? { intel } : {}),
    batch: () => new BatchDetections(detector, redactor),
  };
  return detector;
}
