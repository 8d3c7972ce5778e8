import type { BronzeEventDraft, Severity } from '../../schema/index.js';
import type { NormalizeContext } from '../types.js';
import { arr, draft, eventId, num, rec, str, toIso } from './common.js';

/** Dynatrace API v2 problems, events and entities → BronzeEventDraft. Pure. */

const PROBLEM_SEVERITY: Record<string, Severity> = {
  AVAILABILITY: 'CRITICAL',
  ERROR: 'HIGH',
  PERFORMANCE: 'MEDIUM',
  RESOURCE_CONTENTION: 'MEDIUM',
  CUSTOM_ALERT: 'MEDIUM',
  MONITORING_UNAVAILABLE: 'LOW',
  INFO: 'INFO',
};

export function dynatraceProblemSeverity(severityLevel: unknown): Severity {
  return PROBLEM_SEVERITY[String(severityLevel)] ?? 'MEDIUM';
}

/** Event types by what they say: outages first, then errors, slowdowns, and the informational rest. */
export function dynatraceEventSeverity(eventType: unknown): Severity {
  const t = String(eventType ?? '').toUpperCase();
  if (/AVAILABILITY|UNAVAILABLE|_DOWN|OUTAGE/.test(t)) return 'CRITICAL';
  if (/ERROR|FAILURE|CRASH/.test(t)) return 'HIGH';
  if (/PERFORMANCE|SLOWDOWN|RESOURCE_CONTENTION|SATURAT|CUSTOM_ALERT|HIGH_/.test(t)) return 'MEDIUM';
  return 'INFO';
}

function entityRef(v: unknown): { id?: string; type?: string; name?: string } {
  const r = rec(v);
  const id = rec(r.entityId);
  return { id: str(id.id) ?? str(r.entityId), type: str(id.type) ?? str(r.type), name: str(r.name) };
}

function zones(v: unknown): string[] {
  return arr(v)
    .map((z) => str(rec(z).name))
    .filter((n): n is string => n !== undefined);
}

function normalizeProblem(p: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const problemId = str(p.problemId);
  const endTime = num(p.endTime);
  const rootCause = p.rootCauseEntity ? entityRef(p.rootCauseEntity) : undefined;
  const affected = arr(p.affectedEntities).map(entityRef);
  return draft({
    source: 'dynatrace',
    sourceType: 'problem',
    eventId: eventId(['dynatrace', 'problem', problemId, str(p.status), endTime !== undefined && endTime > 0 ? endTime : 'open']),
    timestamp: toIso(p.startTime),
    ingestedAt: ctx.ingestedAt,
    severity: dynatraceProblemSeverity(p.severityLevel),
    title: str(p.title),
    fallbackTitle: `Dynatrace problem ${str(p.displayId) ?? problemId ?? ''}`.trim(),
    description: [str(p.displayId), str(p.impactLevel), str(p.severityLevel), str(p.status)].filter(Boolean).join(' · ') || undefined,
    resource: { cloud: 'saas', service: 'dynatrace', id: problemId, name: str(p.displayId) },
    asset: rootCause?.id ?? affected[0]?.id,
    attributes: {
      problem_id: problemId,
      display_id: str(p.displayId),
      status: str(p.status),
      impact_level: str(p.impactLevel),
      severity_level: str(p.severityLevel),
      start_time: toIso(p.startTime) || undefined,
      end_time: endTime !== undefined && endTime > 0 ? toIso(endTime) : undefined,
      affected_entities: affected,
      impacted_entities: arr(p.impactedEntities).map(entityRef),
      root_cause_entity: rootCause,
      management_zones: zones(p.managementZones),
    },
    raw,
  });
}

function normalizeEvent(e: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const entity = entityRef(e.entityId);
  const properties = Object.fromEntries(
    arr(e.properties)
      .map((p) => [str(rec(p).key), rec(p).value] as const)
      .filter((kv): kv is readonly [string, unknown] => kv[0] !== undefined),
  );
  const endTime = num(e.endTime);
  return draft({
    source: 'dynatrace',
    sourceType: 'event',
    eventId: eventId(['dynatrace', 'event', str(e.eventId), str(e.status), endTime !== undefined && endTime > 0 ? endTime : 'open']),
    timestamp: toIso(e.startTime),
    ingestedAt: ctx.ingestedAt,
    severity: dynatraceEventSeverity(e.eventType),
    title: str(e.title),
    fallbackTitle: `Dynatrace ${str(e.eventType) ?? 'event'}`,
    resource: { cloud: 'saas', service: 'dynatrace', id: entity.id, name: entity.name },
    asset: entity.id,
    attributes: {
      event_id: str(e.eventId),
      event_type: str(e.eventType),
      status: str(e.status),
      entity_id: entity.id,
      entity_type: entity.type,
      entity_name: entity.name,
      end_time: endTime !== undefined && endTime > 0 ? toIso(endTime) : undefined,
      correlation_ids: arr(e.correlationIds).map(String),
      management_zones: zones(e.managementZones),
      under_maintenance: typeof e.underMaintenance === 'boolean' ? e.underMaintenance : undefined,
      properties,
    },
    raw,
  });
}

function normalizeEntity(e: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const id = str(e.entityId);
  return draft({
    source: 'dynatrace',
    sourceType: 'entity',
    eventId: eventId(['dynatrace', 'entity', id, num(e.lastSeenTms)]),
    timestamp: toIso(e.lastSeenTms ?? e.firstSeenTms),
    ingestedAt: ctx.ingestedAt,
    severity: 'INFO',
    title: [str(e.type), str(e.displayName)].filter(Boolean).join(' ') || undefined,
    fallbackTitle: `Dynatrace entity ${id ?? ''}`.trim(),
    resource: { cloud: 'saas', service: 'dynatrace', id, name: str(e.displayName) },
    asset: id,
    attributes: {
      entity_id: id,
      entity_type: str(e.type),
      display_name: str(e.displayName),
      first_seen: toIso(e.firstSeenTms) || undefined,
      last_seen: toIso(e.lastSeenTms) || undefined,
      tags: arr(e.tags)
        .map((t) => str(rec(t).stringRepresentation) ?? str(rec(t).key))
        .filter((t): t is string => t !== undefined),
      management_zones: zones(e.managementZones),
    },
    raw,
  });
}

export function normalizeDynatrace(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const r = rec(record);
  if (ctx.dataType === 'problems') return normalizeProblem(r, record, ctx);
  if (ctx.dataType === 'events') return normalizeEvent(r, record, ctx);
  return normalizeEntity(r, record, ctx);
}
