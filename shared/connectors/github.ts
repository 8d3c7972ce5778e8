import * as z from 'zod';
import type { BronzeEventDraft } from '../schema/index.js';
import { PullConnector, type PageRequest, type PageResult } from './base.js';
import { ConnectorResponseError } from './errors.js';
import type { QueryValue } from './http-base.js';
import { normalizeGitHub, type DeploymentStatusRecord } from './normalize/github.js';
import { isRecord, parseLinkHeader, requireArray } from './pagination.js';
import { connectorSettings, duration, secretRef } from './settings.js';
import { InstallationTokens } from './github/app-auth.js';
import { fetchCommitSummary, type CommitSummary } from './github/commit-summary.js';
import type { CollectWindow, ConnectorDeps, NormalizeContext } from './types.js';

/**
 * GitHub REST (seed 000): deployments and their statuses, releases, workflow runs, Dependabot
 * alerts; token auth; Link-header pagination; incremental by time (each repository is a scope
 * with its own cursor).
 */
export const type = 'github';

const DEFAULT_DATA_TYPES = ['deployments', 'deployment_statuses', 'releases', 'workflow_runs', 'dependabot_alerts'] as const;
/** Commits and pull requests (seed 003 GH-002) are opt-in: they cost a call or two per commit. */
const DATA_TYPES = [...DEFAULT_DATA_TYPES, 'commits', 'pull_requests'] as const;

