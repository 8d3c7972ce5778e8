import type { BronzeEventDraft, Severity } from '../../schema/index.js';
import type { NormalizeContext } from '../types.js';
import { arr, draft, eventId, num, rec, severityFromWord, str, toIso } from './common.js';

/** PagerDuty REST v2 incidents and on-calls → BronzeEventDraft. Pure. */

const PRIORITY: Record<string, Severity> = { P1: 'CRITICAL', P2: 'HIGH', P3: 'MEDIUM', P4: 'LOW', P5: 'INFO' };

/** Priority (P1…P5) when the account uses priorities, else urgency (high → HIGH, low → LOW). */
export function pagerdutySeverity(incident: Record<string, unknown>): Severity {
  const priority = str(rec(incident.priority).summary) ?? str(rec(incident.priority).name);
  if (priority && PRIORITY[priority.toUpperCase()]) return PRIORITY[priority.toUpperCase()]!;
  return severityFromWord(incident.urgency, 'MEDIUM');
}

function ref(v: unknown): { id?: string; name?: string } | undefined {
  const r = rec(v);
  const id = str(r.id);
  return id === undefined ? undefined : { id, name: str(r.summary) ?? str(r.name) };
}

function normalizeIncident(i: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const id = str(i.id);
  const service = ref(i.service);
  const changedAt = str(i.last_status_change_at) ?? str(i.updated_at);
  return draft({
    source: 'pagerduty',
    sourceType: 'incident',
    eventId: eventId(['pagerduty', 'incident', id, str(i.status), changedAt]),
    timestamp: toIso(i.created_at),
    ingestedAt: ctx.ingestedAt,
    severity: pagerdutySeverity(i),
    title: str(i.title) ?? str(i.summary),
    fallbackTitle: `PagerDuty incident ${str(i.incident_number) ?? id ?? ''}`.trim(),
    resource: { cloud: 'saas', service: 'pagerduty', id, name: service?.name },
    asset: service?.name,
    attributes: {
      incident_id: id,
      incident_number: num(i.incident_number),
      status: str(i.status),
      urgency: str(i.urgency),
      priority: str(rec(i.priority).summary),
      service,
      escalation_policy: ref(i.escalation_policy),
      teams: arr(i.teams).map(ref).filter(Boolean),
      assignee_ids: arr(i.assignments)
        .map((a) => str(rec(rec(a).assignee).id))
        .filter(Boolean),
      last_status_change_at: toIso(changedAt) || undefined,
      resolved_at: toIso(i.resolved_at) || undefined,
      url: str(i.html_url),
    },
    raw,
  });
}

function normalizeOncall(o: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const user = ref(o.user);
  const schedule = ref(o.schedule);
  const policy = ref(o.escalation_policy);
  const level = num(o.escalation_level);
  const start = str(o.start);
  return draft({
    source: 'pagerduty',
    sourceType: 'oncall',
    eventId: eventId(['pagerduty', 'oncall', policy?.id, schedule?.id, user?.id, level, start]),
    // An always-on-call entry has no start: it holds for the whole window.
    timestamp: start ? toIso(start) : toIso(ctx.window.start),
    ingestedAt: ctx.ingestedAt,
    severity: 'INFO',
    title: `On call: ${schedule?.name ?? policy?.name ?? 'escalation policy'}${level !== undefined ? ` (level ${level})` : ''}`,
    fallbackTitle: 'PagerDuty on-call',
    resource: { cloud: 'saas', service: 'pagerduty', id: schedule?.id ?? policy?.id, name: schedule?.name ?? policy?.name },
    attributes: {
      user_id: user?.id,
      schedule,
      escalation_policy: policy,
      escalation_level: level,
      start: start ? toIso(start) || undefined : undefined,
      end: str(o.end) ? toIso(o.end) || undefined : undefined,
    },
    raw,
  });
}

export function normalizePagerDuty(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const r = rec(record);
  return ctx.dataType === 'oncalls' ? normalizeOncall(r, record, ctx) : normalizeIncident(r, record, ctx);
}
