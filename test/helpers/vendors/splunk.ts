import { randomBytes } from 'node:crypto';
import { vendorFixture } from './fixtures.js';
import { startVendor, type LoopbackVendor, type VendorReply } from './server.js';

type Row = Record<string, unknown>;

export interface SplunkOptions {
  username?: string;
  password?: string;
  /** A bearer token accepted instead of a session key. */
  token?: string;
  rows?: Row[];
  /** Status polls that answer RUNNING before DONE. */
  pollsBeforeDone?: number;
  /** The job ends in this state instead of DONE. */
  finalState?: string;
}

export interface SplunkFake {
  server: LoopbackVendor;
  /** Forget every session key (the next call gets a 401 and must log in again). */
  expireSessions(): void;
  /** The search string and time bounds of each job created. */
  jobs: Array<{ sid: string; search: string; earliest: string; latest: string }>;
}

const unauthorized: VendorReply = { status: 401, json: { messages: [{ type: 'WARN', text: 'call not properly authenticated' }] } };

/**
 * Splunk REST on loopback: session keys from /services/auth/login (`Authorization: Splunk <key>`)
 * or bearer tokens; search jobs created (201 + sid), polled through QUEUED/RUNNING to DONE, and
 * results read with offset/count (count=0 meaning all, as Splunk does).
 */
export async function startSplunk(options: SplunkOptions = {}): Promise<SplunkFake> {
  const rows = options.rows ?? vendorFixture<Row[]>('splunk', 'results');
  const sessions = new Set<string>();
  const jobs = new Map<string, { results: Row[]; polls: number }>();
  const created: SplunkFake['jobs'] = [];
  const authed = (auth: string | undefined): boolean =>
    (auth?.startsWith('Splunk ') === true && sessions.has(auth.slice(7))) || (options.token !== undefined && auth === `Bearer ${options.token}`);

  const server = await startVendor((req) => {
    if (req.path === '/services/auth/login' && req.method === 'POST') {
      if (req.form.get('username') !== options.username || req.form.get('password') !== options.password || options.username === undefined) {
        return { status: 401, json: { messages: [{ type: 'WARN', code: 'incorrect_username_or_password', text: 'Login failed' }] } };
      }
      const key = randomBytes(16).toString('hex');
      sessions.add(key);
      return { json: { sessionKey: key } };
    }
    if (!authed(req.headers.authorization)) return unauthorized;
    if (req.path === '/services/server/info') return { json: { entry: [{ name: 'server-info', content: { version: '9.3.0' } }] } };
    if (req.path === '/services/search/jobs' && req.method === 'POST') {
      const earliest = req.form.get('earliest_time') ?? '0';
      const latest = req.form.get('latest_time') ?? String(Number.MAX_SAFE_INTEGER);
      const search = req.form.get('search') ?? '';
      if (!search.startsWith('search ') && !search.startsWith('|')) return { status: 400, json: { messages: [{ type: 'FATAL', text: 'Unknown search command' }] } };
      const sid = `1764072000.${jobs.size + 1}`;
      const index = /\bindex=(\w+)/.exec(search)?.[1];
      const results = rows.filter((r) => {
        const t = Date.parse(String(r._time)) / 1000;
        return t >= Number(earliest) && t < Number(latest) && (index === undefined || r.index === index);
      });
      jobs.set(sid, { results, polls: 0 });
      created.push({ sid, search, earliest, latest });
      return { status: 201, json: { sid } };
    }
    const m = /^\/services\/search\/jobs\/([^/]+)(\/results)?$/.exec(req.path);
    const job = m ? jobs.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !job) return { status: 404, json: { messages: [{ type: 'FATAL', text: 'Unknown sid.' }] } };
    if (req.method === 'DELETE') {
      jobs.delete(decodeURIComponent(m[1]!));
      return { json: { messages: [{ type: 'INFO', text: 'Search job cancelled.' }] } };
    }
    if (!m[2]) {
      job.polls++;
      const done = job.polls > (options.pollsBeforeDone ?? 1);
      const state = done ? (options.finalState ?? 'DONE') : job.polls === 1 ? 'QUEUED' : 'RUNNING';
      return {
        json: {
          entry: [{ name: m[1], content: { sid: m[1], dispatchState: state, isDone: state === 'DONE', isFailed: state === 'FAILED', resultCount: job.results.length, doneProgress: done ? 1 : 0.5 } }],
        },
      };
    }
    const offset = Number(req.query.get('offset') ?? 0);
    const count = Number(req.query.get('count') ?? 100);
    const page = count === 0 ? job.results.slice(offset) : job.results.slice(offset, offset + count);
    return { json: { preview: false, init_offset: offset, messages: [], fields: [{ name: '_time' }, { name: '_raw' }, { name: 'host' }], results: page, highlighted: {} } };
  });
  return { server, jobs: created, expireSessions: () => sessions.clear() };
}
