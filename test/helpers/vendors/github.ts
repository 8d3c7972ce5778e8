import { vendorFixture } from './fixtures.js';
import { startVendor, type LoopbackVendor } from './server.js';

type Item = Record<string, unknown>;

export interface GitHubData {
  deployments: Item[];
  statuses: Record<string, Item[]>;
  releases: Item[];
  runs: Item[];
  alerts: Item[];
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
export async function startGitHub(token: string, repos: Record<string, GitHubData>): Promise<LoopbackVendor> {
  return startVendor((req, origin) => {
    const headers: Record<string, string> = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': '1795611600', 'x-github-api-version-selected': '2022-11-28' };
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, headers, json: { message: 'Bad credentials', status: '401' } };
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
    return { status: 404, headers, json: { message: 'Not Found', status: '404' } };
  });
}
