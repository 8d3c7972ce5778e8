/** A real fetch (to loopback vendors) behind the same fault plan as the sinks' far ends. */
import { TimeoutError } from '../../../shared/resilience/index.js';
import { HANG_MS } from './faulty-store.js';
import type { SinkFaults } from './loopback-sinks.js';

export function faultyFetch(faults: SinkFaults): typeof fetch {
  return async (input, init) => {
    const index = faults.calls++;
    const kind = faults.outage ?? (faults.plan?.at === index ? faults.plan.kind : undefined);
    switch (kind) {
      case 'before':
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1') });
      case 'reset':
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      case 'hang':
        faults.advanceClock(HANG_MS);
        throw new TimeoutError('injected: the request hung past the deadline');
      case 'throttle':
        return new Response('{"error":"rate limited"}', { status: 429, headers: { 'retry-after': '59', 'content-type': 'application/json' } });
      case 'error500':
        return new Response('{"error":"internal"}', { status: 500, headers: { 'content-type': 'application/json' } });
      case 'after': {
        const response = await fetch(input, init);
        await response.arrayBuffer();
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      }
      default:
        return fetch(input, init);
    }
  };
}