export const settings = connectorSettings({
  /** A token (PAT or fine-grained): the fallback when no App is configured. */
  token_secret_ref: secretRef.optional(),
  /** GitHub App auth (preferred, seed 003 GH-001): the app (or client) id, the installation, the private key PEM. */
  app: z.strictObject({ app_id: z.string().regex(/^\w+$/, 'must be the app id or client id'), installation_id: z.number().int().positive(), private_key_secret_ref: secretRef }).optional(),
  /** Commits are asked for from this long before the window (late pushes carry older commit dates); duplicates collapse by sha. */
  commit_overlap: duration.default(3_600_000),
  /** Deployments link to their commit (`attributes.commit`, the commit summary), fetched on demand. */
  link_commits: z.boolean().default(false),
  /** `owner/name` of each repository; each is a scope with its own cursor. */
  repositories: z.array(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name')).min(1),
  data_types: z.array(z.enum(DATA_TYPES)).min(1).default([...DEFAULT_DATA_TYPES]),
  /** Only deployments to this environment. */
  environment: z.string().min(1).optional(),
  /** Statuses are looked for on deployments created up to this long before the window. */
  status_lookback: duration.default(7 * 86_400_000),
  api_version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2022-11-28'),
  page_size: z.number().int().min(1).max(100).default(100),
}).refine((s) => s.token_secret_ref !== undefined || s.app !== undefined, { message: 'set app (GitHub App) or token_secret_ref', path: ['token_secret_ref'] });
export type GitHubSettings = z.infer<typeof settings>;

type Item = Record<string, unknown>;

function timeOf(item: Item, field: string): number {
  const v = item[field];
  return typeof v === 'string' ? Date.parse(v) : Number.NaN;
}

const inWindow = (t: number, w: CollectWindow): boolean => t >= w.start && t < w.end;

export class GitHubConnector extends PullConnector<GitHubSettings, string> {
  readonly type = type;
  readonly source = 'github' as const;
  readonly dataTypes = {
    deployments: { sourceType: 'deployment' },
    deployment_statuses: { sourceType: 'deployment_status' },
    commits: { sourceType: 'commit' },
    pull_requests: { sourceType: 'pull_request' },
    releases: { sourceType: 'release' },
    workflow_runs: { sourceType: 'workflow_run' },
    dependabot_alerts: { sourceType: 'dependabot_alert' },
  };


  override scopes(): string[] {
    return this.settings.repositories;
  }

  private readonly installation = this.settings.app
    ? new InstallationTokens(this.http, {
        appId: this.settings.app.app_id,
        installationId: this.settings.app.installation_id,
        privateKey: () => this.secret(this.settings.app!.private_key_secret_ref),
        clock: this.deps.clock,
        apiVersion: this.settings.api_version,
      })
    : undefined;

  protected authMethod(): string {
    return this.installation ? 'github_app' : 'token';
  }

  private credential(): Promise<string> {
    return this.installation ? this.installation.token() : this.secret(this.settings.token_secret_ref!);
  }

  /** A 401 with an installation token: it expired or was revoked; exchange a new one and retry once. */
  protected override async renewAuth(): Promise<boolean> {
    if (!this.installation) return false;
    this.installation.invalidate();
    return true;
  }

  protected override defaultHeaders(): Record<string, string> {
    return { accept: 'application/vnd.github+json' };
  }

  protected override async authHeaders(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.credential()}`, 'x-github-api-version': this.settings.api_version };
  }

  protected async probe(): Promise<void> {
    await this.http.request({ path: `/repos/${this.settings.repositories[0]}` });
  }

  /**
   * A GET with the ETag GitHub gave the same token for the same URL (a 304 costs no rate limit):
   * the answer is kept in memory per token, for the process's life, never stored.
   */
  private async conditional(req: { path: string; query?: Record<string, QueryValue> }): Promise<{ body: unknown; headers: Headers }> {
    const cache = etagCache(await this.credential());
    const key = this.http.resolve(req.path, req.query).toString();
    const hit = cache.get(key);
    const res = await this.http.request({ ...req, allowNotModified: hit !== undefined, ...(hit ? { headers: { 'if-none-match': hit.etag } } : {}) });
    if (res.status === 304 && hit) return hit;
    const etag = res.headers.get('etag');
    if (etag) {
      if (cache.size >= 500) cache.delete(cache.keys().next().value!);
      cache.set(key, { etag, body: res.body, headers: res.headers });
    }
    return res;
  }

  /** One page of a list: the first from path + query, the next from the Link header. */
  private async list(token: string | undefined, path: string, query: Record<string, QueryValue>, field?: string): Promise<{ items: Item[]; next?: string }> {
    const res = await this.conditional(token ? { path: token } : { path, query });
    const what = `${this.name}: ${path}`;
    const raw = field ? requireArray(res.body, field, what) : res.body;
    if (!Array.isArray(raw)) throw new ConnectorResponseError(`${what}: malformed page (expected a JSON array)`);
    if (!raw.every(isRecord)) throw new ConnectorResponseError(`${what}: malformed page (expected objects in the array)`);
    const next = parseLinkHeader(res.headers.get('link')).next;
    return next ? { items: raw, next } : { items: raw };
  }

  protected async fetchPage({ window, scope, dataType, token }: PageRequest<string>): Promise<PageResult<string>> {
    const repo = `/repos/${scope}`;
    const perPage = this.settings.page_size;
    switch (dataType) {
      case 'workflow_runs': {
        const range = `${new Date(window.start).toISOString().slice(0, 19)}Z..${new Date(window.end).toISOString().slice(0, 19)}Z`;
        const page = await this.list(token, `${repo}/actions/runs`, { per_page: perPage, created: range }, 'workflow_runs');
        return this.result(page.items.filter((r) => inWindow(timeOf(r, 'created_at'), window)), page.next);
      }
      case 'deployment_statuses':
        return this.statusesPage(window, repo, token);
      case 'commits': {
        // Committer date filters the list; the overlap catches commits pushed after their date.
        const since = new Date(window.start - this.settings.commit_overlap).toISOString();
        const page = await this.list(token, `${repo}/commits`, { per_page: perPage, since, until: new Date(window.end).toISOString() });
        const records: CommitSummary[] = [];
        for (const c of page.items) {
          const summary = typeof c.sha === 'string' ? await fetchCommitSummary(this.http, scope, c.sha) : null;
          if (summary) records.push(summary);
        }
        return this.result(records, page.next);
      }
      case 'pull_requests': {
        const page = await this.list(token, `${repo}/pulls`, { per_page: perPage, state: 'all', sort: 'updated', direction: 'desc' });
        return this.result(page.items.filter((r) => inWindow(timeOf(r, 'updated_at'), window)), this.continueWhileNewer(page, 'updated_at', window.start));
      }
      case 'releases': {
        const page = await this.list(token, `${repo}/releases`, { per_page: perPage });
        const records = page.items.filter((r) => r.draft !== true && inWindow(timeOf(r, 'published_at') || timeOf(r, 'created_at'), window));
        return this.result(records, this.continueWhileNewer(page, 'created_at', window.start));
      }
      case 'dependabot_alerts': {
        const page = await this.list(token, `${repo}/dependabot/alerts`, { per_page: perPage, sort: 'updated', direction: 'desc' });
        return this.result(page.items.filter((r) => inWindow(timeOf(r, 'updated_at'), window)), this.continueWhileNewer(page, 'updated_at', window.start));
      }
      default: {
        const page = await this.list(token, `${repo}/deployments`, { per_page: perPage, environment: this.settings.environment });
        const records = page.items.filter((r) => inWindow(timeOf(r, 'created_at'), window));
        if (this.settings.link_commits) {
          for (const d of records) if (typeof d.sha === 'string') d.commit_summary = (await fetchCommitSummary(this.http, scope, d.sha)) ?? undefined;
        }
        return this.result(records, this.continueWhileNewer(page, 'created_at', window.start));
      }
    }
  }

  /** Newest-first lists: stop once the page reaches items older than the cutoff. */
  private continueWhileNewer(page: { items: Item[]; next?: string }, field: string, cutoff: number): string | undefined {
    const last = page.items[page.items.length - 1];
    if (!last) return undefined;
    return timeOf(last, field) < cutoff ? undefined : page.next;
  }

  private result(records: unknown[], next: string | undefined): PageResult<string> {
    return next === undefined ? { records } : { records, next };
  }

  /** One page of deployments (reaching back status_lookback), with every status each received in the window. */
  private async statusesPage(window: CollectWindow, repo: string, token: string | undefined): Promise<PageResult<string>> {
    const cutoff = window.start - this.settings.status_lookback;
    const page = await this.list(token, `${repo}/deployments`, { per_page: this.settings.page_size, environment: this.settings.environment });
    const records: DeploymentStatusRecord[] = [];
    for (const d of page.items) {
      const created = timeOf(d, 'created_at');
      if (!(created >= cutoff && created < window.end)) continue;
      const deployment = {
        ...(typeof d.id === 'number' ? { id: d.id } : {}),
        ...(typeof d.sha === 'string' ? { sha: d.sha } : {}),
        ...(typeof d.ref === 'string' ? { ref: d.ref } : {}),
        ...(typeof d.environment === 'string' ? { environment: d.environment } : {}),
      };
      let next: string | undefined;
      let first = true;
      while (first || next) {
        const statuses = await this.list(next, `${repo}/deployments/${String(d.id)}/statuses`, { per_page: 100 });
        first = false;
        next = statuses.next;
        for (const s of statuses.items) if (inWindow(timeOf(s, 'created_at'), window)) records.push({ deployment, status: s });
      }
    }
    return this.result(records, this.continueWhileNewer(page, 'created_at', cutoff));
  }

  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    return normalizeGitHub(record, ctx);
  }
}

const ETAGS = new Map<string, Map<string, { etag: string; body: unknown; headers: Headers }>>();

/** ETag answers per token (an ETag is tied to the token that got it); a few tokens at most. */
function etagCache(token: string): Map<string, { etag: string; body: unknown; headers: Headers }> {
  let cache = ETAGS.get(token);
  if (!cache) {
    if (ETAGS.size >= 8) ETAGS.delete(ETAGS.keys().next().value!);
    cache = new Map();
    ETAGS.set(token, cache);
  }
  return cache;
}

export function create(s: GitHubSettings, deps: ConnectorDeps): GitHubConnector {
  return new GitHubConnector(s, deps);
}
