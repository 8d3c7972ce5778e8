/**
 * The fault matrix: a handler path runs once clean (to count its store and sink calls and to
 * record what it should produce), then once per (call index × fault kind), each in a fresh world,
 * followed by the platform's retries and the scheduled replay. Every case checks the same
 * promises (see `checkCase`).
 */
import { describe, expect, it } from 'vitest';
import { STORE_FAULTS, type StoreFaultKind } from './faulty-store.js';
import { SINK_FAULTS, startHttpSinks, type HttpSinks, type SinkFaultKind } from './loopback-sinks.js';
import { buildWorld, keysUnder, linesUnder, type World } from './world.js';

export type SinkName = 'fixops' | 'sentinel' | 'event_hubs' | 'pubsub';

export interface HandlerPath {
  name: string;
  sinks: readonly SinkName[];
  /** Records the delivery carries (raw + quarantine + filtered must add up to it); undefined: what the clean run found. */
  records?: number;
  /**
   * True for the scheduled paths: a far-end failure leaves the run not done (a connector's cursor
   * stays, a replayed entry stays in failed/) and the next run picks it up; nothing is thrown.
   */
  farEndFailuresRetry?: boolean;
  /** Records the pipeline filters (control messages, headers). */
  filtered?: number;
  setup?(world: World): Promise<void>;
  /** One invocation: true when the platform treats it as done (acknowledged). */
  invoke(world: World, attempt: number): Promise<boolean>;
  /** Invocations the platform makes at most (first one included). */
  maxAttempts: number;
}

export interface Expected {
  eventIds: string[];
  quarantined: number;
  summaries: number;
  storeCalls: number;
  sinkCalls: number;
  /** Store calls of the first invocation while every sink is down (parking included). */
  outageStoreCalls: number;
}

export interface FaultCase {
  /** `outage`: a store fault while every sink is down, so parking itself is hit. */
  target: 'store' | 'sink' | 'outage';
  at: number;
  kind: StoreFaultKind | SinkFaultKind;
}

export function casesFor(expected: Expected, storeKinds: readonly StoreFaultKind[] = STORE_FAULTS, sinkKinds: readonly SinkFaultKind[] = SINK_FAULTS): FaultCase[] {
  const cases: FaultCase[] = [];
  for (let at = 0; at < expected.storeCalls; at++) for (const kind of storeKinds) cases.push({ target: 'store', at, kind });
  for (let at = 0; at < expected.sinkCalls; at++) for (const kind of sinkKinds) cases.push({ target: 'sink', at, kind });
  // While the sinks are down a store call may be parking: fail it before and after it wrote.
  for (let at = 0; at < expected.outageStoreCalls; at++) for (const kind of storeKinds.filter((k) => k !== 'hang')) cases.push({ target: 'outage', at, kind });
  return cases;
}

/**
 * Runs the path without faults: what it should produce, and how many calls it makes on its first
 * invocation (the second of two runs, so a cold first request cannot add a retry to the count).
 */
export async function reference(http: HttpSinks, path: HandlerPath): Promise<Expected> {
  await referenceRun(http, path);
  const expected = await referenceRun(http, path);
  // The same path with every sink down: how many store calls parking everything takes.
  const world = await buildWorld(http, path.sinks);
  try {
    await path.setup?.(world);
    world.sinkFaults.outage = 'error500';
    const before = world.storeFaults.calls;
    expect(await path.invoke(world, 1)).toBe(!path.farEndFailuresRetry);
    expected.outageStoreCalls = world.storeFaults.calls - before;
  } finally {
    world.close();
  }
  return expected;
}

async function referenceRun(http: HttpSinks, path: HandlerPath): Promise<Expected> {
  const world = await buildWorld(http, path.sinks);
  try {
    await path.setup?.(world);
    const before = { store: world.storeFaults.calls, sink: world.sinkFaults.calls };
    expect(await path.invoke(world, 1)).toBe(true);
    const raw = await linesUnder(world.lakeDirect, 'raw/');
    const expected: Expected = {
      eventIds: raw.map((e) => String(e.event_id)).sort(),
      quarantined: (await linesUnder(world.lakeDirect, 'quarantine/')).length,
      summaries: world.far.fixops.byKey.size,
      storeCalls: world.storeFaults.calls - before.store,
      sinkCalls: world.sinkFaults.calls - before.sink,
      outageStoreCalls: 0,
    };
    expect(expected.eventIds.length).toBeGreaterThan(0);
    expect(new Set(expected.eventIds).size).toBe(expected.eventIds.length);
    path.records ??= expected.eventIds.length + expected.quarantined + (path.filtered ?? 0);
    expect(expected.eventIds.length + expected.quarantined + (path.filtered ?? 0)).toBe(path.records);
    for (const sink of path.sinks.filter((s) => s !== 'fixops')) expect(world.far[sink].ids().sort()).toEqual(expected.eventIds);
    return expected;
  } finally {
    world.close();
  }
}

