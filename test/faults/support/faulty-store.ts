/**
 * A real store (a local folder) behind a fault injector: call number `at` (counting every put,
 * get, getStream, list and delete of every store sharing the injector) fails in one of three ways.
 */
import { PersistError } from '../../../shared/errors.js';
import type { ObjectStore } from '../../../shared/ports.js';
import { TimeoutError } from '../../../shared/resilience/index.js';

export type StoreFaultKind = 'before' | 'after' | 'hang';
export const STORE_FAULTS: readonly StoreFaultKind[] = ['before', 'after', 'hang'];

export interface StoreFaults {
  calls: number;
  plan?: { at: number; kind: StoreFaultKind };
  /** `put raw/…`, `get state/…`: what each call was, in order. */
  log: string[];
  /** Moves the world's clock (a hang lasts past the invocation's deadline). */
  advanceClock: (ms: number) => void;
}

export function storeFaults(advanceClock: (ms: number) => void): StoreFaults {
  return { calls: 0, log: [], advanceClock };
}

/** Ten minutes: longer than any invocation budget. */
export const HANG_MS = 10 * 60_000;

export function faultyStore(inner: ObjectStore, faults: StoreFaults): ObjectStore {
  const step = (what: string): StoreFaultKind | undefined => {
    const index = faults.calls++;
    faults.log.push(what);
    return faults.plan?.at === index ? faults.plan.kind : undefined;
  };
  const fail = (kind: StoreFaultKind, what: string): never => {
    if (kind === 'hang') {
      // The call hangs until the SDK's own timeout fires, past the invocation's deadline.
      faults.advanceClock(HANG_MS);
      throw new TimeoutError(`injected: ${what} hung`);
    }
    throw new PersistError(`injected: ${what} failed ${kind} the call`);
  };
  const around = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    const kind = step(what);
    if (kind === 'before' || kind === 'hang') fail(kind, what);
    const value = await call();
    if (kind === 'after') fail(kind, what);
    return value;
  };
  return {
    location: inner.location,
    put: (key, body, options) => around(`put ${key}`, () => inner.put(key, body, options)),
    get: (key) => around(`get ${key}`, () => inner.get(key)),
    getStream: (key) => around(`getStream ${key}`, () => inner.getStream(key)),
    delete: (key) => around(`delete ${key}`, () => inner.delete(key)),
    list: (prefix) => ({
      async *[Symbol.asyncIterator]() {
        const kind = step(`list ${prefix}`);
        if (kind !== undefined && kind !== 'after') fail(kind, `list ${prefix}`);
        yield* inner.list(prefix);
        if (kind === 'after') fail(kind, `list ${prefix}`);
      },
    }),
  };
}
