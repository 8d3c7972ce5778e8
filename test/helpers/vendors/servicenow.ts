import { randomBytes } from 'node:crypto';
import { vendorFixture } from './fixtures.js';
import { startVendor, type LoopbackVendor, type VendorReply } from './server.js';

type Row = Record<string, unknown>;

export interface ServiceNowOptions {
  username: string;
  password: string;
  /** OAuth client; tokens come from /oauth_token.do. */
  clientId?: string;
  clientSecret?: string;
  tables?: Record<string, Row[]>;
  /** Called before each table read with its 0-based number: lets a test change rows mid-paging. */
  beforeRead?: (n: number) => void;
}

const unauthorized: VendorReply = { status: 401, json: { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' } };

const GEN = /^javascript:gs\.dateGenerate\('(\d{4}-\d{2}-\d{2})','(\d{2}:\d{2}:\d{2})'\)$/;

/** The subset of encoded-query syntax the connector sends: sys_updated_on bounds, stateIN, ORDERBY. */
function filterRows(rows: Row[], query: string): Row[] | string {
  let out = rows;
  for (const part of query.split('^')) {
    if (part === '' || part.startsWith('ORDERBY')) continue;
    const bound = /^sys_updated_on(>=|<)(.*)$/.exec(part);
    if (bound) {
      const gen = GEN.exec(bound[2]!);
      if (!gen) return `bad date in ${part}`;
      const limit = `${gen[1]} ${gen[2]}`;
      out = out.filter((r) => (bound[1] === '>=' ? String(r.sys_updated_on) >= limit : String(r.sys_updated_on) < limit));
      continue;
    }
    const inList = /^state(IN)(.*)$/.exec(part);
    if (inList) {
      const states = inList[2]!.split(',');
      out = out.filter((r) => states.includes(String(r.state)));
      continue;
    }
    return `unsupported condition ${part}`;
  }
  return [...out].sort((a, b) => String(a.sys_updated_on).localeCompare(String(b.sys_updated_on)) || String(a.sys_id).localeCompare(String(b.sys_id)));
}

/**
 * ServiceNow Table API on loopback: basic auth or OAuth bearer tokens (password grant);
 * sysparm_offset/sysparm_limit paging with X-Total-Count and a Link header, as the instance sends.
 */
export async function startServiceNow(options: ServiceNowOptions): Promise<LoopbackVendor> {
  const tables = options.tables ?? {
    incident: vendorFixture<Row[]>('servicenow', 'incident'),
    change_request: vendorFixture<Row[]>('servicenow', 'change_request'),
    cmdb_ci: vendorFixture<Row[]>('servicenow', 'cmdb_ci'),
  };
  const tokens = new Set<string>();
  let reads = 0;
  const basic = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  return startVendor((req, origin) => {
    if (req.path === '/oauth_token.do' && req.method === 'POST') {
      const f = req.form;
      const okClient = f.get('client_id') === options.clientId && f.get('client_secret') === options.clientSecret && options.clientId !== undefined;
      const okUser = f.get('grant_type') === 'client_credentials' || (f.get('username') === options.username && f.get('password') === options.password);
      if (!okClient || !okUser) return { status: 401, json: { error_description: 'access_denied', error: 'server_error' } };
      const token = randomBytes(24).toString('base64url');
      tokens.add(token);
      return { json: { access_token: token, refresh_token: randomBytes(24).toString('base64url'), scope: 'useraccount', token_type: 'Bearer', expires_in: 1799 } };
    }
    const auth = req.headers.authorization;
    if (auth !== basic && !(auth?.startsWith('Bearer ') && tokens.has(auth.slice(7)))) return unauthorized;
    const m = /^\/api\/now\/table\/([a-z0-9_]+)$/.exec(req.path);
    if (m) options.beforeRead?.(reads++);
    const rows = m ? tables[m[1]!] : undefined;
    if (!rows) return { status: 400, json: { error: { message: 'Invalid table', detail: null }, status: 'failure' } };
    const filtered = filterRows(rows, req.query.get('sysparm_query') ?? '');
    if (typeof filtered === 'string') return { status: 400, json: { error: { message: filtered }, status: 'failure' } };
    const limit = Number(req.query.get('sysparm_limit') ?? 10000);
    const offset = Number(req.query.get('sysparm_offset') ?? 0);
    const link = (o: number, rel: string): string => {
      const u = new URL(req.path, origin);
      for (const [k, v] of req.query) u.searchParams.set(k, v);
      u.searchParams.set('sysparm_offset', String(o));
      return `<${u.toString()}>;rel="${rel}"`;
    };
    const links = [link(0, 'first')];
    if (offset + limit < filtered.length) links.push(link(offset + limit, 'next'));
    links.push(link(Math.max(0, Math.floor((filtered.length - 1) / limit) * limit), 'last'));
    return { headers: { 'x-total-count': String(filtered.length), link: links.join(',') }, json: { result: filtered.slice(offset, offset + limit) } };
  });
}
