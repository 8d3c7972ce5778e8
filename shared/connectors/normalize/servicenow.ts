import type { BronzeEventDraft, Severity } from '../../schema/index.js';
import type { NormalizeContext } from '../types.js';
import { draft, eventId, rec, str, toIso } from './common.js';

/** ServiceNow Table API rows (incident, change_request, cmdb_ci) → BronzeEventDraft. Pure. */

/** Free-text fields left out of raw_data unless `include_free_text` (seed 003 SR-007). */
export const SERVICENOW_FREE_TEXT = ['description', 'comments', 'work_notes', 'close_notes', 'comments_and_work_notes', 'justification', 'implementation_plan', 'backout_plan', 'test_plan'];

const PRIORITY: Record<string, Severity> = { '1': 'CRITICAL', '2': 'HIGH', '3': 'MEDIUM', '4': 'LOW', '5': 'INFO' };

/** Priority 1 (Critical) … 5 (Planning) → CRITICAL … INFO. */
export function servicenowSeverity(priority: unknown): Severity {
  return PRIORITY[value(priority) ?? ''] ?? 'INFO';
}

/** A field as a raw value: a plain string, or `{ value, display_value }` when display values were asked for. */
function value(v: unknown): string | undefined {
  return str(v) ?? str(rec(v).value);
}

function display(v: unknown): string | undefined {
  return str(rec(v).display_value) ?? str(v);
}

export interface ServiceNowNormalizeOptions {
  includeFreeText: boolean;
  /** The CMDB class table the CIs came from. */
  cmdbClass: string;
}

const KINDS: Record<string, { sourceType: string; table: (o: ServiceNowNormalizeOptions) => string }> = {
  incidents: { sourceType: 'incident', table: () => 'incident' },
  changes: { sourceType: 'change', table: () => 'change_request' },
  config_items: { sourceType: 'config_item', table: (o) => o.cmdbClass },
};

export function normalizeServiceNow(record: unknown, ctx: NormalizeContext, options: ServiceNowNormalizeOptions): BronzeEventDraft {
  const r = rec(record);
  const kind = KINDS[ctx.dataType] ?? KINDS.incidents!;
  const table = kind.table(options);
  const sysId = value(r.sys_id);
  const updated = value(r.sys_updated_on);
  const raw = options.includeFreeText ? record : Object.fromEntries(Object.entries(r).filter(([k]) => !SERVICENOW_FREE_TEXT.includes(k)));
  const isCi = kind.sourceType === 'config_item';
  const number = value(r.number);
  const shortDescription = display(r.short_description);
  return draft({
    source: 'servicenow',
    sourceType: kind.sourceType,
    eventId: eventId(['servicenow', table, sysId, updated]),
    timestamp: toIso(updated ?? value(r.sys_created_on)),
    ingestedAt: ctx.ingestedAt,
    severity: isCi ? 'INFO' : servicenowSeverity(r.priority),
    title: isCi ? display(r.name) : [number, shortDescription].filter(Boolean).join(': ') || undefined,
    fallbackTitle: `ServiceNow ${table} ${sysId ?? ''}`.trim(),
    resource: { cloud: 'saas', service: 'servicenow', id: sysId, name: isCi ? display(r.name) : number },
    asset: isCi ? display(r.name) : display(r.cmdb_ci),
    attributes: isCi
      ? {
          table,
          sys_id: sysId,
          name: display(r.name),
          class: value(r.sys_class_name),
          operational_status: value(r.operational_status),
          install_status: value(r.install_status),
          fqdn: value(r.fqdn),
          environment: value(r.environment),
          updated_at: toIso(updated) || undefined,
        }
      : {
          table,
          sys_id: sysId,
          number,
          state: value(r.state),
          priority: value(r.priority),
          impact: value(r.impact),
          urgency: value(r.urgency),
          risk: value(r.risk),
          type: value(r.type),
          category: value(r.category),
          assignment_group: display(r.assignment_group),
          cmdb_ci: display(r.cmdb_ci),
          opened_at: toIso(value(r.opened_at)) || undefined,
          resolved_at: toIso(value(r.resolved_at)) || undefined,
          closed_at: toIso(value(r.closed_at)) || undefined,
          start_date: toIso(value(r.start_date)) || undefined,
          end_date: toIso(value(r.end_date)) || undefined,
          updated_at: toIso(updated) || undefined,
        },
    raw,
  });
}
