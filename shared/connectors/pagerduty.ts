import * as z from 'zod';
import type { BronzeEventDraft } from '../schema/index.js';
import { PullConnector, type PageRequest, type PageResult } from './base.js';
import { normalizePagerDuty } from './normalize/pagerduty.js';
import { isRecord, nextOffset, requireArray } from './pagination.js';
import { connectorSettings, secretRef } from './settings.js';
import type { ConnectorDeps, NormalizeContext } from './types.js';

/** PagerDuty REST v2 (seed 000): incidents and on-calls; status, service and team filters; offset paging with `more`. */
export const type = 'pagerduty';

const DATA_TYPES = ['incidents', 'oncalls'] as const;
const id = z.string().regex(/^[A-Z0-9]+$/, 'a PagerDuty id (e.g. PABC123)');

export const settings = connectorSettings({
  token_secret_ref: secretRef,
  /** Sent as `From` (needed by some account-level keys). */
  from_email: z.email().optional(),
  data_types: z.array(z.enum(DATA_TYPES)).min(1).default([...DATA_TYPES]),
  statuses: z.array(z.enum(['triggered', 'acknowledged', 'resolved'])).default([]),
  urgencies: z.array(z.enum(['high', 'low'])).default([]),
  service_ids: z.array(id).default([]),
  team_ids: z.array(id).default([]),
  escalation_policy_ids: z.array(id).default([]),
  schedule_ids: z.array(id).default([]),
  page_size: z.number().int().min(1).max(100).default(100),
});
export type PagerDutySettings = z.infer<typeof settings>;

export class PagerDutyConnector extends PullConnector<PagerDutySettings, number> {
  readonly type = type;
  readonly source = 'pagerduty' as const;
  readonly dataTypes = { incidents: { sourceType: 'incident' }, oncalls: { sourceType: 'oncall' } };

  protected authMethod(): string {
    return 'api_token';
  }

  protected override defaultHeaders(): Record<string, string> {
    return { accept: 'application/vnd.pagerduty+json;version=2' };
  }

  protected override async authHeaders(): Promise<Record<string, string>> {
    const headers: Record<string, string> = { authorization: `Token token=${await this.secret(this.settings.token_secret_ref)}` };
    if (this.settings.from_email) headers.from = this.settings.from_email;
    return headers;
  }

  protected async probe(): Promise<void> {
    await this.http.request({ path: '/abilities' });
  }

  protected async fetchPage({ window, dataType, token }: PageRequest<number>): Promise<PageResult<number>> {
    const s = this.settings;
    const offset = token ?? 0;
    const common = { since: new Date(window.start).toISOString(), until: new Date(window.end).toISOString(), limit: s.page_size, offset, time_zone: 'UTC' };
    const path = dataType === 'oncalls' ? '/oncalls' : '/incidents';
    const query =
      dataType === 'oncalls'
        ? { ...common, 'escalation_policy_ids[]': s.escalation_policy_ids, 'schedule_ids[]': s.schedule_ids }
        : { ...common, 'statuses[]': s.statuses, 'urgencies[]': s.urgencies, 'service_ids[]': s.service_ids, 'team_ids[]': s.team_ids };
    const { body } = await this.http.request({ path, query });
    const records = requireArray(body, dataType, `${this.name}: ${path}`);
    const more = isRecord(body) && typeof body.more === 'boolean' ? body.more : undefined;
    const next = nextOffset({ offset, received: records.length, limit: s.page_size, ...(more !== undefined ? { more } : {}) });
    return next === undefined ? { records } : { records, next };
  }

  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    return normalizePagerDuty(record, ctx);
  }
}

export function create(s: PagerDutySettings, deps: ConnectorDeps): PagerDutyConnector {
  return new PagerDutyConnector(s, deps);
}
