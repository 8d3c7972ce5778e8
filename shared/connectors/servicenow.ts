import * as z from 'zod';
import type { BronzeEventDraft } from '../schema/index.js';
import { PullConnector, type PageRequest, type PageResult } from './base.js';
import { ConnectorAuthError } from './errors.js';
import { normalizeServiceNow } from './normalize/servicenow.js';
import { isRecord, nextOffset, requireArray } from './pagination.js';
import { connectorSettings, secretRef } from './settings.js';
import type { ConnectorDeps, NormalizeContext } from './types.js';

/** ServiceNow Table API (seed 000): incidents, change requests, CMDB CIs; basic or OAuth; priority → severity; state filter; offset paging. */
export const type = 'servicenow';

const DATA_TYPES = ['incidents', 'changes', 'config_items'] as const;
const state = z.string().regex(/^-?\d+$/, 'a state is its numeric value (1 = New, 2 = In Progress, …)');

export const settings = connectorSettings({
  username: z.string().min(1).optional(),
  password_secret_ref: secretRef.optional(),
  /** OAuth: set client_id (+ secret); the grant is `password` (with username/password) or `client_credentials`. */
  client_id: z.string().min(1).optional(),
  client_secret_secret_ref: secretRef.optional(),
  oauth_grant: z.enum(['password', 'client_credentials']).default('password'),
  data_types: z.array(z.enum(DATA_TYPES)).min(1).default([...DATA_TYPES]),
  incident_states: z.array(state).default([]),
  change_states: z.array(state).default([]),
  /** The CMDB table to read (`cmdb_ci`, `cmdb_ci_server`, `cmdb_ci_service`). */
  cmdb_class: z.string().regex(/^[a-z][a-z0-9_]*$/).default('cmdb_ci'),
  /** Keep description, comments, work notes in raw_data (off by default: free text is where secrets hide). */
  include_free_text: z.boolean().default(false),
}).superRefine((s, ctx) => {
  const oauth = s.client_id !== undefined || s.client_secret_secret_ref !== undefined;
  if (oauth && (s.client_id === undefined || s.client_secret_secret_ref === undefined)) {
    ctx.addIssue({ code: 'custom', path: [s.client_id === undefined ? 'client_id' : 'client_secret_secret_ref'], message: 'OAuth needs both client_id and client_secret_secret_ref' });
  }
  const needsUser = !oauth || s.oauth_grant === 'password';
  if (needsUser && (s.username === undefined || s.password_secret_ref === undefined)) {
    ctx.addIssue({ code: 'custom', path: [s.username === undefined ? 'username' : 'password_secret_ref'], message: oauth ? 'the OAuth password grant needs username and password_secret_ref' : 'basic auth needs username and password_secret_ref (or configure OAuth)' });
  }
});
export type ServiceNowSettings = z.infer<typeof settings>;

/** sys_updated_on bound in an encoded query (the instance reads it in the integration user's time zone: make it UTC). */
function dateGenerate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `javascript:gs.dateGenerate('${iso.slice(0, 10)}','${iso.slice(11, 19)}')`;
}

/** The next offset, and the total the first page reported. */
interface PageToken {
  offset: number;
  total?: number;
}

export class ServiceNowConnector extends PullConnector<ServiceNowSettings, PageToken> {
  readonly type = type;
  readonly source = 'servicenow' as const;
  readonly dataTypes = { incidents: { sourceType: 'incident' }, changes: { sourceType: 'change' }, config_items: { sourceType: 'config_item' } };
  private token: { value: Promise<string>; expiresAt: number } | undefined;

  protected authMethod(): string {
    return this.settings.client_id ? `oauth_${this.settings.oauth_grant}` : 'basic';
  }

  protected override async authHeaders(): Promise<Record<string, string>> {
    const s = this.settings;
    if (!s.client_id) {
      const password = await this.secret(s.password_secret_ref!);
      return { authorization: `Basic ${Buffer.from(`${s.username}:${password}`, 'utf8').toString('base64')}` };
    }
    if (!this.token || this.deps.clock() >= this.token.expiresAt) this.token = { value: this.fetchToken(), expiresAt: Number.POSITIVE_INFINITY };
    return { authorization: `Bearer ${await this.token.value}` };
  }

