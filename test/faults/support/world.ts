/**
 * One fault case's world: a local folder lake (and S3 source bucket) behind the fault injector,
 * the four sinks wired to their loopback far ends, a runtime built the way a cold start builds it,
 * and a clock a hang can move past the invocation's deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../../shared/config/index.js';
import { memoryMetrics, silentLogger } from '../../../shared/observability/index.js';
import type { ObjectStore } from '../../../shared/ports.js';
import { createRuntime, type Runtime } from '../../../shared/runtime.js';
import { createEventHubsSink } from '../../../shared/sinks/event-hubs.js';
import { createFixOpsSink } from '../../../shared/sinks/fixops.js';
import { createPubSubSink } from '../../../shared/sinks/pubsub.js';
import { replayFailed } from '../../../shared/sinks/index.js';
import { createSentinelSink } from '../../../shared/sinks/sentinel.js';
import type { Sink } from '../../../shared/sinks/types.js';
import { LocalFolderStore } from '../../../shared/store/local-folder.js';
import { faultyStore, storeFaults, type StoreFaults } from './faulty-store.js';
import { eventHubsFarEnd, pubSubFarEnd, Received, type HttpSinks, type SinkFaults } from './loopback-sinks.js';

export const START = Date.parse('2026-11-25T10:59:00.000Z');
/** Every invocation's limit: the Lambda timeout, and azure/gcp function_timeout_ms. */
export const INVOCATION_MS = 60_000;

const SECRETS: Record<string, string> = { 'env:FIXOPS_KEY': 'fixops-key', 'env:PD': 'loopback-pagerduty-token', 'env:HMAC': 'hmac-key-for-tests' };
const secrets = { get: async (ref: string) => SECRETS[ref] ?? Promise.reject(new Error(`no test secret ${ref}`)) };

export interface World {
  runtime: Runtime;
  lake: ObjectStore;
  /** The S3 source bucket (same injector). */
  source: ObjectStore;
  /** The unfaulted stores, for checks. */
  lakeDirect: LocalFolderStore;
  sourceDirect: LocalFolderStore;
  storeFaults: StoreFaults;
  sinkFaults: SinkFaults;
  far: { fixops: Received; sentinel: Received; event_hubs: Received; pubsub: Received };
  http: HttpSinks;
  metrics: ReturnType<typeof memoryMetrics>;
  now(): number;
  /** A Lambda context whose remaining time follows the world's clock. */
  lambdaContext(): { awsRequestId: string; getRemainingTimeInMillis: () => number };
  /** Stops injecting faults (the retries and the replay run clean unless told otherwise). */
  heal(): void;
  /** Replays failed/ until it is empty (at most `rounds`); returns the rounds it took. */
  drainFailed(rounds?: number): Promise<number>;
  close(): void;
}

export async function buildWorld(http: HttpSinks, sinkNames: ReadonlyArray<'fixops' | 'sentinel' | 'event_hubs' | 'pubsub'> = ['fixops', 'sentinel', 'event_hubs', 'pubsub']): Promise<World> {
  let clock = START;
  const advance = (ms: number): void => void (clock += ms);
  const now = (): number => clock;
  const dirs = [mkdtempSync(join(tmpdir(), 'bridge-faults-lake-')), mkdtempSync(join(tmpdir(), 'bridge-faults-src-'))];
  const lakeDirect = new LocalFolderStore({ root: dirs[0]! });
  const sourceDirect = new LocalFolderStore({ root: dirs[1]! });
  const sf = storeFaults(advance);
  const kf: SinkFaults = { calls: 0, advanceClock: advance };
  http.reset(kf);
  const lake = faultyStore(lakeDirect, sf);
  const source = faultyStore(sourceDirect, sf);
  const config = loadConfig({
    env: {},
    overrides: {
      redaction: { hmac_key_secret_ref: 'env:HMAC' },
      azure: { function_timeout_ms: INVOCATION_MS },
      gcp: { function_timeout_ms: INVOCATION_MS },
      sinks: {
        timeout_ms: 500,
        max_attempts: 3,
        fixops: { enabled: true, mode: 'http', url: `${http.url}/fixops`, api_key_secret_ref: 'env:FIXOPS_KEY' },
        sentinel: { enabled: true, endpoint: http.url, dcr_immutable_id: 'dcr-faults', max_concurrency: 2 },
        event_hubs: { enabled: true, event_hub_name: 'out' },
        pubsub: { enabled: true, topic: 'out' },
      },
    },
  });
  const noWait = { sleep: async () => undefined, random: () => 0, clock: now };
  const eh = eventHubsFarEnd(kf);
  const ps = pubSubFarEnd(kf);
  const all: Record<string, Sink> = {
    fixops: createFixOpsSink(config.sinks, { secrets, http: noWait }),
    sentinel: createSentinelSink(config.sinks, { credential: { getToken: async () => ({ token: 'entra-token', expiresOnTimestamp: Number.MAX_SAFE_INTEGER }) }, http: noWait }),
    event_hubs: createEventHubsSink(config.sinks, { producer: eh.producer }),
    pubsub: createPubSubSink(config.sinks, { topic: ps.topic }),
  };
  const metrics = memoryMetrics();
  const runtime = await createRuntime({ config, store: lake, secrets, logger: silentLogger, metrics, clock: now, sinks: sinkNames.map((n) => all[n]!) });
  let start = clock;
  const world: World = {
    runtime,
    lake,
    source,
    lakeDirect,
    sourceDirect,
    storeFaults: sf,
    sinkFaults: kf,
    far: {
      get fixops() {
        return http.fixops;
      },
      get sentinel() {
        return http.sentinel;
      },
      event_hubs: eh.received,
      pubsub: ps.received,
    },
    http,
    metrics,
    now,
    lambdaContext() {
      start = clock;
      return { awsRequestId: `req-${start}`, getRemainingTimeInMillis: () => Math.max(0, INVOCATION_MS - (clock - start)) };
    },
    heal() {
      delete sf.plan;
      delete kf.plan;
      delete kf.outage;
    },
    async drainFailed(rounds = 3) {
      for (let round = 1; round <= rounds; round++) {
        clock += 60_000; // the next scheduled run
        await replayFailed(runtime.sinks, runtime, { budget: { deadline: clock + INVOCATION_MS, now } });
        if ((await keysUnder(lakeDirect, 'failed/')).filter((k) => !k.startsWith('failed/_poison/')).length === 0) return round;
      }
      return rounds + 1;
    },
    close() {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

export async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

/** The JSON lines of every gzipped object under a prefix. */
export async function linesUnder(store: ObjectStore, prefix: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (const key of await keysUnder(store, prefix)) {
    const obj = await store.get(key);
    if (!obj) continue;
    const text = gunzipSync(obj.body).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') out.push(JSON.parse(line) as Record<string, unknown>);
  }
  return out;
}