/** Ids a sink still owes: in failed/ as items, or as a read-back entry's lake object. */
async function parkedIds(world: World, sink: SinkName): Promise<string[]> {
  const ids: string[] = [];
  for (const key of await keysUnder(world.lakeDirect, `failed/${sink}/`)) {
    const entry = JSON.parse((await world.lakeDirect.get(key))!.body.toString('utf8')) as { items: Array<{ event_id?: string; batch_key?: string }>; read_back?: { lake_key: string; skip: number } };
    for (const item of entry.items) ids.push(String(item.event_id ?? item.batch_key));
    if (entry.read_back) {
      const lines = await linesUnder(world.lakeDirect, entry.read_back.lake_key);
      ids.push(...lines.slice(entry.read_back.skip).map((e) => String(e.event_id)));
    }
  }
  return ids;
}

/**
 * One case: inject, invoke with the platform's retries, replay, then check that
 * - a successful invocation left nothing neither persisted nor parked (no loss hidden behind an ack);
 * - only a store fault can fail an invocation (a sink's failure is parked, never thrown);
 * - the retries end in success within the platform's attempts;
 * - after the replay every record is in raw/ or quarantine/ exactly once, failed/ is empty and
 *   every sink holds every event exactly once (by event_id; FixOps: one summary per batch);
 * - raw + quarantined + filtered = received.
 */
export async function checkCase(http: HttpSinks, path: HandlerPath, expected: Expected, fault: FaultCase): Promise<void> {
  const world = await buildWorld(http, path.sinks);
  try {
    await path.setup?.(world);
    const onStore = fault.target !== 'sink';
    const plan = { at: (onStore ? world.storeFaults.calls : world.sinkFaults.calls) + fault.at, kind: fault.kind };
    if (onStore) world.storeFaults.plan = plan as World['storeFaults']['plan'] & object;
    else world.sinkFaults.plan = plan as World['sinkFaults']['plan'] & object;
    if (fault.target === 'outage') world.sinkFaults.outage = 'error500';
    const first = await path.invoke(world, 1);
    if (first) {
      const raw = new Set((await linesUnder(world.lakeDirect, 'raw/')).map((e) => String(e.event_id)));
      expect(expected.eventIds.filter((id) => !raw.has(id)), 'acknowledged but not persisted').toEqual([]);
      for (const sink of path.sinks.filter((s) => s !== 'fixops')) {
        const owed = new Set([...world.far[sink].ids(), ...(await parkedIds(world, sink))]);
        expect(expected.eventIds.filter((id) => !owed.has(id)), `acknowledged but neither delivered to nor parked for ${sink}`).toEqual([]);
      }
    } else {
      if (!path.farEndFailuresRetry) expect(fault.target, 'a sink failure must be parked, never fail the invocation').not.toBe('sink');
    }
    world.heal();
    let done = first;
    for (let attempt = 2; !done && attempt <= path.maxAttempts; attempt++) done = await path.invoke(world, attempt);
    expect(done, 'the retries end in success').toBe(true);
    expect(await world.drainFailed(), 'replay empties failed/').toBeLessThanOrEqual(3);

    const raw = (await linesUnder(world.lakeDirect, 'raw/')).map((e) => String(e.event_id)).sort();
    expect(raw, 'every event in raw/ exactly once').toEqual(expected.eventIds);
    expect((await linesUnder(world.lakeDirect, 'quarantine/')).length, 'every bad record in quarantine/ exactly once').toBe(expected.quarantined);
    expect(raw.length + expected.quarantined + (path.filtered ?? 0), 'accounting').toBe(path.records);
    for (const sink of path.sinks) {
      const got = world.far[sink].ids().sort();
      if (sink === 'fixops') expect(new Set(got).size === got.length && got.length === expected.summaries, 'one summary per batch at FixOps').toBe(true);
      else expect(got, `${sink} got every event exactly once`).toEqual(expected.eventIds);
    }
    expect(world.http.unkeyed, 'every HTTP sink request carries an Idempotency-Key').toBe(0);
    expect(await keysUnder(world.lakeDirect, 'failed/_poison/')).toEqual([]);
  } finally {
    world.close();
  }
}

export { startHttpSinks };
export const label = (c: FaultCase): string => `${c.target} call ${c.at}: ${c.kind}`;

/** The cases to run: all, or the one named by FAULTS_ONLY (`FAULTS_ONLY="sink call 3: hang"`), for debugging one case. */
export function selected(cases: FaultCase[]): Array<readonly [string, FaultCase]> {
  const only = process.env.FAULTS_ONLY;
  return cases.filter((c) => only === undefined || label(c) === only).map((c) => [label(c), c] as const);
}

/** True when the invocation resolved (the platform acknowledges), false when it threw (the platform retries). */
export function acknowledged(invocation: Promise<unknown>): Promise<boolean> {
  return invocation.then(
    () => true,
    () => false,
  );
}

/** Declares one test per fault case of a path (after its clean reference run). */
export async function faultSuite(http: HttpSinks, path: HandlerPath, keep: (c: FaultCase) => boolean = () => true): Promise<void> {
  const expected = await reference(http, path);
  const cases = casesFor(expected).filter(keep);
  describe(`fault injection: ${path.name} (${cases.length} cases)`, () => {
    it.each(selected(cases))('%s', async (_label, fault) => {
      await checkCase(http, path, expected, fault);
    });
  });
}
