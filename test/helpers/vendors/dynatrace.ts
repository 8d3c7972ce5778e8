import { vendorFixture } from './fixtures.js';
import { startVendor, type LoopbackVendor, type VendorReply } from './server.js';

type Item = Record<string, unknown>;

export interface DynatraceData {
  problems: Item[];
  events: Item[];
  entities: Item[];
}

export const dynatraceData = (): DynatraceData => ({
  problems: vendorFixture('dynatrace', 'problems'),
  events: vendorFixture('dynatrace', 'events'),
  entities: vendorFixture('dynatrace', 'entities'),
});

interface PageState {
  from: number;
  to: number;
  pageSize: number;
  offset: number;
  entitySelector?: string;
}

const error = (status: number, message: string): VendorReply => ({ status, json: { error: { code: status, message } } });

function encodeKey(state: PageState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

const FIELDS: Record<string, keyof DynatraceData> = { '/api/v2/problems': 'problems', '/api/v2/events': 'events', '/api/v2/entities': 'entities' };

/**
 * Dynatrace API v2 on loopback: `Authorization: Api-Token …`; `nextPageKey` paging where a request
 * carrying the key must carry no other parameter (as the real API enforces); from/to in ms.
 */
export async function startDynatrace(token: string, data: DynatraceData = dynatraceData()): Promise<LoopbackVendor> {
  return startVendor((req) => {
    if (req.headers.authorization !== `Api-Token ${token}`) return error(401, 'Missing authorization parameter.');
    const field = FIELDS[req.path];
    if (!field) return error(404, 'Not found');
    let state: PageState;
    const key = req.query.get('nextPageKey');
    if (key !== null) {
      if ([...req.query.keys()].length > 1) return error(400, 'Constraints violated: nextPageKey must not be combined with other query parameters');
      state = JSON.parse(Buffer.from(key, 'base64url').toString('utf8')) as PageState;
    } else {
      const num = (name: string, dflt: number): number => (/^\d+$/.test(req.query.get(name) ?? '') ? Number(req.query.get(name)) : dflt);
      state = { from: num('from', 0), to: num('to', Number.MAX_SAFE_INTEGER), pageSize: num('pageSize', 50), offset: 0 };
      const selector = req.query.get('entitySelector');
      if (selector !== null) state.entitySelector = selector;
    }
    const { from, to } = state;
    let items: Item[];
    if (field === 'problems') items = data.problems.filter((p) => (p.startTime as number) < to && ((p.endTime as number) === -1 || (p.endTime as number) >= from));
    else if (field === 'events') items = data.events.filter((e) => (e.startTime as number) >= from && (e.startTime as number) < to);
    else {
      if (!state.entitySelector) return error(400, 'Constraints violated: entitySelector must not be null');
      const type = /type\("?([A-Z_]+)"?\)/.exec(state.entitySelector)?.[1];
      items = data.entities.filter((e) => e.type === type && (e.lastSeenTms as number) >= from && (e.firstSeenTms as number) <= to);
    }
    const page = items.slice(state.offset, state.offset + state.pageSize);
    const more = state.offset + state.pageSize < items.length;
    return {
      json: {
        totalCount: items.length,
        pageSize: state.pageSize,
        ...(more ? { nextPageKey: encodeKey({ ...state, offset: state.offset + state.pageSize }) } : {}),
        [field]: page,
      },
    };
  });
}