  protected override async renewAuth(): Promise<boolean> {
    if (!this.settings.client_id) return false;
    this.token = undefined;
    return true;
  }

  private async fetchToken(): Promise<string> {
    const s = this.settings;
    const form: Record<string, string> = { grant_type: s.oauth_grant, client_id: s.client_id!, client_secret: await this.secret(s.client_secret_secret_ref!) };
    if (s.oauth_grant === 'password') Object.assign(form, { username: s.username!, password: await this.secret(s.password_secret_ref!) });
    try {
      const { body } = await this.http.request({ method: 'POST', path: '/oauth_token.do', form, anonymous: true });
      const token = isRecord(body) ? body.access_token : undefined;
      if (typeof token !== 'string' || token === '') throw new ConnectorAuthError(`${this.name}: the OAuth token response has no access_token`);
      const expiresIn = isRecord(body) && typeof body.expires_in === 'number' ? body.expires_in : 1800;
      // Renew a minute early so a long page loop never sends an expired token.
      if (this.token) this.token.expiresAt = this.deps.clock() + Math.max(0, expiresIn - 60) * 1000;
      return token;
    } catch (err) {
      this.token = undefined;
      throw err;
    }
  }

  protected async probe(): Promise<void> {
    await this.http.request({ path: '/api/now/table/incident', query: { sysparm_limit: 1, sysparm_fields: 'sys_id' } });
  }

  private query(dataType: string, start: number, end: number): { table: string; query: string } {
    const s = this.settings;
    const parts = [`sys_updated_on>=${dateGenerate(start)}`, `sys_updated_on<${dateGenerate(end)}`];
    let table = 'incident';
    if (dataType === 'incidents' && s.incident_states.length > 0) parts.push(`stateIN${s.incident_states.join(',')}`);
    if (dataType === 'changes') {
      table = 'change_request';
      if (s.change_states.length > 0) parts.push(`stateIN${s.change_states.join(',')}`);
    }
    if (dataType === 'config_items') table = s.cmdb_class;
    parts.push('ORDERBYsys_updated_on', 'ORDERBYsys_id');
    return { table, query: parts.join('^') };
  }

  /**
   * Offset paging over rows ordered by sys_updated_on. A row updated while we page leaves the
   * window (its new time is past the window's end) and every later row moves up one: reading on
   * would skip one. X-Total-Count shows it (the total shrinks), and paging starts over at 0:
   * duplicates, which the event id dedupes, never a gap.
   */
  protected async fetchPage({ window, dataType, token }: PageRequest<PageToken>): Promise<PageResult<PageToken>> {
    const offset = token?.offset ?? 0;
    const limit = this.settings.page_size;
    const { table, query } = this.query(dataType, window.start, window.end);
    const res = await this.http.request({
      path: `/api/now/table/${table}`,
      query: { sysparm_query: query, sysparm_limit: limit, sysparm_offset: offset, sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' },
    });
    const records = requireArray(res.body, 'result', `${this.name}: /api/now/table/${table}`);
    const totalHeader = res.headers.get('x-total-count');
    const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : undefined;
    if (token?.total !== undefined && total !== undefined && total < token.total) {
      this.deps.logger.info('servicenow rows changed while paging; reading the window again from the start', { connector: this.name, table });
      return { records, next: { offset: 0, total } };
    }
    const next = nextOffset({ offset, received: records.length, limit, ...(total !== undefined ? { total } : {}) });
    return next === undefined ? { records } : { records, next: { offset: next, ...(total !== undefined ? { total } : {}) } };
  }

  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    return normalizeServiceNow(record, ctx, { includeFreeText: this.settings.include_free_text, cmdbClass: this.settings.cmdb_class });
  }
}

export function create(s: ServiceNowSettings, deps: ConnectorDeps): ServiceNowConnector {
  return new ServiceNowConnector(s, deps);
}
