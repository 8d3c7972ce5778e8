import { vendorFixture } from './fixtures.js';
import { startVendor, type LoopbackVendor } from './server.js';

type Item = Record<string, unknown>;

/**
 * PagerDuty REST v2 on loopback: `Authorization: Token token=…`; classic offset/limit paging
 * with `more`; since/until, statuses[], service_ids[], team_ids[] filters; rate-limit headers.
 */
export async function startPagerDuty(token: string, data?: { incidents?: Item[]; oncalls?: Item[] }): Promise<LoopbackVendor> {
  const incidents = data?.incidents ?? vendorFixture<Item[]>('pagerduty', 'incidents');
  const oncalls = data?.oncalls ?? vendorFixture<Item[]>('pagerduty', 'oncalls');
  return startVendor((req) => {
    if (req.headers.authorization !== `Token token=${token}`) return { status: 401, json: { error: { message: 'Unauthorized', code: 2006 } } };
    const headers = { 'ratelimit-limit': '960', 'ratelimit-remaining': '959', 'ratelimit-reset': '60' };
    if (req.path === '/abilities') return { headers, json: { abilities: ['teams', 'urgencies'] } };
    const since = Date.parse(req.query.get('since') ?? '1970-01-01T00:00:00Z');
    const until = Date.parse(req.query.get('until') ?? '2999-01-01T00:00:00Z');
    const limit = Math.min(100, Number(req.query.get('limit') ?? 25));
    const offset = Number(req.query.get('offset') ?? 0);
    let items: Item[];
    let field: string;
    if (req.path === '/incidents') {
      field = 'incidents';
      const statuses = req.query.getAll('statuses[]');
      const services = req.query.getAll('service_ids[]');
      const teams = req.query.getAll('team_ids[]');
      items = incidents.filter((i) => {
        const created = Date.parse(String(i.created_at));
        const service = (i.service as Item).id;
        const teamIds = (i.teams as Item[]).map((t) => t.id);
        return (
          created >= since &&
          created < until &&
          (statuses.length === 0 || statuses.includes(String(i.status))) &&
          (services.length === 0 || services.includes(String(service))) &&
          (teams.length === 0 || teamIds.some((t) => teams.includes(String(t))))
        );
      });
    } else if (req.path === '/oncalls') {
      field = 'oncalls';
      items = oncalls.filter((o) => o.start === null || (Date.parse(String(o.start)) < until && Date.parse(String(o.end)) > since));
    } else return { status: 404, json: { error: { message: 'Not Found', code: 2100 } } };
    const page = items.slice(offset, offset + limit);
    return { headers, json: { [field]: page, limit, offset, total: null, more: offset + limit < items.length } };
  });
}
