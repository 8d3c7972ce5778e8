import { createVerify } from 'node:crypto';
import { vendorFixture } from './fixtures.js';
import { startVendor, type LoopbackVendor } from './server.js';

type Item = Record<string, unknown>;

export interface GitHubData {
  deployments: Item[];
  statuses: Record<string, Item[]>;
  releases: Item[];
  runs: Item[];
  alerts: Item[];
  /** Full commit objects (`sha`, `commit`, `author`, `stats`, `files`), newest first. */
  commits?: Item[];
  /** Pull requests; each may list the commit SHAs it merged in `_commits`. */
  pulls?: Item[];
}

/** A GitHub App the loopback server knows: its id, installation and public key (to verify the JWT). */
export interface LoopbackApp {
  appId: string;
  installationId: number;
  publicKey: string;
  /** Installation tokens issued so far (the last is valid; `revoke()` invalidates them all). */
  issued: string[];
  /** The token lifetime the server states in expires_at (ms). */
  lifetimeMs: number;
  revoked: Set<string>;
  /** The server's clock (the connector tests run at a fixed instant). */
  now: () => number;
}

/** Verifies an RS256 app JWT as GitHub does: signature, iss, iat not in the future (60 s leeway), exp ≤ 10 min after iat. */
function appJwtValid(jwt: string, app: LoopbackApp): boolean {
  const [h, p, sig] = jwt.split('.');
  if (!h || !p || !sig) return false;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string };
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { iat?: number; exp?: number; iss?: string };
  if (header.alg !== 'RS256' || payload.iss !== app.appId) return false;
  const now = Math.floor(app.now() / 1000);
  if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.iat > now + 60 || payload.exp - payload.iat > 600 || payload.exp < now) return false;
  return createVerify('RSA-SHA256').update(`${h}.${p}`).verify(app.publicKey, Buffer.from(sig, 'base64url'));
}

export const githubData = (): GitHubData => ({
  deployments: vendorFixture('github', 'deployments'),
  statuses: vendorFixture('github', 'deployment-statuses'),
  releases: vendorFixture('github', 'releases'),
  runs: vendorFixture('github', 'workflow-runs'),
  alerts: vendorFixture('github', 'dependabot-alerts'),
});

/**
 * GitHub REST on loopback: bearer tokens; page/per_page lists with a `Link` header (rel next and
 * last); Dependabot alerts with cursor (`after`) links; workflow runs filtered by `created=a..b`;
 * x-ratelimit-* headers on every answer.
 */
