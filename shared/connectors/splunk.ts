import * as z from 'zod';
import type { BronzeEventDraft } from '../schema/index.js';
import { PullConnector, type PageRequest, type PageResult } from './base.js';
import { ConnectorAuthError, ConnectorError, ConnectorResponseError } from './errors.js';
import { normalizeSplunk } from './normalize/splunk.js';
import { isRecord, requireArray } from './pagination.js';
import { connectorSettings, duration, secretRef } from './settings.js';
import type { ConnectorDeps, NormalizeContext } from './types.js';

/** Splunk REST (seed 000): SPL search jobs created, polled to DONE and read in pages; session key or bearer token. */
export const type = 'splunk';

const SEARCH_NAME = /^[a-z][a-z0-9_]*$/;

export const settings = connectorSettings({
  /** Session-key auth: username + password (POST /services/auth/login). */
  username: z.string().min(1).optional(),
  password_secret_ref: secretRef.optional(),
  /** Bearer-token auth (Splunk authentication tokens). */
  token_secret_ref: secretRef.optional(),
  /** Named SPL searches; each is a data type (`notable: search index=notable`). The window is applied as earliest/latest. */
  searches: z.record(z.string().regex(SEARCH_NAME, 'search names must be snake_case'), z.string().min(1)).refine((s) => Object.keys(s).length > 0, 'at least one search'),
  /** Which searches to run (default all). */
  data_types: z.array(z.string()).min(1).optional(),
  /** `/servicesNS/<owner>/<app>` namespace for the jobs; default `/services`. */
  app: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
  owner: z.string().regex(/^[A-Za-z0-9_.@-]+$/).optional(),
  page_size: z.number().int().min(1).max(50_000).default(1000),
  poll_interval: duration.default(1000),
  /** A job not done after this fails the data type (its cursor stays). */
  max_wait: duration.default(300_000),
})
  .superRefine((s, ctx) => {
    const session = s.username !== undefined || s.password_secret_ref !== undefined;
    if (session && (s.username === undefined || s.password_secret_ref === undefined)) {
      ctx.addIssue({ code: 'custom', path: [s.username === undefined ? 'username' : 'password_secret_ref'], message: 'session auth needs both username and password_secret_ref' });
    }
    if (session === (s.token_secret_ref !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['token_secret_ref'], message: 'set either token_secret_ref (bearer) or username + password_secret_ref (session key), not both or neither' });
    }
    for (const [i, d] of (s.data_types ?? []).entries()) {
      if (!(d in s.searches)) ctx.addIssue({ code: 'custom', path: ['data_types', i], message: `no search named ${d} under searches` });
    }
  })
  .transform((s) => ({ ...s, data_types: s.data_types ?? Object.keys(s.searches) }));
export type SplunkSettings = z.infer<typeof settings>;

interface Token {
  sid: string;
  offset: number;
}

const TERMINAL_FAILURE = new Set(['FAILED', 'INTERNAL_CANCEL', 'USER_CANCEL', 'BAD_INPUT_CANCEL']);

export class SplunkConnector extends PullConnector<SplunkSettings, Token> {
  readonly type = type;
  readonly source = 'splunk' as const;
  readonly dataTypes: Record<string, { sourceType: string }>;
  private sessionKey: Promise<string> | undefined;

  constructor(s: SplunkSettings, deps: ConnectorDeps) {
    super(s, deps);
    this.dataTypes = Object.fromEntries(Object.keys(s.searches).map((name) => [name, { sourceType: 'event' }]));
  }

  private get jobs(): string {
    const s = this.settings;
    return s.app || s.owner ? `/servicesNS/${s.owner ?? 'nobody'}/${s.app ?? 'search'}/search/jobs` : '/services/search/jobs';
  }

  protected authMethod(): string {
    return this.settings.token_secret_ref ? 'bearer_token' : 'session_key';
  }

