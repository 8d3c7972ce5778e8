/**
 * The sinks' far ends, each failing at one call index in turn. FixOps and Sentinel are real HTTP
 * servers on loopback that behave as the services do (202/200; 429 with Retry-After; 500; a reset
 * connection; a request that never gets an answer) and keep what they accepted by Idempotency-Key
 * (the contract the sinks document: a body sent again with the same key is not taken twice).
 * Event Hubs and Pub/Sub are the sinks' narrow producer/topic interfaces: no emulator for either
 * runs here (Event Hubs speaks AMQP; the Pub/Sub emulator needs a JVM), so the far end is an
 * object that keeps what it accepted by the message's deterministic id (messageId / event_id).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { DeliveryError } from '../../../shared/errors.js';
import type { EventHubsProducerLike } from '../../../shared/sinks/event-hubs.js';
import type { PubSubTopicLike } from '../../../shared/sinks/pubsub.js';
import { HANG_MS } from './faulty-store.js';

export type SinkFaultKind = 'before' | 'after' | 'hang' | 'throttle' | 'error500' | 'reset';
export const SINK_FAULTS: readonly SinkFaultKind[] = ['before', 'after', 'hang', 'throttle', 'error500', 'reset'];

export interface SinkFaults {
  calls: number;
  plan?: { at: number; kind: SinkFaultKind };
  /** Every call fails this way (a sink outage), until healed. */
  outage?: SinkFaultKind;
  advanceClock: (ms: number) => void;
}

/** What one far end took: by dedup id (idempotency key or message id) → the ids of the items in it. */
export class Received {
  readonly byKey = new Map<string, string[]>();
  /** Every arrival, duplicates included. */
  arrivals = 0;
  take(key: string, ids: string[]): void {
    this.arrivals++;
    if (!this.byKey.has(key)) this.byKey.set(key, ids);
  }
  /** Item ids as the service keeps them (one per accepted key). */
  ids(): string[] {
    return [...this.byKey.values()].flat();
  }
}

function step(faults: SinkFaults): SinkFaultKind | undefined {
  const index = faults.calls++;
  return faults.outage ?? (faults.plan?.at === index ? faults.plan.kind : undefined);
}

export interface HttpSinks {
  url: string;
  fixops: Received;
  sentinel: Received;
  /** Requests without an Idempotency-Key (must stay 0). */
  unkeyed: number;
  reset(faults: SinkFaults): void;
  close(): Promise<void>;
}

/** One loopback server for FixOps (`/fixops`) and the Logs Ingestion API (`/dataCollectionRules/…`). */
export async function startHttpSinks(): Promise<HttpSinks> {
  let faults: SinkFaults = { calls: 0, advanceClock: () => undefined };
  const state = { fixops: new Received(), sentinel: new Received(), unkeyed: 0 };
  const handle = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const kind = step(faults);
    if (kind === 'hang') {
      faults.advanceClock(HANG_MS);
      return; // never answered: the client's timeout ends it
    }
    if (kind === 'reset') return void req.socket.destroy();
    if (kind === 'throttle') return void res.writeHead(429, { 'retry-after': '59' }).end();
    if (kind === 'before') return void res.writeHead(503).end();
    if (kind === 'error500') return void res.writeHead(500).end();
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string') state.unkeyed++;
    const dedup = typeof key === 'string' ? key : `unkeyed-${state.unkeyed}-${Math.random()}`;
    if (req.url?.startsWith('/fixops')) {
      const summary = JSON.parse(body.toString('utf8')) as { batch_key: string };
      state.fixops.take(dedup, [summary.batch_key]);
    } else {
      const rows = JSON.parse(gunzipSync(body).toString('utf8')) as Array<{ EventId: string }>;
      state.sentinel.take(dedup, rows.map((r) => r.EventId));
    }
    if (kind === 'after') return void res.writeHead(500).end(); // taken, but the answer says otherwise
    res.writeHead(req.url?.startsWith('/fixops') ? 200 : 204).end();
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sinks: HttpSinks = {
    url,
    get fixops() {
      return state.fixops;
    },
    get sentinel() {
      return state.sentinel;
    },
    get unkeyed() {
      return state.unkeyed;
    },
    reset(next) {
      faults = next;
      state.fixops = new Received();
      state.sentinel = new Received();
      state.unkeyed = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return sinks;
}

/** An SDK-shaped failure for the non-HTTP sinks. */
function sdkFailure(kind: SinkFaultKind): Error {
  const what = { before: 'ServiceUnavailable', after: 'ServiceUnavailable', hang: 'OperationTimeout', throttle: 'ServerBusy (retry after 59 s)', error500: 'InternalServerError', reset: 'ECONNRESET' }[kind];
  return new DeliveryError(`injected: ${what}`);
}

/** A call that hangs past the deadline, then the SDK's own timeout ends it. */
async function hang(faults: SinkFaults): Promise<never> {
  faults.advanceClock(HANG_MS);
  await new Promise((r) => setTimeout(r, 5));
  throw sdkFailure('hang');
}

/** Event Hubs: batches sized like the SDK's (by count here), kept by messageId. */
export function eventHubsFarEnd(faults: SinkFaults, maxPerBatch = 40): { producer: EventHubsProducerLike; received: Received } {
  const received = new Received();
  const producer: EventHubsProducerLike = {
    async createBatch() {
      const events: Array<{ body: unknown; messageId?: string }> = [];
      return {
        events,
        tryAdd(event: { body: unknown; messageId?: string }) {
          if (events.length >= maxPerBatch) return false;
          events.push(event);
          return true;
        },
        get count() {
          return events.length;
        },
        maxSizeInBytes: 1024 * 1024,
      };
    },
    async sendBatch(batch) {
      const kind = step(faults);
      if (kind === 'hang') return hang(faults);
      if (kind !== undefined && kind !== 'after') throw sdkFailure(kind);
      for (const e of (batch as unknown as { events: Array<{ messageId?: string; body: { event_id: string } }> }).events) {
        received.take(e.messageId ?? `no-id-${Math.random()}`, [e.body.event_id]);
      }
      if (kind === 'after') throw sdkFailure(kind);
    },
  };
  return { producer, received };
}

/** Pub/Sub: each publish kept by its event_id attribute. */
export function pubSubFarEnd(faults: SinkFaults): { topic: PubSubTopicLike; received: Received } {
  const received = new Received();
  let n = 0;
  const topic: PubSubTopicLike = {
    async publishMessage(message) {
      const kind = step(faults);
      if (kind === 'hang') return hang(faults);
      if (kind !== undefined && kind !== 'after') throw sdkFailure(kind);
      const id = message.attributes?.event_id ?? `no-id-${n}`;
      received.take(id, [id]);
      if (kind === 'after') throw sdkFailure(kind);
      return String(++n);
    },
  };
  return { topic, received };
}