export async function startGitHub(token: string, repos: Record<string, GitHubData>, app?: LoopbackApp): Promise<LoopbackVendor> {
  return startVendor((req, origin) => {
    const headers: Record<string, string> = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': '1795611600', 'x-github-api-version-selected': '2022-11-28' };
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    const install = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(req.path);
    if (install && req.method === 'POST') {
      if (!app || !appJwtValid(bearer, app)) return { status: 401, headers, json: { message: 'A JSON web token could not be decoded', status: '401' } };
      if (Number(install[1]) !== app.installationId) return { status: 404, headers, json: { message: 'Not Found', status: '404' } };
      const issued = `ghs_loopback${app.issued.length + 1}${'x'.repeat(24)}`;
      app.issued.push(issued);
      return { status: 201, headers, json: { token: issued, expires_at: new Date(app.now() + app.lifetimeMs).toISOString(), permissions: { contents: 'read', pull_requests: 'read' }, repository_selection: 'selected' } };
    }
    const appToken = app !== undefined && app.issued.includes(bearer) && !app.revoked.has(bearer);
    if (bearer !== token && !appToken) return { status: 401, headers, json: { message: 'Bad credentials', status: '401' } };
    const m = /^\/repos\/([^/]+\/[^/]+)(\/.*)?$/.exec(req.path);
    const data = m ? repos[m[1]!] : undefined;
    if (!m || !data) return { status: 404, headers, json: { message: 'Not Found', status: '404' } };
    const rest = m[2] ?? '';
    const perPage = Math.min(100, Number(req.query.get('per_page') ?? 30));
    const link = (params: Record<string, string>, rel: string): string => {
      const u = new URL(req.path, origin);
      for (const [k, v] of req.query) u.searchParams.set(k, v);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const paged = (items: Item[]): { headers: Record<string, string>; items: Item[] } => {
      const page = Number(req.query.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(items.length / perPage));
      const links: string[] = [];
      if (page < last) links.push(link({ page: String(page + 1) }, 'next'), link({ page: String(last) }, 'last'));
      if (page > 1) links.push(link({ page: '1' }, 'first'), link({ page: String(page - 1) }, 'prev'));
      return { headers: links.length ? { ...headers, link: links.join(', ') } : headers, items: items.slice((page - 1) * perPage, page * perPage) };
    };
    if (rest === '') return { headers, json: { id: 1, full_name: m[1], private: true } };
    if (rest === '/deployments') {
      const env = req.query.get('environment');
      const p = paged(data.deployments.filter((d) => env === null || d.environment === env));
      return { headers: p.headers, json: p.items };
    }
    const st = /^\/deployments\/(\d+)\/statuses$/.exec(rest);
    if (st) {
      const p = paged(data.statuses[st[1]!] ?? []);
      return { headers: p.headers, json: p.items };
    }
    if (rest === '/releases') {
      const p = paged(data.releases);
      return { headers: p.headers, json: p.items };
    }
    if (rest === '/actions/runs') {
      const created = req.query.get('created');
      let runs = data.runs;
      if (created) {
        const [a, b] = created.split('..');
        runs = runs.filter((r) => Date.parse(String(r.created_at)) >= Date.parse(a!) && Date.parse(String(r.created_at)) <= Date.parse(b!));
      }
      const p = paged(runs);
      return { headers: p.headers, json: { total_count: runs.length, workflow_runs: p.items } };
    }
    if (rest === '/dependabot/alerts') {
      if (req.query.has('page')) return { status: 400, headers, json: { message: 'Pagination using the `page` parameter is not supported.' } };
      const sorted = [...data.alerts].sort((x, y) => String(y.updated_at).localeCompare(String(x.updated_at)));
      const after = req.query.get('after');
      const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
      const items = sorted.slice(start, start + perPage);
      const more = start + perPage < sorted.length;
      return {
        headers: more ? { ...headers, link: link({ after: Buffer.from(String(start + perPage)).toString('base64url') }, 'next') } : headers,
        json: items,
      };
    }
    if (rest === '/commits') {
      const since = req.query.get('since');
      const until = req.query.get('until');
      const dateOf = (c: Item) => Date.parse(String((c.commit as Item | undefined)?.committer && ((c.commit as Item).committer as Item).date));
      const list = (data.commits ?? []).filter((c) => (since === null || dateOf(c) >= Date.parse(since)) && (until === null || dateOf(c) <= Date.parse(until)));
      const p = paged(list.map(({ files: _f, stats: _s, ...short }) => short));
      return { headers: p.headers, json: p.items };
    }
    const one = /^\/commits\/([^/]+)(\/pulls)?$/.exec(rest);
    if (one) {
      const ref = decodeURIComponent(one[1]!);
      const commit = (data.commits ?? []).find((c) => String(c.sha).startsWith(ref) && ref.length >= 7);
      if (!commit) return { status: 422, headers, json: { message: `No commit found for SHA: ${ref}`, status: '422' } };
      if (one[2]) return { headers, json: (data.pulls ?? []).filter((p) => (p._commits as string[] | undefined)?.includes(String(commit.sha))).map(({ _commits, ...p }) => p) };
      return { headers, json: commit };
    }
    if (rest === '/pulls') {
      const sorted = [...(data.pulls ?? [])].sort((x, y) => String(y.updated_at).localeCompare(String(x.updated_at)));
      const p = paged(sorted.map(({ _commits, ...pr }) => pr));
      return { headers: p.headers, json: p.items };
    }
    return { status: 404, headers, json: { message: 'Not Found', status: '404' } };
  });
}