  protected override async authHeaders(): Promise<Record<string, string>> {
    if (this.settings.token_secret_ref) return { authorization: `Bearer ${await this.secret(this.settings.token_secret_ref)}` };
    this.sessionKey ??= this.login();
    return { authorization: `Splunk ${await this.sessionKey}` };
  }

  /** A session expired mid-run: log in again once. */
  protected override async renewAuth(): Promise<boolean> {
    if (this.settings.token_secret_ref) return false;
    this.sessionKey = this.login();
    return true;
  }

  private login(): Promise<string> {
    const attempt = (async () => {
      const password = await this.secret(this.settings.password_secret_ref!);
      const { body } = await this.http.request<unknown>({
        method: 'POST',
        path: '/services/auth/login',
        form: { username: this.settings.username!, password, output_mode: 'json' },
        anonymous: true,
      });
      const key = isRecord(body) ? body.sessionKey : undefined;
      if (typeof key !== 'string' || key === '') throw new ConnectorAuthError(`${this.name}: login returned no session key`);
      return key;
    })();
    attempt.catch(() => {
      if (this.sessionKey === attempt) this.sessionKey = undefined;
    });
    return attempt;
  }

  protected async probe(): Promise<void> {
    await this.http.request({ path: '/services/server/info', query: { output_mode: 'json' } });
  }

  protected async fetchPage({ window, dataType, token }: PageRequest<Token>): Promise<PageResult<Token>> {
    const s = this.settings;
    const sid = token?.sid ?? (await this.startJob(s.searches[dataType]!, window.start, window.end));
    const offset = token?.offset ?? 0;
    const { body } = await this.http.request({
      path: `${this.jobs}/${encodeURIComponent(sid)}/results`,
      query: { output_mode: 'json', offset, count: s.page_size },
    });
    const records = requireArray(body, 'results', `${this.name}: search results`);
    if (records.length === s.page_size) return { records, next: { sid, offset: offset + records.length } };
    await this.http.request({ method: 'DELETE', path: `${this.jobs}/${encodeURIComponent(sid)}`, expect: 'none' }).catch(() => undefined);
    return { records };
  }

  /** Creates the job for the window and polls it to DONE. */
  private async startJob(query: string, start: number, end: number): Promise<string> {
    const spl = /^\s*(search\b|\|)/i.test(query) ? query : `search ${query}`;
    const { body } = await this.http.request({
      method: 'POST',
      path: this.jobs,
      form: { search: spl, earliest_time: (start / 1000).toFixed(3), latest_time: (end / 1000).toFixed(3), output_mode: 'json', exec_mode: 'normal' },
    });
    const sid = isRecord(body) ? body.sid : undefined;
    if (typeof sid !== 'string' || sid === '') throw new ConnectorResponseError(`${this.name}: search job creation returned no sid`);
    const polls = Math.max(1, Math.ceil(this.settings.max_wait / this.settings.poll_interval));
    for (let i = 0; i < polls; i++) {
      const { body: job } = await this.http.request({ path: `${this.jobs}/${encodeURIComponent(sid)}`, query: { output_mode: 'json' } });
      const content = isRecord(job) && Array.isArray(job.entry) && isRecord(job.entry[0]) && isRecord(job.entry[0].content) ? job.entry[0].content : undefined;
      if (!content) throw new ConnectorResponseError(`${this.name}: search job status is malformed (no entry[0].content)`);
      const state = String(content.dispatchState ?? '');
      if (state === 'DONE' || content.isDone === true) return sid;
      if (TERMINAL_FAILURE.has(state) || content.isFailed === true) {
        throw new ConnectorError(`${this.name}: search job ended in ${state || 'FAILED'}`, { context: { connector: this.name, dispatchState: state } });
      }
      await this.deps.sleep(this.settings.poll_interval);
    }
    throw new ConnectorError(`${this.name}: search job not done after ${this.settings.max_wait} ms`, { retryable: true, context: { connector: this.name } });
  }

  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    return normalizeSplunk(record, ctx);
  }
}

export function create(s: SplunkSettings, deps: ConnectorDeps): SplunkConnector {
  return new SplunkConnector(s, deps);
}
